#!/usr/bin/env bash
# 运行全部测试：安装缺少的依赖（Chromium、axe-core 等），检查格式与 vet，
# 跑单元测试、浏览器测试和短时模糊测试。CI (.ci/run) 调用的就是这个脚本。
# 一个阶段失败时其余阶段照常运行，最后列出全部失败的阶段，退出状态为 1。
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

failed=()

if [ ! -d ../shared/seeds ]; then
  echo "注意: 仓库旁没有 ../shared/seeds，导入测试只使用仓库中的样例文本（internal/importer/testdata/texts）"
fi

echo "== gofmt"
unformatted=$(gofmt -l cmd internal themes)
if [ -n "$unformatted" ]; then
  echo "未格式化的文件:"; echo "$unformatted"; failed+=(gofmt)
fi

echo "== go vet"
go vet ./... || failed+=("go vet")
# go vet has checked every package and its tests with all of its analyzers;
# the go test runs below pass -vet=off rather than check a subset again.

echo "== go test 与模糊测试（同时运行）"
# The slowest package (internal/sitecheck: the example site visited in
# Chromium) takes about two minutes alone on a quiet 2-core machine; the
# limit leaves room for a machine shared with other builds, where it has
# been seen to take four times as long.
# The browser tests wait on pages more than they compute, and so do the
# packages that visit pages too (internal/report, internal/hardening): the
# browser tests, the other packages and the fuzz targets run at the same
# time, so that each fills the cores the others leave idle. Run one after
# the other, the fuzz targets (most of their time compiling each package
# with instrumentation) came after everything else.
browserlog=$(mktemp)
go test -vet=off -count=1 -timeout 30m ./internal/sitecheck/... >"$browserlog" 2>&1 &
browser=$!
# The browser tests are the longest and wait on Chromium more than they
# compute: this script, and so the fuzz targets and the other packages it
# starts from here on, goes to a lower priority (nice 10), so that they take
# the cores the browser tests leave idle rather than slow the longest down.
renice -n 10 -p $$ >/dev/null 2>&1 || true

# Each target runs for a number of executions, not a duration: Go 1.26's
# fuzz coordinator can fail a target with a bare "context deadline
# exceeded" when a -fuzztime duration ends (go.dev/issue/75804, fixed in
# Go 1.27), although no input failed. The counts are about 0.8 s of work
# each on the 2-core CI machine (they were 2 s, then 1.2 s, as the suite
# reached its five minutes: the fuzz targets were some 175 of its 410
# CPU-s); the seed corpora run in go test as well; a target not listed
# runs 2000x. Before the count, each run replays the inputs kept from earlier
# runs (the baseline coverage). FuzzTokenize, FuzzPlainText and
# FuzzShortcodes were measured at about 2 s: beyond that, runs of
# 25,000-62,500 executions found 0 or 1 new input. FUZZTIME overrides all of them (e.g.
# FUZZTIME=200000x, or a duration for a long local run).
declare -A fuzzcount=(
  [FuzzCountyTOML]=3000 [FuzzEmphasisMatchesCommonMark]=10000
  [FuzzEscape]=13000 [FuzzFrontMatter]=2000 [FuzzImport]=7000
  [FuzzOptionJSON]=200 [FuzzPlainText]=5000 [FuzzRender]=9000
  [FuzzSchoolsCSV]=4000 [FuzzShortcodes]=10000 [FuzzText]=1200
  [FuzzTokenize]=4000
)
# Each package's test binary is built once with the fuzzing instrumentation
# (go test -c -fuzz) and runs each of its targets, rather than go test
# -fuzz linking it again for every target; the binary gets the flags go
# test would give it, and keeps the inputs it finds interesting in the same
# cache as go test (so a run goes on from the last one's corpus).
fuzzbin=$(mktemp -d)
fuzzcache="$(go env GOCACHE)/fuzz"
module=$(go list -m)
fuzz() { # package target
  # The output is shown only when the target fails: the failing input
  # (saved under testdata/fuzz/) and the engine's message. Minimising a
  # new coverage input is capped so that one large seed cannot stall a run.
  local out budget="${FUZZTIME:-${fuzzcount[$2]:-2000}x}" bin="$fuzzbin/${1//\//_}.test"
  if [ ! -e "$bin" ] && ! out=$(go test -vet=off -c -fuzz=. -o "$bin" "$1" 2>&1); then
    echo "  $2 FAILED (building $1):"
    printf '%s\n' "$out" | tail -40
    return 1
  fi
  if ! out=$(cd "$1" && "$bin" -test.run='^$' -test.fuzz="^$2\$" -test.fuzztime="$budget" \
      -test.fuzzminimizetime=5s -test.paniconexit0 \
      -test.fuzzcachedir="$fuzzcache/$module/${1#./}" 2>&1); then
    echo "  $2 FAILED:"
    printf '%s\n' "$out" | tail -40
    return 1
  fi
  echo "  $2 ok ($budget)"
}
fuzzlog=$(mktemp)
fuzzfailed=$(mktemp)
while read -r pkg target; do
  if [ -n "$pkg" ] && ! fuzz "$pkg" "$target"; then
    echo "fuzz $target" >>"$fuzzfailed"
  fi
done < <(grep -rho --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' internal \
  | sort -u | while read -r _ name; do
      name=${name%%(*}
      dir=$(grep -rl --include='*_test.go' "^func $name(" internal | head -1 | xargs dirname)
      echo "./$dir $name"
    done) >"$fuzzlog" 2>&1 &
fuzzing=$!

go test -vet=off -count=1 -timeout 30m $(go list ./... | grep -v '/internal/sitecheck') || failed+=("go test")

wait "$fuzzing" || true
echo "== 模糊测试（短时）"
cat "$fuzzlog"
while read -r f; do failed+=("$f"); done <"$fuzzfailed"
rm -rf "$fuzzlog" "$fuzzfailed" "$fuzzbin"
wait "$browser" || failed+=("go test ./internal/sitecheck")
cat "$browserlog"; rm -f "$browserlog"
if [ ${#failed[@]} -gt 0 ]; then
  printf '失败的阶段: %s' "${failed[0]}"
  for f in "${failed[@]:1}"; do printf '，%s' "$f"; done
  echo
  exit 1
fi
echo "全部测试通过"

#!/usr/bin/env bash
# 运行全部测试：安装缺少的依赖（Chromium、嵌入的图表库），检查格式与 vet，
# 跑单元测试、浏览器测试和短时模糊测试。CI (.ci/run) 调用的就是这个脚本。
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "== gofmt"
unformatted=$(gofmt -l cmd internal themes)
if [ -n "$unformatted" ]; then
  echo "未格式化的文件:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

echo "== fuzz (短时)"
fuzz() { # package target
  # The output is shown only when the target fails: the failing input
  # (saved under testdata/fuzz/) and the engine's message.
  local out
  if ! out=$(go test -run='^$' -fuzz="^$2\$" -fuzztime="${FUZZTIME:-10s}" "$1" 2>&1); then
    echo "  $2 FAILED:"
    printf '%s\n' "$out" | tail -40
    return 1
  fi
  echo "  $2 ok"
}
while read -r pkg target; do
  [ -n "$pkg" ] && fuzz "$pkg" "$target"
done < <(grep -rho --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' internal \
  | sort -u | while read -r _ name; do
      name=${name%%(*}
      dir=$(grep -rl --include='*_test.go' "^func $name(" internal | head -1 | xargs dirname)
      echo "./$dir $name"
    done)
echo "全部测试通过"

#!/usr/bin/env bash
# Installs what gongkai's tests need on a fresh Debian machine (run as root,
# e.g. by CI on a clean clone); the build itself needs only Go.
# Idempotent: each step is skipped when its result is already there.
#
#   - chromium (+ fonts-noto-cjk so Chinese text renders in screenshots):
#     the headless browser of internal/browsertest
#   - poppler-utils: pdftotext, with which the tests read the printed year
#     report (internal/sitecheck)
#   - npm (only if missing): fetches axe-core
#   - axe-core (npm) into .cache/axe-core/ for the accessibility tests
set -euo pipefail

step() { printf 'install-deps: %s\n' "$*"; }
fail() { printf 'install-deps: error: %s\n' "$*" >&2; exit 1; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_updated=0
apt_install() {
	if [ "$(id -u)" -ne 0 ]; then
		fail "need root to apt-get install $* (run this script as root)"
	fi
	export DEBIAN_FRONTEND=noninteractive
	if [ "$apt_updated" -eq 0 ]; then
		apt-get update -qq >/dev/null || fail "apt-get update failed"
		apt_updated=1
	fi
	apt-get install -y -qq "$@" >/dev/null ||
		fail "apt-get install $* failed"
}

is_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# 1. Chromium and CJK fonts.
missing=()
if [ ! -x /usr/bin/chromium ]; then
	missing+=(chromium)
fi
if ! is_installed fonts-noto-cjk; then
	missing+=(fonts-noto-cjk)
fi
if ! command -v pdftotext >/dev/null 2>&1; then
	missing+=(poppler-utils)
fi
if [ ${#missing[@]} -gt 0 ]; then
	step "apt-get install ${missing[*]}"
	apt_install "${missing[@]}"
	[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium still missing after install"
else
	step "chromium, fonts-noto-cjk and poppler-utils already installed"
fi

# 2. npm, which fetches axe-core (step 3).
if command -v npm >/dev/null 2>&1; then
	step "npm already installed"
else
	step "apt-get install npm"
	apt_install npm
	command -v npm >/dev/null 2>&1 || fail "npm still missing after install"
fi

# 3. axe-core, the accessibility engine of the tests in internal/sitecheck:
#    the pinned release, verified, into .cache/axe-core/ (git-ignored).
command -v go >/dev/null 2>&1 || fail "go not found on PATH"
step "axe-core for the accessibility tests"
(cd "$repo_root" && go run ./internal/sitecheck/axe/fetch) || fail "fetching axe-core failed"

step "done"

#!/usr/bin/env bash
# The glossary page: lints and unit-tests its WebAssembly glue, builds web/dist with the README's
# one command, and runs the browser test (headless Chromium through playwright-core) over it.
# Screenshots and timings of the test land in web/test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== system packages for the browser test"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Fonts with the Uyghur, Kazakh and Chinese letters, so that the screenshots show them.
fc-list 2>/dev/null | grep -q "Noto Naskh Arabic" || missing+=(fonts-noto-core)
fc-list 2>/dev/null | grep -q "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The root's target directory: the native unit tests reuse the dependencies built for the root.
export CARGO_TARGET_DIR="$PWD/target"

echo "== the page's glue: format, lints, unit tests"
(cd web && cargo fmt -- --check)
rustup target add wasm32-unknown-unknown >/dev/null
(cd web && cargo clippy --locked --target wasm32-unknown-unknown --all-targets -- -D warnings)
(cd web && cargo test --locked)

echo "== web/build.sh"
web/build.sh

echo "== browser test"
(cd web && npm ci --no-audit --no-fund && npm test)

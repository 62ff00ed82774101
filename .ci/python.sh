#!/usr/bin/env bash
# The Python package: a fresh virtual environment, the wheel built with maturin, installed, and
# its pytest suite (docstring examples, the Arrow paths, thread safety, the command line
# compared with the binding, and the Spark job on a local Spark with a Java runtime installed
# here) run against the installed wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null; then
  echo "python: Python 3.9 or newer is needed (found: $("$python" --version 2>&1 || echo none))" >&2
  exit 1
fi

# Spark needs a Java runtime (17 or newer for pyspark 4). Install Debian's when none is usable.
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then
  echo "== installing a Java runtime (openjdk-17-jre-headless)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== fresh virtual environment in $work/venv"
"$python" -m venv "$work/venv"
venv="$work/venv/bin"
"$venv/pip" install --quiet --upgrade pip
"$venv/pip" install --quiet maturin pytest pyarrow pandas polars "pyspark>=4.0"

echo "== the binding's formatting and lints"
cargo fmt --manifest-path python/Cargo.toml -- --check
PYO3_PYTHON="$venv/python" cargo clippy --locked --manifest-path python/Cargo.toml --all-targets -- -D warnings

echo "== building the wheel (maturin, abi3)"
"$venv/maturin" build --release --locked -m python/Cargo.toml -i "$venv/python" --out "$work/wheels"
"$venv/pip" install --quiet "$work"/wheels/tilmach-*.whl

echo "== the command line, to compare the binding's answers with"
cargo build --locked --quiet --bin tilmach
export TILMACH_CLI="$root/target/debug/tilmach"

echo "== pytest (the installed wheel, the Spark job on local Spark)"
export TILMACH_REQUIRE_SPARK=1
# Run from the tests' directory so that the installed package, not the source folder, is
# imported. pytest exits 0 when all pass, 1 when a test fails, 2–4 for usage or internal
# errors and 5 when no test was collected: anything but 0 fails CI.
status=0
(cd python/tests && "$venv/pytest" -q -p no:cacheprovider .) || status=$?
if [ "$status" -ne 0 ]; then
  echo "python: pytest exited with status $status" >&2
  exit "$status"
fi

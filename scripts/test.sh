#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what the tests need, then runs every check.
# This is the README's test command, and .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

# moto (PyPI) is the SQS and DynamoDB emulator the consumer tests start on 127.0.0.1 themselves.
# It lives in a virtualenv under target/ so nothing outside the checkout is touched.
MOTO_VENV="${MOTO_VENV:-$PWD/target/moto-venv}"
if [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
  echo "==> installing moto into $MOTO_VENV"
  python3 -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check \
    'moto[sqs,dynamodb]==5.2.5' flask flask-cors
fi
export MOTO_SERVER="$MOTO_VENV/bin/moto_server"
# Tests configure their AWS clients explicitly; never let a developer's profile or IMDS leak in.
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE || true

echo "==> cargo fmt"
cargo fmt --all --check
echo "==> cargo test (every target, every feature)"
cargo test --workspace --all-targets --all-features
echo "==> doc tests"
cargo test --workspace --doc --all-features
echo "==> cargo clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings
echo "==> public API"
# Snapshots in public-api/ and no unlisted third-party type in a public signature (README "Public API").
python3 scripts/public_api_test.py
python3 scripts/public_api.py
echo "==> cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --all-features --no-deps
echo "==> all checks passed"

#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what the tests need, then runs every check.
# This is the README's test command, and .ci/run calls it unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

# moto (PyPI) is the SQS, DynamoDB and EventBridge emulator the tests start on 127.0.0.1
# themselves. It lives in a virtualenv under target/ so nothing outside the checkout is touched.
# The marker names what is installed: a venv from before (without EventBridge) is upgraded.
MOTO_VENV="${MOTO_VENV:-$PWD/target/moto-venv}"
MOTO_SPEC='moto[sqs,dynamodb,events]==5.2.5'
if [ ! -x "$MOTO_VENV/bin/moto_server" ] || [ "$(cat "$MOTO_VENV/.spapi-moto" 2>/dev/null)" != "$MOTO_SPEC" ]; then
  echo "==> installing $MOTO_SPEC into $MOTO_VENV"
  [ -x "$MOTO_VENV/bin/pip" ] || python3 -m venv "$MOTO_VENV"
  "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check "$MOTO_SPEC" flask flask-cors
  echo "$MOTO_SPEC" > "$MOTO_VENV/.spapi-moto"
fi
# The fix of two gaps in moto's EventBridge on SP-API's partner path, loaded by Python at
# start-up through a .pth file (crates/spapi-sandbox/moto/spapi_moto_fix.py says what and why;
# the sandbox's moto_gaps tests show each gap, so the fix goes when moto closes them).
MOTO_SITE="$("$MOTO_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
cp crates/spapi-sandbox/moto/spapi_moto_fix.py crates/spapi-sandbox/moto/spapi_moto_fix.pth "$MOTO_SITE/"
export MOTO_SERVER="$MOTO_VENV/bin/moto_server"
# Tests configure their AWS clients explicitly; never let a developer's profile or IMDS leak in.
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE || true

echo "==> cargo fmt"
cargo fmt --all --check
echo "==> cargo test (every target, every feature)"
# Not --all-targets: that links each example again as a test binary of its own, where the
# examples' tests already run in the facade's test binary (tests/it/examples/). clippy
# --all-targets below compiles every example.
cargo test --workspace --lib --bins --tests --benches --all-features
echo "==> doc tests"
cargo test --workspace --doc --all-features
echo "==> cargo clippy"
cargo clippy --workspace --all-targets --all-features -- -D warnings
echo "==> public API"
# Snapshots in public-api/ and no unlisted third-party type in a public signature (README "Public API").
python3 scripts/public_api_test.py
python3 scripts/public_api.py
echo "==> cargo doc (as docs.rs builds it: every feature, --cfg docsrs)"
# docs.rs passes `--cfg docsrs` (each crate's [package.metadata.docs.rs]), which turns on the
# unstable doc_cfg feature and the "Available on crate feature ..." badges. Only rustdoc gets
# RUSTC_BOOTSTRAP=1, through a wrapper: set for all of cargo, it would rebuild dependencies
# whose build scripts probe for nightly features (anyhow, proc-macro2).
DOCSRS_RUSTDOC="$PWD/target/tools/rustdoc-docsrs"
mkdir -p "$(dirname "$DOCSRS_RUSTDOC")"
printf '#!/bin/sh\nRUSTC_BOOTSTRAP=1 exec "%s" "$@"\n' "${RUSTDOC:-rustdoc}" > "$DOCSRS_RUSTDOC"
chmod +x "$DOCSRS_RUSTDOC"
RUSTDOC="$DOCSRS_RUSTDOC" RUSTDOCFLAGS="--cfg docsrs -D warnings" \
  cargo doc --workspace --all-features --no-deps
echo "==> cargo package (every publishable crate; the .crate files checked, scripts/package_check.sh)"
# cargo's own verification builds each crate alone and rebuilt most dependencies per crate
# (10.6 min here); the script checks the unpacked crates in one workspace against the clippy
# step's dependencies (about 2 min) and says what that gives up. `--verify` runs cargo's.
bash scripts/package_check.sh
# Release checks (README "Reliability"): the MSRV, licences and bans, fuzzing.
# Tools are installed once into target/tools (cargo-deny ~160 s, cargo-fuzz ~55 s cold) and
# reused from there: a second run installs nothing.
TOOLS="$PWD/target/tools"
export PATH="$TOOLS/bin:$PATH"
echo "==> MSRV"
# One toolchain here: checks what it can and says what it cannot (scripts/msrv.py).
python3 scripts/msrv.py
echo "==> cargo deny (bans, licenses, sources; advisories need GitHub, see deny.toml)"
if ! cargo deny --version >/dev/null 2>&1; then
  echo "installing cargo-deny into $TOOLS"
  cargo install --locked --quiet cargo-deny --version 0.20.2 --root "$TOOLS"
fi
cargo deny --log-level error check bans licenses sources
echo "==> fuzz (every target 20 s, after replaying fuzz/regressions)"
bash fuzz/run.sh 20
echo "==> all checks passed"

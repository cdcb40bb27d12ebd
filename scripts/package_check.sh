#!/usr/bin/env bash
# Packages every publishable crate and checks that the .crate files compile, cheaply.
#
#   scripts/package_check.sh            the test command's check (scripts/test.sh)
#   scripts/package_check.sh --verify   cargo's own verification instead (each crate built alone)
#
# `cargo package` verifies by building each unpacked crate on its own: every crate selects its
# own features of tokio, serde, hyper and the AWS SDK, so their dependencies are built again per
# crate (11 min from cold; 10.6 min with the target dir shared, as --verify does). Here instead:
# 1. `cargo package --no-verify` writes the .crate files (the manifest checks still run: every
#    dependency has a version, nothing unpublishable is depended on);
# 2. they are unpacked into one scratch workspace under target/package-check, whose crates
#    depend on each other through [patch.crates-io] (as crates.io would serve them), with the
#    workspace's Cargo.lock;
# 3. one `cargo check --all-targets --all-features` of it in the shared target dir: the same
#    features as the test command's clippy run, so every dependency's metadata is reused and
#    only our unpacked crates are compiled (a missing file, a path outside the package, an
#    example that needs an excluded fixture all fail here); every .crate must hold both
#    licence texts, LICENSE-MIT and LICENSE-APACHE, identical to the root's.
# What this gives up: a crate whose own manifest forgets a dependency feature that another
# crate of ours turns on compiles here (features unify), where `cargo publish` would fail.
# `--verify` catches that; run it before a release.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# The workspace's debug-info setting (the scratch workspace has no [profile] of its own).
export CARGO_PROFILE_DEV_DEBUG=line-tables-only CARGO_PROFILE_TEST_DEBUG=line-tables-only

if [ "${1:-}" = "--verify" ]; then
  exec cargo package --workspace --exclude spapi-testkit --allow-dirty
fi

cargo package --workspace --exclude spapi-testkit --no-verify --allow-dirty --quiet 2>&1 |
  { grep -v '^warning: ignoring \(test\|benchmark\)' || true; }

scratch="$CARGO_TARGET_DIR/package-check"
rm -rf "$scratch"
mkdir -p "$scratch"
# name version, one line each, for every package that is published.
packages="$(cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["publish"] is None or p["publish"]:
        print(p["name"], p["version"])
')"
members=""
patches=""
while read -r name version; do
  tar -xzf "$CARGO_TARGET_DIR/package/$name-$version.crate" -C "$scratch"
  # Both licence texts, as the root's (a crate's are symlinks to them: a checkout without
  # symlinks, such as Windows' default, would package the link's path instead).
  for licence in LICENSE-MIT LICENSE-APACHE; do
    if ! cmp -s "$licence" "$scratch/$name-$version/$licence"; then
      echo "package check: $name-$version.crate lacks $licence (or it differs from the root's)" >&2
      exit 1
    fi
  done
  members="$members\"$name-$version\", "
  patches="$patches$name = { path = \"$name-$version\" }"$'\n'
done <<< "$packages"
cat > "$scratch/Cargo.toml" <<EOF
# Written by scripts/package_check.sh: the packaged crates, as crates.io would serve them.
[workspace]
resolver = "3"
members = [$members]

[patch.crates-io]
$patches
EOF
cp Cargo.lock "$scratch/Cargo.lock"
cargo check --manifest-path "$scratch/Cargo.toml" --workspace --all-targets --all-features \
  --offline --quiet
echo "package check: $(wc -l <<< "$packages") crates packaged and checked from their .crate files"

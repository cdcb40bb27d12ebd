#!/usr/bin/env python3
"""Checks the MSRV (`rust-version` of [workspace.package]) as far as one toolchain can.

Checked:
  - every workspace member inherits the workspace's rust-version;
  - every dependency in the lock file (all features) that declares a rust-version declares one
    no newer than ours (those that declare none are counted, not checked);
  - which rustc runs the suite: when it is the MSRV's minor version, the whole suite is the MSRV
    build; when it is newer, this prints that the MSRV toolchain itself was not built here.
Not checked: building with an older toolchain (only one is installed, and none can be fetched).

Usage: python3 scripts/msrv.py [--msrv X]   (X: try a lower MSRV against the dependencies)
"""
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path


def version(text):
    """`1.94.1` as (1, 94, 1); `1.95` as (1, 95, 0)."""
    parts = [int(part) for part in re.findall(r"\d+", text)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    root = Path(__file__).resolve().parent.parent
    stated = tomllib.loads((root / "Cargo.toml").read_text())["workspace"]["package"]["rust-version"]
    # `--msrv X`: what a lower MSRV would break (the members are still compared with `stated`).
    msrv_text = sys.argv[sys.argv.index("--msrv") + 1] if "--msrv" in sys.argv else stated
    msrv = version(msrv_text)
    metadata = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
        cwd=root, check=True, capture_output=True, text=True).stdout)
    members = set(metadata["workspace_members"])
    problems = []
    undeclared = 0
    checked = 0
    for package in metadata["packages"]:
        declared = package.get("rust_version")
        if package["id"] in members:
            if version(declared or "0") != version(stated):
                problems.append(f"member {package['name']} has rust-version {declared}, not {stated}")
        elif declared is None:
            undeclared += 1
        else:
            checked += 1
            if version(declared) > msrv:
                problems.append(f"{package['name']} {package['version']} needs Rust {declared}")
    rustc = subprocess.run(["rustc", "--version"], check=True, capture_output=True, text=True).stdout.strip()
    running = version(rustc.split()[1])
    print(f"MSRV {msrv_text}: {len(members)} members inherit it; {checked} dependencies declare "
          f"rust-version <= {msrv_text}, {undeclared} declare none (not checked)")
    if running[:2] == msrv[:2]:
        print(f"MSRV: this suite runs on {rustc}, the MSRV's own release")
    elif running[:2] > msrv[:2]:
        print(f"MSRV: this suite runs on {rustc}, newer than {msrv_text}: the MSRV toolchain is not built here")
    else:
        problems.append(f"{rustc} is older than the MSRV {msrv_text}")
    for problem in problems:
        print(f"MSRV: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

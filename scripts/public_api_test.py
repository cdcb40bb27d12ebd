#!/usr/bin/env python3
"""Tests of scripts/public_api.py on a scratch workspace (target/public-api/selftest/): one crate
that depends only on `url`, built with the main Cargo.lock's versions, offline.

    python3 scripts/public_api_test.py       (scripts/test.sh runs it before the check itself)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "public_api.py"
WS = ROOT / "target" / "public-api" / "selftest"

BASE = '''//! A scratch crate.
/// A thing.
#[non_exhaustive]
pub struct Thing<T: Clone> {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: Option<T>,
    hidden: u8,
}

impl<T: Clone> Thing<T> {
    /// Makes one.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), value: None, hidden: 0 }
    }
    fn private(&self) -> u8 {
        self.hidden
    }
}

/// Kinds.
pub enum Kind {
    /// A.
    A,
    /// B.
    B(u32),
    /// C.
    C {
        /// X.
        x: &'static str,
    },
}

/// A trait.
pub trait Named: Send {
    /// The name.
    fn name(&self) -> &str;
}

mod private {
    /// Reached only through the re-export.
    pub fn reexported() -> u32 {
        1
    }
}
pub use private::reexported;
'''


def run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, CARGO_NET_OFFLINE="true", CARGO_TARGET_DIR=str(WS / "target"))
    env.pop("PUBLIC_API_BLESS", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(SCRIPT), "--manifest-path", str(WS / "Cargo.toml"), *args],
                          capture_output=True, text=True, env=env)


def write_lib(extra: str = "") -> None:
    (WS / "scratch" / "src" / "lib.rs").write_text(BASE + extra)


class PublicApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        (WS / "scratch" / "src").mkdir(parents=True, exist_ok=True)
        (WS / "Cargo.toml").write_text('[workspace]\nmembers = ["scratch"]\nresolver = "3"\n')
        (WS / "scratch" / "Cargo.toml").write_text(
            '[package]\nname = "scratch"\nversion = "0.1.0"\nedition = "2024"\n\n'
            '[dependencies]\nurl = "2"\n')
        if not (WS / "Cargo.lock").exists():
            shutil.copy(ROOT / "Cargo.lock", WS / "Cargo.lock")  # the versions already fetched

    def setUp(self) -> None:
        shutil.rmtree(WS / "public-api", ignore_errors=True)
        write_lib()
        blessed = run("--bless")
        self.assertEqual(blessed.returncode, 0, blessed.stderr)

    def snapshot(self) -> str:
        return (WS / "public-api" / "scratch.txt").read_text()

    def test_listing_names_every_public_item_and_nothing_private(self) -> None:
        lines = self.snapshot().splitlines()
        for expected in [
            "#[non_exhaustive] pub struct scratch::Thing<T: core::clone::Clone> { .. }",
            "pub scratch::Thing::name: alloc::string::String",
            "pub scratch::Thing::value: core::option::Option<T>",
            "pub fn scratch::Thing::new(name: impl core::convert::Into<alloc::string::String>) -> Self",
            "pub enum scratch::Kind",
            "pub scratch::Kind::B(u32)",
            "pub scratch::Kind::C::x: &'static str",
            "pub trait scratch::Named: core::marker::Send",
            "pub fn scratch::Named::name(&self) -> &str",
            "pub fn scratch::reexported() -> u32",
            "impl core::marker::Send for scratch::Kind",
        ]:
            self.assertIn(expected, lines)
        text = self.snapshot()
        self.assertNotIn("hidden", text)
        self.assertNotIn("private", text)
        self.assertEqual(run("--no-build").returncode, 0)  # the same listing again

    def test_a_third_party_type_fails_naming_item_and_type_and_passes_once_removed(self) -> None:
        write_lib('/// Leaks.\npub fn f() -> url::Url {\n    "http://a".parse().unwrap()\n}\n')
        failed = run()
        self.assertEqual(failed.returncode, 1)
        self.assertIn("scratch: third-party type `url::Url` in the public API, in "
                      "`pub fn scratch::f() -> url::Url`", failed.stderr)
        self.assertIn("+pub fn scratch::f() -> url::Url", failed.stderr)  # the snapshot diff
        self.assertIn("scripts/public_api.py --bless", failed.stderr)
        # Blessing records the new API but does not allow the type.
        self.assertEqual(run("--bless", "--no-build").returncode, 1)
        self.assertEqual(run("--no-build").returncode, 1)
        write_lib()
        self.assertEqual(run("--bless").returncode, 0)

    def test_reexporting_the_crate_allows_its_types(self) -> None:
        write_lib('pub use url;\n/// Fine now.\npub fn f(u: url::Url) -> url::Url {\n    u\n}\n')
        out = run("--bless")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("pub use scratch::url = url", self.snapshot())

    def test_the_allowlist_allows_a_listed_type_and_refuses_a_stale_line(self) -> None:
        allow = WS / "public-api" / "allowed-third-party.txt"
        allow.write_text("# known leaks\nscratch: url::Url\n")
        write_lib('/// Leaks.\npub fn f(u: url::Url) -> url::Url {\n    u\n}\n')
        out = run("--bless")
        self.assertEqual(out.returncode, 0, out.stderr)
        write_lib()
        stale = run("--bless")
        self.assertEqual(stale.returncode, 1)
        self.assertIn("allows `url::Url`, which no public signature uses any more: delete that line",
                      stale.stderr)

    def test_an_unintended_change_fails_with_a_diff(self) -> None:
        write_lib("/// New.\npub const N: u8 = 1;\n")
        out = run()
        self.assertEqual(out.returncode, 1)
        self.assertIn("scratch: the public API differs from public-api/scratch.txt", out.stderr)
        self.assertIn("+pub const scratch::N: u8", out.stderr)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/env python3
"""The public API check: a snapshot of each published library crate's public API, and a guard
against third-party types in it (DESIGN.md section 4, issue 9).

    scripts/public_api.py              check (scripts/test.sh runs this step)
    scripts/public_api.py --bless      rewrite the snapshots in public-api/ after a deliberate change
    scripts/public_api.py --bless --only spapi-auth   the same for one package (repeatable)
    scripts/public_api.py --no-build   read the rustdoc JSON already in target/doc/

How it works
------------
1. One `cargo doc --no-deps --lib --all-features -p ...` writes rustdoc's JSON output
   (target/doc/LIB.json) for every workspace package that has a library and may be published
   (`publish = false` packages such as spapi-testkit, and binary-only packages, are left out).
   JSON output is unstable rustdoc: only the rustdoc process gets RUSTC_BOOTSTRAP=1 (through a
   RUSTDOC wrapper written to target/public-api/), so no dependency is rebuilt for it; the docs
   of the workspace crates are rebuilt, because their RUSTDOCFLAGS differ from `cargo doc`'s.
2. From the crate root, every item reachable by a public path is listed, one line each, sorted:
   modules, structs and unions with their public fields, enums with their variants and fields,
   traits with their items, functions and inherent methods with full signatures, consts, statics,
   type aliases, macros, `pub use` of other crates' items, and the trait impls of public types
   (left out: blanket impls, auto traits other than Send and Sync, and the
   unstable StructuralPartialEq marker of derive(PartialEq)). Types are written with
   their full paths (`core::option::Option<alloc::string::String>`); our own types by their
   shortest public path, other crates' by the path rustdoc knows (often the defining module).
   The listing is compared with public-api/PACKAGE.txt; a difference fails with a unified diff.
   `--bless` (or PUBLIC_API_BLESS=1) writes the listings instead.
3. Every path in the listing that belongs to another crate (rustdoc's `paths` and
   `external_crates` name each one's crate) must be one of: std, core, alloc; a crate of this
   workspace; a crate the package re-exports whole by a public path (`pub use chrono;` at the
   root, or in a public module as the consumer's `lambda::aws_lambda_events`): re-exporting a
   crate is how it becomes allowed (state its version in the docs); or a line
   `PACKAGE: path` in public-api/allowed-third-party.txt (`path` exact, or `krate::*` for a
   whole crate). Each failure names the item and the type. An allowlist line that matches
   nothing fails too, so the list only shrinks as issue 9's re-exports and wrappers land.

scripts/public_api_test.py tests this script on a scratch crate. Python 3.11 standard library
only. Tested against rustdoc JSON format_version 57 (rustc 1.95); shapes it does not know are
written as their JSON, and every `{path, id}` anywhere in a signature is still checked, so a
format change shows in the diff rather than hiding a type.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

TESTED_FORMATS = {57}
STD_CRATES = {"std", "core", "alloc", "proc_macro"}
LISTED_AUTO_TRAITS = {"Send", "Sync"}
UNLISTED_TRAITS = {"StructuralPartialEq"}  # unstable marker that derive(PartialEq) adds
# Crates whose items another crate publishes as its own (serde's traits live in serde_core):
# re-exporting the facade allows them.
FACADE_OF = {"serde_core": "serde"}
BLESS_HINT = "update it on purpose: scripts/public_api.py --bless (then review and commit public-api/)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bless", action="store_true", default=os.environ.get("PUBLIC_API_BLESS") == "1")
    ap.add_argument("--no-build", action="store_true", help="use the JSON already in target/doc")
    ap.add_argument("--manifest-path", help="the workspace's Cargo.toml (default: this checkout's)")
    ap.add_argument("--only", action="append", metavar="PACKAGE",
                    help="bless or check only this package's snapshot (repeatable)")
    args = ap.parse_args()

    manifest = Path(args.manifest_path or Path(__file__).resolve().parent.parent / "Cargo.toml")
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1", "--manifest-path", str(manifest)],
        check=True, capture_output=True, text=True).stdout)
    root = Path(meta["workspace_root"])
    target_dir = Path(meta["target_directory"])
    ours, checked = set(), {}
    for pkg in meta["packages"]:
        libs = [t for t in pkg["targets"] if {"lib", "rlib", "proc-macro"} & set(t["kind"])]
        for lib in libs:
            ours.add(lib["name"].replace("-", "_"))
            if pkg["publish"] != []:
                checked[pkg["name"]] = lib["name"].replace("-", "_")
    if not args.no_build:
        build_json(manifest, target_dir, list(checked))

    snap_dir = root / "public-api"
    allow_file = snap_dir / "allowed-third-party.txt"
    allowed = read_allowlist(allow_file)
    failures, used = [], set()
    apis, public_of = {}, {}  # public_of: an item's defining path -> its shortest public path
    for pkg, lib in sorted(checked.items()):
        doc = json.loads((target_dir / "doc" / f"{lib}.json").read_text())
        version = doc.get("format_version")
        if version not in TESTED_FORMATS:
            print(f"public_api.py: note: rustdoc JSON format_version {version}, tested with "
                  f"{sorted(TESTED_FORMATS)}; unknown shapes are listed as JSON", file=sys.stderr)
        apis[pkg] = Api(doc, ours, public_of)
        public_of.update(apis[pkg].own_public_paths())
    for pkg, api in apis.items():
        if args.only and pkg not in args.only:
            continue
        listing = api.listing()
        snap = snap_dir / f"{pkg}.txt"
        if args.bless:
            snap_dir.mkdir(exist_ok=True)
            if not snap.exists() or snap.read_text() != listing:
                snap.write_text(listing)
                print(f"public_api.py: wrote {snap.relative_to(root)}")
        else:
            old = snap.read_text() if snap.exists() else ""
            if old != listing:
                diff = "".join(difflib.unified_diff(
                    old.splitlines(True), listing.splitlines(True),
                    f"public-api/{pkg}.txt (snapshot)", f"{pkg} (as built now)"))
                failures.append(f"{pkg}: the public API differs from public-api/{pkg}.txt; "
                                f"{BLESS_HINT}\n{diff}")
        for type_path, items in sorted(api.foreign.items()):
            krate = type_path.split("::")[0]
            if krate in api.reexported_crates or FACADE_OF.get(krate) in api.reexported_crates:
                continue
            rule = allowed_by(allowed.get(pkg, set()), type_path)
            if rule:
                used.add((pkg, rule))
                continue
            for item in sorted(items):
                failures.append(f"{pkg}: third-party type `{type_path}` in the public API, in `{item}`; "
                                f"re-export its crate at the crate root (`pub use {krate};`, "
                                f"version stated in the docs), wrap it in a type of ours, or, "
                                f"if it is a known leak, list `{pkg}: {type_path}` in "
                                f"public-api/allowed-third-party.txt")
    for pkg, rules in sorted(allowed.items()):
        if pkg in checked and (not args.only or pkg in args.only):
            for rule in sorted(rules - {r for p, r in used if p == pkg}):
                failures.append(f"{pkg}: public-api/allowed-third-party.txt allows `{rule}`, which no "
                                f"public signature uses any more: delete that line")
    for failure in failures:
        print(f"public API: {failure}", file=sys.stderr)
    if failures:
        print(f"public API: {len(failures)} problem(s) in {len(checked)} crate(s)", file=sys.stderr)
        return 1
    print(f"public API: {len(checked)} crates match public-api/, no unlisted third-party types")
    return 0


def build_json(manifest: Path, target_dir: Path, packages: list[str]) -> None:
    """rustdoc JSON of the packages, with unstable options for rustdoc only (see the docstring)."""
    wrapper = target_dir / "public-api" / "rustdoc-json"
    wrapper.parent.mkdir(parents=True, exist_ok=True)
    rustdoc = os.environ.get("RUSTDOC", "rustdoc")
    text = f'#!/bin/sh\nRUSTC_BOOTSTRAP=1 exec "{rustdoc}" "$@"\n'
    if not wrapper.exists() or wrapper.read_text() != text:
        wrapper.write_text(text)
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    env = dict(os.environ, RUSTDOC=str(wrapper),
               RUSTDOCFLAGS="-Z unstable-options --output-format json --cap-lints allow")
    cmd = ["cargo", "doc", "--manifest-path", str(manifest), "--no-deps", "--lib", "--all-features"]
    for pkg in packages:
        cmd += ["-p", pkg]
    subprocess.run(cmd, check=True, env=env)


def read_allowlist(path: Path) -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    if path.exists():
        for n, line in enumerate(path.read_text().splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            pkg, sep, type_path = (part.strip() for part in line.partition(":"))
            if not sep or not type_path:
                sys.exit(f"{path}:{n}: expected `PACKAGE: path`, got {line!r}")
            allowed.setdefault(pkg, set()).add(type_path)
    return allowed


def allowed_by(rules: set[str], type_path: str) -> str | None:
    if type_path in rules:
        return type_path
    for rule in rules:
        if rule.endswith("::*") and type_path.startswith(rule[:-1]):
            return rule
    return None


class Api:
    """One crate's rustdoc JSON: its public items as listing lines, and the foreign paths in them."""

    def __init__(self, doc: dict, ours: set[str], public_of: dict[str, str]):
        self.index = doc["index"]
        self.paths = doc["paths"]
        self.crates = {str(k): v["name"] for k, v in doc["external_crates"].items()}
        self.name = self.index[str(doc["root"])]["name"]
        self.crates["0"] = self.name
        self.ours = ours | {self.name}
        self.root = str(doc["root"])
        self.public_of = public_of  # of every checked crate, so that re-exports read `spapi_auth::X`
        self.public_paths: dict[str, list[str]] = {}   # item id -> every public path to it
        self.reexports: list[tuple[str, str, bool]] = []  # (public path, target id, glob)
        self.reexported_crates: set[str] = set()
        self.foreign: dict[str, set[str]] = {}         # foreign type path -> items naming it
        self._collect(self.root, self.name, ())

    # ---- pass 1: public paths ----------------------------------------------------------------

    def _collect(self, item_id: str, path: str, stack: tuple[str, ...]) -> None:
        self.public_paths.setdefault(item_id, []).append(path)
        if kind_of(self.index[item_id]) == "module" and item_id not in stack:
            self._members(item_id, path, stack + (item_id,))

    def _members(self, module_id: str, path: str, stack: tuple[str, ...]) -> None:
        """The public names of a module, at `path` (a glob re-export brings its target's here)."""
        for child in self.index[module_id]["inner"]["module"]["items"]:
            child = str(child)
            it = self.index.get(child)
            if it is None or it["visibility"] != "public":
                continue
            if kind_of(it) != "use":
                if it.get("name"):
                    self._collect(child, f"{path}::{it['name']}", stack)
                continue
            use = it["inner"]["use"]
            target = None if use.get("id") is None else str(use["id"])
            if use.get("is_glob"):
                if target in self.index and kind_of(self.index[target]) == "module":
                    if target not in stack:
                        self._members(target, path, stack + (target,))
                else:  # another crate's module or an enum's variants
                    self.reexports.append((f"{path}::*", target, True))
            elif target in self.index:
                self._collect(target, f"{path}::{use['name']}", stack)
            else:
                self.reexports.append((f"{path}::{use['name']}", target, False))
                known = self.paths.get(target or "", {})
                if known.get("kind") == "module" and len(known["path"]) == 1:
                    self.reexported_crates.add(known["path"][0])

    def own_public_paths(self) -> dict[str, str]:
        out = {}
        for item_id in self.public_paths:
            known = self.paths.get(item_id)
            if known and known.get("crate_id") == 0:
                out["::".join(known["path"])] = self.public_path(item_id)
        return out

    def public_path(self, item_id: str) -> str | None:
        paths = self.public_paths.get(item_id)
        return min(paths, key=lambda p: (p.count("::"), p)) if paths else None

    # ---- pass 2: the listing -----------------------------------------------------------------

    def listing(self) -> str:
        entries: dict[str, tuple] = {}

        def add(key: tuple, line: str, refs: list) -> None:
            for ref_path in refs:
                self.foreign.setdefault(ref_path, set()).add(line)
            if line not in entries or key < entries[line]:
                entries[line] = key

        for item_id, paths in self.public_paths.items():
            for path in paths:
                if item_id != self.root:
                    self._item(item_id, path, add)
        for path, target, glob in self.reexports:
            refs: list = []
            add((path, 0), f"pub use {path} = {self._id_path(target, None, refs) if target else '?'}"
                + ("::*" if glob else ""), refs)
        ordered = sorted(entries.items(), key=lambda kv: (kv[1], kv[0]))
        return "".join(line + "\n" for line, _ in ordered)

    def _item(self, item_id: str, path: str, add) -> None:
        item = self.index[item_id]
        kind, inner = kind_of(item), item["inner"].get(kind_of(item))
        tags = "#[non_exhaustive] " if "non_exhaustive" in item.get("attrs", []) else ""
        refs: list = []
        r = lambda t: self.ty(t, refs)  # noqa: E731
        if kind == "module":
            add((path, 0), f"pub mod {path}", refs)
        elif kind in ("struct", "union"):
            shape = inner.get("kind") if kind == "struct" else None
            add((path, 0), f"{tags}pub {kind} {path}{self.generics(inner['generics'], refs)}"
                + self._struct_shape(shape), refs)
            if kind == "union":
                fields = inner.get("fields", [])
            elif isinstance(shape, dict) and "tuple" in shape:
                fields = [f for f in shape["tuple"] if f is not None]
            elif isinstance(shape, dict) and "plain" in shape:
                fields = shape["plain"]["fields"]
            else:
                fields = []
            for f in fields:
                self._field(str(f), path, add)
            self._impls(inner.get("impls", []), path, add)
        elif kind == "enum":
            add((path, 0), f"{tags}pub enum {path}{self.generics(inner['generics'], refs)}", refs)
            for v in inner["variants"]:
                self._variant(str(v), path, add)
            self._impls(inner.get("impls", []), path, add)
        elif kind == "variant":  # re-exported variant
            add((path, 0), f"pub variant {path}", refs)
        elif kind == "trait":
            bounds = self.bounds(inner.get("bounds", []), refs)
            auto = "auto " if inner.get("is_auto") else ""
            unsafe = "unsafe " if inner.get("is_unsafe") else ""
            add((path, 0), f"pub {unsafe}{auto}trait {path}{self.generics(inner['generics'], refs, where=False)}"
                + (f": {bounds}" if bounds else "") + self.where(inner["generics"], refs), refs)
            for sub in inner["items"]:
                self._assoc(str(sub), path, add, in_trait=True)
            self._impls([i for i in inner.get("implementations", []) if self.index.get(str(i), {}).get("crate_id") == 0],
                        path, add, rank=4)
        elif kind == "function":
            add((path, 0), self.function(path, inner, refs), refs)
        elif kind == "constant":
            add((path, 0), f"pub const {path}: {r(inner['type'])}", refs)
        elif kind == "static":
            mut = "mut " if inner.get("is_mutable") else ""
            add((path, 0), f"pub static {mut}{path}: {r(inner['type'])}", refs)
        elif kind == "type_alias":
            add((path, 0), f"pub type {path}{self.generics(inner['generics'], refs)} = {r(inner['type'])}", refs)
        elif kind == "macro":
            add((path, 0), f"pub macro {path}!", refs)
        elif kind == "proc_macro":
            add((path, 0), f"pub proc_macro {path}! ({inner.get('kind')})", refs)
        elif kind == "trait_alias":
            add((path, 0), f"pub trait {path} = {self.bounds(inner.get('params', []), refs)}", refs)
        else:
            add((path, 0), f"pub {kind} {path}: {compact(inner, refs, self)}", refs)

    def _struct_shape(self, shape) -> str:
        if shape == "unit":
            return ";"
        if isinstance(shape, dict) and "tuple" in shape:
            return "(" + ", ".join("_" if f is None else "pub" for f in shape["tuple"]) + ")"
        if isinstance(shape, dict) and shape.get("plain", {}).get("has_stripped_fields"):
            return " { .. }"
        return ""

    def _field(self, field_id: str, parent: str, add, rank: int = 1) -> None:
        field = self.index.get(field_id)
        if field is None:
            return
        refs: list = []
        add((parent, rank, field["name"]), f"pub {parent}::{field['name']}: {self.ty(field['inner']['struct_field'], refs)}", refs)

    def _variant(self, variant_id: str, parent: str, add) -> None:
        v = self.index.get(variant_id)
        if v is None:
            return
        refs: list = []
        shape = v["inner"]["variant"]["kind"]
        path = f"{parent}::{v['name']}"
        if shape == "plain":
            disc = v["inner"]["variant"].get("discriminant")
            add((parent, 1, v["name"]), f"pub {path}" + (f" = {disc['value']}" if disc else ""), refs)
        elif "tuple" in shape:
            fields = ["_" if f is None else self.ty(self.index[str(f)]["inner"]["struct_field"], refs)
                      for f in shape["tuple"]]
            add((parent, 1, v["name"]), f"pub {path}({', '.join(fields)})", refs)
        elif "struct" in shape:
            stripped = " { .. }" if shape["struct"].get("has_stripped_fields") else ""
            add((parent, 1, v["name"]), f"pub {path}{stripped}", refs)
            for f in shape["struct"]["fields"]:
                self._field(str(f), path, lambda key, line, rf: add((parent, 1, v["name"], key[2]), line, rf))
        else:
            add((parent, 1, v["name"]), f"pub {path} {compact(shape, refs, self)}", refs)

    def _assoc(self, sub_id: str, parent: str, add, in_trait: bool) -> None:
        sub = self.index.get(sub_id)
        if sub is None or (not in_trait and sub["visibility"] != "public"):
            return
        kind, inner = kind_of(sub), sub["inner"].get(kind_of(sub))
        path = f"{parent}::{sub['name']}"
        refs: list = []
        if kind == "function":
            line = self.function(path, inner, refs)
            if in_trait and inner.get("has_body"):
                line += " (provided)"
        elif kind == "assoc_const":
            line = f"pub const {path}: {self.ty(inner['type'], refs)}"
        elif kind == "assoc_type":
            bounds = self.bounds(inner.get("bounds", []), refs)
            line = f"pub type {path}{self.generics(inner['generics'], refs)}" + (f": {bounds}" if bounds else "")
            if inner.get("type") is not None:
                line += f" = {self.ty(inner['type'], refs)}"
        else:
            line = f"pub {kind} {path}: {compact(inner, refs, self)}"
        add((parent, 2, sub["name"]), line, refs)

    def _impls(self, impl_ids: list, path: str, add, rank: int = 3) -> None:
        for impl_id in impl_ids:
            impl_item = self.index.get(str(impl_id))
            if impl_item is None or impl_item["crate_id"] != 0:
                continue
            impl = impl_item["inner"]["impl"]
            if impl.get("blanket_impl") is not None:
                continue
            if impl.get("trait") is None:
                for sub in impl["items"]:
                    self._assoc(str(sub), path, add, in_trait=False)
                continue
            trait_name = impl["trait"]["path"].rsplit("::", 1)[-1]
            if impl.get("is_synthetic") and trait_name not in LISTED_AUTO_TRAITS:
                continue
            if trait_name in UNLISTED_TRAITS:
                continue
            refs: list = []
            neg = "!" if impl.get("is_negative") else ""
            unsafe = "unsafe " if impl.get("is_unsafe") else ""
            line = (f"{unsafe}impl{self.generics(impl['generics'], refs, where=False)} {neg}"
                    f"{self.path(impl['trait'], refs)} for {self.ty(impl['for'], refs)}"
                    f"{self.where(impl['generics'], refs)}")
            add((path, rank, line), line, refs)

    # ---- rendering ---------------------------------------------------------------------------

    def function(self, path: str, f: dict, refs: list) -> str:
        h = f.get("header", {})
        quals = "".join(q for q, on in (("const ", h.get("is_const")), ("async ", h.get("is_async")),
                                         ("unsafe ", h.get("is_unsafe"))) if on)
        abi = h.get("abi", "Rust")
        extern = "" if abi == "Rust" else f'extern "{abi if isinstance(abi, str) else next(iter(abi))}" '
        sig = f["sig"]
        args = []
        for name, t in sig["inputs"]:
            if name == "self":
                args.append(self_arg(t) or f"self: {self.ty(t, refs)}")
            else:
                args.append(f"{name}: {self.ty(t, refs)}")
        if sig.get("is_c_variadic"):
            args.append("...")
        out = f" -> {self.ty(sig['output'], refs)}" if sig.get("output") is not None else ""
        return (f"pub {quals}{extern}fn {path}{self.generics(f['generics'], refs, where=False)}"
                f"({', '.join(args)}){out}{self.where(f['generics'], refs)}")

    def generics(self, g: dict, refs: list, where: bool = True) -> str:
        params = []
        for p in g.get("params", []):
            kind = p["kind"]
            if "lifetime" in kind:
                outlives = kind["lifetime"].get("outlives", [])
                params.append(p["name"] + (": " + " + ".join(outlives) if outlives else ""))
            elif "type" in kind:
                if kind["type"].get("is_synthetic"):
                    continue  # `impl Trait` in argument position, shown there
                b = self.bounds(kind["type"].get("bounds", []), refs)
                d = kind["type"].get("default")
                params.append(p["name"] + (f": {b}" if b else "") + (f" = {self.ty(d, refs)}" if d else ""))
            elif "const" in kind:
                d = kind["const"].get("default")
                params.append(f"const {p['name']}: {self.ty(kind['const']['type'], refs)}" + (f" = {d}" if d else ""))
            else:
                params.append(compact(p, refs, self))
        s = f"<{', '.join(params)}>" if params else ""
        return s + (self.where(g, refs) if where else "")

    def where(self, g: dict, refs: list) -> str:
        preds = []
        for w in g.get("where_predicates", []):
            if "bound_predicate" in w:
                bp = w["bound_predicate"]
                hrtb = self.hrtb(bp.get("generic_params", []), refs)
                preds.append(f"{hrtb}{self.ty(bp['type'], refs)}: {self.bounds(bp['bounds'], refs)}")
            elif "lifetime_predicate" in w:
                lp = w["lifetime_predicate"]
                preds.append(f"{lp['lifetime']}: {' + '.join(lp['outlives'])}")
            elif "eq_predicate" in w:
                ep = w["eq_predicate"]
                preds.append(f"{self.ty(ep['lhs'], refs)} == {self.term(ep['rhs'], refs)}")
            else:
                preds.append(compact(w, refs, self))
        return f" where {', '.join(preds)}" if preds else ""

    def hrtb(self, params: list, refs: list) -> str:
        if not params:
            return ""
        return "for<" + ", ".join(p["name"] for p in params) + "> "

    def bounds(self, bounds: list, refs: list) -> str:
        out = []
        for b in bounds:
            if "trait_bound" in b:
                tb = b["trait_bound"]
                mod = {"maybe": "?", "maybe_const": "~const "}.get(tb.get("modifier"), "")
                out.append(f"{self.hrtb(tb.get('generic_params', []), refs)}{mod}{self.path(tb['trait'], refs)}")
            elif "outlives" in b:
                out.append(b["outlives"])
            elif "use" in b:
                out.append("use<" + ", ".join(u if isinstance(u, str) else next(iter(u.values())) for u in b["use"]) + ">")
            else:
                out.append(compact(b, refs, self))
        return " + ".join(out)

    def term(self, t, refs: list) -> str:
        if isinstance(t, dict) and "type" in t:
            return self.ty(t["type"], refs)
        if isinstance(t, dict) and "constant" in t:
            return str(t["constant"].get("expr"))
        return compact(t, refs, self)

    def _id_path(self, item_id: str | None, written: str | None, refs: list) -> str:
        """The full path of an item, recording it when it is another crate's."""
        item_id = None if item_id is None else str(item_id)
        public = self.public_path(item_id) if item_id else None
        if public:
            return public
        known = self.paths.get(item_id or "")
        if known:
            full = "::".join(known["path"])
            krate = self.crates.get(str(known["crate_id"]), known["path"][0])
            if krate not in STD_CRATES and krate not in self.ours:
                refs.append(full)
            return self.public_of.get(full, full)
        if item_id in self.index:  # ours, but with no public path (e.g. a sealed trait)
            return f"{self.name}::{written or '?'}"
        return written or "?"

    def path(self, p: dict, refs: list) -> str:
        name = self._id_path(p.get("id"), p.get("path") or p.get("name"), refs)
        return name + self.args(p.get("args"), refs)

    def args(self, a, refs: list) -> str:
        if not a:
            return ""
        if "angle_bracketed" in a:
            ab = a["angle_bracketed"]
            parts = []
            for arg in ab.get("args", []):
                if arg == "infer":
                    parts.append("_")
                elif "type" in arg:
                    parts.append(self.ty(arg["type"], refs))
                elif "lifetime" in arg:
                    parts.append(arg["lifetime"])
                elif "const" in arg:
                    parts.append(str(arg["const"].get("expr")))
                else:
                    parts.append(compact(arg, refs, self))
            for c in ab.get("constraints", []):
                binding = c.get("binding", {})
                head = c["name"] + self.args(c.get("args"), refs)
                if "equality" in binding:
                    parts.append(f"{head} = {self.term(binding['equality'], refs)}")
                elif "constraint" in binding:
                    parts.append(f"{head}: {self.bounds(binding['constraint'], refs)}")
                else:
                    parts.append(f"{head} {compact(binding, refs, self)}")
            return f"<{', '.join(parts)}>" if parts else ""
        if "parenthesized" in a:
            pa = a["parenthesized"]
            out = pa.get("output")
            return (f"({', '.join(self.ty(t, refs) for t in pa['inputs'])})"
                    + (f" -> {self.ty(out, refs)}" if out is not None else ""))
        if a == "return_type_notation":
            return "(..)"
        return compact(a, refs, self)

    def ty(self, t, refs: list) -> str:
        if not isinstance(t, dict) or len(t) != 1:
            return compact(t, refs, self)
        (kind, v), = t.items()
        if kind == "resolved_path":
            return self.path(v, refs)
        if kind in ("generic", "primitive"):
            return v
        if kind == "tuple":
            return "(" + ", ".join(self.ty(e, refs) for e in v) + ("," if len(v) == 1 else "") + ")"
        if kind == "slice":
            return f"[{self.ty(v, refs)}]"
        if kind == "array":
            return f"[{self.ty(v['type'], refs)}; {v['len']}]"
        if kind == "pat":
            return self.ty(v["type"], refs) + " is _"
        if kind == "infer":
            return "_"
        if kind == "borrowed_ref":
            life = f"{v['lifetime']} " if v.get("lifetime") else ""
            return f"&{life}{'mut ' if v.get('is_mutable') else ''}{self.ty(v['type'], refs)}"
        if kind == "raw_pointer":
            return f"*{'mut' if v.get('is_mutable') else 'const'} {self.ty(v['type'], refs)}"
        if kind == "impl_trait":
            return "impl " + self.bounds(v, refs)
        if kind == "dyn_trait":
            traits = [self.hrtb(pt.get("generic_params", []), refs) + self.path(pt["trait"], refs) for pt in v["traits"]]
            if v.get("lifetime"):
                traits.append(v["lifetime"])
            return "dyn " + " + ".join(traits)
        if kind == "function_pointer":
            sig = v["sig"]
            args = ", ".join(self.ty(arg, refs) for _, arg in sig["inputs"])
            out = f" -> {self.ty(sig['output'], refs)}" if sig.get("output") is not None else ""
            return f"{self.hrtb(v.get('generic_params', []), refs)}fn({args}){out}"
        if kind == "qualified_path":
            self_ty = self.ty(v["self_type"], refs)
            tr = v.get("trait")
            head = f"<{self_ty} as {self.path(tr, refs)}>" if tr else self_ty
            return f"{head}::{v['name']}{self.args(v.get('args'), refs)}"
        return compact(t, refs, self)


def kind_of(item: dict) -> str:
    inner = item["inner"]
    return next(iter(inner)) if isinstance(inner, dict) else str(inner)


def self_arg(t: dict) -> str | None:
    if t == {"generic": "Self"}:
        return "self"
    ref = t.get("borrowed_ref") if isinstance(t, dict) else None
    if ref and ref.get("type") == {"generic": "Self"}:
        life = f"{ref['lifetime']} " if ref.get("lifetime") else ""
        return f"&{life}{'mut ' if ref.get('is_mutable') else ''}self"
    return None


def compact(value, refs: list, api: Api) -> str:
    """A shape this script does not know, as JSON, with every `{path, id}` in it still checked."""
    def visit(v):
        if isinstance(v, dict):
            if "id" in v and ("path" in v or "name" in v) and v.get("id") is not None:
                api._id_path(v["id"], v.get("path"), refs)
            for x in v.values():
                visit(x)
        elif isinstance(v, list):
            for x in v:
                visit(x)
    visit(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (not committed: they are made from files that are).

Usage: python3 fuzz/seeds.py OUT_DIR
Writes OUT_DIR/<target>/<name> from the types crate's fixtures, Amazon's schema examples and
API response examples (../shared/spapi-models, when it is beside the checkout), and the seed
examples of ../shared/seed-examples.
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "crates" / "spapi-notification-types" / "fixtures"
# The mutate_notification plan's first byte picks a fixture, modulo their number.
FIXTURE_COUNT = len(list(FIXTURES.glob("*.json")))


def examples(node, under_responses=False):
    """Every value of an `examples` key (a list in schemas, a map in the API model)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples":
                values = value.values() if isinstance(value, dict) else value
                yield from (v for v in values if isinstance(v, (dict, list)))
            else:
                yield from examples(value, under_responses or key == "responses")
    elif isinstance(node, list):
        for item in node:
            yield from examples(item, under_responses)


def notifications():
    yield from (p.read_bytes() for p in sorted(FIXTURES.glob("*.json")))
    yield from (p.read_bytes() for p in sorted((FIXTURES / "envelopes").glob("*.json")))
    for folder in ("notifications", "notifications-new", "notifications-removed"):
        for schema in sorted((SHARED / "spapi-models" / folder).glob("*.json")):
            for example in examples(json.loads(schema.read_text())):
                yield json.dumps(example).encode()
    for seed in sorted((SHARED / "seed-examples").glob("*.json")):
        yield seed.read_bytes()


def answers():
    """client_answers inputs: [flags, status high, status low, body]."""
    model = SHARED / "spapi-models" / "api" / "notifications.json"
    bodies = []
    if model.exists():
        bodies = [json.dumps(e).encode() for e in examples(json.loads(model.read_text()))]
    bodies.append(b'{"errors":[{"code":"InvalidInput","message":"bad","details":""}]}')
    for operation in range(8):
        for body in bodies:
            yield bytes([operation, 0, 0]) + body
        yield bytes([operation, 0, 229]) + bodies[-1]  # 429
    lwa = [
        b'{"access_token":"Atza|x","token_type":"bearer","expires_in":3600}',
        b'{"access_token":"Atza|x","expires_in":0}',
        b'{"error":"invalid_grant","error_description":"The request has an invalid grant parameter"}',
    ]
    for body in lwa:
        yield bytes([0b1000, 0, 0]) + body
        yield bytes([0b1000, 0, 200]) + body  # 400


def write(out, target, blobs):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for blob in blobs:
        (folder / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
        count += 1
    return count


def main():
    out = pathlib.Path(sys.argv[1])
    seeds = list(notifications())
    counts = {
        "decode_bytes": write(out, "decode_bytes", seeds),
        "round_trip": write(out, "round_trip", seeds),
        "mutate_notification": write(
            out, "mutate_notification", (bytes([i, 0]) for i in range(FIXTURE_COUNT))
        ),
        "client_answers": write(out, "client_answers", answers()),
    }
    print("seeds:", ", ".join(f"{t} {n}" for t, n in counts.items()))


if __name__ == "__main__":
    main()

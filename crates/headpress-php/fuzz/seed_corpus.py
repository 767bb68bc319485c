#!/usr/bin/env python3
"""Seeds corpus/<target>/ from the conformance fixture's posts and the PHP-minted vectors.

Run from anywhere: python3 crates/headpress-php/fuzz/seed_corpus.py
Seeds are named by content hash, so re-running only adds files.
"""
import hashlib
import json
import pathlib
import re

FUZZ = pathlib.Path(__file__).resolve().parent
CRATE = FUZZ.parent
ROOT = CRATE.parent.parent
FIXTURE = ROOT / "tests/conformance/fixture/wp-fixture.sql"
VECTORS = CRATE / "vectors"

ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "Z": "\x1a", "b": "\b"}


def parse_values(line):
    """Splits `INSERT INTO t VALUES (...),(...);` into rows of Python values."""
    body = line[line.index(" VALUES ") + len(" VALUES "):].rstrip().rstrip(";")
    rows, row, i, n = [], None, 0, len(body)
    while i < n:
        c = body[i]
        if c == "(" and row is None:
            row = []
            i += 1
        elif c == ")" and row is not None:
            rows.append(row)
            row = None
            i += 1
        elif c == "'":
            i += 1
            out = []
            while True:
                c = body[i]
                if c == "\\":
                    nxt = body[i + 1]
                    out.append(ESCAPES.get(nxt, nxt))
                    i += 2
                elif c == "'" and i + 1 < n and body[i + 1] == "'":
                    out.append("'")
                    i += 2
                elif c == "'":
                    i += 1
                    break
                else:
                    out.append(c)
                    i += 1
            row.append("".join(out))
        elif c in ", \n":
            i += 1
        else:
            m = re.match(r"[^,)]+", body[i:])
            row.append(m.group(0))
            i += m.end()
    return rows


def fixture_rows(table):
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"INSERT INTO `{table}` VALUES"):
            yield from parse_values(line)


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data:
        return 0
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    path = d / hashlib.sha1(data).hexdigest()
    if path.exists():
        return 0
    path.write_bytes(data)
    return 1


def main():
    texts = set()
    for row in fixture_rows("wp_posts"):
        texts.add(row[4])  # post_content
        texts.add(row[6])  # post_excerpt
        texts.add(row[5])  # post_title
    for row in fixture_rows("wp_comments"):
        texts.add(row[8])  # comment_content
    render = VECTORS / "render"
    for f in sorted(render.glob("*.json")):
        for case in json.loads(f.read_text()):
            if isinstance(case, dict) and isinstance(case.get("input"), str):
                texts.add(case["input"])
    counts = {}
    for target in ("block_parser", "wpautop", "wptexturize", "the_content"):
        counts[target] = sum(write(target, t) for t in texts)

    ser = set()
    for case in json.loads((VECTORS / "serialize.json").read_text()):
        ser.add(bytes.fromhex(case["hex"]))
    for case in json.loads((VECTORS / "unserialize.json").read_text()):
        ser.add(case["input"].encode("utf-8"))
        if case.get("reserialized_hex"):
            ser.add(bytes.fromhex(case["reserialized_hex"]))
    for case in json.loads((VECTORS / "fixture-serialized.json").read_text()):
        ser.add(case["value"].encode("utf-8"))
    for case in json.loads((VECTORS / "is-serialized.json").read_text()):
        ser.add(case["input"].encode("utf-8"))
    for table, col in (("wp_options", 2), ("wp_postmeta", 3), ("wp_usermeta", 3),
                       ("wp_termmeta", 3), ("wp_commentmeta", 3)):
        for row in fixture_rows(table):
            v = row[col]
            if isinstance(v, str) and re.match(r"^[abdiOsN]:|^N;", v):
                ser.add(v.encode("utf-8"))
    counts["unserialize"] = sum(write("unserialize", s) for s in ser)
    for target, count in counts.items():
        total = len(list((FUZZ / "corpus" / target).iterdir()))
        print(f"{target}: +{count} seeds ({total} in corpus/{target})")


if __name__ == "__main__":
    main()

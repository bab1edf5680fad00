#!/usr/bin/env python3
"""Stratified tune/test split for thaw statement records (stdlib only).

Usage:
    python3 split.py INPUT.jsonl --tune statements/tune.jsonl --test statements/test.jsonl
                     [--seed 20261125] [--tune-share 0.6] [--force]

Records are grouped by (actor, gold.label). Inside each group the records are
sorted by id, then shuffled with random.Random("<seed>:<actor>:<label>") (string
seeds are hashed with SHA-512 by Python 3, so the result is the same on every
platform and Python 3 version). The first round(share * n) records of the
shuffled group go to tune, the rest to test. Output files list records sorted
by id, one JSON object per line.

This script was run once, on 2026-11-25, to create tune.jsonl and test.jsonl.
It is kept to document how the split was made. Do not re-run it over the
existing files: records found later are appended to tune.jsonl by hand.
"""
import argparse
import json
import math
import os
import random
import sys
from collections import defaultdict


def id_key(rid):
    actor, _, num = rid.rpartition("-")
    return (actor, int(num)) if num.isdigit() else (rid, -1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("--tune", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--seed", default="20261125")
    ap.add_argument("--tune-share", type=float, default=0.6)
    ap.add_argument("--force", action="store_true", help="overwrite existing output files")
    args = ap.parse_args(argv)

    for path in (args.tune, args.test):
        if os.path.exists(path) and not args.force:
            sys.exit(f"split.py: {path} exists; refusing to overwrite (use --force)")

    records, seen = [], set()
    with open(args.input, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in seen:
                sys.exit(f"split.py: {args.input}:{lineno}: duplicate id {rec['id']}")
            seen.add(rec["id"])
            records.append(rec)

    groups = defaultdict(list)
    for rec in records:
        groups[(rec["actor"], rec["gold"]["label"])].append(rec)

    tune, test = [], []
    for (actor, label) in sorted(groups):
        group = sorted(groups[(actor, label)], key=lambda r: id_key(r["id"]))
        rng = random.Random(f"{args.seed}:{actor}:{label}")
        rng.shuffle(group)
        n_tune = int(math.floor(args.tune_share * len(group) + 0.5))
        tune.extend(group[:n_tune])
        test.extend(group[n_tune:])

    for path, part in ((args.tune, tune), (args.test, test)):
        part.sort(key=lambda r: id_key(r["id"]))
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            for rec in part:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"split.py: {len(records)} records -> tune {len(tune)}, test {len(test)}")


if __name__ == "__main__":
    main()

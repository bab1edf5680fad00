#!/usr/bin/env python3
"""Check the thaw dev corpus (stdlib only) and print its count tables.

Usage: python3 verify.py [FILE.jsonl ...]   (default: the three statement files)

Checks: every line is a JSON object with exactly the expected fields; ids are
unique across all files and look like "<actor>-NNNN"; dates are valid ISO
YYYY-MM-DD between 2022-03-01 and 2023-12-31; actor, kind and label are from
the allowed lists; score is an integer in -2..2 whose sign agrees with the
label. Exits 1 on any problem. Prints markdown tables for the README.
"""
import datetime
import json
import os
import re
import sys
from collections import Counter

ACTORS = ["yoon", "kishida", "biden", "mao_ning", "global_times", "opposition", "blinken",
          "hayashi", "park_jin", "kim_sung_han", "moon_jae_in", "andrew_yeo", "kohtaro_ito",
          "wang_wenbin"]
KINDS = ["quote", "paraphrase", "hard-negation", "hard-contrast", "hard-demand", "hard-sarcasm",
         "neutral-logistics", "off-topic", "plain"]
LABELS = ["warm", "neutral", "cold"]
FIELDS = {"id", "date", "actor", "text", "source", "gold", "kind"}
LO, HI = datetime.date(2022, 3, 1), datetime.date(2023, 12, 31)


def sign_label(score):
    return "warm" if score > 0 else "cold" if score < 0 else "neutral"


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    paths = argv or [os.path.join(here, "statements", name)
                     for name in ("tune.jsonl", "test.jsonl", "test-b.jsonl", "test-c.jsonl", "test-d.jsonl", "test-e.jsonl")]
    errors, ids, recs = [], {}, []
    for path in paths:
        split = os.path.basename(path).split(".")[0]
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                where = f"{path}:{n}"
                if not line.strip():
                    errors.append(f"{where}: blank line")
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{where}: bad JSON: {e}")
                    continue
                if not isinstance(r, dict) or set(r) != FIELDS:
                    errors.append(f"{where}: fields are {sorted(r) if isinstance(r, dict) else type(r)}")
                    continue
                rid = r["id"]
                if rid in ids:
                    errors.append(f"{where}: duplicate id {rid} (also {ids[rid]})")
                ids[rid] = where
                if r["actor"] not in ACTORS:
                    errors.append(f"{where}: unknown actor {r['actor']!r}")
                elif not re.fullmatch(re.escape(r["actor"]) + r"-\d{4}", rid):
                    errors.append(f"{where}: id {rid!r} does not match actor")
                try:
                    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]):
                        raise ValueError
                    d = datetime.date.fromisoformat(r["date"])
                    if not LO <= d <= HI:
                        errors.append(f"{where}: date {d} outside 2022-03..2023-12")
                except (ValueError, TypeError):
                    errors.append(f"{where}: bad date {r['date']!r}")
                if r["kind"] not in KINDS:
                    errors.append(f"{where}: unknown kind {r['kind']!r}")
                if not isinstance(r["text"], str) or not r["text"].strip():
                    errors.append(f"{where}: empty text")
                if not isinstance(r["source"], str) or not r["source"].strip():
                    errors.append(f"{where}: empty source")
                if r["kind"] == "quote" and r["source"].startswith("written:"):
                    errors.append(f"{where}: quote with a 'written:' source")
                if r["kind"] != "quote" and r["source"] != "written: paraphrase of position":
                    errors.append(f"{where}: written record with source {r['source']!r}")
                g = r["gold"]
                if not isinstance(g, dict) or set(g) != {"label", "score"}:
                    errors.append(f"{where}: bad gold {g!r}")
                    continue
                s = g["score"]
                if type(s) is not int or not -2 <= s <= 2:
                    errors.append(f"{where}: bad score {s!r}")
                elif g["label"] not in LABELS:
                    errors.append(f"{where}: bad label {g['label']!r}")
                elif sign_label(s) != g["label"]:
                    errors.append(f"{where}: label {g['label']} disagrees with score {s}")
                recs.append((split, r))

    splits = []
    for s, _ in recs:
        if s not in splits:
            splits.append(s)
    c = Counter((s, r["actor"], r["gold"]["label"]) for s, r in recs)
    print(f"records: {len(recs)} (" + ", ".join(f"{s} {sum(1 for x, _ in recs if x == s)}" for s in splits) + ")\n")
    head = ["actor"] + [f"{lab} {s}" for lab in LABELS for s in splits] + ["total"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for a in ACTORS + ["**all**"]:
        sel = ACTORS if a == "**all**" else [a]
        cells = [sum(c[(s, x, lab)] for x in sel) for lab in LABELS for s in splits]
        print(f"| {a} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |")
    print()
    lab_tot = Counter(r["gold"]["label"] for _, r in recs)
    print("labels: " + ", ".join(f"{lab} {lab_tot[lab]} ({100 * lab_tot[lab] / max(1, len(recs)):.0f}%)" for lab in LABELS))
    sc = Counter(r["gold"]["score"] for _, r in recs)
    print("scores: " + ", ".join(f"{k:+d}: {sc[k]}" for k in (2, 1, 0, -1, -2)))
    kc = Counter((s, r["kind"]) for s, r in recs)
    print("\n| kind | " + " | ".join(splits) + " | total |")
    print("|" + "---|" * (len(splits) + 2))
    for k in KINDS:
        cells = [kc[(s, k)] for s in splits]
        print(f"| {k} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

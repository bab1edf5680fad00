#!/usr/bin/env python3
"""Deterministic synthetic statement corpus for benchmarking thaw.

Writes N JSONL records {"id", "text", "actor", "date"} to stdout or --out.
Same seed + same lexicon files -> byte-identical output (Python's random
module guarantees its sequences for a given seed across 3.x releases).

The texts are not meant to be read; they are meant to exercise every path of
the scorer at realistic proportions:
  * mixed lengths (one short sentence to a long paragraph, ~260 bytes a line);
  * single and multiword terms of the shipped lexicons (valence, negators,
    boosters, dampeners, contrast, hedges, topic words, speech cues, actor
    aliases), wildcard terms with a suffix;
  * negation, contrast, hedges, '!' and '?', scare quotes, ALL CAPS,
    abbreviations (U.S., Mr., a.m.), numbers, hyphens, possessives;
  * ~7% of lines with non-ASCII punctuation or accented letters, ~3% with
    Korean, Japanese or Chinese, a few emoji;
  * ~25% of records without an actor, so speaker attribution runs.

Only the standard library is used.
"""

import argparse
import json
import random
import sys
from pathlib import Path

DEFAULT_LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

FILLER = (
    "the of and to in a that is was for on with as by at from it this which be has have "
    "had were are will would an its their they we our also after before about over into "
    "more than two both government officials ministers meeting week talks statement plan "
    "policy visit agreement region exports controls leaders summit press conference "
    "economic relations delegation issue years months decision public reporters officials' "
    "foundation compensation victims court ruling ministry spokesman spokeswoman companies "
    "trade security alliance defense drills data missile warning cooperation framework "
    "parliament lawmakers survey percent budget deal position process negotiations steps "
    "side sides neighbours partners record history today yesterday on Monday on Tuesday "
    "on Wednesday on Thursday on Friday during later earlier again still already"
).split()

SUFFIXES = ("", "s", "ed", "ing", "ion", "ive", "ly", "ment")

ABBREVIATED = (
    "the U.S. side", "Mr. Kishida", "Dr. Kim", "U.S. officials", "at 10 a.m. local time",
    "in the U.S. and Japan", "Prof. Lee", "Mrs. Park", "at 3 p.m. on Friday", "vs. last year",
    "e.g. the export curbs", "St. Louis", "Gen. Austin", "No. 1 priority",
)

NUMBERS = (
    "2023", "2019", "1965", "3.5 percent", "$1.2 billion", "40%", "12,000 people", "No. 3",
    "15", "200", "0.7", "1,500", "6 March", "the 1998 declaration", "G7", "K-pop",
)

NON_ASCII = (
    "\u201cfresh start\u201d", "Japan\u2019s", "Korea\u2019s", "\u2014 a turning point \u2014",
    "caf\u00e9 diplomacy", "na\u00efve", "d\u00e9tente", "\u00abnew chapter\u00bb", "\u2026",
    "Gyeongbokgung\u2019s gate", "the \u201cthird-party\u201d plan", "S\u00e3o Paulo",
    "\u00a510 billion", "\u20ac2 million", "\u00bd", "Pyeongchang \u2013 Seoul",
)

CJK = (
    "\uc724\uc11d\uc5f4 \ub300\ud1b5\ub839\uc740 \ud55c\uc77c \uad00\uacc4\uc758 \uc0c8\ub85c\uc6b4 \uc7a5\uc744 \uc5f4\uc5c8\ub2e4",
    "\u5cb8\u7530\u9996\u76f8\u306f\u65e5\u97d3\u95a2\u4fc2\u306e\u6539\u5584\u3092\u6b53\u8fce\u3057\u305f",
    "\u6bdb\u5b81\u8868\u793a\uff0c\u7f8e\u65e5\u97e9\u4e09\u8fb9\u5408\u4f5c\u662f\u51b7\u6218\u601d\u7ef4",
    "\ud658\uad6c\uc2dc\ubcf4\ub294 \uad74\uc695 \uc678\uad50\ub77c\uace0 \ube44\ud310\ud588\ub2e4",
    "\u65e5\u97d3\u9996\u8133\u4f1a\u8ac7\u304c\u6771\u4eac\u3067\u958b\u304b\u308c\u305f\u3002",
    "\u73af\u7403\u65f6\u62a5\u79f0\u97e9\u56fd\u6210\u4e3a\u7f8e\u56fd\u7684\u68cb\u5b50\u3002",
    "\ubbfc\uc8fc\ub2f9\uc740 \uad74\uc695\uc801\uc778 \ud569\uc758\ub77c\uace0 \ud588\ub2e4.",
    "\u30e6\u30f3\u5927\u7d71\u9818\u306f\u300c\u65b0\u3057\u3044\u6642\u4ee3\u300d\u3092\u5f37\u8abf\u3057\u305f",
)

EMOJI = ("\U0001F91D", "\U0001F1EF\U0001F1F5", "\U0001F1F0\U0001F1F7", "\U0001F44D", "\U0001F622")


def read_terms(path):
    """First column of a thaw lexicon file, comments and header skipped, in file order."""
    terms = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.rstrip("\n").rstrip("\r")
            if i == 0 or not line.strip() or line.lstrip().startswith("#"):
                continue
            terms.append(line.split("\t")[0].strip())
    return terms


def read_lexicons(root):
    lex = {}
    manifest = root / "manifest.tsv"
    for i, line in enumerate(manifest.read_text(encoding="utf-8").splitlines()):
        cols = line.split("\t")
        if i == 0 or line.startswith("#") or len(cols) < 2:
            continue
        role, rel = cols[0], cols[1]
        if role in ("valence", "negators", "boosters", "dampeners", "contrast", "hedges", "topic", "speech"):
            lex.setdefault(role, []).extend(read_terms(root / rel))
        elif role == "actors":
            actors = []
            for j, aline in enumerate((root / rel).read_text(encoding="utf-8").splitlines()):
                acols = aline.split("\t")
                if j == 0 or aline.startswith("#") or len(acols) != 5:
                    continue
                aliases = [a for a in acols[4].split("|") if a and all(ord(c) < 128 for c in a)]
                actors.append((acols[0], [acols[1]] + aliases))
            lex["actors"] = actors
    # Only ASCII terms go into the English text; the CJK lines come from CJK above.
    for k in list(lex):
        if k != "actors":
            lex[k] = [t for t in lex[k] if all(ord(c) < 128 for c in t)]
    return lex


class Generator:
    def __init__(self, lex, seed):
        self.r = random.Random(seed)
        self.lex = lex
        self.valence = lex["valence"]
        self.multi = [t for t in self.valence if " " in t]
        self.actor_ids = [a[0] for a in lex["actors"]]
        self.aliases = [alias for _, names in lex["actors"] for alias in names]

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def term(self, seq):
        t = self.pick(seq)
        if t.endswith("*"):
            t = t[:-1] + self.pick(SUFFIXES)
        return t

    def filler(self, lo, hi):
        return " ".join(self.pick(FILLER) for _ in range(self.r.randint(lo, hi)))

    def valence_phrase(self):
        r = self.r.random()
        parts = []
        if r < 0.20:
            parts.append(self.term(self.lex["negators"]))
            if self.r.random() < 0.3:
                parts.append(self.pick(("a", "the", "at all")))
        elif r < 0.35:
            parts.append(self.term(self.lex["boosters"]))
        elif r < 0.42:
            parts.append(self.term(self.lex["dampeners"]))
        if self.r.random() < 0.30:
            parts.append(self.pick(self.multi))
        else:
            parts.append(self.term(self.valence))
        phrase = " ".join(parts)
        if self.r.random() < 0.04:
            phrase = phrase.upper()
        elif self.r.random() < 0.03:
            phrase = '"' + phrase + '"'
        return phrase

    def subject(self):
        r = self.r.random()
        if r < 0.35:
            return self.pick(self.aliases)
        if r < 0.65:
            return "the " + self.term(self.lex["topic"])
        return "the " + self.filler(1, 2)

    def clause(self):
        r = self.r.random()
        bits = [self.subject(), self.filler(0, 3)]
        if r < 0.15:
            bits.insert(0, self.term(self.lex["hedges"]))
        bits.append(self.valence_phrase())
        bits.append(self.filler(0, 4))
        if self.r.random() < 0.25:
            bits.append(self.pick(NUMBERS if self.r.random() < 0.6 else ABBREVIATED))
        if self.r.random() < 0.3:
            bits.append(self.valence_phrase())
        return " ".join(b for b in bits if b)

    def sentence(self):
        r = self.r.random()
        if r < 0.18:
            body = self.clause() + ", " + self.pick(("but", "however", "yet")) + " " + self.clause()
        elif r < 0.24:
            body = self.term(self.lex["contrast"]) + " " + self.clause() + ", " + self.clause()
        elif r < 0.40:
            body = self.pick(self.aliases) + " " + self.term(self.lex["speech"]) + " " + self.clause()
        elif r < 0.48:
            body = self.clause() + ", " + self.term(self.lex["speech"]) + " " + self.pick(self.aliases)
        elif r < 0.53:
            body = self.pick(self.aliases) + ": " + self.clause()
        else:
            body = self.clause()
        body = body[0].upper() + body[1:]
        end = self.r.random()
        if end < 0.06:
            body += "!" * self.r.randint(1, 3)
        elif end < 0.12:
            body += "?"
        elif end < 0.15:
            body += "..."
        else:
            body += "."
        return body

    def text(self):
        r = self.r.random()
        n = 1 if r < 0.35 else 2 if r < 0.65 else 3 if r < 0.85 else self.r.randint(4, 8)
        sentences = [self.sentence() for _ in range(n)]
        text = " ".join(sentences)
        kind = self.r.random()
        if kind < 0.03:
            cjk = self.pick(CJK)
            text = cjk if self.r.random() < 0.5 else text + " " + cjk
        elif kind < 0.10:
            words = text.split(" ")
            for _ in range(self.r.randint(1, 3)):
                words.insert(self.r.randrange(len(words) + 1), self.pick(NON_ASCII))
            text = " ".join(words)
            if self.r.random() < 0.15:
                text += " " + self.pick(EMOJI)
        return text

    def record(self, i):
        rec = {"id": "syn-%07d" % i, "text": self.text()}
        rec["actor"] = self.pick(self.actor_ids) if self.r.random() < 0.75 else None
        rec["date"] = "%04d-%02d-%02d" % (self.r.randint(2022, 2024), self.r.randint(1, 12), self.r.randint(1, 28))
        return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--count", type=int, default=200_000, help="statements (default 200000)")
    ap.add_argument("--seed", type=int, default=20231, help="random seed (default 20231)")
    ap.add_argument("--lexicons", type=Path, default=DEFAULT_LEXICONS, help="lexicon folder with manifest.tsv")
    ap.add_argument("-o", "--out", type=Path, help="output file (default: stdout)")
    args = ap.parse_args()

    gen = Generator(read_lexicons(args.lexicons), args.seed)
    out = open(args.out, "w", encoding="utf-8", newline="\n") if args.out else sys.stdout
    try:
        for i in range(1, args.count + 1):
            out.write(json.dumps(gen.record(i), ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()


if __name__ == "__main__":
    main()

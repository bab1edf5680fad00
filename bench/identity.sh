#!/usr/bin/env bash
# Byte identity of two thaw builds: every speed-up must leave the output as
# it was. Runs both binaries over the same inputs and compares stdout,
# stderr, exit code and report files.
#
#   bench/identity.sh BASELINE_THAW CANDIDATE_THAW
#
# Inputs: corpus/ (with and without --model, --report, --include-narration),
# every file of tests/data (one job; two jobs with --model), the folder with
# and without --strict, the bench corpus (bench/out/corpus-200000.jsonl, made
# by bench/run.sh or bench/gen_corpus.py) with one and two jobs, its first
# 20,000 lines with --model and with a report, 300,000 lines of which a
# third repeat an earlier line (duplicate ids), and `thaw score` (JSON,
# --explain, --model) on eight texts. Prints SAME or DIFF per run, then ok=1
# or ok=0 (exit status 1).
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
B=$(realpath "${1:?baseline thaw binary}")
C=$(realpath "${2:?candidate thaw binary}")
L=$root/lexicons
bench="$root/bench/out/corpus-200000.jsonl"
[ -s "$bench" ] || python3 "$root/bench/gen_corpus.py" -n 200000 --lexicons "$L" -o "$bench"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
head -20000 "$bench" > "$T/bench20k.jsonl"
python3 - "$bench" "$T/dups300k.jsonl" <<'PY'
import random, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
r = random.Random(7)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(300000):
        out.write(lines[r.randrange(len(lines))] if i % 3 == 0 else lines[i % len(lines)])
PY

fail=0
run() {  # NAME ARGS...: runs both in $T/run (where --report rep.json lands)
  local name=$1; shift
  mkdir -p "$T/run"
  (cd "$T/run" && rm -f rep.json && "$B" "$@" >../b.out 2>../b.err; echo $? >../b.rc; [ -f rep.json ] && mv rep.json ../b.rep; true)
  (cd "$T/run" && rm -f rep.json && "$C" "$@" >../c.out 2>../c.err; echo $? >../c.rc; [ -f rep.json ] && mv rep.json ../c.rep; true)
  if cmp -s "$T/b.out" "$T/c.out" && cmp -s "$T/b.err" "$T/c.err" && cmp -s "$T/b.rc" "$T/c.rc" &&
     { [ ! -f "$T/b.rep" ] || cmp -s "$T/b.rep" "$T/c.rep"; }; then
    echo "SAME  $name ($(wc -l <"$T/b.out") lines, exit $(cat "$T/b.rc"))"
  else
    echo "DIFF  $name"
    fail=1
  fi
  rm -f "$T"/b.* "$T"/c.*
}

run corpus batch --lexicons "$L" "$root/corpus"
run corpus-model batch --model --lexicons "$L" "$root/corpus"
run corpus-report batch --lexicons "$L" "$root/corpus" --report rep.json --by actor,month
run corpus-model-report-j1 batch --jobs 1 --model --lexicons "$L" "$root/corpus" --report rep.json
run corpus-narration batch --include-narration --lexicons "$L" "$root/corpus"
while IFS= read -r f; do
  run "data:${f#"$root"/tests/data/}" batch --jobs 1 --lexicons "$L" "$f"
  run "data-model:${f#"$root"/tests/data/}" batch --jobs 2 --model --allow-new-actors --lexicons "$L" "$f"
done < <(find "$root/tests/data" -type f \( -name '*.jsonl' -o -name '*.txt' -o -name '*.md' \) | sort)
run data-folder batch --lexicons "$L" "$root/tests/data"
run data-folder-strict batch --strict --lexicons "$L" "$root/tests/data"
run bench20k-model batch --jobs 1 --model --lexicons "$L" "$T/bench20k.jsonl"
run bench20k-report batch --jobs 2 --lexicons "$L" "$T/bench20k.jsonl" --report rep.json --by actor,month
run bench200k-j1 batch --jobs 1 --lexicons "$L" "$bench"
run bench200k-j2 batch --jobs 2 --lexicons "$L" "$bench"
run dups300k-j2 batch --jobs 2 --lexicons "$L" "$T/dups300k.jsonl"
for t in 'Seoul and Tokyo have opened a "new chapter" of trust.' \
         'The opposition calls it a humiliating, submissive deal\\ and a disgrace.' \
         'Kishida said the two countries would restore trust. \xea\xb0\x95\xec\xa0\x9c\xec\xa7\x95\xec\x9a\xa9 \xeb\xb0\xb0\xec\x83\x81' \
         'caf\xc3\xa9 not a great deal at all!!!' '\xe6\x97\xa5\xe9\x9f\x93\xe9\x96\xa2\xe4\xbf\x82\xe3\x81\xae\xe6\x94\xb9\xe5\x96\x84\xe3\x80\x82' \
         'NOT a "historic" deal, but Japan\xe2\x80\x99s apology is welcome?' 'bad \xff\xfe utf8 text' ''; do
  text="$(printf "$t")"
  run "score:$t" score --lexicons "$L" "$text"
  run "score-explain:$t" score --explain --lexicons "$L" "$text"
  run "score-model:$t" score --explain --model --lexicons "$L" "$text"
done
echo "ok=$((1 - fail))"
exit "$fail"

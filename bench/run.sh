#!/usr/bin/env bash
# Benchmark thaw against its tokenizer-only reference and the npm peers VADER
# and AFINN, over one synthetic corpus, in one run (issue 7).
#
#   bench/run.sh [N]          N statements (default 200000)
#
# Environment:
#   RUNS=5          timed runs of each program, interleaved; the median counts
#   BUILD_DIR=...   build folder (default build-bench beside bench/)
#   SKIP_PEERS=1    leave out VADER and AFINN (no node/npm needed)
#   SKIP_RSS=1      leave out the 10,000 vs 1,000,000 peak-RSS check
#   SKIP_MICRO=1    leave out the Google Benchmark micro-benchmarks
#   RSS_BIG=1000000 size of the large corpus of the RSS check
#
# It builds Release (the reference pins -O2 itself) in its own folder, generates the
# corpus with bench/gen_corpus.py (seeded: the same file every time), checks
# that the tokenizer's ASCII fast path gives ICU's tokens on all of it, installs
# vader-sentiment and sentiment into bench/node_modules (ignored by git), and
# prints a Markdown table to stdout and to bench/out/results.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
N="${1:-200000}"
RUNS="${RUNS:-5}"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
RSS_BIG="${RSS_BIG:-1000000}"
out="$here/out"
mkdir -p "$out"

say() { echo "== $*" >&2; }

# ---- tools -------------------------------------------------------------------
apt_install() {  # best effort: only as root with apt-get
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $*"
    (apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1; }) || true
  fi
}
[ -x /usr/bin/time ] || apt_install time
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package 'time') for peak RSS" >&2; exit 1; }
command -v hyperfine >/dev/null || apt_install hyperfine
dpkg -s libbenchmark-dev >/dev/null 2>&1 || [ -n "$(find /usr -name benchmarkConfig.cmake 2>/dev/null | head -1)" ] || apt_install libbenchmark-dev
if [ -z "${SKIP_PEERS:-}" ]; then
  command -v node >/dev/null && command -v npm >/dev/null || { echo "needs node and npm for the peers (or SKIP_PEERS=1)" >&2; exit 1; }
  if [ ! -d "$here/node_modules/vader-sentiment" ] || [ ! -d "$here/node_modules/sentiment" ]; then
    say "installing vader-sentiment and sentiment into bench/node_modules"
    npm install --prefix "$here" --no-save --no-package-lock --no-audit --no-fund --silent \
      vader-sentiment@1.1.3 sentiment@5.0.2 >&2
  fi
fi

# ---- build -------------------------------------------------------------------
say "building Release in $BUILD_DIR"
gen=()
# Ninja if there is one, unless the folder is already configured (with another generator).
[ -f "$BUILD_DIR/CMakeCache.txt" ] || ! command -v ninja >/dev/null || gen=(-G Ninja)
cmake -S "$root" -B "$BUILD_DIR" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DTHAW_BUILD_BENCH=ON -DTHAW_BUILD_TESTS=ON >/dev/null
cmake --build "$BUILD_DIR" --target thaw_cli thaw_tokenize_ref thaw_microbench test_tokenizer_fastpath -j "$(nproc)" >/dev/null
thaw="$BUILD_DIR/cli/thaw"
tokref="$BUILD_DIR/bench/thaw_tokenize_ref"
lex="$root/lexicons"

# ---- corpus ------------------------------------------------------------------
corpus() {  # corpus N -> path, generated once
  local f="$out/corpus-$1.jsonl"
  if [ ! -s "$f" ] || [ "$here/gen_corpus.py" -nt "$f" ]; then
    say "generating $1 statements"
    python3 "$here/gen_corpus.py" -n "$1" --lexicons "$lex" -o "$f.tmp" && mv "$f.tmp" "$f"
  fi
  echo "$f"
}
file="$(corpus "$N")"
bytes=$(stat -c %s "$file")

say "checking the tokenizer's fast path against ICU on all $N statements"
"$BUILD_DIR/tests/test_tokenizer_fastpath" --run_test=bench_corpus_tokens_match_icu -- --corpus "$file" >&2

# ---- timed runs --------------------------------------------------------------
names=("thaw batch --jobs 1" "thaw batch --jobs 2" "tokenizer-only reference (ICU, C++ -O2)")
cmds=("$thaw batch --jobs 1 --lexicons $lex $file" "$thaw batch --jobs 2 --lexicons $lex $file" "$tokref $file")
outs=("thaw-j1" "thaw-j2" "tokref")
if [ -z "${SKIP_PEERS:-}" ]; then
  names+=("AFINN (npm sentiment, comparative)" "VADER (npm vader-sentiment, compound)")
  cmds+=("node $here/peer_afinn.js $file" "node $here/peer_vader.js $file")
  outs+=("afinn" "vader")
fi
declare -A wall rss
for ((r = 1; r <= RUNS; r++)); do
  for i in "${!cmds[@]}"; do
    say "run $r/$RUNS: ${names[$i]}"
    /usr/bin/time -f "%e %M" -o "$out/time.txt" ${cmds[$i]} >"$out/${outs[$i]}.out" 2>"$out/${outs[$i]}.err" ||
      { cat "$out/${outs[$i]}.err" >&2; exit 1; }
    read -r w m <"$out/time.txt"
    wall[$i]+="$w "
    rss[$i]+="$m "
  done
done
cmp -s "$out/thaw-j1.out" "$out/thaw-j2.out" || { echo "--jobs 1 and --jobs 2 outputs differ" >&2; exit 1; }

# What two cores give here at all: two copies of the reference at once. On a
# machine whose two CPUs share one core's time this is near 1, and no --jobs 2
# can do better.
say "two reference processes at once"
pair=()
for ((r = 1; r <= RUNS; r++)); do
  start=$(date +%s.%N)
  "$tokref" "$file" >/dev/null & "$tokref" "$file" >/dev/null & wait
  pair+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f", b - a}')")
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A W M
for i in "${!cmds[@]}"; do
  W[$i]=$(echo "${wall[$i]}" | median)
  M[$i]=$(echo "${rss[$i]}" | median)
done

# ---- peak RSS as the corpus grows, and one statement from a fresh process ------
rss_rows=""
if [ -z "${SKIP_RSS:-}" ]; then
  small="$(corpus 10000)"
  big="$(corpus "$RSS_BIG")"
  for j in 1 2; do
    for f in "$small" "$big"; do
      /usr/bin/time -f "%M" -o "$out/time.txt" "$thaw" batch --jobs $j --lexicons "$lex" "$f" >/dev/null 2>&1
      rss_rows+="| thaw batch --jobs $j | $(wc -l <"$f") | $(awk '{printf "%.1f", $1/1024}' "$out/time.txt") |"$'\n'
    done
  done
fi

statement="Seoul and Tokyo have opened a new chapter, but the opposition calls it a humiliating deal."
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 --export-json "$out/score.json" \
    "$thaw score --lexicons $lex '$statement'" >/dev/null 2>&1 ||
    hyperfine --warmup 5 --runs 50 --export-json "$out/score.json" "$thaw score --lexicons $lex '$statement'" >/dev/null
  score_ms=$(python3 -c "import json; r=json.load(open('$out/score.json'))['results'][0]; print('%.1f' % (r['median']*1000))")
  score_how="hyperfine, median of 50 after 5 warm-up runs"
else
  score_ms=$(python3 - "$thaw" "$lex" "$statement" <<'EOF'
import statistics, subprocess, sys, time
cmd = [sys.argv[1], "score", "--lexicons", sys.argv[2], sys.argv[3]]
for _ in range(5): subprocess.run(cmd, stdout=subprocess.DEVNULL)
t = []
for _ in range(50):
    s = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL); t.append(time.perf_counter() - s)
print("%.1f" % (statistics.median(t) * 1000))
EOF
)
  score_how="python loop, median of 50 after 5 warm-up runs"
fi

# ---- report ------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v x="$1" -v t="$2" -v op="$3" 'BEGIN {ok = (op == ">=") ? x >= t : x <= t; print ok ? "holds" : "missed"}'; }
{
  echo "### thaw speed: $N synthetic statements, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}') MB of JSONL, median of $RUNS interleaved runs"
  echo
  echo "| program | wall s | statements/s | MB/s | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|"
  for i in "${!cmds[@]}"; do
    awk -v name="${names[$i]}" -v w="${W[$i]}" -v n="$N" -v b="$bytes" -v m="${M[$i]}" \
      'BEGIN {printf "| %s | %.2f | %d | %.1f | %.1f |\n", name, w, n / w, b / w / 1e6, m / 1024}'
  done
  echo
  t1=$(ratio "${W[2]}" "${W[0]}")
  j2=$(ratio "${W[0]}" "${W[1]}")
  echo "| target | measured | |"
  echo "|---|---:|---|"
  echo "| --jobs 1 throughput ≥ 0.5× the tokenizer-only reference | ${t1}× | $(verdict "$t1" 0.5 ">=") |"
  if [ -z "${SKIP_PEERS:-}" ]; then
    ta=$(ratio "${W[3]}" "${W[0]}")
    tv=$(ratio "${W[4]}" "${W[0]}")
    echo "| --jobs 1 ≥ 2× AFINN | ${ta}× | $(verdict "$ta" 2 ">=") |"
    echo "| --jobs 1 ≥ 30× VADER | ${tv}× | $(verdict "$tv" 30 ">=") |"
  fi
  pair_w=$(echo "${pair[*]}" | median)
  capacity=$(awk -v one="${W[2]}" -v two="$pair_w" 'BEGIN {printf "%.2f", 2 * one / two}')
  echo "| --jobs 2 ≥ 1.7× --jobs 1 | ${j2}× | $(verdict "$j2" 1.7 ">=") (two reference processes at once: ${capacity}× one) |"
  if [ -n "$rss_rows" ]; then
    maxrss=$(echo "$rss_rows" | awk -F'|' 'NF > 3 && $4 + 0 > m {m = $4 + 0} END {print m}')
    echo "| peak RSS ≤ 64 MB, flat from 10,000 to $RSS_BIG statements | ${maxrss} MB max | $(verdict "$maxrss" 64 "<=") |"
  fi
  echo "| \`thaw score\` one statement, fresh process ≤ 15 ms | ${score_ms} ms | $(verdict "$score_ms" 15 "<=") |"
  echo
  if [ -n "$rss_rows" ]; then
    echo "| peak RSS | statements | MB |"
    echo "|---|---:|---:|"
    printf "%s" "$rss_rows"
    echo
  fi
  echo "\`thaw score\`: $score_how. Output of --jobs 1 and --jobs 2 compared: byte-identical."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
    "$(uname -sr); $(c++ --version | head -1); ICU $(pkg-config --modversion icu-uc 2>/dev/null || echo '?');" \
    "node $(node --version 2>/dev/null || echo '-')."
} | tee "$out/results.md"

if [ -z "${SKIP_MICRO:-}" ]; then
  say "micro-benchmarks (Google Benchmark) on the same corpus"
  THAW_BENCH_CORPUS="$file" "$BUILD_DIR/bench/thaw_microbench" --benchmark_min_time=0.3 | tee "$out/micro.txt"
fi

#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz (clang, ASan + UBSan) and runs each
# for FUZZ_SECONDS (default 60). Fails if any target crashes, leaks, hangs
# (one input over FUZZ_TIMEOUT seconds) or runs out of memory; the input that
# did it is kept in build-fuzz/artifacts/. Seeds come from tests/data and the
# shipped lexicons; the corpus grown in build-fuzz/corpus/ is reused next run.
#
# Usage: .ci/fuzz.sh [TARGET...]   targets: jsonl tokenizer lexicon score article
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl tokenizer lexicon score article)

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# -O1 with line tables, as libFuzzer's documentation builds its targets: it
# compiles about three times faster than RelWithDebInfo's -O2 -g under the
# sanitizers, and a crash's stack trace needs no more.
# A folder configured already (CI's sanitizer build, made WITH_FUZZERS=1) keeps
# its tests and generator.
tests=()
if [ -f "$build/CMakeCache.txt" ]; then generator=(); else tests=(-DTHAW_BUILD_TESTS=OFF); fi
CXX=${CXX:-clang++} cmake -S "$root" -B "$build" "${generator[@]}" -DTHAW_FUZZ=ON "${tests[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${FUZZ_FLAGS:--O1 -g1}" >/dev/null
cmake --build "$build" --target thaw_fuzzers -j "${JOBS:-2}"

# seed TARGET PREFIX FILE...: every line of FILE as one seed, after a first
# byte PREFIX (octal) that the target reads as a selector (see fuzz/targets.hpp).
seed_lines() {
  local target=$1 prefix=$2; shift 2
  local dir=$build/seeds/$target
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] || continue
    local tmp; tmp=$(mktemp -d)
    split -l 1 -a 5 "$f" "$tmp/"
    for piece in "$tmp"/*; do
      [ -e "$piece" ] || continue
      { printf "$prefix"; cat "$piece"; } >"$dir/$(basename "$f")-$(basename "$piece")"
    done
    rm -rf "$tmp"
  done
}
seed_files() {
  local target=$1 prefix=$2; shift 2
  mkdir -p "$build/seeds/$target"
  for f in "$@"; do
    [ -f "$f" ] && { printf "$prefix"; cat "$f"; } >"$build/seeds/$target/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  return 0
}
language_of() {  # the selector byte for an article file's language
  case $1 in *korean*) echo '\001' ;; *japanese*) echo '\002' ;; *chinese*) echo '\003' ;; *) echo '\000' ;; esac
}

rm -rf "$build/seeds"
shopt -s nullglob globstar
jsonl_files=("$root"/tests/data/**/*.jsonl)
seed_lines jsonl '' "${jsonl_files[@]}"
seed_files jsonl '' "${jsonl_files[@]}"
for f in "$root"/tests/data/articles/*.txt; do
  seed_lines tokenizer "$(language_of "$f")" "$f"
  seed_lines score "$(language_of "$f")" "$f"
done
seed_lines tokenizer '\000' "$root"/tests/data/mini/selftest.tsv "$root"/lexicons/en/selftest.tsv
seed_lines score '\000' "$root"/tests/data/mini/selftest.tsv "$root"/lexicons/en/selftest.tsv
for f in "$root"/tests/data/mini/*.tsv "$root"/lexicons/*/*.tsv; do
  case $(basename "$f") in
    manifest.tsv) ;;
    stance.tsv) { printf '\003'; head -n 60 "$f"; } >"$build/seeds/lexicon/stance-head.tsv" ;;
    selftest.tsv) seed_files lexicon '\001' "$f" ;;
    *) seed_files lexicon '\000' "$f" ;;
  esac
done
seed_files lexicon '\002' "$root"/lexicons/actors.tsv
seed_files article '\000' "$root"/tests/data/articles/*.txt
seed_files article '\001' "$root"/tests/data/articles/*.txt
# Inputs that once crashed are seeds too, so a fix stays fixed under fuzzing.
for t in "${targets[@]}"; do
  for f in "$root"/tests/data/fuzz-regressions/"$t"/*; do cp "$f" "$build/seeds/$t/regression-$(basename "$f")"; done
done

status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/artifacts"
  dict=()
  [ -f "$root/fuzz/$t.dict" ] && dict=(-dict="$root/fuzz/$t.dict")
  max_len=8192
  [ "$t" = lexicon ] && max_len=32768
  echo "== fuzz_$t: ${seconds}s"
  if ! "$build/fuzz/fuzz_$t" "$build/corpus/$t" "$build/seeds/$t" "${dict[@]}" \
      -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len="$max_len" \
      -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 2>"$build/fuzz_$t.log"; then
    status=1
    echo "fuzz_$t FAILED; the input is in $build/artifacts/ (log: $build/fuzz_$t.log)."
    echo "Add it to tests/data/fuzz-regressions/$t/ once fixed."
    tail -n 40 "$build/fuzz_$t.log"
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$build/fuzz_$t.log" || true
  fi
done
exit $status

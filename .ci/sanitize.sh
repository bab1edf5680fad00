#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer
# (THAW_SANITIZE=ON) in build-asan and runs the whole ctest suite, CLI tests
# included: the thaw binary they run is instrumented too.
#
# A sanitizer report exits 86, not thaw's own 1 ("bad input"), so a CLI test
# expecting exit 1 cannot mistake a memory error for a refused record; the
# report on stderr also fails every test that checks stderr.
#
# Built with clang at -O1 with line tables only (-g1) unless CXX says
# otherwise: the sanitizers' own advice, and three times faster to compile
# than GCC at RelWithDebInfo's -O2 -g (evaluate_command.cpp: 45 s against
# 139 s), which was most of CI's time. Line tables are all a report's stack
# trace needs. Without clang, the system compiler builds it the same way.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${SANITIZE_BUILD_DIR:-$root/build-asan}
jobs=${JOBS:-2}

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ -z "${CXX:-}" ] && command -v clang++ >/dev/null; then export CXX=clang++; fi
# WITH_FUZZERS=1 (CI): the libFuzzer targets too, in the same folder, for
# .ci/fuzz.sh to run with FUZZ_BUILD_DIR pointing here. One instrumented
# library for both saves a second build of it (about 4 minutes of CI); the
# tests then run on a library with fuzzing's coverage hooks, a few percent
# slower (92 s -> 109 s for the suite here).
fuzz=()
[ -n "${WITH_FUZZERS:-}" ] && fuzz=(-DTHAW_FUZZ=ON)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${SANITIZE_FLAGS:--O1 -g1}" -DTHAW_SANITIZE=ON "${fuzz[@]}" >/dev/null
cmake --build "$build" -j "$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86:check_initialization_order=1:strict_init_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=86}
export LSAN_OPTIONS=${LSAN_OPTIONS:-exitcode=86}
ctest --test-dir "$build" --output-on-failure -j "$jobs"

#!/usr/bin/env bash
# Reproduces the README's accuracy table: thaw (lexicons alone, and with the
# learned stance layer, --model), VADER and AFINN on the tuning
# part and the five held-out parts (test, test-b … test-e) of the gold corpus. Installs its npm packages into
# bench/accuracy/node_modules (ignored by git). Not part of the unit tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
thaw="${THAW:-$root/build/cli/thaw}"
[ -x "$thaw" ] || { echo "build thaw first (cmake --build build), or set THAW=path" >&2; exit 1; }
command -v node >/dev/null || { echo "needs node and npm (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -d "$here/node_modules/vader-sentiment" ] || [ ! -d "$here/node_modules/sentiment" ]; then
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
args=()
for part in tune test test-b test-c test-d test-e; do
  gold="$root/corpus/statements/$part.jsonl"
  "$thaw" batch "$gold" -o "$out/$part.jsonl" 2>/dev/null
  "$thaw" batch --model "$gold" -o "$out/$part.model.jsonl" 2>/dev/null
  args+=("$gold" "$out/$part.jsonl" "$out/$part.model.jsonl")
done
node "$here/compare.mjs" "${args[@]}"

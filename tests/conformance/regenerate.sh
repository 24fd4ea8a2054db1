#!/usr/bin/env bash
# Regenerates the expected results of the conformance corpus with the Go oracle:
# every tests/conformance/cases/NAME.jsonl (cases without expectations) becomes
# tests/conformance/corpus/NAME.jsonl (cases + "expected"). corpus/public.jsonl
# (the team's public gotmpl-oracle corpus, plain Sprig) is re-checked, not rewritten.
# Review the diff before committing. Needs Go only here; CI reads the corpus.
set -euo pipefail
# time.Local is UTC for every rendering (date, toDate, fromYaml/fromTOML offsets); the test pins the same.
export TZ=UTC
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ORACLE="$("$HERE/build-oracle.sh")"
status=0
for cases in "$HERE"/cases/*.jsonl; do
  name="$(basename "$cases")"
  out="$HERE/corpus/$name"
  if ! "$ORACLE" -corpus < "$cases" > "$out.tmp"; then
    echo "regenerate: $name: the oracle dropped cases (see above)" >&2
    status=1
  fi
  mv -f "$out.tmp" "$out"
  printf '%-32s %5d cases\n' "$name" "$(wc -l < "$out")" >&2
done
# The public corpus must still be reproduced byte for byte by this oracle.
if ! "$ORACLE" -corpus < "$HERE/corpus/public.jsonl" | cmp -s - "$HERE/corpus/public.jsonl"; then
  echo "regenerate: the oracle no longer reproduces corpus/public.jsonl" >&2
  status=1
fi
exit $status

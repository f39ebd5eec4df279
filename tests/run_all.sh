#!/usr/bin/env bash
# Runs every test: the cmocka binaries given as arguments, then the end-to-end checks.
# Prints one closing line "tests: N passed, M failed" and exits non-zero when any failed.
cd "$(dirname "$0")/.."
passed=0 failed=0
for t in "$@"; do
  if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
for t in tests/e2e_*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  if bash "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

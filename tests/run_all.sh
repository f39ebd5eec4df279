#!/usr/bin/env bash
# Runs every test: the cmocka binaries given as arguments, then the end-to-end scripts
# (tests/e2e_*.sh). Adds up the individual tests each reports and prints one closing line,
# "tests: N passed, M failed"; exits non-zero when anything failed.
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0 failed=0 broken=""
count() {   # adds the counts a runner printed; a runner that failed without saying so counts 1
  local status=$1 p f
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^e2e: \([0-9]*\) passed.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^e2e: [0-9]* passed, \([0-9]*\) failed/\1/p' "$log" | tail -1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
}
for t in "$@" tests/e2e_*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  case "$t" in *.sh) bash "$t" ;; *) "$t" ;; esac 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  count "$status"
  [ "$status" -eq 0 ] || broken="$broken $t"
done
[ -z "$broken" ] || echo "failing:$broken"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$broken" ]

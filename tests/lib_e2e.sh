# lib_e2e — what the end-to-end scripts (tests/e2e_*.sh) share; sourced, not run. Moves to the
# project's top folder and makes a scratch folder $tmp (removed on exit); `check "what"
# command...` runs one check, printing "ok" or "FAIL" (with the end of the command's output);
# `exit_code N command...` runs a command into $tmp/out and $tmp/err and succeeds when it exits
# with N; `finish` prints the "e2e: N passed, M failed" line tests/run_all.sh counts and returns
# the status.
set -u
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "/tmp/dibaosim-$(basename "$0" .sh)-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0 checks=0
py=/usr/bin/python3
check() {
  local what=$1; shift
  checks=$((checks + 1))
  if "$@" >"$tmp/check.log" 2>&1; then
    echo "ok   $what"
  else
    echo "FAIL $what"
    tail -n 20 "$tmp/check.log"
    fails=$((fails + 1))
  fi
}
exit_code() {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  [ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*"; cat "$tmp/err"; return 1; }
}
finish() {
  echo "e2e: $((checks - fails)) passed, $fails failed"
  [ "$fails" -eq 0 ]
}

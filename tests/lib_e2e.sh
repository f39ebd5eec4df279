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
# A small calibration case in $tmp: spec.yaml (two regions, 10,000 persons) and targets.yaml (made-up
# recipients, tuning each region's zero-income share).
small_calibration_case() {
  cat > "$tmp/spec.yaml" <<'YAML'
persons: {Loufan: 6000, Yangqu: 4000}
income: {zero_share: {Loufan: 0.12, Yangqu: 0.06}}
YAML
  cat > "$tmp/targets.yaml" <<'YAML'
year: 2016
targets:
  - {measure: recipients, region: Loufan, value: 3000, source: "made up"}
  - {measure: recipients, region: Yangqu, value: 1900, source: "made up"}
tune:
  - {key: income.zero_share, region: Loufan, min: 0, max: 0.5}
  - {key: income.zero_share, region: Yangqu, min: 0, max: 0.5}
YAML
}
finish() {
  echo "e2e: $((checks - fails)) passed, $fails failed"
  [ "$fails" -eq 0 ]
}

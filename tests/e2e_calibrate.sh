#!/usr/bin/env bash
# End-to-end checks of `calibrate`: --starts screens the spec's values and further points and
# prints each one's objective; a calibrated spec given back with one evaluation comes out with the
# same values; a value left at a bound of its tuned range is warned of on stderr; bad --starts
# values exit 2 with a clear message.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
small_calibration_case
calibrate() { ./dibaosim calibrate "$tmp/spec.yaml" $base --targets "$tmp/targets.yaml" --threads 2 "$@"; }

check "calibrate --starts 4" exit_code 0 calibrate --out "$tmp/c1.yaml" --starts 4 --evaluations 60
check "it prints every start's objective" bash -c "grep -q '^calibrate Loufan: start 4 of 4, objective' '$tmp/err' && grep -q '^calibrate Yangqu: start 1 of 4, objective' '$tmp/err'"
check "it meets the targets" grep -q "2 of 2 targets met" "$tmp/out"
check "no value at a bound, no warning" bash -c "! grep -q warning '$tmp/err'"
check "again, 1 thread: the same spec" bash -c "./dibaosim calibrate '$tmp/spec.yaml' $base --targets '$tmp/targets.yaml' --threads 1 --out '$tmp/c2.yaml' --starts 4 --evaluations 60 >/dev/null 2>&1 && diff <(grep -v '^#' '$tmp/c1.yaml') <(grep -v '^#' '$tmp/c2.yaml')"
check "restart from the calibrated spec, 1 evaluation" exit_code 0 ./dibaosim calibrate "$tmp/c1.yaml" $base --targets "$tmp/targets.yaml" --out "$tmp/c3.yaml" --evaluations 1
check "it keeps the calibrated values" diff <(sed -n '/^income:/,$p' "$tmp/c1.yaml") <(sed -n '/^income:/,$p' "$tmp/c3.yaml")

# Loufan's 3000 recipients need a zero-income share beyond 0.15: it stays at its upper bound.
sed 's/region: Loufan, min: 0, max: 0.5/region: Loufan, min: 0.01, max: 0.15/' "$tmp/targets.yaml" > "$tmp/narrow.yaml"
check "calibrate with a range too narrow" exit_code 0 ./dibaosim calibrate "$tmp/spec.yaml" $base --targets "$tmp/narrow.yaml" --out "$tmp/c4.yaml" --evaluations 60
check "warns of the value at its bound" grep -Eq "^calibrate: warning: income\.zero_share \(Loufan\) = (0\.149[0-9]*|0\.15) is at its upper bound 0\.15 \(tune range 0\.01-0\.15\)$" "$tmp/err"
check "one warning only" test "$(grep -c warning "$tmp/err")" -eq 1

for bad in 0 -1 x 2.5 ""; do
  check "--starts '$bad' exits 2" exit_code 2 calibrate --out "$tmp/c5.yaml" --starts "$bad"
  check "--starts '$bad' says so" grep -qF "dibaosim: --starts takes a whole number from 1 to 100000, not '$bad'" "$tmp/err"
done
check "--starts above --evaluations exits 2" exit_code 2 calibrate --out "$tmp/c5.yaml" --starts 20 --evaluations 10
check "--starts above --evaluations says so" grep -q "calibrate: --starts 20 exceeds --evaluations 10" "$tmp/err"
check "a bad --starts writes nothing" test ! -e "$tmp/c5.yaml"

finish

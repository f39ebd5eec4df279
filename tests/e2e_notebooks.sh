#!/usr/bin/env bash
# Executes every notebook in notebooks/ with jupyter nbconvert (Debian's jupyter-nbconvert and
# python3-ipykernel, run by /usr/bin/python3) on small results files made here: a comparison on
# the calibrated Taiyuan population at scale 0.05, the uncertainty analysis with 20 replications,
# and the standard sweep. Each notebook must run without error, save its figures and show them
# inline (so that an HTML export holds the charts).
. "$(dirname "$0")/lib_e2e.sh"
pop="populations/taiyuan-rural-2016-calibrated.yaml --scale 0.05"
printf 'extends: %s/scenarios/analysis/uncertainty.yaml\nsensitivity: {replications: 20}\n' "$PWD" > "$tmp/uncertainty.yaml"
check "results: compare" ./dibaosim compare scenarios/taiyuan-2016-baseline.yaml scenarios/reform-raise-standard.yaml \
  scenarios/reform-family-unit.yaml --population $pop --out "$tmp/compare.h5"
check "results: sensitivity" ./dibaosim run "$tmp/uncertainty.yaml" --population $pop --out "$tmp/uncertainty.h5"
check "results: sweep" ./dibaosim run scenarios/analysis/standard-sweep.yaml --population $pop --out "$tmp/sweep.h5"
export DIBAOSIM_RESULTS="$tmp/compare.h5" DIBAOSIM_SENSITIVITY="$tmp/uncertainty.h5"
export DIBAOSIM_SWEEP="$tmp/sweep.h5" DIBAOSIM_FIGURES="$tmp/figures"
declare -A figures=(
  [reform-comparison]="reform-comparison.png reform-cost-change.png"
  [cash-flow-projection]="cash-flow.png fund-needs.png"
  [sensitivity]="sensitivity-fan.png sensitivity-tornado.png"
  [standard-sweep]="standard-sweep.png"
  [validation]="validation.png recipients-index.png"
)
for notebook in notebooks/*.ipynb; do
  name=$(basename "$notebook" .ipynb)
  check "$name runs" /usr/bin/python3 -m nbconvert --to notebook --execute --output-dir "$tmp/executed" "$notebook"
  # its charts are in the executed notebook, so an HTML export shows them
  check "$name shows its charts inline" /usr/bin/python3 - "$tmp/executed/$name.ipynb" "${figures[$name]:-}" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
images = sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
assert images >= len(sys.argv[2].split()), (images, sys.argv[2])
PY
  for figure in ${figures[$name]:-}; do
    check "$name saved $figure" bash -c "[ -s '$tmp/figures/$figure' ] && file '$tmp/figures/$figure' | grep -q 'PNG image'"
  done
  [ -n "${figures[$name]:-}" ] || check "$name has its figures listed in this test" false
done
finish

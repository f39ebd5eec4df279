#!/usr/bin/env bash
# One round of the default population's calibration, each county on its own core:
#   tools/calibrate-by-region.sh FROM.yaml OUT.yaml [EVALUATIONS] [STARTS]
# For each region of populations/taiyuan-2016-targets.yaml, a copy of the targets file keeping
# only that region's `tune:` entries (every figure still counts), then `dibaosim calibrate FROM
# scenarios/taiyuan-2016-baseline.yaml` on it (one thread each, both at once); the regions'
# tuned values are merged into OUT, a spec extending taiyuan-rural-2016.yaml and naming the
# targets file; then tools/derive-scenario.py re-derives the baseline scenario's derived values on
# OUT (temporary assistance's shock probability and payout share, which is why the calibration
# gives the temporary figures weight 0, and the budget's appropriations), and OUT's header says
# how it was made and what it meets (a run of the baseline's 2016). A round restarts exactly from FROM's values (a calibrated spec restarts where
# it stopped). The default calibrated spec is rounds of this, each from the last round's OUT.
# REGIONS="Yangqu" calibrates only those regions (the cores shared among them) and keeps FROM's
# values for the others.
set -euo pipefail
cd "$(dirname "$0")/.."
from=$1 out=$2 evaluations=${3:-1500} starts=${4:-1}
targets=populations/taiyuan-2016-targets.yaml
all_regions="Loufan Yangqu"
regions=${REGIONS:-$all_regions}
threads=$(( $(nproc) / $(wc -w <<<"$regions") ))
[ "$threads" -ge 1 ] || threads=1
tmp=$(mktemp -d /tmp/dibaosim-calibrate-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for r in $regions; do
  others=$(printf '%s\n' $all_regions | grep -vx "$r" | paste -sd'|')
  grep -Ev "^  - \{key: .*region: ($others)," "$targets" |
    sed -E 's/^  - \{(measure: temporary_registered_poor_)/  - {weight: 0, \1/' > "$tmp/targets-$r.yaml"
  ./dibaosim calibrate "$from" scenarios/taiyuan-2016-baseline.yaml --targets "$tmp/targets-$r.yaml" \
    --out "$tmp/$r.yaml" --threads "$threads" --evaluations "$evaluations" --starts "$starts" \
    > "$tmp/$r.log" 2>&1 &
done
wait
/usr/bin/python3 - "$out" "$tmp" "$from" "$evaluations" "$starts" "$all_regions" $regions <<'PY'
import re, sys, yaml
out, tmp, source, evaluations, starts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
all_regions, regions = sys.argv[6].split(), sys.argv[7:]
def number(v):   # YAML 1.1 reads 2e-10 as text
    return float(v) if isinstance(v, str) else v
def merge(into, tree, region):
    for key, value in tree.items():
        if key in ("extends", "targets"):
            continue
        if isinstance(value, dict) and region in value:
            into.setdefault(key, {})[region] = value[region]
        elif isinstance(value, dict):
            merge(into.setdefault(key, {}), value, region)
merged = {}
for region in all_regions:   # a region not calibrated keeps FROM's values
    tree = f"{tmp}/{region}.yaml" if region in regions else source
    merge(merged, yaml.safe_load(open(tree)), region)
lines = []
def emit(tree, indent):
    for key, value in tree.items():
        if isinstance(value, dict):
            lines.append(" " * indent + f"{key}:")
            emit(value, indent + 2)
        elif isinstance(value, list):
            lines.append(" " * indent + f"{key}: [" + ", ".join("%.9g" % number(x) for x in value) + "]")
        else:
            lines.append(" " * indent + f"{key}: " + "%.9g" % number(value))
emit(merged, 0)
with open(out, "w") as f:
    f.write("# Calibrated by `dibaosim calibrate` to the published figures in taiyuan-2016-targets.yaml.\n"
            "# Only the tuned values are here; every other value, with its source, is in the spec it extends.\n"
            "# Do not edit by hand: run the calibration again. The last round of it:\n"
            "# " + ("" if regions == all_regions else f"REGIONS=\"{' '.join(regions)}\" ") +
            f"tools/calibrate-by-region.sh {source} OUT {evaluations} {starts}\n"
            "# (each region's tuned values from its own `dibaosim calibrate`, merged here).\n"
            "extends: taiyuan-rural-2016.yaml\ntargets: taiyuan-2016-targets.yaml\n")
    f.write("\n".join(lines) + "\n")
PY
/usr/bin/python3 tools/derive-scenario.py "$out"
met=$(./dibaosim run scenarios/taiyuan-2016-baseline.yaml --population "$out" --years 2016 --threads 2 --quiet \
        --out "$tmp/check.h5" | grep -Eo "[0-9]+ of [0-9]+ targets met")
sed -i "s|^# (each region's tuned values|# (seed 0, scale 1): $met. (Each region's tuned values|" "$out"
echo "$out: $met"

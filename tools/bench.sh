#!/usr/bin/env bash
# `make bench`: speed and memory, measured. At 10^5, 10^6 and 10^7 persons of the default
# (calibrated) Taiyuan population and on 1 and 2 threads:
#   synth     generating the population (million persons/s);
#   baseline  one year of the Taiyuan 2016 baseline (million person-months/s);
#   package   one projected year (2017, with deaths, onsets, job flows, growth and indexation) of
#             the full reform package, study-recommendations-2017: the time of a 2016:2017 run
#             less that of a 2016 run;
# each with the process's peak resident memory per person. Then one 200-replication sensitivity
# run (scenarios/analysis/uncertainty.yaml, 2016-2020, plus its tornado) at 10^5 persons.
# Results files are written to a temporary folder and removed.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=populations/taiyuan-rural-2016-calibrated.yaml
tmp=$(mktemp -d /tmp/dibaosim-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
base=240000   # persons in the spec at scale 1
sizes=${BENCH_SIZES:-"100000 1000000 10000000"}

# run LABEL ARGS...: runs dibaosim under /usr/bin/time; sets seconds (simulation), persons, kb
run() {
  /usr/bin/time -f "%M" -o "$tmp/rss" ./dibaosim "$@" --out "$tmp/out.h5" >/dev/null 2>"$tmp/err"
  kb=$(tail -1 "$tmp/rss")
  local line
  line=$(grep -m1 "simulated in" "$tmp/err" || true)
  persons=$(sed -E 's/.*: ([0-9]+) persons.*/\1/' <<<"$line")
  seconds=$(sed -E 's/.*simulated in ([0-9.]+) s.*/\1/' <<<"$line")
}

row() { printf '%-10s %11s %8s %18s %14s\n' "$@"; }
row "benchmark" "persons" "threads" "million units/s" "bytes/person"
for persons in $sizes; do
  scale=$(awk -v p="$persons" -v b="$base" 'BEGIN { printf "%.6f", p / b }')
  for threads in 1 2; do
    line=$(./dibaosim synth "$spec" --scale "$scale" --threads "$threads" --out "$tmp/pop.h5")
    n=$(sed -E 's/.* ([0-9]+) persons generated.*/\1/' <<<"$line")
    speed=$(sed -E 's/.*: ([0-9.]+) million persons\/s.*/\1/' <<<"$line")
    bytes=$(sed -E 's/.*= ([0-9.]+) bytes\/person.*/\1/' <<<"$line")
    row "synth" "$n" "$threads" "$speed persons" "$bytes"

    run run scenarios/taiyuan-2016-baseline.yaml --population "$spec" --scale "$scale" \
        --threads "$threads" --years 2016
    row "baseline" "$persons" "$threads" \
        "$(awk -v p="$persons" -v s="$seconds" 'BEGIN { printf "%.1f", p * 12 / s / 1e6 }') pm" \
        "$(awk -v k="$kb" -v p="$persons" 'BEGIN { printf "%.1f", k * 1024 / p }')"

    run run scenarios/study-recommendations-2017.yaml --population "$spec" --scale "$scale" \
        --threads "$threads" --years 2016
    first=$seconds
    run run scenarios/study-recommendations-2017.yaml --population "$spec" --scale "$scale" \
        --threads "$threads" --years 2016:2017
    row "package" "$persons" "$threads" \
        "$(awk -v p="$persons" -v a="$seconds" -v b="$first" 'BEGIN { printf "%.1f", p * 12 / (a - b) / 1e6 }') pm" \
        "$(awk -v k="$kb" -v p="$persons" 'BEGIN { printf "%.1f", k * 1024 / p }')"
  done
done
scale=$(awk -v b="$base" 'BEGIN { printf "%.6f", 100000 / b }')
/usr/bin/time -f "%e %M" -o "$tmp/rss" ./dibaosim run scenarios/analysis/uncertainty.yaml \
  --population "$spec" --scale "$scale" --threads 2 --out "$tmp/out.h5" >/dev/null 2>"$tmp/err"
line=$(grep "replications" "$tmp/err")
echo "sensitivity: $line"
echo "(pm: million person-months/s; bytes/person: peak resident memory / persons)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"

#!/usr/bin/env bash
# `make bench`: speed and memory, measured. For each population size (10^5, 10^6, 10^7 persons of
# the default Taiyuan spec) and thread count (1, 2) it runs `dibaosim synth` and prints persons
# per second of generation and peak resident memory per person (the process's peak during
# generation divided by persons). Results are written to a temporary folder and removed.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=populations/taiyuan-rural-2016.yaml
tmp=$(mktemp -d /tmp/dibaosim-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
base=240000   # persons in the spec at scale 1
printf '%-22s %10s %8s %14s %14s\n' "benchmark" "persons" "threads" "Mpersons/s" "bytes/person"
for persons in 100000 1000000 10000000; do
  scale=$(awk -v p="$persons" -v b="$base" 'BEGIN { printf "%.6f", p / b }')
  for threads in 1 2; do
    line=$(./dibaosim synth "$spec" --scale "$scale" --threads "$threads" --out "$tmp/pop.h5")
    n=$(sed -E 's/.* ([0-9]+) persons generated.*/\1/' <<<"$line")
    speed=$(sed -E 's/.*: ([0-9.]+) million persons\/s.*/\1/' <<<"$line")
    bytes=$(sed -E 's/.*= ([0-9.]+) bytes\/person.*/\1/' <<<"$line")
    printf '%-22s %10s %8s %14s %14s\n' "synth (generation)" "$n" "$threads" "$speed" "$bytes"
  done
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"

#!/usr/bin/env bash
# The national-size run on this one machine (issue 13), not part of `make bench` (it takes from a
# quarter of an hour for one year to hours for five): the Taiyuan baseline on the default spec
# at --scale $BENCH_NATIONAL_SCALE (default 2452: about 590 M persons in 210 M households, the
# national rural size; past 10^8 households a region's ids widen, synth.h), generated chunk by
# chunk, for the years
# $BENCH_NATIONAL_YEARS (default 2016; 2016:2020 for the five years), 2 threads. Prints the date,
# the CPU, the command's own report, wall time and peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${BENCH_NATIONAL_SCALE:-2452}
years=${BENCH_NATIONAL_YEARS:-2016}
tmp=$(mktemp -d /tmp/dibaosim-bench-national-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "dibaosim bench-national, $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "CPU: ${model:-unknown}, $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall %e s, peak resident memory %M KB" ./dibaosim run \
  scenarios/taiyuan-2016-baseline.yaml --population populations/taiyuan-rural-2016-calibrated.yaml \
  --scale "$scale" --years "$years" --threads 2 --out "$tmp/national.h5" 2>&1 | grep -v '^$' |
  grep -E 'persons ×|^wall|^20[0-9][0-9] all|warning|error|note' || true

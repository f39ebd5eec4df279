#!/usr/bin/env bash
# Streaming and MPI benchmark (issue 13), the last part of `make bench`; runs alone too. Prints
# the date, the CPU and the commit, then:
#   stream    the Taiyuan baseline for one year (2016) on the default calibrated spec generated
#             chunk by chunk (the default --chunk), at each of $BENCH_STREAM_SIZES persons
#             (default "1000000 10000000 24000000 100000000"), 2 threads: wall time end to end
#             (generation included), persons/s, peak resident memory;
#   file      the same at 24 M persons (--scale 100) from a file `synth` wrote (its writing not
#             counted; synth itself holds the population whole: its peak is printed too);
#   years     the baseline 2016-2020 at $BENCH_YEARS_SIZE persons (default 10^7): five years and
#             the pass that decides the aligned 2016 registry exits first;
#   ranks     the one-year baseline at $BENCH_RANKS_SIZE persons (default 10^7) plain on 2 threads
#             and under `mpirun -np 1` and `-np 2` (1 thread each): wall time, and the simulation
#             time summed over the ranks, whose difference is what the ranks spend packing,
#             sending and adding up chunks;
#   national  a projection, not a measurement: the national run (590 M persons, 2016-2020) on
#             this machine and on N machines like it, from the measured five-year throughput and
#             the ranks' measured overhead.
# BENCH_STREAM_SIZES="1000000" BENCH_YEARS_SIZE=1000000 BENCH_RANKS_SIZE=1000000 is a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=populations/taiyuan-rural-2016-calibrated.yaml
base_scenario=scenarios/taiyuan-2016-baseline.yaml
tmp=$(mktemp -d /tmp/dibaosim-bench-stream-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
base=240000   # persons in the spec at scale 1
sizes=${BENCH_STREAM_SIZES:-"1000000 10000000 24000000 100000000"}
years_size=${BENCH_YEARS_SIZE:-10000000}
ranks_size=${BENCH_RANKS_SIZE:-10000000}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1   # this machine runs as root

scale_of() { awk -v p="$1" -v b="$base" 'BEGIN { printf "%.6f", p / b }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
# timed COMMAND...: wall (s) and kb (peak RSS of the largest process) into $wall and $kb;
# the command's stderr in $tmp/err
timed() {
  if ! /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"; then
    echo "bench-stream: failed: $*" >&2
    cat "$tmp/err" >&2
    exit 1
  fi
  read -r wall kb < <(tail -1 "$tmp/time")
}
persons_of() { grep -m1 -oE '[0-9]+ persons (×|simulated)' "$tmp/err" | cut -d' ' -f1; }

model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
echo "dibaosim bench-stream, $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "CPU: ${model:-unknown}, $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
row() { printf '%-9s %11s %7s %9s %14s %10s\n' "$@"; }
row "benchmark" "persons" "years" "wall s" "persons/s" "peak RSS"
for target in $sizes; do
  timed ./dibaosim run "$base_scenario" --population "$spec" --scale "$(scale_of "$target")" \
    --years 2016 --threads 2 --out "$tmp/out.h5"
  n=$(persons_of)
  row "stream" "$n" 1 "$wall" "$(awk -v p="$n" -v w="$wall" 'BEGIN { printf "%.2f M", p / w / 1e6 }')" "$(mb "$kb")"
  rm -f "$tmp/out.h5"
done

timed ./dibaosim synth "$spec" --scale 100 --out "$tmp/pop.h5"
synth_wall=$wall synth_kb=$kb
n=$(sed -E 's/.* ([0-9]+) persons generated.*/\1/' "$tmp/out")
timed ./dibaosim run "$base_scenario" --population "$tmp/pop.h5" --years 2016 --threads 2 \
  --out "$tmp/out.h5"
row "file" "$n" 1 "$wall" "$(awk -v p="$n" -v w="$wall" 'BEGIN { printf "%.2f M", p / w / 1e6 }')" "$(mb "$kb")"
echo "          (synth of that file, which holds the population whole: $synth_wall s, peak $(mb "$synth_kb"))"
rm -f "$tmp/pop.h5" "$tmp/out.h5"

timed ./dibaosim run "$base_scenario" --population "$spec" --scale "$(scale_of "$years_size")" \
  --threads 2 --out "$tmp/out.h5"
years_wall=$wall years_n=$(persons_of)
row "years" "$years_n" 5 "$wall" "$(awk -v p="$years_n" -v w="$wall" 'BEGIN { printf "%.2f M", p * 5 / w / 1e6 }')" "$(mb "$kb")"
echo "          (persons/s here: person-years/s)"
rm -f "$tmp/out.h5"
echo

scale=$(scale_of "$ranks_size")
args="$base_scenario --population $spec --scale $scale --years 2016 --out $tmp/out.h5"
timed ./dibaosim run $args --threads 2 --quiet
plain=$wall
echo "ranks, the one-year baseline at $ranks_size persons:"
printf '  %-34s %8s s  peak %s\n' "plain, 2 threads" "$wall" "$(mb "$kb")"
ratio=1
for ranks in 1 2; do
  timed mpirun --oversubscribe --bind-to none -np $ranks ./dibaosim run $args --threads 1
  summed=$(sed -nE 's/.*\(([0-9.]+) s of simulation summed over the ranks\).*/\1/p' "$tmp/err")
  printf '  %-34s %8s s  peak %s (a rank)%s\n' "mpirun -np $ranks, 1 thread each" "$wall" \
    "$(mb "$kb")" "${summed:+; simulation summed over the ranks $summed s}"
  [ "$ranks" = 2 ] && ratio=$(awk -v w="$wall" -v p="$plain" 'BEGIN { printf "%.3f", w / p }')
done
echo "  2 ranks of 1 thread against one process of 2 threads, wall time: $ratio ×"
rm -f "$tmp/out.h5"
echo

# the national run, projected: 590 M persons, 2016-2020, from the five-year throughput measured
awk -v p=590000000 -v n="$years_n" -v w="$years_wall" -v r="$ratio" 'BEGIN {
  one = p / n * w
  if (r < 1) r = 1   # ranks are taken to cost no less than threads (a ratio below 1 is noise)
  printf "national (projected, not run): 590 M persons, 2016-2020, scaled from the five-year row above:\n"
  printf "  one machine like this: %.0f s (%.1f h); memory as the rows above (set by the chunk)\n", one, one / 3600
  for (m = 4; m <= 64; m *= 4)
    printf "  %2d such machines, a rank each: %.0f s (%.1f min), with the ranks costing %.3f × as above\n",
      m, one / m * r, one / m * r / 60, r
}'

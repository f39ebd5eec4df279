#!/usr/bin/env bash
# `make bench`: speed and memory, measured, with a peer in the same run. Prints:
#   the date, the CPU (lscpu's model name, cores) and the engine's commit;
#   peer      the simple dibao job (tools/bench/simple-dibao.yaml: gap dibao on households, one
#             standard per region, nothing else, 2016) on one population file of about 1 M
#             households (synth --scale $BENCH_PEER_SCALE, default 11.6: ~2.8 M persons), end to
#             end (load, twelve months, write of per-household annual amounts) by the engine
#             (`run --microdata`, all cores) and by its numpy implementation (tools/bench/peer.py,
#             one process), the best wall time of $BENCH_REPEAT runs each (default 3), the ratio
#             engine speed / numpy speed, and the check that the two agree (totals by month and
#             region to the fen, every household's annual amount);
#   synth     generating the population (million persons/s), at each of $BENCH_SIZES persons
#             (default "1000000 10000000") of the default (calibrated) Taiyuan population, on 1
#             and 2 threads;
#   baseline  the Taiyuan baseline 2016-2020 (scenarios/taiyuan-2016-baseline.yaml) on the file
#             just generated: million person-months/s (persons × 60 months / simulation time, the
#             engine's own figure), wall time end to end;
#   make run  the wall time of `make run`'s command (results to a temporary file), best of
#             $BENCH_REPEAT runs, each run's time beside it;
# with, for each, the process's peak resident memory per person (peak RSS / persons).
# BENCH_EXTRA=1 adds the earlier rows: one projected year of the full reform package
# (study-recommendations-2017 2016:2017 less 2016) at each size and thread count, and one
# 200-replication sensitivity run at 10^5 persons (80 s or more).
# Results files are written to a temporary folder and removed. 10^7 persons needs a few GB and
# minutes; BENCH_SIZES="100000" BENCH_PEER_SCALE=0.5 BENCH_REPEAT=1 is a quick smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=populations/taiyuan-rural-2016-calibrated.yaml
simple=tools/bench/simple-dibao.yaml
py=/usr/bin/python3
philox=${BENCH_PHILOX:-build/tools/philox_rate}   # built by make bench
tmp=$(mktemp -d /tmp/dibaosim-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
base=240000   # persons in the spec at scale 1
sizes=${BENCH_SIZES:-"1000000 10000000"}
peer_scale=${BENCH_PEER_SCALE:-11.6}
repeat=${BENCH_REPEAT:-3}
cores=$(nproc)

mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
per_person() { awk -v k="$1" -v p="$2" 'BEGIN { printf "%.1f", k * 1024 / p }'; }

# timed OUT COMMAND...: runs COMMAND under /usr/bin/time, stdout to OUT, stderr to $tmp/err;
# sets wall (s) and kb (peak RSS); a failure stops the benchmark with the command's stderr
timed() {
  local out=$1; shift
  if ! /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$out" 2>"$tmp/err"; then
    echo "bench: failed: $*" >&2
    cat "$tmp/err" >&2
    exit 1
  fi
  read -r wall kb < <(tail -1 "$tmp/time")
}

# best OUT COMMAND...: timed, $repeat times; keeps the smallest wall time (and its kb), and
# every run's in $walls
best() {
  local b="" bk=""
  walls=""
  for _ in $(seq "$repeat"); do
    timed "$@"
    walls="${walls:+$walls, }$wall"
    if [ -z "$b" ] || awk -v a="$wall" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$wall bk=$kb; fi
  done
  wall=$b kb=$bk
}

model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
sockets=$(lscpu 2>/dev/null | sed -n 's/^Socket(s): *//p' | head -1)
per_socket=$(lscpu 2>/dev/null | sed -n 's/^Core(s) per socket: *//p' | head -1)
echo "dibaosim bench, $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "CPU: ${model:-unknown}, $cores cores available (lscpu: ${sockets:-?} socket(s) × ${per_socket:-?} core(s)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes figures noisy)"
echo

# ---- the peer: the same job in numpy, on the same file ----
line=$(./dibaosim synth "$spec" --scale "$peer_scale" --out "$tmp/peer-pop.h5")
households=$(sed -E 's/.*: ([0-9]+) households.*/\1/' <<<"$line")
persons=$(sed -E 's/.* ([0-9]+) persons generated.*/\1/' <<<"$line")
best "$tmp/engine.out" ./dibaosim run "$simple" --population "$tmp/peer-pop.h5" \
  --out "$tmp/engine.h5" --microdata --threads "$cores"
engine_wall=$wall engine_kb=$kb
best "$tmp/peer.out" $py tools/bench/peer.py "$tmp/peer-pop.h5" --scenario-file "$simple" \
  --out "$tmp/peer.h5"
peer_wall=$wall peer_kb=$kb
if $py tools/bench/peer.py "$tmp/peer-pop.h5" --scenario-file "$simple" --check "$tmp/engine.h5" \
     >"$tmp/check" 2>&1; then
  agreement="agree: expenditure by month and region to the fen, paid units and persons, every household's annual amount"
else
  cat "$tmp/check" >&2
  echo "bench: the engine and the numpy peer disagree" >&2
  exit 1
fi
numpy_version=$($py -c 'import numpy; print(numpy.__version__)')
echo "peer comparison: $simple, 2016, one population file of $households households ($persons persons),"
echo "end to end (load, twelve months, write per-household annual amounts), best wall time of $repeat:"
printf '  %-44s %8s s  %8s  %6s bytes/person\n' \
  "engine: dibaosim run --microdata, $cores threads" "$engine_wall" "$(mb "$engine_kb")" \
  "$(per_person "$engine_kb" "$persons")" \
  "numpy $numpy_version: tools/bench/peer.py, 1 process" "$peer_wall" "$(mb "$peer_kb")" \
  "$(per_person "$peer_kb" "$persons")"
echo "  ratio, engine speed / numpy speed: $(awk -v e="$engine_wall" -v n="$peer_wall" 'BEGIN { printf "%.2f", n / e }') × (issue 12's target: >= 8)"
echo "  the two $agreement"
# floors: two costs no engine change can remove while results stay identical and inputs are
# recorded with their SHA-256 (a single sequential stream however many threads)
file_mb=$(du -m "$tmp/peer-pop.h5" | cut -f1)
sha_s=$($py -c 'import hashlib, sys, time
best = 1e9
for _ in range(3):
    t = time.perf_counter(); h = hashlib.sha256()
    with open(sys.argv[1], "rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""): h.update(piece)
    best = min(best, time.perf_counter() - t)
print("%.3f" % best)' "$tmp/peer-pop.h5")
echo "  floors: SHA-256 of that file ($file_mb MB, recorded in the results' /meta/inputs) $sha_s s on one"
echo "  thread (hashlib, OpenSSL); Philox4x64-10 $("$philox") M blocks/s on one thread through"
echo "  rng_uniform_block (the projection draws a block per living person-month, a second for persons"
echo "  who may take or leave a job)"
rm -f "$tmp/peer-pop.h5" "$tmp/engine.h5" "$tmp/peer.h5"
echo

# ---- generation and the baseline 2016-2020, by size and threads ----
row() { printf '%-10s %11s %8s %24s %9s %13s\n' "$@"; }
row "benchmark" "persons" "threads" "speed" "wall s" "bytes/person"
# run ARGS...: dibaosim ARGS under /usr/bin/time; sets seconds (simulation), pm (its million
# person-months/s), wall, kb
run() {
  timed /dev/null ./dibaosim "$@" --out "$tmp/out.h5"
  local line
  line=$(grep -m1 "simulated in" "$tmp/err" || true)
  seconds=$(sed -E 's/.*simulated in ([0-9.]+) s.*/\1/' <<<"$line")
  pm=$(sed -E 's/.*: ([0-9.]+) million person-months\/s.*/\1/' <<<"$line")
}
for target in $sizes; do
  scale=$(awk -v p="$target" -v b="$base" 'BEGIN { printf "%.6f", p / b }')
  for threads in 1 2; do
    timed "$tmp/synth.out" ./dibaosim synth "$spec" --scale "$scale" --threads "$threads" \
      --out "$tmp/pop.h5"
    line=$(cat "$tmp/synth.out")
    n=$(sed -E 's/.* ([0-9]+) persons generated.*/\1/' <<<"$line")
    speed=$(sed -E 's/.*: ([0-9.]+) million persons\/s.*/\1/' <<<"$line")
    row "synth" "$n" "$threads" "$speed M persons/s" "$wall" "$(per_person "$kb" "$n")"

    run run scenarios/taiyuan-2016-baseline.yaml --population "$tmp/pop.h5" --threads "$threads" \
      --years 2016:2020
    row "baseline" "$n" "$threads" "$pm M person-months/s" "$wall" "$(per_person "$kb" "$n")"

    if [ "${BENCH_EXTRA:-0}" = 1 ]; then
      run run scenarios/study-recommendations-2017.yaml --population "$tmp/pop.h5" \
        --threads "$threads" --years 2016
      first=$seconds
      run run scenarios/study-recommendations-2017.yaml --population "$tmp/pop.h5" \
        --threads "$threads" --years 2016:2017
      row "package" "$n" "$threads" \
        "$(awk -v p="$n" -v a="$seconds" -v b="$first" 'BEGIN { printf "%.1f", p * 12 / (a - b) / 1e6 }') M person-months/s" \
        "$wall" "$(per_person "$kb" "$n")"
    fi
    rm -f "$tmp/pop.h5" "$tmp/out.h5"
  done
done
echo "(synth: generation; baseline: scenarios/taiyuan-2016-baseline.yaml 2016-2020 on the file synth"
echo " wrote, persons × 60 months / simulation time; wall s: the whole process; bytes/person: peak"
echo " resident memory / persons)"
echo

# ---- make run: its own command, results to a temporary file ----
command=$(make --no-print-directory -n run | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' |
          grep '^\./dibaosim compare' | sed "s#--out output/[^ ]*#--out $tmp/run.h5#")
[ -n "$command" ] || { echo "bench: could not find make run's command" >&2; exit 1; }
best /dev/null bash -c "$command"
run_persons=$(grep -m1 -oE '[0-9]+ persons × ' "$tmp/err" | cut -d' ' -f1 || true)
echo "make run: $wall s wall, best of $repeat ($walls s) ($(grep -o 'scenarios/[^ ]*\.yaml' <<<"$command" | wc -l) scenarios compared, 2016-2020, $(grep -oE -- '--threads [0-9]+' <<<"$command" | cut -d' ' -f2) threads), peak $(mb "$kb")${run_persons:+, $(per_person "$kb" "$run_persons") bytes/person}"

if [ "${BENCH_EXTRA:-0}" = 1 ]; then
  scale=$(awk -v b="$base" 'BEGIN { printf "%.6f", 100000 / b }')
  timed /dev/null ./dibaosim run scenarios/analysis/uncertainty.yaml --population "$spec" \
    --scale "$scale" --threads 2 --out "$tmp/out.h5"
  echo "sensitivity: $(grep "replications" "$tmp/err")"
fi

# ---- streaming and MPI at national scale (issue 13): tools/bench-stream.sh; BENCH_STREAM=0 skips ----
if [ "${BENCH_STREAM:-1}" = 1 ]; then
  echo
  tools/bench-stream.sh
fi

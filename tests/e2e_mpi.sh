#!/usr/bin/env bash
# End-to-end checks of runs spread over MPI ranks (issue 13), on this one machine: 1, 2 and 3
# ranks × 1 and 2 threads give results identical to a plain run (every dataset outside /meta),
# a compare with its deciles and the registry exits aligned over the population included;
# /meta/ranks records the ranks; a rank failing midway (a damaged chunk of the population file
# that only later ranks read) ends every rank with one error, and no file at --out.
. "$(dirname "$0")/lib_e2e.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1   # CI runs as root
mpi="mpirun --oversubscribe --bind-to none"
base=$PWD/scenarios/taiyuan-2016-baseline.yaml
reform=scenarios/reform-raise-standard.yaml
# 135,211 households: three chunks of 65,536 (--chunk 1), one for each of three ranks
check "synth a population of three chunks" \
  exit_code 0 ./dibaosim synth populations/taiyuan-rural-2016.yaml --scale 1.6 --out "$tmp/pop.h5"
args="$base $reform --population $tmp/pop.h5 --years 2016:2017 --microdata --chunk 1 --quiet"

check "a plain run (no mpirun), 2 threads" exit_code 0 ./dibaosim compare $args --out "$tmp/plain.h5" --threads 2
for ranks in 1 2 3; do
  for threads in 1 2; do
    check "$ranks ranks × $threads threads" \
      exit_code 0 $mpi -np $ranks ./dibaosim compare $args --out "$tmp/r$ranks-t$threads.h5" --threads $threads
    check "... identical to the plain run" h5diff --exclude-path /meta "$tmp/plain.h5" "$tmp/r$ranks-t$threads.h5"
  done
done
ranks_of() { $py -c "import h5py, sys; print(int(h5py.File(sys.argv[1], 'r')['/meta/ranks'][0]))" "$1"; }
check "/meta/ranks records 3" test "$(ranks_of "$tmp/r3-t1.h5")" = 3
check "... and 1 for a plain run" test "$(ranks_of "$tmp/plain.h5")" = 1

# damage the last chunk of persons/wage, which the ranks of the second and third chunks read
cp "$tmp/pop.h5" "$tmp/damaged.h5"
$py - "$tmp/damaged.h5" <<'PY'
import h5py, sys
with h5py.File(sys.argv[1], "r") as f:
    d = f["/population/persons/wage"]
    offset = d.id.get_chunk_info(d.id.get_num_chunks() - 1).byte_offset
with open(sys.argv[1], "r+b") as f:
    f.seek(offset + 1000)
    byte = f.read(1)
    f.seek(offset + 1000)
    f.write(bytes([byte[0] ^ 0xFF]))
PY
check "a rank failing midway ends every rank with exit 2" \
  exit_code 2 $mpi -np 3 ./dibaosim run $base --population "$tmp/damaged.h5" --years 2016 --microdata --chunk 1 --out "$tmp/failed.h5"
check "... one error, naming the file and the column" \
  test "$(grep -c '^dibaosim: .*damaged.h5: cannot read /population/persons/wage' "$tmp/err")" = 1
check "... and no file at --out, nor a temporary one" \
  bash -c "! ls '$tmp' | grep -q failed"
finish

#!/usr/bin/env bash
# End-to-end checks of streaming (issue 13): households through the core in chunks give results
# identical to the whole population at once (every dataset outside /meta), from a spec generated
# chunk by chunk and from an HDF5 file read chunk by chunk (and synth writing it chunk by chunk), compare's deciles and the registry
# exits aligned over the population included; what a streamed run cannot do is refused.
. "$(dirname "$0")/lib_e2e.sh"
base=$PWD/scenarios/taiyuan-2016-baseline.yaml
reform=scenarios/reform-raise-standard.yaml
spec=populations/taiyuan-rural-2016.yaml   # 84,507 households: two chunks of 65,536
years="--years 2016:2017"                  # the 2016 registry exits are aligned: decided first

check "compare, the whole population at once" \
  exit_code 0 ./dibaosim compare $base $reform --population $spec $years --out "$tmp/whole.h5" --microdata
check "compare, generated in chunks of 65536 households" \
  exit_code 0 ./dibaosim compare $base $reform --population $spec $years --out "$tmp/chunks.h5" --microdata --chunk 1 --threads 1
check "chunks and the whole give identical results" \
  h5diff --exclude-path /meta "$tmp/whole.h5" "$tmp/chunks.h5"
check "--chunk is rounded up to a multiple of 65536 (100000: the whole population at once)" \
  exit_code 0 ./dibaosim run $base --population $spec --years 2016 --out "$tmp/one.h5" --chunk 100000

check "synth the population to HDF5" exit_code 0 ./dibaosim synth $spec --out "$tmp/pop.h5"
check "synth it in chunks of 65536 households, 1 thread" \
  exit_code 0 ./dibaosim synth $spec --out "$tmp/pop-chunks.h5" --chunk 1 --threads 1
check "... the same file" h5diff --exclude-path /meta "$tmp/pop.h5" "$tmp/pop-chunks.h5"
check "run from the file, whole" \
  exit_code 0 ./dibaosim run $base --population "$tmp/pop.h5" $years --out "$tmp/fw.h5" --microdata
check "run from the file read in chunks" \
  exit_code 0 ./dibaosim run $base --population "$tmp/pop.h5" $years --out "$tmp/fc.h5" --microdata --chunk 1
check "the file in chunks gives the same results as whole" \
  h5diff --exclude-path /meta "$tmp/fw.h5" "$tmp/fc.h5"
check "... and as the spec in chunks" \
  h5diff --exclude-path /meta --exclude-path /comparison --exclude-path /scenarios/reform-raise-standard \
    "$tmp/chunks.h5" "$tmp/fc.h5"

cat > "$tmp/aligned.yaml" <<YAML
extends: $base
name: aligned-deaths
projection:
  alignment:
    - {transition: death, by: all, totals: {2017: 2000}}
YAML
check "an alignment of deaths is refused when streamed (exit 2)" \
  exit_code 2 ./dibaosim run "$tmp/aligned.yaml" --population $spec $years --out "$tmp/a.h5" --chunk 1
check "... saying why and what to do" grep -q "needs the whole population at once.*give --chunk 84507" "$tmp/err"
check "... and leaving no file" test ! -e "$tmp/a.h5"
check "... while whole it runs" \
  exit_code 0 ./dibaosim run "$tmp/aligned.yaml" --population $spec $years --out "$tmp/a.h5"
finish

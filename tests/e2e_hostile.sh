#!/usr/bin/env bash
# End-to-end checks against hostile and faulty inputs (issue 15): an --out that is one of the
# inputs is refused; a NUL byte, a folder in place of a file, an unbounded weight are located
# errors (exit 2) with nothing left at --out; SIGINT and SIGTERM while writing remove the
# temporary file (exit 130, 143); a file-size limit while writing exits 1 naming --out and the
# reason, without a crash; running out of memory exits 1 with one line, removing the temporary
# file; a damaged dataset is named when read.
. "$(dirname "$0")/lib_e2e.sh"
base=scenarios/taiyuan-2016-baseline.yaml
pop=populations/sample
says() { "${@:2}" > "$tmp/said" 2>&1; grep -qF -- "$1" "$tmp/said"; }   # says TEXT COMMAND...
nothing_at() { ! ls "$1"* >/dev/null 2>&1; }

# --out naming an input: the scenario, a file it extends, households.csv, persons.csv, the spec
cp -r $pop "$tmp/pop"
cp $base "$tmp/scenario.yaml"
printf 'extends: scenario.yaml\nname: child\n' > "$tmp/child.yaml"
for input in "$tmp/scenario.yaml" "$tmp/pop/households.csv" "$tmp/pop/persons.csv"; do
  cp $base "$tmp/scenario.yaml"
  cp "$input" "$tmp/kept"
  check "--out $(basename "$input") is refused (2)" \
    exit_code 2 ./dibaosim run "$tmp/scenario.yaml" --population "$tmp/pop" --out "$input"
  check "and $(basename "$input") is untouched" cmp -s "$input" "$tmp/kept"
done
check "--out the file a scenario extends, spelt with .., is refused (2)" \
  exit_code 2 ./dibaosim run "$tmp/child.yaml" --population "$tmp/pop" --out "$tmp/pop/../scenario.yaml"
check "the message names --out and the input" grep -qF "is the input file" "$tmp/err"
ln -s "$tmp/pop/persons.csv" "$tmp/link.csv"
check "--out a symlink to persons.csv is refused (2)" \
  exit_code 2 ./dibaosim import "$tmp/pop" --out "$tmp/link.csv"
cat > "$tmp/spec.yaml" <<'YAML'
persons: {Loufan: 600, Yangqu: 400}
YAML
check "synth --out the spec is refused (2)" exit_code 2 ./dibaosim synth "$tmp/spec.yaml" --out "$tmp/spec.yaml"
check "run --out the spec is refused (2)" \
  exit_code 2 ./dibaosim run $base --population "$tmp/spec.yaml" --out "$tmp/spec.yaml"
check "and the spec is untouched" grep -q '^persons' "$tmp/spec.yaml"

# a NUL byte, a folder for a file, an unbounded weight
cp -r $pop "$tmp/nul"
printf '\0' | dd of="$tmp/nul/persons.csv" bs=1 seek=200 conv=notrunc status=none
check "a NUL byte in a CSV is an error (2)" exit_code 2 ./dibaosim run $base --population "$tmp/nul" --out "$tmp/nul.h5"
check "naming line and character" grep -qE "persons.csv:[0-9]+: character [0-9]+ is a NUL byte" "$tmp/err"
check "nothing at --out" nothing_at "$tmp/nul.h5"
cp -r $pop "$tmp/cr"
tr '\n' '\r' < $pop/persons.csv > "$tmp/cr/persons.csv"
check "CR-only line endings are an error (2)" exit_code 2 ./dibaosim run $base --population "$tmp/cr" --out "$tmp/cr.h5"
check "saying so, at the first" grep -qF "persons.csv:1: character 226 is a carriage return without a line feed" "$tmp/err"
cp -r $pop "$tmp/long"
awk -F, -v long="$(printf '9%.0s' $(seq 1 5000))x" 'BEGIN{OFS=","} NR==3{$5=long} {print}' $pop/households.csv > "$tmp/long/households.csv"
check "a 5,000-character value is an error (2)" exit_code 2 ./dibaosim run $base --population "$tmp/long" --out "$tmp/long.h5"
check "quoted in part, the problem kept" grep -qE "row 2 \(line 3\), column weight: value '9{80}\.\.\.' is not a number" "$tmp/err"
mkdir -p "$tmp/folder" && cp $pop/persons.csv "$tmp/folder/" && mkdir "$tmp/folder/households.csv"
check "households.csv that is a folder is an error (2)" \
  says "households.csv: cannot open: Is a directory" ./dibaosim run $base --population "$tmp/folder" --out "$tmp/f.h5"
check "a scenario that is a folder is an error (2)" \
  says "Is a directory" ./dibaosim validate "$tmp/folder"
cp -r $pop "$tmp/heavy"
awk -F, 'BEGIN{OFS=","} NR==2{$5="1e308"} {print}' $pop/households.csv > "$tmp/heavy/households.csv"
check "a weight of 1e308 is an error (2)" exit_code 2 ./dibaosim run $base --population "$tmp/heavy" --out "$tmp/heavy.h5"
check "naming row, column and value" grep -qF "row 1 (line 2), column weight: value '1e308' is larger than" "$tmp/err"

# YAML caps, checked while parsing, and a duplicate key found without a quadratic search
$py -c "print('name: x\nbig:'); [print(f'  k{i}: 1') for i in range(80000)]" > "$tmp/keys.yaml"
check "80,000 keys exceed the cap on values, at once (2)" \
  exit_code 2 timeout 2 ./dibaosim validate "$tmp/keys.yaml"
check "naming where" grep -qE "keys.yaml:[0-9]+:[0-9]+: more than 100000 values" "$tmp/err"
$py -c "print('a: ' + '[' * 40000)" > "$tmp/nested.yaml"
check "40,000 nested [ exceed the nesting cap, at once (2)" \
  exit_code 2 timeout 2 ./dibaosim validate "$tmp/nested.yaml"
check "naming where" grep -qF "nested.yaml:1:67: nesting deeper than 64 levels" "$tmp/err"
$py -c "print('name: x\nbig: {' + ', '.join(f'k{i}: 1' for i in range(40000)) + ', k5: 2}')" > "$tmp/dup.yaml"
check "a duplicate among 40,000 keys is found at once (2)" \
  exit_code 2 timeout 2 ./dibaosim validate "$tmp/dup.yaml"
check "naming it" grep -qF "key 'k5' appears twice in this mapping" "$tmp/err"

# faults while writing
check "a file-size limit exits 1" bash -c "ulimit -f 20; ./dibaosim run $base --population $pop --out '$tmp/big.h5' --microdata --quiet >/dev/null 2>'$tmp/err'; [ \$? = 1 ]"
check "naming --out and the reason" grep -qF -- "--out $tmp/big.h5: writing failed: File too large" "$tmp/err"
check "leaving nothing behind" nothing_at "$tmp/big.h5"
# out of memory (memory.h): an address-space limit (ulimit -v, KiB) under which the engine's own
# allocations fail after the temporary file is created; measured for this synth on one thread:
# 35-80 MB (below, the shared libraries do not load; from 85 MB HDF5's writing fails first, from
# 90 MB it fits). Not with ASan, which reserves terabytes of address space as it starts.
if ldd ./dibaosim | grep -q libasan; then
  echo "skip out of memory: the engine is built with ASan"
else
  check "out of memory exits 1" bash -c "ulimit -v 60000; ./dibaosim synth \
    populations/taiyuan-rural-2016-calibrated.yaml --scale 5 --threads 1 --out '$tmp/oom.h5' \
    >/dev/null 2>'$tmp/err'; [ \$? = 1 ]"
  check "saying so in one line" bash -c "[ \$(wc -l < '$tmp/err') = 1 ] &&
    grep -qxE 'dibaosim: out of memory \(allocating [0-9]+ bytes\)' '$tmp/err'"
  check "leaving nothing behind" nothing_at "$tmp/oom.h5"
fi
./dibaosim synth populations/taiyuan-rural-2016.yaml --scale 0.5 --out "$tmp/large.h5" --threads 1 >/dev/null
interrupted() {   # interrupted SIGNAL CODE: the signal once the temporary file exists
  ./dibaosim run $base --population "$tmp/large.h5" --out "$tmp/sig.h5" --microdata --quiet --threads 1 >/dev/null 2>&1 &
  local pid=$! i
  for i in $(seq 1 3000); do ls "$tmp"/sig.h5.tmp.* >/dev/null 2>&1 && break; sleep 0.005; done
  kill -s "$1" $pid
  wait $pid; local got=$?
  [ "$got" = "$2" ] || { echo "exit $got, wanted $2"; return 1; }
  nothing_at "$tmp/sig.h5"
}
check "SIGINT while writing removes the temporary file, exit 130" interrupted INT 130
check "SIGTERM while writing removes the temporary file, exit 143" interrupted TERM 143

# a damaged dataset is named (checksums)
./dibaosim import $pop --out "$tmp/p.h5" >/dev/null
damage() {   # flips a byte in the stored values of dataset $1 of $2 (found by their bytes)
  h5dump -b LE -d "$1" -o "$tmp/values.bin" "$2" >/dev/null &&
  $py - "$2" "$tmp/values.bin" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
values = open(sys.argv[2], 'rb').read()
at = data.find(values)
if at < 0 or data.find(values, at + 1) >= 0: sys.exit(1)   # not found, or not once
data[at + len(values) // 2] ^= 0xFF
open(sys.argv[1], 'wb').write(data)
PY
}
check "a population dataset can be damaged" damage /population/persons/wage "$tmp/p.h5"
check "the damaged dataset is an error (2)" exit_code 2 ./dibaosim run $base --population "$tmp/p.h5" --out "$tmp/d.h5"
check "naming the dataset" grep -qF "/population/persons/wage" "$tmp/err"

# a column declaring a billion rows it never stored is refused before they are allocated
./dibaosim import $pop --out "$tmp/empty.h5" >/dev/null
$py - "$tmp/empty.h5" <<'PY'
import h5py, sys
with h5py.File(sys.argv[1], 'r+') as f:
    g = f['/population/households']
    del g['household_id']
    g.create_dataset('household_id', shape=(1 << 30,), dtype='int64')   # never written
PY
check "a column declaring 2^30 rows it does not store is an error (2)" exit_code 2 ./dibaosim run $base --population "$tmp/empty.h5" --out "$tmp/e.h5"
check "saying so" grep -qF "household_id declares 1073741824 rows but stores too few bytes" "$tmp/err"

# every dataset checksummed, texts included: Fletcher-32, or kept in its object header (compact
# layout), which the file format checksums; a damaged text is refused on reading
./dibaosim compare $base scenarios/reform-raise-standard.yaml --population $pop --out "$tmp/r.h5" \
  --microdata --quiet >/dev/null 2>&1
every_dataset_checksummed() {
  $py - "$1" <<'PY'
import sys, h5py
def visit(name, d):
    if isinstance(d, h5py.Dataset):
        compact = d.id.get_create_plist().get_layout() == h5py.h5d.COMPACT
        assert d.fletcher32 or compact, name
with h5py.File(sys.argv[1]) as f:
    f.visititems(visit)
PY
}
check "every dataset of a results file is checksummed" every_dataset_checksummed "$tmp/r.h5"
check "and of a population file" every_dataset_checksummed "$tmp/p.h5"
damage_text() {   # flips a byte of the text of scalar dataset $1 of $2 (found by its bytes)
  $py - "$2" "$1" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    text = f[sys.argv[2]][()]
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.find(text)
if at < 0 or data.find(text, at + 1) >= 0: sys.exit(1)   # not found, or not once
data[at + len(text) // 2] ^= 0x01
open(sys.argv[1], 'wb').write(data)
PY
}
check "a text in a results file can be damaged" damage_text /meta/started "$tmp/r.h5"
check "the damaged text is refused on reading" $py -c "
import sys, h5py
try:
    h5py.File(sys.argv[1])['meta/started'][()]
except (OSError, KeyError) as e:
    sys.exit(0 if 'checksum' in str(e) else 1)
sys.exit(1)" "$tmp/r.h5"
finish

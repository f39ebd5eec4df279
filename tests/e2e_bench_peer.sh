#!/usr/bin/env bash
# `make bench`'s peer does the engine's job: tools/bench/peer.py (numpy) run on the same population
# file as the engine's run of tools/bench/simple-dibao.yaml gives the same expenditure (to the
# fen), paid units and paid persons by month and region, and the same annual amount for every
# household; on the sample population (urban households, persons not grouped) and a small synth.
. "$(dirname "$0")/lib_e2e.sh"
scenario=tools/bench/simple-dibao.yaml

check "the simple scenario is valid" exit_code 0 ./dibaosim validate $scenario
check "import the sample" exit_code 0 ./dibaosim import populations/sample --out "$tmp/sample.h5"
check "synth a small population" exit_code 0 ./dibaosim synth \
  populations/taiyuan-rural-2016-calibrated.yaml --scale 0.1 --out "$tmp/synth.h5"
for pop in sample synth; do
  check "engine on $pop" exit_code 0 ./dibaosim run $scenario --population "$tmp/$pop.h5" \
    --out "$tmp/$pop-engine.h5" --microdata
  check "numpy peer on $pop agrees with the engine" exit_code 0 $py tools/bench/peer.py \
    "$tmp/$pop.h5" --scenario-file $scenario --out "$tmp/$pop-peer.h5" --check "$tmp/$pop-engine.h5"
  check "the peer writes every household's annual amount" $py -c "
import sys, h5py
with h5py.File('$tmp/$pop-peer.h5') as f, h5py.File('$tmp/$pop.h5') as p:
    n = len(p['population/households/household_id'])
    sys.exit(not (f['dibao'].shape == (n,) and f['dibao'][:].sum() > 0))"
done
check "someone is paid and someone is not (the test has teeth)" $py -c "
import sys, h5py
with h5py.File('$tmp/sample-engine.h5') as f:
    d = f['scenarios/simple-dibao/households/dibao'][0]
    sys.exit(not ((d > 0).any() and (d == 0).any()))"
check "the peer groups persons listed in any order" $py -c "
import sys; sys.path.insert(0, 'tools/bench'); import numpy as np, peer
_, _, hid, _, _, _, ph, income = peer.read_population('$tmp/synth.h5')
grouped = peer.group(hid, ph, income)
shuffle = np.random.default_rng(1).permutation(len(ph))
mixed = peer.group(hid, ph[shuffle], income[shuffle])
sys.exit(not all(np.array_equal(a, b) for a, b in zip(grouped, mixed)))"
check "a peer with another standard disagrees" exit_code 1 $py tools/bench/peer.py \
  "$tmp/synth.h5" --scenario-file $scenario --standard Yangqu=310.01 --check "$tmp/synth-engine.h5"
finish

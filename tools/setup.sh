#!/usr/bin/env bash
# Installs the Debian packages dibaosim needs, only those missing.
# Used by `make run`, `make test` and `make bench`; runs apt-get update only when an install is needed.
set -euo pipefail
packages="gcc make libgsl-dev libyaml-dev libhdf5-dev libssl-dev libcmocka-dev librandom123-dev libdeflate-dev pkg-config
          libopenmpi-dev openmpi-bin libhdf5-openmpi-dev
          hdf5-tools python3-h5py python3-numpy python3-pandas python3-matplotlib
          jupyter-nbconvert python3-ipykernel chromium clang"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing >&2

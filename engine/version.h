/* version — the engine version recorded in every results and population file and printed by
 * --version: the release, the git commit it was built from and the versions of the libraries
 * that compute and store the results. */
#ifndef DIBAOSIM_VERSION_H
#define DIBAOSIM_VERSION_H
#define DIBAOSIM_VERSION "0.1.0"

/* "0.1.0 (commit <git describe>; HDF5 x.y.z, GSL x.y, libyaml x.y.z, OpenSSL ...)"; static. */
const char *version_string(void);
#endif

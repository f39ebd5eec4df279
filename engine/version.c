/* version — see version.h. The commit comes from `git describe` at build time (the Makefile
 * passes it as DIBAOSIM_COMMIT; "unknown" outside a checkout); the library versions are asked of
 * the libraries linked, at run time. */
#include "version.h"

#include <gsl/gsl_version.h>
#include <hdf5.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <yaml.h>

#ifndef DIBAOSIM_COMMIT
#define DIBAOSIM_COMMIT "unknown"
#endif

const char *version_string(void)
{
    static char text[512];
    if (!text[0]) {
        unsigned major = 0, minor = 0, release = 0;
        H5get_libversion(&major, &minor, &release);
        snprintf(text, sizeof text, "%s (commit %s; HDF5 %u.%u.%u, GSL %s, libyaml %s, %s)",
                 DIBAOSIM_VERSION, DIBAOSIM_COMMIT, major, minor, release, gsl_version,
                 yaml_get_version_string(), OpenSSL_version(OPENSSL_VERSION));
    }
    return text;
}

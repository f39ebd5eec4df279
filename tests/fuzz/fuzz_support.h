/* fuzz_support — what the libFuzzer harnesses (tests/fuzz/fuzz_*.c, `make fuzz`) share: the
 * readers take paths, so each input is written to a file of a scratch folder made once per
 * process. Header-only: each harness is one translation unit. */
#ifndef DIBAOSIM_FUZZ_SUPPORT_H
#define DIBAOSIM_FUZZ_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "h5io.h"

static char fuzz_folder[256];

/* Writes n bytes to `name` in the scratch folder; returns its path (static). */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t n)
{
    static char path[512];
    if (!fuzz_folder[0]) {
        snprintf(fuzz_folder, sizeof fuzz_folder, "/tmp/dibaosim-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_folder)) abort();
        h5io_init();
    }
    snprintf(path, sizeof path, "%s/%s", fuzz_folder, name);
    FILE *file = fopen(path, "wb");
    if (!file) abort();
    if (n) fwrite(data, 1, n, file);
    fclose(file);
    return path;
}

#endif

/* fuzz_support — what the libFuzzer harnesses (tests/fuzz/fuzz_*.c, `make fuzz`) share: the
 * readers take paths, so each input is written to a file of a scratch folder made once per
 * process and removed, with what it holds, when the process exits. Header-only: each harness is
 * one translation unit. */
#ifndef DIBAOSIM_FUZZ_SUPPORT_H
#define DIBAOSIM_FUZZ_SUPPORT_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "h5io.h"

static char fuzz_folder[256];

/* Removes the scratch folder and its files (at exit). */
static void fuzz_remove_folder(void)
{
    DIR *dir = opendir(fuzz_folder);
    if (!dir) return;
    char path[512];
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", fuzz_folder, e->d_name);
        unlink(path);
    }
    closedir(dir);
    rmdir(fuzz_folder);
}

/* Writes n bytes to `name` in the scratch folder; returns its path (static). */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t n)
{
    static char path[512];
    if (!fuzz_folder[0]) {
        snprintf(fuzz_folder, sizeof fuzz_folder, "/tmp/dibaosim-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_folder)) abort();
        atexit(fuzz_remove_folder);
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

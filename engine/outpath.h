/* outpath — refuses an --out that names one of the command's own inputs (the scenario, a file it
 * extends, households.csv, persons.csv, the population, the spec, the targets), which writing
 * the results would replace. Files are compared by device and inode, so a different spelling
 * (symlinks, `..`, hard links) of the same file is caught too. */
#ifndef DIBAOSIM_OUTPATH_H
#define DIBAOSIM_OUTPATH_H

#include "error.h"
#include "yamltree.h"

/* ERR_INPUT "--out OUT is the input file INPUT: it would be overwritten" when out is `input`
 * (NULL: nothing to check); 0 otherwise, and when out does not exist yet. */
int outpath_check(const char *out, const char *input, struct error *err);
/* The same for every file of a list (may be NULL). */
int outpath_check_files(const char *out, const struct yfiles *files, struct error *err);

#endif

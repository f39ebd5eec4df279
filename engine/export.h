/* export — a results file as CSV tables, one per table of the file, for spreadsheets and pandas:
 * `dibaosim export RESULTS.h5 --out DIR`. */
#ifndef DIBAOSIM_EXPORT_H
#define DIBAOSIM_EXPORT_H

#include "error.h"

/* Writes every table of `results` into the folder `dir` (created when missing); *tables
 * receives how many. */
int export_results(const char *results, const char *dir, int *tables, struct error *err);

#endif

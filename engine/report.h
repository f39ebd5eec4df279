/* report — the tables of a results file, printed on stdout.
 *
 * `dibaosim report FILE.h5` prints them from the file, and `run` and `compare` print them by
 * reporting the file they have just written, so what a run shows and what a report of its file
 * shows are the same by construction. Tables:
 *   per scenario, year and region (and all regions): dibao recipients in December, dibao a year
 *     per recipient, each program's spending in the year (the fund needs), and the poverty
 *     headcount before and after all transfers;
 *   with --monthly, each scenario's monthly cash flow by program;
 *   for a comparison, one line per scenario against the baseline (fits 100 columns);
 *   for a calibrated population, the validation table (published beside simulated).
 * A scenario's summary is read back into the scenario_result a run held (every summed measure
 * of MEASURE_TABLE, by its name) and its tables computed by derived.h, as in memory. */
#ifndef DIBAOSIM_REPORT_H
#define DIBAOSIM_REPORT_H

#include <stdio.h>

#include "error.h"
#include "simulate.h"

/* Prints the tables of results file `path`; ERR_INPUT when it is not a dibaosim results file. */
int report_file(FILE *out, const char *path, int monthly, struct error *err);

/* Scenario `scenario`'s summary in results file `path`, read back into res (first_year, n_years,
 * n_regions and summary only; free with scenario_result_free). ERR_INPUT when it is absent. */
int report_read_summary(const char *path, const char *scenario, struct scenario_result *res,
                        struct error *err);

#endif

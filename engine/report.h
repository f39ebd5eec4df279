/* report — the short tables printed on stdout after a run. */
#ifndef DIBAOSIM_REPORT_H
#define DIBAOSIM_REPORT_H

#include <stdio.h>

#include "population.h"
#include "simulate.h"

/* One line per scenario, year and region (plus an all-regions line when there are several):
 * paid units and persons in December, the year's expenditure, and the average benefit per
 * recipient-year (expenditure / mean monthly paid persons). */
void report_summary(FILE *out, const char *scenario_name, const struct scenario_result *res,
                    const struct population *pop);

#endif

/* inforce — the values in force: every lever by region and month after `extends`, dating and
 * indexation, as the programs will read them (`dibaosim params`), and the warning a planner
 * needs when a reform's "raise" is below what the baseline already pays. */
#ifndef DIBAOSIM_INFORCE_H
#define DIBAOSIM_INFORCE_H

#include <stdio.h>

#include "error.h"
#include "policy.h"
#include "population.h"
#include "scenario.h"

/* A row per lever, region and month in which some scenario's value changes (the first month
 * too): the value in force in each scenario, side by side, and the key's source. */
int inforce_print(FILE *out, const struct scenario *s, int n, const struct population *pop,
                  struct error *err);

/* Warns on out, once per money lever and region, where the reform's value in force is below
 * the baseline's in the same month (a standard of 350 from 2017-07 when the baseline's indexed
 * standard is 359.36 is a cut). Returns the number of warnings, or -1. */
int inforce_warn_cuts(FILE *out, const struct scenario *baseline, const struct scenario *reform,
                      const struct population *pop, struct error *err);

#endif

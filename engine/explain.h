/* explain — one household's year, step by step, as the rules treated it:
 * `dibaosim explain SCENARIO.yaml --population P --household ID --year Y [--month M] [--json]`.
 *
 * The scenario is run from its first year to Y exactly as `run` runs it (the same draws, the
 * projection and the caseload's memory carried through the months; alignments computed on the
 * whole population), and the household's months are kept as they are computed: each dibao unit
 * with its members, the standard, its assessed income over the standard, what it is entitled to
 * on its true income and what it is paid, and why the two differ (the starting caseload, gradual
 * exit, a targeting draw, take-up); then every program's monthly amounts. */
#ifndef DIBAOSIM_EXPLAIN_H
#define DIBAOSIM_EXPLAIN_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "simulate.h"

/* Explains household `household_id` in `year` (month 0-11, or -1 for all twelve) on out, as
 * text or JSON. The scenario's years are cut to end at `year`. */
int explain_household(FILE *out, struct scenario *s, const struct population *pop,
                      const struct run_options *options, int64_t household_id, int year,
                      int month, int json, struct error *err);

#endif

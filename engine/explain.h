/* explain — one household's year, step by step, as the rules treated it:
 * `dibaosim explain SCENARIO.yaml --population P --household ID --year Y [--month M] [--json]`.
 *
 * The scenario is run from its first year to Y exactly as `run` runs it (the same draws, the
 * projection and the caseload's memory carried through the months; alignments computed on the
 * whole population), with the household traced (simulate.h, struct household_trace): the rules
 * record its steps as they compute them (programs/dibao.h, struct dibao_steps). Each month is then
 * written as every step of every program — dibao's members and units, counted income by
 * component, deductions, per-capita income, the standard and its source, the tests, the benefit,
 * top-ups and rounding, gradual exit, the targeting draws and the caseload (explain_dibao.c); the
 * other programs (explain_programs.c) — each ending in the amount the run produced; as text, or
 * as JSON (explain_steps.h says what a step is). */
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

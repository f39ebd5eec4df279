/* calibrate — tunes population spec parameters so that a scenario run on the generated
 * population meets published targets (targets.h).
 *
 * Each tuned parameter lives in its [min, max] through a logistic transform. The objective is the
 * weighted sum of squared gaps measured in tolerances (a target is met when its gap is within
 * ±1). Regions are independent, so when every tuned parameter names a region, each region is
 * calibrated on its own targets, one after the other, with its own budget of evaluations:
 *
 *   1. screen: evaluates `n` points once each: the spec's own values (exactly: a
 *      calibrated spec restarts where it stopped; a value at a bound starts 1e-9 of the range
 *      inside it), then the first points of a Sobol sequence over the cube of range shares;
 *   2. the best `refine` of them, best first, are each refined by GSL's Nelder-Mead simplex
 *      (nmsimplex2, restarted while it improves; it stops when small or stalled) and a compass
 *      search in range shares, each with an equal share of half the evaluations left;
 *   3. fine: the best of those is refined again with every evaluation left.
 *   A single start (the default) goes straight to the refinement, with every evaluation.
 *
 * The best point evaluated wins; when nothing beats the start, the spec keeps its exact values.
 * Every evaluation generates the population with the same seed (common random numbers), and the
 * generator's monotone draws keep the objective nearly smooth; results depend on the inputs,
 * the seed and the options, not on the number of threads. */
#ifndef DIBAOSIM_CALIBRATE_H
#define DIBAOSIM_CALIBRATE_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "scenario.h"
#include "synthspec.h"
#include "targets.h"

struct calibrate_options {
    double scale;
    uint64_t seed;
    int threads;
    int max_evaluations;   /* per region */
    FILE *progress;        /* NULL: quiet */
};

/* The multi-start screen (see above). */
struct calibrate_starts {
    int n;                 /* points screened per region, the spec's own first (0 or 1: only it) */
    int refine;            /* best screened points refined (0: up to 3) */
};

/* Tunes spec in place; simulated[t->n] receives the final simulated values. calibrate starts
 * from the spec's values only; calibrate_multistart screens starts->n points (NULL: 1). */
int calibrate(struct synth_spec *spec, const struct scenario *scenario, const struct targets *t,
              const struct calibrate_options *options, double *simulated, struct error *err);
int calibrate_multistart(struct synth_spec *spec, const struct scenario *scenario,
                         const struct targets *t, const struct calibrate_options *options,
                         const struct calibrate_starts *starts, double *simulated,
                         struct error *err);

/* The tuned values within 0.5 % of their range's width from a bound: prints a warning for each
 * to out (unless NULL), `calibrate: warning: KEY (REGION) = V is at its upper bound B (tune
 * range MIN-MAX)` ("beyond" for a value outside the range, which a spec's own start can be), and
 * returns how many. */
int calibrate_at_bounds(const struct synth_spec *spec, const struct targets *t, FILE *out);

/* Generates the population, runs the scenario's first year of the targets and evaluates every
 * target into simulated[t->n]. Used by calibrate and by runs that validate. */
int calibrate_evaluate(const struct synth_spec *spec, const struct scenario *scenario,
                       const struct targets *t, const struct calibrate_options *options,
                       double *simulated, struct error *err);

/* Writes the calibrated spec to out_path (temporary name, then rename), after the comment lines
 * of `header` (may be NULL): it extends the spec at
 * spec_path and sets `targets`, both as paths relative to out_path, and holds the tuned keys'
 * values for every region. */
int calibrate_write(const struct synth_spec *spec, const struct targets *t, const char *spec_path,
                    const char *out_path, const char *header, struct error *err);

#endif

/* calibrate — tunes population spec parameters so that a scenario run on the generated
 * population meets published targets (targets.h).
 *
 * Each tuned parameter lives in its [min, max] through a logistic transform; GSL's Nelder-Mead
 * simplex (nmsimplex2), then a compass search, minimise the weighted sum of squared gaps measured
 * in tolerances (a target is met when its gap is within ±1). Regions are independent, so when every tuned parameter names a
 * region, each region is calibrated on its own targets, one after the other. Every evaluation
 * generates the population with the same seed (common random numbers), and the generator's
 * monotone draws keep the objective nearly smooth. */
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

/* Tunes spec in place; simulated[t->n] receives the final simulated values. */
int calibrate(struct synth_spec *spec, const struct scenario *scenario, const struct targets *t,
              const struct calibrate_options *options, double *simulated, struct error *err);

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

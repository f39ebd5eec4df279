/* synth — generates a synthetic population from a spec (synthspec.h).
 *
 * Household k of region r gets id (r + 1) × 10^8 + k and its members ids household × 100 + 1,
 * 2, ...; every draw comes from a random stream keyed on (seed, that id), at fixed positions in
 * the stream. So the same seed gives the same population for any thread count, and household k
 * is the same at every scale: a larger scale only adds households (and divides every weight by
 * the scale, so that weighted totals stay the region's totals). Draws map to values through
 * monotone inverse CDFs, so a small change of a spec parameter changes few households — which
 * keeps calibration smooth. */
#ifndef DIBAOSIM_SYNTH_H
#define DIBAOSIM_SYNTH_H

#include <stdint.h>

#include "error.h"
#include "population.h"
#include "synthspec.h"

#define SYNTH_REGION_IDS 100000000LL   /* household ids per region */

struct synth_options {
    double scale;       /* households = spec count × scale (> 0) */
    uint64_t seed;
    int threads;
};

/* Generates the population (free with population_free). ERR_INPUT when the spec cannot be
 * generated at this scale. */
int synth_generate(const struct synth_spec *spec, const struct synth_options *options,
                   struct population *pop, struct error *err);
/* The households of the population synth_generate would make, into *n, and its persons into
 * *persons unless NULL (a draw per household). */
int synth_count(const struct synth_spec *spec, const struct synth_options *options, size_t *n,
                size_t *persons, struct error *err);
/* Households [first, first + count) of that population (fewer at its end), the same as there:
 * a chunk of a streamed run (run.h). */
int synth_generate_range(const struct synth_spec *spec, const struct synth_options *options,
                         size_t first, size_t count, struct population *pop, struct error *err);

#endif

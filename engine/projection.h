/* projection — the population moving through the projected years (rules.md 6).
 *
 * A simulation works on a projected copy of the population: the columns a transition changes
 * are copied (only those the scenario's projection changes), the rest shared with the input,
 * which is never modified. The first simulated year is the base year: the population is taken as
 * observed through it (the year a population is calibrated to). From January of the second year,
 * for each household and month, before the programs run:
 *   each January: everyone alive grows one year older (`aging`); wages grow by wage_growth, and
 *     business, property and transfer income and the basic pension by income_growth (rounded to
 *     the fen);
 *   each month: death (mortality by age band and sex), disability onset (the
 *     level drawn from disability_onset_levels), serious-illness onset, and for able-bodied
 *     adults (no disability, not seriously ill, not a student, aged jobs.min_age-max_age) job
 *     exit (wage 0) or job entry (a new wage, lognormal around wage_median grown by wage growth).
 * Annual probabilities become monthly ones as 1 − (1 − q)^(1/12). All draws of a person-month
 * come at fixed positions of one stream keyed on (seed, person id, year, month), so they do not
 * depend on threads, on other persons or on the scenario's other settings. The population is
 * closed except for deaths: nobody is born, marries, or moves. */
#ifndef DIBAOSIM_PROJECTION_H
#define DIBAOSIM_PROJECTION_H

#include <stdint.h>

#include "error.h"
#include "policy.h"
#include "population.h"
#include "scenario.h"

struct projection {
    struct population pop;        /* the projected population: owned columns + shared ones */
    const struct scenario *scenario;
    int first_year, n_years;
    int ages, grows_wages, grows_incomes;   /* what happens each January */
    int moves;                    /* some monthly transition is on */
    double monthly[4][256];       /* by age: death (male, female), disability, illness onset */
    double *wage_index;           /* [n_years][n_regions]: growth of new wages since year one */
    void *owned[16];              /* columns allocated here */
    int n_owned;
};

/* Sets up the projection of `base` for the scenario's years; `params` gives growth rates. */
int projection_init(struct projection *p, const struct scenario *s, const struct population *base,
                    const struct policy_params *params, struct error *err);
void projection_free(struct projection *p);

/* Applies household h's transitions at the start of month `index` (0: January of the first
 * year; the first year has none); `m` holds the rules in force. Months must come in order for each
 * household, once each. Returns whether any of its members changed. */
int projection_household_month(const struct projection *p, size_t h, int index,
                               const struct policy_month *m, uint64_t seed);

#endif

/* compare — a reform against a baseline on the same households (rules.md 7).
 *
 * Both scenarios run on the same population with the same seed, so every household meets the
 * same draws (targeting, shocks, projection) in both, and differences come from the rules alone
 * (when the two projections' settings are the same). Per year and program (and `all`): the cost
 * in each scenario and its change, households receiving in each, and households gained (receive
 * in the reform, not in the baseline) and lost. Per year and decile of households (weighted) by
 * pre-transfer income per member in the baseline: winners and losers, households whose annual
 * assistance from every program together rises or falls by more than 1 yuan, and the mean
 * change (households whose members have all died are left out of the deciles). The household is
 * the unit compared, since assessment units may differ between
 * scenarios. Both results need microdata. The baseline's ranking of households is sorted by the
 * first comparison against it and kept with its microdata (income_order), so a run comparing
 * many reforms sorts once per year. */
#ifndef DIBAOSIM_COMPARE_H
#define DIBAOSIM_COMPARE_H

#include "population.h"
#include "simulate.h"

#define COMPARE_DECILES 10
#define COMPARE_THRESHOLD 100   /* fen: a change of more than 1 yuan makes a winner or loser */

struct program_change {
    double baseline, reform;             /* yuan, weighted */
    double baseline_households, reform_households, gained, lost;   /* weighted households */
};

struct decile_change {
    double households, winners, losers;  /* weighted */
    double mean_change;                  /* yuan/household/year */
};

struct comparison {
    int first_year, n_years;
    struct program_change *program;      /* [n_years][N_PROGRAM_ROWS] */
    struct decile_change *decile;        /* [n_years][COMPARE_DECILES] */
};

/* Compares; -1 when out of memory. */
int compare_results(const struct scenario_result *baseline, const struct scenario_result *reform,
                    const struct population *pop, struct comparison *out);
void comparison_free(struct comparison *c);

#endif

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
 * scenarios. Both results need microdata.
 *
 * Households may come in chunks (in population order, each once, as they stream through the
 * core): comparison_add takes a chunk of both results, income_ranking_add the baseline's. The
 * program sums run over households in population order whatever the chunks; the deciles need
 * every household ranked, so each comparison keeps each household's change (8 bytes per
 * household and year) and the ranking the baseline's income per member and weight (8 bytes each)
 * until comparison_finish: the deciles are then exactly those of the whole population at once,
 * sorted once per year for every reform. */
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
    size_t n_households;
    struct program_change *program;      /* [n_years][N_PROGRAM_ROWS] */
    struct decile_change *decile;        /* [n_years][COMPARE_DECILES] */
    int64_t *change;                     /* [n_years][n_households] until finished: fen of
                                          * assistance from every program, reform − baseline */
};

/* The baseline's households ranked by pre-transfer income per member in every year (ties by
 * position, so the order is unique); households with no living member are left out. */
struct income_ranking {
    int n_years;
    size_t n_households;
    double *pc;            /* [n_years][n_households]: the baseline's income per member */
    double *weight;        /* [n_households] */
    uint32_t *household;   /* [n_years][n_households]: once sorted, the year's ranked first */
    size_t *ranked;        /* [n_years]: households ranked */
};

/* Sets up the comparison of n_households over n_years. */
void comparison_init(struct comparison *c, int first_year, int n_years, size_t n_households);
/* Adds a chunk of households (pop, the first at `offset` in the population) of both results. */
void comparison_add(struct comparison *c, const struct scenario_result *baseline,
                    const struct scenario_result *reform, const struct population *pop,
                    size_t offset);
/* The deciles, from the sorted ranking; frees the changes. */
void comparison_finish(struct comparison *c, const struct income_ranking *ranking);
void comparison_free(struct comparison *c);

void income_ranking_init(struct income_ranking *r, int n_years, size_t n_households);
/* Adds a chunk of the baseline's households (as comparison_add). */
void income_ranking_add(struct income_ranking *r, const struct scenario_result *baseline,
                        const struct population *pop, size_t offset);
/* Sorts every year's households. */
void income_ranking_sort(struct income_ranking *r);
void income_ranking_free(struct income_ranking *r);

#endif

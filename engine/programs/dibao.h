/* dibao — the minimum living guarantee for one household and month (rules.md 2, 3.1-3.6, 4.4,
 * 5).
 *
 * For a household: members served by tekun leave their unit; each unit's counted income (the
 * members' wage, business, property and transfer income, the basic pension unless exempt, and
 * the imputed support of its members aged parent_min_age+), the work-cost and rigid-expense
 * deductions, the assessed and per-capita income, and the tests (hukou, income strictly below
 * the standard, assets). A unit not eligible as a whole may have members registered separately
 * as units of one, the rest reassessed without them. An eligible unit's benefit (gap with its
 * floor, or tiers) plus classified top-ups, rounded, is its entitlement. Receipt then applies
 * targeting: take-up, the assessor's income error, wrongful inclusion, each drawn once a year per
 * unit from streams keyed on (seed, household, unit key, year), so every scenario of a
 * comparison sees the same draws.
 *
 * Parameters in force in a month are resolved once per month and region into a
 * `struct dibao_month` as exact integers (money.h): money in fen, shares in millionths. */
#ifndef DIBAOSIM_DIBAO_H
#define DIBAOSIM_DIBAO_H

#include <stdint.h>

#include "param.h"
#include "population.h"
#include "scenario.h"
#include "units.h"

/* Every numeric parameter the program reads, in the order of the table in dibao.c. */
enum dibao_param {
    DP_STANDARD, DP_MIN_SHARE, DP_FINANCIAL_MONTHS, DP_MAX_VEHICLES, DP_MAX_HOUSES,
    DP_EDUCATION_THRESHOLD, DP_RIGID_SHARE, DP_RIGID_CAP,
    DP_WORK_AMOUNT, DP_WORK_SHARE, DP_WORK_CAP, DP_WORK_DISABLED_SHARE,
    DP_EDGE_MULTIPLE, DP_FLOOR_SHARE,
    DP_PARENT_MIN_AGE, DP_SUPPORT_SHARE, DP_SUPPORT_SHARE_3, DP_SUPPORT_BASE,
    DP_TEKUN_MULTIPLE,
    DP_TAKE_UP, DP_ERROR_SIGMA, DP_WRONGFUL, DP_INCLUSION_MULTIPLE, DP_WRONGFUL_SHARE,
    DP_EXIT_POOR_MONTHS, DP_DISREGARD_MONTHS, DP_DISREGARD_CAP,
    N_DIBAO_PARAMS
};

/* Scenario parameters bound to a population's regions: series[p][r]. */
struct dibao_params {
    const struct param_series **series[N_DIBAO_PARAMS];
    int n_regions;
};

/* The values in force in one month: raw[p * n_regions + r] as written (NaN: off), and exact[]
 * the same as integers (fen for money, millionths for shares and multiples; -1 for NaN). */
struct dibao_month {
    const struct scenario *scenario;
    int n_regions;
    double *raw;
    int64_t *exact;
    int64_t *tier_below, *tier_pays;   /* per tier: millionths of std */
    int64_t *top_up;                   /* per top-up: millionths of std */
    int perfect_targeting;             /* per region flags folded: no draws needed anywhere */
};

/* Memory across months for gradual exit (rules.md 3.7), as columns over persons: a unit's state
 * lives at its first member. Carried from month to month and across years; one per scenario. */
struct exit_state {
    uint8_t *in_paid_unit;     /* per person: its unit was paid last month */
    int32_t *previous_wage;    /* per person: last month's wage, fen */
    uint8_t *disregard_left;   /* per person: months of wage disregard left */
    uint8_t *paid_normal;      /* per unit: paid its normal benefit last month */
    int16_t *exit_month;       /* per unit: the next exit month, or -1 */
    int32_t *last_benefit;     /* per unit: last normal payment, fen */
    int32_t *wage_at_normal;   /* per unit: members' wages when last paid normally, fen */
};

/* Allocates the columns (zeroed; exit months -1) for n_persons; returns -1 when out of memory. */
int exit_state_init(struct exit_state *state, size_t n_persons);
void exit_state_free(struct exit_state *state);

/* A unit's outcome in one month. */
struct unit_outcome {
    int exiting;         /* paid an exit month of gradual exit, not its normal benefit */
    int eligible;        /* entitled under the rules with full information */
    int64_t entitled;    /* fen: its entitlement (benefit plus top-ups) */
    int paid;            /* paid after take-up and targeting errors */
    int64_t payment;     /* fen: what it is paid */
};

/* What one household gets in one month. */
struct household_month {
    struct household_units units;
    struct unit_outcome unit[POPULATION_MAX_HOUSEHOLD];
};

int dibao_params_bind(struct dibao_params *p, const struct scenario *s,
                      const struct population *pop, int first_month, struct error *err);
void dibao_params_free(struct dibao_params *p);

void dibao_month_init(struct dibao_month *m, const struct scenario *s, int n_regions);
void dibao_month_free(struct dibao_month *m);
/* Fills m with the values in force at `month` (year * 12 + month - 1). */
void dibao_month_resolve(struct dibao_month *m, const struct dibao_params *p, int month);

/* Assesses household h in the month m (of calendar `year`); `seed` keys the targeting draws;
 * `state` (NULL when gradual exit is off) is read and updated for the household's members. */
void dibao_household(const struct population *pop, size_t h, const struct dibao_month *m,
                     uint64_t seed, int year, struct exit_state *state,
                     struct household_month *out);

#endif

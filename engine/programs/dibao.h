/* dibao — the minimum living guarantee for one household and month (rules.md section 2, 3.5).
 *
 * For each unit of the household: counted income (members' wage, business, property and
 * transfer income, plus the basic pension unless exempt), assessed and per-capita income, the
 * eligibility tests (hukou, income strictly below the standard, assets), and the benefit (gap
 * with its floor, or tiers), rounded. All money in fen.
 *
 * The parameters in force in a month are resolved once per month and region into a
 * `struct dibao_month` (plain arrays indexed by region), so the per-household work reads
 * numbers, never YAML or dated maps. */
#ifndef DIBAOSIM_DIBAO_H
#define DIBAOSIM_DIBAO_H

#include <stdint.h>

#include "param.h"
#include "population.h"
#include "scenario.h"
#include "units.h"

/* Scenario parameters bound to a population's regions. */
struct dibao_params {
    const struct param_series **standard, **min_share;
    const struct param_series **financial_months, **max_vehicles, **max_houses;
    int n_regions;
};

/* The values in force in one month, per region, as exact integers (money.h): money in fen,
 * shares in millionths. */
struct dibao_month {
    const struct scenario *scenario;
    int64_t *standard;          /* fen/person/month */
    int64_t *min_share;         /* millionths of std */
    int64_t *financial_months;  /* millionths of a month of std; -1: test off */
    double *max_vehicles;       /* NaN: test off */
    double *max_houses;         /* NaN: test off */
    int64_t *tier_below;        /* per tier: millionths of std */
    int64_t *tier_pays;         /* per tier: millionths of std */
};

struct unit_outcome {
    int eligible;       /* passes every test with full information */
    int64_t payment;    /* fen this month (0 when not eligible) */
};

int dibao_params_bind(struct dibao_params *p, const struct scenario *s,
                      const struct population *pop, int first_month, struct error *err);
void dibao_params_free(struct dibao_params *p);

/* Allocates the per-region arrays of m. */
void dibao_month_init(struct dibao_month *m, const struct scenario *s, int n_regions);
void dibao_month_free(struct dibao_month *m);
/* Fills m with the values in force at `month` (year * 12 + month - 1). */
void dibao_month_resolve(struct dibao_month *m, const struct dibao_params *p, int month);

/* Assesses every unit of household h (units already formed) for the month in m. */
void dibao_assess(const struct population *pop, size_t h, const struct household_units *u,
                  const struct dibao_month *m, struct unit_outcome *out);

#endif

/* policy — every numeric parameter of every program and of the projection, bound to a
 * population's regions and resolved month by month into exact integers.
 *
 * Any numeric scenario parameter may vary by region and over time (param.h). Before a run, each
 * is bound to the population's regions (a region missing from a map is an input error naming
 * the population row); then, for each simulated month, the values in force are resolved once
 * into a `struct policy_month`: raw[] as written and exact[] as integers (fen for money,
 * millionths for shares and multiples), so the programs' hot loops only index arrays. The dibao
 * standard and the poverty line are indexed here by the projection's indexation rates. */
#ifndef DIBAOSIM_POLICY_H
#define DIBAOSIM_POLICY_H

#include <stdint.h>

#include "param.h"
#include "population.h"
#include "scenario.h"

/* Every numeric parameter, in the order of the table in policy.c. */
enum policy_param {
    /* dibao (rules.md 2, 3) */
    P_STANDARD, P_MIN_SHARE, P_FINANCIAL_MONTHS, P_MAX_VEHICLES, P_MAX_HOUSES,
    P_EDUCATION_THRESHOLD, P_RIGID_SHARE, P_RIGID_CAP,
    P_WORK_AMOUNT, P_WORK_SHARE, P_WORK_CAP, P_WORK_DISABLED_SHARE,
    P_EDGE_MULTIPLE, P_FLOOR_SHARE,
    P_PARENT_MIN_AGE, P_SUPPORT_SHARE, P_SUPPORT_SHARE_3, P_SUPPORT_BASE,
    P_EXIT_POOR_MONTHS, P_DISREGARD_MONTHS, P_DISREGARD_CAP,
    P_REVIEW_INTERVAL, P_REVIEW_MONTH, P_REVIEW_COVERAGE, P_APPLICATION, P_STALE_SHARE,
    /* targeting (5) */
    P_TAKE_UP, P_ERROR_SIGMA, P_WRONGFUL, P_INCLUSION_MULTIPLE, P_WRONGFUL_SHARE,
    /* the other programs (4) */
    P_TEKUN_MULTIPLE,
    P_MEDICAL_PRIORITY, P_MEDICAL_ILLNESS, P_MEDICAL_LOW_INCOME, P_MEDICAL_LOW_MULTIPLE,
    P_MEDICAL_CAP, P_MEDICAL_DEDUCTIBLE,
    P_SHOCK_POOR, P_SHOCK_OTHER, P_SHOCK_MEDIAN, P_SHOCK_SIGMA, P_SHOCK_PAYOUT_SHARE,
    P_ELDERLY_80, P_ELDERLY_DISABLED,
    /* measures (7) and projection (6) */
    P_POVERTY_LINE,
    P_WAGE_GROWTH, P_INCOME_GROWTH, P_STANDARD_INDEXATION, P_LINE_INDEXATION,
    P_JOB_ENTRY, P_JOB_EXIT, P_JOB_WAGE_MEDIAN, P_JOB_WAGE_SIGMA, P_JOB_MIN_AGE, P_JOB_MAX_AGE,
    P_REGISTRY_EXIT_MULTIPLE, P_REGISTRY_EXIT_PROBABILITY, P_REGISTRY_GROWTH,
    N_POLICY_PARAMS
};

/* A parameter set to a value (VARY_REPLACE: everywhere, every month, indexed from the first
 * year) or multiplied by it (VARY_SCALE: every region and dated value), for sensitivity analyses
 * and sweeps. */
struct policy_override {
    int param;      /* enum policy_param */
    int apply;      /* enum vary */
    double value;
};

/* Scenario parameters bound to a population's regions: series[p][r]. */
struct policy_params {
    const struct param_series **series[N_POLICY_PARAMS];
    int n_regions;
    int first_month;   /* the first simulated month: undated values are indexed from its year */
    const struct policy_override *overrides;
    int n_overrides;
};

/* The values in force in one month: raw[p * n_regions + r] as written (NaN: off), and exact[]
 * the same as integers (fen for money, millionths for shares and multiples; -1 for NaN). */
struct policy_month {
    const struct scenario *scenario;
    int n_regions;
    double *raw;
    int64_t *exact;
    int64_t *tier_below, *tier_pays;   /* per dibao tier: millionths of std */
    int64_t *top_up;                   /* per top-up: millionths of std */
    int perfect_targeting;             /* per region flags folded: no draws needed anywhere */
};

/* The value of parameter p for region r in month m. */
#define POLICY_RAW(m, p, r) ((m)->raw[(p) * (m)->n_regions + (r)])
#define POLICY_EXACT(m, p, r) ((m)->exact[(p) * (m)->n_regions + (r)])

/* The parameter a key path names (such as "dibao.standard"), or -1. */
int policy_param_index(const char *path);
/* Its unit of exactness: 1 when money (resolved to the fen). */
int policy_param_is_money(int param);

/* Binds every parameter to the population's regions; `overrides` (n of them, may be NULL) stay
 * the caller's and apply to every month resolved. */
int policy_params_bind(struct policy_params *p, const struct scenario *s,
                       const struct population *pop, int first_month,
                       const struct policy_override *overrides, int n_overrides,
                       struct error *err);
void policy_params_free(struct policy_params *p);

/* The value of parameter k for region r in force at `month`, overrides and indexation applied
 * (what policy_month_resolve puts in raw[]). */
double policy_value(const struct policy_params *p, int k, int r, int month);

void policy_month_init(struct policy_month *m, const struct scenario *s, int n_regions);
void policy_month_free(struct policy_month *m);
/* Fills m with the values in force at `month` (year * 12 + month - 1). */
void policy_month_resolve(struct policy_month *m, const struct policy_params *p, int month);

#endif

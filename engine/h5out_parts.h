/* h5out_parts — the writers of the results file, one module per noun, and their groups of the
 * schema (h5schema.h): h5out_meta.c (provenance), h5out_scenario.c (summary, cash flow, fund
 * needs, microdata), h5out_budget.c (fund balances and the risk of a shortfall),
 * h5out_comparison.c, h5out_sensitivity.c (sensitivity and sweep) and h5out_validation.c.
 * h5out.c calls the writers in turn and lists the groups for the docs.
 * Internal to the writer: include only from h5out*.c. */
#ifndef DIBAOSIM_H5OUT_PARTS_H
#define DIBAOSIM_H5OUT_PARTS_H

#include "h5out.h"
#include "h5schema.h"

extern const struct output_group H5OUT_META, H5OUT_META_INPUTS, H5OUT_META_SCENARIOS;
extern const struct output_group H5OUT_SUMMARY, H5OUT_CASH_FLOW, H5OUT_CASH_FLOW_BY_REGION,
    H5OUT_FUND_NEEDS, H5OUT_HOUSEHOLDS;
extern const struct output_group H5OUT_COMPARISON, H5OUT_BY_PROGRAM, H5OUT_BY_DECILE;
extern const struct output_group H5OUT_PARAMETERS, H5OUT_REPLICATIONS, H5OUT_STATISTICS,
    H5OUT_TORNADO, H5OUT_SWEEP;
extern const struct output_group H5OUT_VALIDATION, H5OUT_TRENDS;
extern const struct output_group H5OUT_BUDGET_MONTHS, H5OUT_BUDGET_YEARS, H5OUT_BUDGET_SHORTFALLS,
    H5OUT_BUDGET_RISK;

int h5out_meta_write(hid_t file, const struct run_record *record,
                     const struct scenario *scenarios, int n_scenarios, struct error *err);
/* A scenario's summary, cash flow and fund needs (its households: h5out_microdata_write). */
int h5out_scenario_write(hid_t file, const char *name, const struct scenario_result *res,
                         const struct population *pop);
/* /comparison/baseline names the first scenario; then each other's tables against it
 * (comparisons[k - 1] for scenario k). */
int h5out_comparison_write(hid_t file, const struct scenario *scenarios, int n_scenarios,
                           const struct comparison *comparisons);
/* The scenario's replications and tornado, and its sweep, whichever it has. */
int h5out_sensitivity_write(hid_t file, const struct scenario *sc,
                            const struct sensitivity_result *r);
int h5out_validation_write(hid_t file, const struct validation *v);
/* A scenario's fund balances: by month, by year and its shortfalls (/scenarios/<name>/budget). */
int h5out_budget_write(hid_t file, const char *name, const struct budget_result *b,
                       const struct population *pop);
/* The risk of a shortfall over a sensitivity analysis' replications (/sensitivity/<name>/budget)
 * and each replication's lowest balances. */
int h5out_budget_risk_write(hid_t file, const char *name, const struct sensitivity_result *r,
                            const struct population *pop);

#endif

/* h5out — see h5out.h. The writer modules (h5out_parts.h) each own their groups of the schema;
 * this file calls them in turn and lists the groups in the order of the docs.
 *
 * Layout:
 *   /meta/...                         provenance (scalars and texts)
 *   /scenarios/<name>/summary/<col>   one row per year, month, region and program
 *   /scenarios/<name>/cash_flow, fund_needs   each program, all regions, by month and by year
 *   /scenarios/<name>/households/...  with --microdata: [years × households]
 *   /scenarios/<name>/budget/...      with a budget block: fund balances by month and year
 *   /comparison/..., /sensitivity/<name>/..., /sweep/<name>/..., /validation/... */
#include "h5out.h"

#include <errno.h>

#include "derived.h"
#include "h5io.h"
#include "h5out_parts.h"

static const struct output_group *const SCHEMA[] = {
    &H5OUT_META, &H5OUT_META_INPUTS, &H5OUT_META_SCENARIOS,
    &H5OUT_SUMMARY, &H5OUT_CASH_FLOW, &H5OUT_CASH_FLOW_BY_REGION, &H5OUT_FUND_NEEDS,
    &H5OUT_HOUSEHOLDS,
    &H5OUT_BUDGET_MONTHS, &H5OUT_BUDGET_YEARS, &H5OUT_BUDGET_SHORTFALLS,
    &H5OUT_COMPARISON, &H5OUT_BY_PROGRAM, &H5OUT_BY_DECILE,
    &H5OUT_PARAMETERS, &H5OUT_REPLICATIONS, &H5OUT_STATISTICS, &H5OUT_TORNADO, &H5OUT_BUDGET_RISK,
    &H5OUT_SWEEP,
    &H5OUT_VALIDATION, &H5OUT_TRENDS,
};

hid_t h5out_open(const char *path, char *tmp, struct error *err)
{
    return h5io_create_temp(path, tmp, err);
}

void h5out_abandon(hid_t file, const char *tmp) { h5io_abandon(file, tmp); }

/* After a failed write: the file removed, err set from errno unless already set. */
static int failed(hid_t file, const char *tmp, const char *path, struct error *err)
{
    const int reason = errno;   /* of the write that failed (ENOSPC, EFBIG, ...) */
    h5io_abandon(file, tmp);
    if (!err->code) h5io_write_failed(path, reason, err);
    return -1;
}

int h5out_finish(hid_t file, const char *tmp, const char *path, const struct run_record *record,
                 const struct run_output *out, struct error *err)
{
    const struct scenario *scenarios = out->scenarios;
    const int n_scenarios = out->n_scenarios;
    errno = 0;
    int rc = h5out_meta_write(file, record, scenarios, n_scenarios, err);
    for (int k = 0; k < n_scenarios && !rc; k++) {
        rc = h5out_scenario_write(file, scenarios[k].name, &out->results[k], out->pop);
        if (!rc && out->budgets && out->budgets[k].n_funds)
            rc = h5out_budget_write(file, scenarios[k].name, &out->budgets[k], out->pop);
        if (!rc && out->sensitivity) rc = h5out_sensitivity_write(file, &scenarios[k],
                                                                  &out->sensitivity[k]);
        if (!rc && out->sensitivity && out->sensitivity[k].n_funds)
            rc = h5out_budget_risk_write(file, scenarios[k].name, &out->sensitivity[k], out->pop);
    }
    if (!rc && out->comparisons)
        rc = h5out_comparison_write(file, scenarios, n_scenarios, out->comparisons);
    if (!rc && out->validation) rc = h5out_validation_write(file, out->validation);
    if (rc) return failed(file, tmp, path, err);
    return h5io_commit(file, tmp, path, err);
}

int h5out_write(const char *path, const struct run_record *record, const struct run_output *out,
                struct error *err)
{
    char tmp[4096];
    hid_t file = h5out_open(path, tmp, err);
    if (file < 0) return -1;
    errno = 0;
    for (int k = 0; k < out->n_scenarios && out->microdata; k++)
        if (h5out_microdata_write(file, out->scenarios[k].name, &out->results[k], out->pop, 0,
                                  out->results[k].n_households))
            return failed(file, tmp, path, err);
    return h5out_finish(file, tmp, path, record, out, err);
}

void h5out_schema_markdown(FILE *out)
{
    h5schema_markdown(out, SCHEMA, sizeof SCHEMA / sizeof SCHEMA[0]);
    fputs("\nThe headline measures of `/sensitivity/<name>/replications/<measure>` and "
          "`/sweep/<name>/<measure>` (and of the statistics and tornado rows), all regions:\n\n",
          out);
    derived_headlines_markdown(out);
}

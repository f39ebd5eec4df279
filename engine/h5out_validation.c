/* h5out_validation — /validation: the published figures of the targets file beside what the
 * run's first scenario simulated, one row per target, and /validation/trends, one row per year
 * of each trend; long tables whose columns read struct validation. */
#include <math.h>

#include "h5out_parts.h"

/* one row per target */
static const struct target *target(const void *table, size_t i)
{
    return &((const struct validation *)table)->targets->items[i];
}

static double target_simulated(const void *table, size_t i)
{
    return ((const struct validation *)table)->simulated[i];
}

static double target_gap(const void *table, size_t i)
{
    return targets_gap(target(table, i), target_simulated(table, i));
}

static double target_met(const void *table, size_t i) { return fabs(target_gap(table, i)) <= 1.0; }

static const char *target_measure(const void *table, size_t i)
{
    return targets_measure_name(target(table, i)->measure);
}

static const char *or_empty(const char *text) { return text ? text : ""; }

static const char *target_region(const void *table, size_t i) { return target(table, i)->region; }
static const char *target_below(const void *table, size_t i)
{
    return or_empty(target(table, i)->below);
}
static const char *target_source(const void *table, size_t i)
{
    return or_empty(target(table, i)->source);
}
static double target_published(const void *table, size_t i) { return target(table, i)->value; }
static double target_min(const void *table, size_t i) { return target(table, i)->min; }
static double target_max(const void *table, size_t i) { return target(table, i)->max; }
static double target_tolerance(const void *table, size_t i)
{
    return target(table, i)->tolerance;
}
static double target_weight(const void *table, size_t i) { return target(table, i)->weight; }

/* one row per year of each trend, in order: row i is year *k of the trend returned */
static const struct trend *trend_row(const void *table, size_t i, int *k)
{
    const struct targets *t = ((const struct validation *)table)->targets;
    int n = 0;
    while (n < t->n_trends && i >= (size_t)t->trends[n].n) i -= (size_t)t->trends[n++].n;
    *k = (int)i;
    return &t->trends[n];
}

static double trend_simulated(const void *table, size_t i)
{
    int k;
    const struct trend *trend = trend_row(table, i, &k);
    const struct targets *t = ((const struct validation *)table)->targets;
    return ((const struct validation *)table)
        ->trend_index[(size_t)(trend - t->trends) * TREND_MAX_YEARS + k];
}

#define TREND_COLUMN(field, expression)                                       \
    static double trend_##field(const void *table, size_t i)                \
    {                                                                         \
        int k;                                                                \
        const struct trend *trend = trend_row(table, i, &k);                  \
        return expression;                                                    \
    }
TREND_COLUMN(year, trend->year[k])
TREND_COLUMN(base, trend->base)
TREND_COLUMN(published, trend->index[k])
TREND_COLUMN(min, trend->min[k])
TREND_COLUMN(max, trend->max[k])
TREND_COLUMN(met, targets_trend_met(trend, k, trend_simulated(table, i)))
#undef TREND_COLUMN

static const char *trend_measure(const void *table, size_t i)
{
    int k;
    return targets_measure_name(trend_row(table, i, &k)->measure);
}

static const char *trend_region(const void *table, size_t i)
{
    int k;
    return trend_row(table, i, &k)->region;
}

static const char *trend_source(const void *table, size_t i)
{
    int k;
    return or_empty(trend_row(table, i, &k)->source);
}

static const struct output_field VALIDATION_FIELDS[] = {
    {"measure", FIELD_TEXT, "text",
     "Published figure the population was calibrated to (targets file), measured on the "
     "run's first scenario.", NULL, target_measure},
    {"region", FIELD_TEXT, "text",
     "Region of the figure.", NULL, target_region},
    {"published", FIELD_DOUBLE, "persons, yuan or share",
     "The published value (NaN for a bound).", target_published, NULL},
    {"min", FIELD_DOUBLE, "as published",
     "A lower bound the value must meet (NaN when none).", target_min, NULL},
    {"max", FIELD_DOUBLE, "as published",
     "An upper bound (NaN when none).", target_max, NULL},
    {"below", FIELD_TEXT, "text",
     "A region whose value this one must be below (\"\" when none); simulated is then the "
     "ratio of the two.", NULL, target_below},
    {"tolerance", FIELD_DOUBLE, "share",
     "The tolerance of a published value: relative for counts and amounts, absolute for "
     "shares.", target_tolerance, NULL},
    {"simulated", FIELD_DOUBLE, "persons, yuan/person/year or share",
     "The simulated value.", target_simulated, NULL},
    {"gap", FIELD_DOUBLE, "tolerances",
     "simulated − published in tolerances (by default 2 % of the value for counts and "
     "averages, 1 percentage point for shares; a bound: 0 inside, above 1 outside): |gap| "
     "<= 1 is met.", target_gap, NULL},
    {"met", FIELD_UINT8, "flag",
     "1 when the target is met.", target_met, NULL},
    {"weight", FIELD_DOUBLE, "1",
     "The target's weight in the calibration objective (below 1 for figures the model is "
     "known not to reach; see the targets file).", target_weight, NULL},
    {"source", FIELD_TEXT, "text",
     "Where the published figure comes from.", NULL, target_source},
};
const struct output_group H5OUT_VALIDATION = OUTPUT_GROUP("/validation", VALIDATION_FIELDS, NULL);

static const struct output_field TRENDS_FIELDS[] = {
    {"measure", FIELD_TEXT, "text",
     "One row per year of each trend of the targets file: the measure indexed (base year = "
     "100), measured on the run's first scenario.", NULL, trend_measure},
    {"region", FIELD_TEXT, "text",
     "Its region (or all).", NULL, trend_region},
    {"year", FIELD_DOUBLE, "year",
     "The year.", trend_year, NULL},
    {"base", FIELD_DOUBLE, "year",
     "The base year (index 100).", trend_base, NULL},
    {"published", FIELD_DOUBLE, "index",
     "The published index (NaN when only bounded).", trend_published, NULL},
    {"min", FIELD_DOUBLE, "index",
     "Lower bound on the simulated index (NaN when none).", trend_min, NULL},
    {"max", FIELD_DOUBLE, "index",
     "Upper bound (NaN when none).", trend_max, NULL},
    {"simulated", FIELD_DOUBLE, "index",
     "The simulated index (NaN: a year the run does not cover).", trend_simulated, NULL},
    {"met", FIELD_UINT8, "flag",
     "1 when the simulated index meets the bounds (or has none).", trend_met, NULL},
    {"source", FIELD_TEXT, "text",
     "Where the published index comes from.", NULL, trend_source},
};
const struct output_group H5OUT_TRENDS = OUTPUT_GROUP("/validation/trends", TRENDS_FIELDS, NULL);

int h5out_validation_write(hid_t file, const struct validation *v)
{
    size_t trend_rows = 0;
    for (int i = 0; i < v->targets->n_trends; i++) trend_rows += (size_t)v->targets->trends[i].n;
    int rc = h5schema_write_table(file, &H5OUT_VALIDATION, NULL, v, (size_t)v->targets->n);
    if (!rc && trend_rows) rc = h5schema_write_table(file, &H5OUT_TRENDS, NULL, v, trend_rows);
    return rc;
}

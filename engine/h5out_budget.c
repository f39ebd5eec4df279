/* h5out_budget — a scenario's fund balances (budget.h) under /scenarios/<name>/budget: one row
 * per program, region and month (`months`), per program, region and year (`years`) and per
 * shortfall (`shortfalls`); with a sensitivity analysis, /sensitivity/<name>/budget: the share
 * of replications in which each fund runs short in a year and the percentiles of its lowest
 * balance, beside each replication's lowest balances in /sensitivity/<name>/replications. */
#include <stdlib.h>

#include "h5out_parts.h"
#include "programs/programs.h"

struct budget_table {
    const struct budget_result *b;
    const struct sensitivity_result *r;   /* the risk table's replications */
    const struct population *pop;
    int n_funds, n_regions, n_years;
    const int *program;                    /* [n_funds] */
};

static const struct budget_table *as_table(const void *table) { return table; }

/* A row of a table by fund, region and `per` periods (months or years), periods fastest. */
static int row_fund(const struct budget_table *t, size_t i, int per)
{
    return (int)(i / ((size_t)per * t->n_regions));
}

static int row_region(const struct budget_table *t, size_t i, int per)
{
    return (int)(i / (size_t)per % (size_t)t->n_regions);
}

/* months: fund, region, month */
static int months_of(const struct budget_table *t) { return t->n_years * 12; }

static double month_year(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    return t->b->first_year + (int)(i % (size_t)months_of(t) / 12);
}

static double month_month(const void *table, size_t i)
{
    return (double)(i % (size_t)months_of(as_table(table)) % 12 + 1);
}

static const char *month_region(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    return t->pop->regions[row_region(t, i, months_of(t))];
}

static const char *month_program(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    return PROGRAMS[t->program[row_fund(t, i, months_of(t))]].name;
}

static const struct budget_month *month_row(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    const int per = months_of(t);
    return budget_at(t->b, row_fund(t, i, per), row_region(t, i, per), (int)(i % (size_t)per));
}

static double month_opening(const void *table, size_t i) { return month_row(table, i)->opening; }
static double month_released(const void *table, size_t i) { return month_row(table, i)->released; }
static double month_spent(const void *table, size_t i) { return month_row(table, i)->spent; }
static double month_closing(const void *table, size_t i) { return month_row(table, i)->closing; }

static const struct output_field MONTHS_FIELDS[] = {
    {"year", FIELD_INT, "year", "Calendar year of the row.", month_year, NULL},
    {"month", FIELD_INT, "month", "Calendar month of the row (1-12).", month_month, NULL},
    {"region", FIELD_TEXT, "text", "Region (county) whose fund the row is.", NULL, month_region},
    {"program", FIELD_TEXT, "text", "Program whose fund the row is (one of the scenario's "
     "budget block).", NULL, month_program},
    {"opening", FIELD_DOUBLE, "yuan", "Balance at the start of the month: the month before's "
     "closing balance (in January without carry-over, a positive balance lapses to 0); the "
     "first month's is budget.<program>.opening_balance.", month_opening, NULL},
    {"released", FIELD_DOUBLE, "yuan", "Money released into the fund in the month: the "
     "appropriation in force × the month's share of the release profile.", month_released, NULL},
    {"spent", FIELD_DOUBLE, "yuan", "What the program pays in the month in the region, weighted "
     "(cash_flow_by_region; medical assistance: a twelfth of the year's).", month_spent, NULL},
    {"closing", FIELD_DOUBLE, "yuan", "Balance at the end of the month: opening + released − "
     "spent (below 0: a shortfall).", month_closing, NULL},
};
const struct output_group H5OUT_BUDGET_MONTHS =
    OUTPUT_GROUP("/scenarios/<name>/budget/months", MONTHS_FIELDS, NULL);

/* years, and the risk table: fund, region, year */
static double year_year(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    return (t->b ? t->b->first_year : t->r->first_year) + (int)(i % (size_t)t->n_years);
}

static const char *year_region(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    return t->pop->regions[row_region(t, i, t->n_years)];
}

static const char *year_program(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    return PROGRAMS[t->program[row_fund(t, i, t->n_years)]].name;
}

static struct budget_year year_row(const void *table, size_t i)
{
    const struct budget_table *t = as_table(table);
    struct budget_year y;
    budget_year_of(t->b, row_fund(t, i, t->n_years), row_region(t, i, t->n_years),
                   (int)(i % (size_t)t->n_years), &y);
    return y;
}

static double year_opening(const void *table, size_t i) { return year_row(table, i).opening; }
static double year_released(const void *table, size_t i) { return year_row(table, i).released; }
static double year_spent(const void *table, size_t i) { return year_row(table, i).spent; }
static double year_closing(const void *table, size_t i) { return year_row(table, i).closing; }
static double year_lowest(const void *table, size_t i) { return year_row(table, i).lowest; }
static double year_short(const void *table, size_t i) { return year_row(table, i).short_months; }

static const struct output_field YEARS_FIELDS[] = {
    {"year", FIELD_INT, "year", "Calendar year of the row.", year_year, NULL},
    {"region", FIELD_TEXT, "text", "Region (county) whose fund the row is.", NULL, year_region},
    {"program", FIELD_TEXT, "text", "Program whose fund the row is.", NULL, year_program},
    {"opening", FIELD_DOUBLE, "yuan", "Balance at the start of January.", year_opening, NULL},
    {"released", FIELD_DOUBLE, "yuan", "Money released in the year.", year_released, NULL},
    {"spent", FIELD_DOUBLE, "yuan", "The program's spending in the year in the region, "
     "weighted.", year_spent, NULL},
    {"closing", FIELD_DOUBLE, "yuan", "The year-end balance: December's closing balance (before "
     "any lapse).", year_closing, NULL},
    {"lowest", FIELD_DOUBLE, "yuan", "The lowest month-end balance of the year.", year_lowest,
     NULL},
    {"short_months", FIELD_INT, "months", "Months of the year closing below 0.", year_short,
     NULL},
};
const struct output_group H5OUT_BUDGET_YEARS =
    OUTPUT_GROUP("/scenarios/<name>/budget/years", YEARS_FIELDS, NULL);

/* shortfalls: one row each */
static const struct budget_shortfall *shortfall(const void *table, size_t i)
{
    return &as_table(table)->b->shortfalls[i];
}

static const char *shortfall_program(const void *table, size_t i)
{
    return PROGRAMS[as_table(table)->program[shortfall(table, i)->fund]].name;
}

static const char *shortfall_region(const void *table, size_t i)
{
    return as_table(table)->pop->regions[shortfall(table, i)->region];
}

static double shortfall_year(const void *table, size_t i)
{
    return as_table(table)->b->first_year + shortfall(table, i)->start / 12;
}

static double shortfall_month(const void *table, size_t i)
{
    return shortfall(table, i)->start % 12 + 1;
}

static double shortfall_months(const void *table, size_t i) { return shortfall(table, i)->months; }
static double shortfall_deficit(const void *table, size_t i) { return shortfall(table, i)->deficit; }

static const struct output_field SHORTFALLS_FIELDS[] = {
    {"program", FIELD_TEXT, "text", "Program whose fund runs short.", NULL, shortfall_program},
    {"region", FIELD_TEXT, "text", "Region (county) of the fund.", NULL, shortfall_region},
    {"year", FIELD_INT, "year", "Year of the shortfall's first month.", shortfall_year, NULL},
    {"month", FIELD_INT, "month", "The shortfall's first month (1-12): the first month-end "
     "balance below 0 after one at or above 0 (or the run's start).", shortfall_month, NULL},
    {"months", FIELD_INT, "months", "Consecutive months closing below 0 (up to the run's end).",
     shortfall_months, NULL},
    {"deficit", FIELD_DOUBLE, "yuan", "The shortfall's size: the deepest deficit, minus the "
     "lowest closing balance of its months.", shortfall_deficit, NULL},
};
const struct output_group H5OUT_BUDGET_SHORTFALLS =
    OUTPUT_GROUP("/scenarios/<name>/budget/shortfalls", SHORTFALLS_FIELDS, NULL);

int h5out_budget_write(hid_t file, const char *name, const struct budget_result *b,
                       const struct population *pop)
{
    const struct budget_table t = {b, NULL, pop, b->n_funds, b->n_regions, b->n_years,
                                   b->program};
    const size_t cells = (size_t)b->n_funds * b->n_regions;
    return h5schema_write_table(file, &H5OUT_BUDGET_MONTHS, name, &t, cells * months_of(&t)) ||
           h5schema_write_table(file, &H5OUT_BUDGET_YEARS, name, &t, cells * b->n_years) ||
           h5schema_write_table(file, &H5OUT_BUDGET_SHORTFALLS, name, &t,
                                (size_t)b->n_shortfalls);
}

/* the risk of a shortfall over the replications: fund, region, year */
#define RISK(field, index)                                                               \
    static double risk_##field(const void *table, size_t i)                            \
    {                                                                                    \
        const struct budget_table *t = as_table(table);                                  \
        double out[4];                                                                   \
        sensitivity_budget_risk(t->r, row_fund(t, i, t->n_years),                        \
                                row_region(t, i, t->n_years), (int)(i % (size_t)t->n_years), \
                                out);                                                    \
        return out[index];                                                               \
    }
RISK(probability, 0)
RISK(p05, 1)
RISK(p50, 2)
RISK(p95, 3)
#undef RISK

static const struct output_field RISK_FIELDS[] = {
    {"year", FIELD_INT, "year", "Calendar year of the row.", year_year, NULL},
    {"region", FIELD_TEXT, "text", "Region (county) of the fund.", NULL, year_region},
    {"program", FIELD_TEXT, "text", "Program whose fund the row is.", NULL, year_program},
    {"shortfall_probability", FIELD_DOUBLE, "share", "Share of the replications in which the "
     "fund closes some month of the year below 0: the probability that it runs short.",
     risk_probability, NULL},
    {"lowest_p05", FIELD_DOUBLE, "yuan", "5th percentile over the replications of the year's "
     "lowest month-end balance.", risk_p05, NULL},
    {"lowest_p50", FIELD_DOUBLE, "yuan", "Its median.", risk_p50, NULL},
    {"lowest_p95", FIELD_DOUBLE, "yuan", "Its 95th percentile.", risk_p95, NULL},
};
const struct output_group H5OUT_BUDGET_RISK =
    OUTPUT_GROUP("/sensitivity/<name>/budget", RISK_FIELDS, NULL);

int h5out_budget_risk_write(hid_t file, const char *name, const struct sensitivity_result *r,
                            const struct population *pop)
{
    const struct budget_table t = {NULL, r, pop, r->n_funds, r->n_regions, r->n_years,
                                   r->fund_program};
    const size_t rows = (size_t)r->n_funds * r->n_regions * r->n_years;
    hsize_t dims[2] = {(hsize_t)r->n_replications, (hsize_t)rows};
    return h5schema_write_table(file, &H5OUT_BUDGET_RISK, name, &t, rows) ||
           h5schema_write(file, &H5OUT_REPLICATIONS, name, "budget_lowest", NULL, NULL, 2, dims,
                          r->lowest);
}

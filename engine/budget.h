/* budget — appropriations and fund balances (issue 16): will each program's fund cover the
 * year, month by month?
 *
 * A scenario's `budget` block names programs (`budget.<program>`, the names of programs.h), each
 * with its fund: the appropriation (yuan a year, per region; any number* form, a dated value
 * changing the releases from its month), the opening balance at the start of the first simulated
 * year (yuan, per region), the release profile (`monthly`: twelfths; `quarterly`: a quarter in
 * January, April, July and October; or a list of twelve shares adding up to 1) and whether an
 * unspent balance carries over into the next year. The settings are read here, through a key
 * table of their own (config.h), so that they are as strict as every other key.
 *
 * The arithmetic is one function (fund_region in budget.c): for each program, region and month
 *
 *     released = appropriation in force that month × the month's share
 *     closing  = opening + released − spent
 *
 * where `spent` is the program's expenditure in the region and month (the summary's
 * `expenditure`, which the cash flow by region adds up), and the next month opens at the
 * closing balance — except in January without carry-over, when a positive balance lapses (the
 * year opens at 0) and a deficit stays owed. A shortfall is a run of months closing below 0:
 * its first month, its length and its size (the deepest deficit, yuan). Everything is computed
 * in one serial pass in fund, region and month order, so it is the same for any thread count. */
#ifndef DIBAOSIM_BUDGET_H
#define DIBAOSIM_BUDGET_H

#include <stdio.h>

#include "error.h"
#include "param.h"
#include "yamltree.h"

enum release_profile { RELEASE_MONTHLY, RELEASE_QUARTERLY, RELEASE_SHARES };

/* The release profile: a named one, or twelve shares (by region when a region map). */
struct budget_release {
    int profile;                  /* enum release_profile */
    struct vector_param shares;   /* RELEASE_SHARES: [regions][12] */
};

/* budget.<program>: one program's fund. */
struct budget_fund {
    int program;                  /* enum program (programs.h) */
    struct param appropriation;   /* yuan a year, per region; dated: releases from its month */
    struct param opening_balance; /* yuan per region, at the start of the first simulated year */
    struct budget_release release;
    int carry_over;               /* an unspent balance carries into the next year */
};

/* The budget block: the funds in program order. */
struct budget_settings {
    int n;
    struct budget_fund *funds;
};

/* The `budget` key's reader (a config_key's CFG_CUSTOM parse; field: a struct budget_settings):
 * a map of program names, each read through budget_fund_keys() (null: no fund, so that a reform
 * drops one its base declares). An unknown program name is an error at the name suggesting the
 * nearest; every other error names its file:line:col. */
int budget_parse(void *field, const struct ynode *v, const char *path, struct error *err);
void budget_settings_free(struct budget_settings *b);
/* The keys of one fund (for the reference: budget.<program>.<key>). */
struct config_table;
const struct config_table *budget_fund_keys(void);

/* One month of one fund in one region (yuan). */
struct budget_month {
    double opening, released, spent, closing;
};

/* A shortfall: consecutive months closing below 0. */
struct budget_shortfall {
    int fund, region;
    int start;        /* month index of its first month (0 = January of the first year) */
    int months;       /* how many months it lasts (to the end of the run at most) */
    double deficit;   /* yuan: the deepest deficit, minus the lowest closing balance (> 0) */
};

/* A year of one fund in one region. */
struct budget_year {
    double opening;   /* January's opening balance (after a lapse without carry-over) */
    double released, spent;   /* the year's sums */
    double closing;   /* December's closing balance: the year-end balance */
    double lowest;    /* the lowest closing balance of the year's months */
    int short_months; /* months closing below 0 */
};

/* A scenario's balances: [funds][regions][months], months from January of first_year. */
struct budget_result {
    int first_year, n_years, n_regions, n_funds;
    int *program;                 /* [n_funds] enum program */
    struct budget_month *month;   /* [n_funds][n_regions][n_years * 12] */
    int n_shortfalls;
    struct budget_shortfall *shortfalls;   /* in fund, region and month order */
};

struct scenario_result;
/* The balances of every fund of `settings` for the result's regions (`regions`, n_regions) and
 * months, from each program's expenditure in res's summary (free out with budget_result_free;
 * on failure nothing is left to free). ERR_INPUT when a value is missing for a region or not in
 * force in the first month. */
int budget_run(const struct budget_settings *settings, char *const *regions,
               const struct scenario_result *res, struct budget_result *out, struct error *err);
void budget_result_free(struct budget_result *b);
/* The checks of budget_run that need only the regions and the first month (months counted as
 * year * 12 + month - 1), so that a run or `validate --population` reports them before
 * simulating. */
int budget_check(const struct budget_settings *settings, char *const *regions, int n_regions,
                 int first_month, struct error *err);

/* Month m (index from January of the first year) of fund f in region r. */
static inline const struct budget_month *budget_at(const struct budget_result *b, int f, int r,
                                                   int m)
{
    return &b->month[((size_t)f * b->n_regions + r) * (size_t)b->n_years * 12 + m];
}

/* Year y (0 = the first) of fund f in region r. */
void budget_year_of(const struct budget_result *b, int f, int r, int y, struct budget_year *out);

#endif

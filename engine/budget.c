/* budget — see budget.h. */
#include "budget.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "config.h"
#include "memory.h"
#include "programs/programs.h"
#include "simulate.h"

/* ---- settings ---- */

static int parse_release(void *field, const struct ynode *v, const char *path, struct error *err)
{
    struct budget_release *r = field;
    static const char *const expected = "monthly, quarterly or a list of twelve shares adding "
                                        "up to 1";
    if (v->kind == YNODE_SCALAR) {
        r->profile = choices_index("monthly|quarterly", v->text);
        if (r->profile >= 0) return 0;
        char nearest[32], what[160];
        if (choices_nearest("monthly|quarterly", v->text, nearest, sizeof nearest))
            snprintf(what, sizeof what, "%s; did you mean `%s`?", expected, nearest);
        else snprintf(what, sizeof what, "%s", expected);
        return config_value_error(v, path, what, err);
    }
    static const struct param_bounds share = {0, 1, 0, 0};
    r->profile = RELEASE_SHARES;
    return vector_parse(&r->shares, v, path, 12, 1, &share, err);
}

#define FUND_AT(field) offsetof(struct budget_fund, field)
static const struct config_key FUND_KEYS[] = {
    {.path = "appropriation", .type = CFG_PARAM, .offset = FUND_AT(appropriation),
     .bounds = {0, 1e12, 0, 0}, .default_yaml = "0", .unit = "yuan/year",
     .source = "issue 16",
     .description = "The program's appropriation for the year in the region (a scalar: each "
                    "region's); a dated value changes the releases from its month."},
    {.path = "opening_balance", .type = CFG_PARAM, .offset = FUND_AT(opening_balance),
     .bounds = {-1e12, 1e12, 0, 1}, .default_yaml = "0", .unit = "yuan", .source = "issue 16",
     .description = "The fund's balance at the start of the first simulated year (by region, "
                    "not dated; below 0: a deficit carried in)."},
    {.path = "release", .type = CFG_CUSTOM, .parse = parse_release, .offset = FUND_AT(release),
     .type_name = "`monthly`, `quarterly` or list of 12 shares", .default_yaml = "monthly",
     .unit = "share of the appropriation", .source = "issue 16",
     .description = "When the appropriation reaches the fund: `monthly` a twelfth each month, "
                    "`quarterly` a quarter in January, April, July and October, or a list of "
                    "twelve shares (January first) adding up to 1 (or a {region: list} map)."},
    {.path = "carry_over", .type = CFG_BOOL, .offset = FUND_AT(carry_over),
     .default_yaml = "true", .unit = "", .source = "issue 16",
     .description = "An unspent balance carries into the next year; false: a positive balance "
                    "lapses at the year's end (January opens at 0) and a deficit stays owed."},
};
static const struct config_table FUND_TABLE = {FUND_KEYS, sizeof FUND_KEYS / sizeof FUND_KEYS[0]};

const struct config_table *budget_fund_keys(void) { return &FUND_TABLE; }

int budget_parse(void *field, const struct ynode *v, const char *path, struct error *err)
{
    struct budget_settings *b = field;
    if (ytree_is_null(v)) return 0;
    if (v->kind != YNODE_MAP)
        return config_value_error(v, path, "a map {program: {appropriation, opening_balance, "
                                  "release, carry_over}}", err);
    char names[256] = "";
    for (int k = 0; k < N_PROGRAMS; k++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? "|" : "",
                 PROGRAMS[k].name);
    for (size_t j = 0; j < v->n; j++) {
        if (choices_index(names, v->keys[j]) >= 0) continue;
        const struct ymark *m = &v->key_marks[j];
        char nearest[64];
        if (choices_nearest(names, v->keys[j], nearest, sizeof nearest))
            return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s.%s'; did you mean `%s`?",
                           m->file, m->line, m->column, path, v->keys[j], nearest);
        return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s.%s': not a program (%s)",
                       m->file, m->line, m->column, path, v->keys[j], names);
    }
    b->funds = xcalloc(v->n + 1, sizeof *b->funds);
    for (int k = 0; k < N_PROGRAMS; k++) {   /* in program order, whatever the file's */
        struct ynode *node = ytree_get(v, PROGRAMS[k].name);
        if (!node || ytree_is_null(node)) continue;   /* null: no fund (a reform drops one) */
        struct budget_fund *f = &b->funds[b->n++];   /* owned from here: freed by the caller */
        f->program = k;
        char sub[256];
        snprintf(sub, sizeof sub, "%s.%s", path, PROGRAMS[k].name);
        if (config_read_map(&FUND_TABLE, f, node, sub, err)) return -1;
    }
    return 0;
}

void budget_settings_free(struct budget_settings *b)
{
    for (int i = 0; i < b->n; i++) {
        config_free(&FUND_TABLE, &b->funds[i]);
        vector_free(&b->funds[i].release.shares);
    }
    free(b->funds);
    memset(b, 0, sizeof *b);
}

/* ---- balances ---- */

/* The month's share of the year's appropriation (calendar month 0-11). */
static double release_share(const struct budget_release *r, const double *shares, int month)
{
    switch (r->profile) {
    case RELEASE_MONTHLY: return 1.0 / 12;
    case RELEASE_QUARTERLY: return month % 3 == 0 ? 0.25 : 0;
    default: return shares[month];
    }
}

/* The arithmetic of the balances, all of it: fund `fund` in region r over every month of res,
 * from its opening balance, its appropriation in force each month and the program's spending. */
static void fund_region(const struct budget_fund *fund, const struct param_series *appropriation,
                        const struct param_series *opening, const double *shares,
                        const struct scenario_result *res, int first_month, int r,
                        struct budget_month *out)
{
    const int months = res->n_years * 12;
    double balance = param_series_at(opening, first_month);
    for (int m = 0; m < months; m++) {
        if (m > 0 && m % 12 == 0 && !fund->carry_over && balance > 0) balance = 0;   /* lapses */
        struct budget_month *x = &out[m];
        x->opening = balance;
        x->released = param_series_at(appropriation, first_month + m) *
                      release_share(&fund->release, shares, m % 12);
        x->spent = summary_row(res, m, r, fund->program)[M_EXPENDITURE];
        x->closing = x->opening + x->released - x->spent;
        balance = x->closing;
    }
}

/* The runs of months closing below 0 of every fund and region, in order. */
static void find_shortfalls(struct budget_result *b)
{
    const int months = b->n_years * 12;
    for (int pass = 0; pass < 2; pass++) {   /* count, then fill */
        int n = 0;
        for (int f = 0; f < b->n_funds; f++)
            for (int r = 0; r < b->n_regions; r++)
                for (int m = 0; m < months; m++) {
                    if (!(budget_at(b, f, r, m)->closing < 0)) continue;
                    struct budget_shortfall s = {f, r, m, 0, 0};
                    for (; m < months && budget_at(b, f, r, m)->closing < 0; m++, s.months++)
                        if (-budget_at(b, f, r, m)->closing > s.deficit)
                            s.deficit = -budget_at(b, f, r, m)->closing;
                    if (pass) b->shortfalls[n] = s;
                    n++;
                }
        if (!pass) b->shortfalls = xcalloc((size_t)n + 1, sizeof *b->shortfalls);
        b->n_shortfalls = n;
    }
}

/* Fund `fund`'s parameters bound to the regions for runs from first_month: each region's
 * appropriation, opening balance and (with shares) release shares, into arrays of n_regions. */
static int bind_fund(const struct budget_fund *fund, char *const *regions, int n_regions,
                     int first_month, const struct param_series **appropriation,
                     const struct param_series **opening, const double **shares,
                     struct error *err)
{
    const char *name = PROGRAMS[fund->program].name;
    char path[3][128];
    snprintf(path[0], sizeof path[0], "budget.%s.appropriation", name);
    snprintf(path[1], sizeof path[1], "budget.%s.opening_balance", name);
    snprintf(path[2], sizeof path[2], "budget.%s.release", name);
    int missing;
    return param_bind(&fund->appropriation, path[0], regions, n_regions, first_month,
                      appropriation, &missing, err) ||
           param_bind(&fund->opening_balance, path[1], regions, n_regions, first_month, opening,
                      &missing, err) ||
           (fund->release.profile == RELEASE_SHARES &&
            vector_bind(&fund->release.shares, path[2], regions, n_regions, shares, &missing,
                        err))
               ? -1 : 0;
}

/* The three arrays bind_fund fills, of n_regions each. */
struct bound { const struct param_series **appropriation, **opening; const double **shares; };

static void bound_init(struct bound *b, int n_regions)
{
    b->appropriation = xcalloc((size_t)n_regions + 1, sizeof *b->appropriation);
    b->opening = xcalloc((size_t)n_regions + 1, sizeof *b->opening);
    b->shares = xcalloc((size_t)n_regions + 1, sizeof *b->shares);
}

static void bound_free(struct bound *b)
{
    free(b->appropriation);
    free(b->opening);
    free(b->shares);
}

int budget_check(const struct budget_settings *settings, char *const *regions, int n_regions,
                 int first_month, struct error *err)
{
    struct bound b;
    bound_init(&b, n_regions);
    int rc = 0;
    for (int f = 0; f < settings->n && !rc; f++)
        rc = bind_fund(&settings->funds[f], regions, n_regions, first_month, b.appropriation,
                       b.opening, b.shares, err);
    bound_free(&b);
    return rc;
}

int budget_run(const struct budget_settings *settings, char *const *regions,
               const struct scenario_result *res, struct budget_result *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    const int R = res->n_regions, months = res->n_years * 12;
    const int first_month = res->first_year * 12;
    out->first_year = res->first_year;
    out->n_years = res->n_years;
    out->n_regions = R;
    out->n_funds = settings->n;
    out->program = xcalloc((size_t)settings->n + 1, sizeof *out->program);
    out->month = xcalloc((size_t)settings->n * R * months + 1, sizeof *out->month);
    struct bound b;
    bound_init(&b, R);
    int rc = 0;
    for (int f = 0; f < settings->n && !rc; f++) {
        const struct budget_fund *fund = &settings->funds[f];
        out->program[f] = fund->program;
        rc = bind_fund(fund, regions, R, first_month, b.appropriation, b.opening, b.shares, err);
        for (int r = 0; r < R && !rc; r++)
            fund_region(fund, b.appropriation[r], b.opening[r], b.shares[r], res, first_month, r,
                        out->month + ((size_t)f * R + r) * months);
    }
    if (!rc) find_shortfalls(out);
    bound_free(&b);
    if (rc) budget_result_free(out);
    return rc ? -1 : 0;
}

void budget_result_free(struct budget_result *b)
{
    free(b->program);
    free(b->month);
    free(b->shortfalls);
    memset(b, 0, sizeof *b);
}

void budget_year_of(const struct budget_result *b, int f, int r, int y, struct budget_year *out)
{
    memset(out, 0, sizeof *out);
    for (int m = y * 12; m < y * 12 + 12; m++) {
        const struct budget_month *x = budget_at(b, f, r, m);
        if (m == y * 12) {
            out->opening = x->opening;
            out->lowest = x->closing;
        }
        out->released += x->released;
        out->spent += x->spent;
        out->closing = x->closing;
        if (x->closing < out->lowest) out->lowest = x->closing;
        out->short_months += x->closing < 0;
    }
}

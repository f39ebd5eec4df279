/* report — see report.h. */
#include "report.h"

#include <errno.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "h5io.h"
#include "programs/programs.h"
#include "derived.h"
#include "memory.h"
#include "targets.h"

/* A scenario's summary read back from a results file into the scenario_result the run held
 * (every summed measure of MEASURE_TABLE, by name; one missing from an older file reads 0), so
 * the tables below come from derived.h exactly as a run's numbers do. */
struct summary {
    struct scenario_result res;   /* first_year, n_years, n_regions and summary */
    char **region, **program;     /* as read, one per row */
    size_t n_region_texts, n_program_texts;
    char **regions;               /* distinct, in order of first appearance */
};

static void summary_free(struct summary *s)
{
    free(s->res.summary);
    h5io_free_texts(s->region, s->n_region_texts);
    h5io_free_texts(s->program, s->n_program_texts);
    free(s->regions);
    memset(s, 0, sizeof *s);
}

/* The first year a results file may hold, and the last: a year outside them (a NaN, 2e9) is a
 * damaged or foreign file, refused before the tables are sized by it. */
#define REPORT_FIRST_YEAR 1900
#define REPORT_LAST_YEAR 2200

/* Checks the summary's key columns: equal lengths, whole years in range, months 1-12. */
static int summary_check(const char *path, const char *group, const double *year,
                         const double *month, size_t n, const struct summary *s,
                         struct error *err)
{
    if (s->n_region_texts != n || s->n_program_texts != n)
        return err_set(err, ERR_INPUT, "%s: %s: the columns differ in length (year %zu, region "
                       "%zu, program %zu)", path, group, n, s->n_region_texts, s->n_program_texts);
    for (size_t i = 0; i < n; i++) {
        if (!(year[i] >= REPORT_FIRST_YEAR && year[i] <= REPORT_LAST_YEAR) ||
            year[i] != (int)year[i])
            return err_set(err, ERR_INPUT, "%s: %s/year[%zu]: value %g is not a year (%d-%d)",
                           path, group, i, year[i], REPORT_FIRST_YEAR, REPORT_LAST_YEAR);
        if (!(month[i] >= 1 && month[i] <= 12) || month[i] != (int)month[i])
            return err_set(err, ERR_INPUT, "%s: %s/month[%zu]: value %g is not a month (1-12)",
                           path, group, i, month[i]);
    }
    return 0;
}

static int summary_read(hid_t file, const char *path, const char *scenario, struct summary *s,
                        struct error *err)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/summary", scenario);
    memset(s, 0, sizeof *s);
    size_t n = 0, length = 0;
    double *year = h5io_read_doubles(file, group, "year", &n), *month = h5io_read_doubles(file, group, "month", &length);
    hid_t g = H5Lexists(file, group, H5P_DEFAULT) > 0 ? H5Gopen2(file, group, H5P_DEFAULT) : -1;
    int rc = g < 0 || !year || !month || n == 0 ||
             h5io_read_texts(g, "region", &s->region, &s->n_region_texts) ||
             h5io_read_texts(g, "program", &s->program, &s->n_program_texts);
    if (g >= 0) H5Gclose(g);
    if (rc) err_set(err, ERR_INPUT, "%s: %s is missing or unreadable (not a dibaosim results file, "
                    "or a damaged one)", path, group);
    if (!rc && length != n)
        rc = err_set(err, ERR_INPUT, "%s: %s: the columns differ in length (year %zu, month %zu)",
                     path, group, n, length);
    if (!rc) rc = summary_check(path, group, year, month, n, s, err);
    int *region_of = rc ? NULL : xmalloc(n * sizeof *region_of);
    s->regions = rc ? NULL : xcalloc(n, sizeof *s->regions);
    int first_year = rc ? 0 : (int)year[0], last_year = first_year;
    for (size_t i = 0; i < n && !rc; i++) {
        int r = 0;
        while (r < s->res.n_regions && strcmp(s->regions[r], s->region[i])) r++;
        if (r == s->res.n_regions) s->regions[s->res.n_regions++] = s->region[i];
        region_of[i] = r;
        if ((int)year[i] < first_year) first_year = (int)year[i];
        if ((int)year[i] > last_year) last_year = (int)year[i];
    }
    s->res.first_year = first_year;
    s->res.n_years = last_year - first_year + 1;
    if (!rc) s->res.summary = xcalloc((size_t)s->res.n_years * 12 * summary_month_stride(&s->res),
                                     sizeof *s->res.summary);
    for (int c = 0; c < N_MEASURES && !rc; c++) {
        size_t rows = 0;
        double *column = h5io_read_doubles(file, group, MEASURE_TABLE[c].name, &rows);
        for (size_t i = 0; column && rows == n && i < n; i++) {
            int k = 0;
            while (k < N_PROGRAM_ROWS && strcmp(PROGRAMS[k].name, s->program[i])) k++;
            const int m = ((int)year[i] - first_year) * 12 + (int)month[i] - 1;
            if (k < N_PROGRAM_ROWS && month[i] >= 1 && month[i] <= 12)
                summary_row(&s->res, m, region_of[i], k)[c] = column[i];
        }
        free(column);
    }
    free(year);
    free(month);
    free(region_of);
    return rc ? -1 : 0;
}

/* A results file opened to read, or an input error saying why not: no such file, a folder,
 * not readable, or not HDF5. */
static hid_t open_results(const char *path, struct error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        err_set(err, ERR_INPUT, "%s: %s", path, errno == ENOENT ? "no such file" : strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        err_set(err, ERR_INPUT, "%s: is a folder, not a results file", path);
        return -1;
    }
    h5io_quiet();
    const hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) err_set(err, ERR_INPUT, "%s: not an HDF5 results file", path);
    return file;
}

int report_read_summary(const char *path, const char *scenario, struct scenario_result *res,
                        struct error *err)
{
    memset(res, 0, sizeof *res);
    hid_t file = open_results(path, err);
    if (file < 0) return -1;
    struct summary s;
    int rc = summary_read(file, path, scenario, &s, err);
    H5Fclose(file);
    if (rc) {
        summary_free(&s);
        return -1;
    }
    *res = s.res;
    s.res.summary = NULL;
    summary_free(&s);
    return 0;
}

static double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

static void print_scenario_line(FILE *out, const struct summary *s, int y, int region,
                                const char *region_name)
{
    double h[N_HEADLINES];
    struct year_values dibao;
    derived_headlines(&s->res, y, region, h);
    derived_year(&s->res, y, region, PROGRAM_DIBAO, &dibao);
    fprintf(out, "%4d %-8.8s %9.0f %7.0f", s->res.first_year + y, region_name,
            h[H_DIBAO_RECIPIENTS], derived_annual_per_recipient(&dibao));
    for (int k = 0; k < N_PROGRAMS; k++) fprintf(out, " %8.0f", h[H_COST + k] / 1000.0);
    fprintf(out, " %9.0f %5.1f%% %5.1f%%\n", h[H_COST + PROGRAM_ALL] / 1000.0,
            100 * h[H_FGT0_BEFORE], 100 * h[H_FGT0_AFTER]);
}

static void print_scenario(FILE *out, const char *name, const struct summary *s)
{
    fprintf(out, "\n%s\n(dibao recipients: persons in December, and yuan per recipient-year; "
                 "each program's spending\n in the year, thousand yuan; poverty headcount before "
                 "and after all transfers)\n", name);
    fprintf(out, "%4s %-8s %9s %7s", "year", "region", "recipient", "yuan/yr");
    for (int k = 0; k < N_PROGRAMS; k++) fprintf(out, " %8s", PROGRAMS[k].label);
    fprintf(out, " %9s %6s %6s\n", PROGRAMS[PROGRAM_ALL].label, "poor", "after");
    for (int y = 0; y < s->res.n_years; y++) {
        for (int r = 0; r < s->res.n_regions; r++) print_scenario_line(out, s, y, r, s->regions[r]);
        if (s->res.n_regions > 1) print_scenario_line(out, s, y, -1, "all");
    }
}

/* A headline of year y, all regions. */
static double headline(const struct summary *s, int y, int h)
{
    double values[N_HEADLINES];
    derived_headlines(&s->res, y, -1, values);
    return values[h];
}

static void print_cash_flow(FILE *out, hid_t file, const char *name)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/cash_flow", name);
    size_t n = 0;
    double *year = h5io_read_doubles(file, group, "year", &n), *month = h5io_read_doubles_beside(file, group, "month", n);
    double *flow[N_PROGRAM_ROWS];
    for (int k = 0; k < N_PROGRAM_ROWS; k++)
        flow[k] = h5io_read_doubles_beside(file, group, k == PROGRAM_ALL ? "total" : PROGRAMS[k].name, n);
    fprintf(out, "\n%s: monthly cash flow (yuan)\n%7s", name, "month");
    for (int k = 0; k < N_PROGRAM_ROWS; k++) fprintf(out, " %12s", PROGRAMS[k].label);
    fputc('\n', out);
    for (size_t i = 0; year && month && i < n; i++) {
        fprintf(out, "%4.0f-%02.0f", year[i], month[i]);
        for (int k = 0; k < N_PROGRAM_ROWS; k++) fprintf(out, " %12.0f", flow[k] ? flow[k][i] : 0);
        fputc('\n', out);
    }
    free(year);
    free(month);
    for (int k = 0; k < N_PROGRAM_ROWS; k++) free(flow[k]);
}

/* The sum of `field` over the rows of /comparison/<reform>/<table> for `year` (and, for
 * by_program, the row `all`). */
static double comparison_value(hid_t file, const char *reform, const char *table,
                               const char *field, int year)
{
    char group[512];
    snprintf(group, sizeof group, "/comparison/%s/%s", reform, table);
    size_t rows = 0, n_values = 0;
    double *years = h5io_read_doubles(file, group, "year", &rows);
    double *values = h5io_read_doubles(file, group, field, &n_values);
    if (n_values < rows) rows = n_values;   /* a damaged file: read no further than both go */
    const int by_program = strcmp(table, "by_program") == 0;
    double total = 0;
    for (size_t i = 0; years && values && i < rows; i++)   /* compared as doubles: NaN matches none */
        if (years[i] == (double)year && (!by_program || i % N_PROGRAM_ROWS == PROGRAM_ALL))
            total += values[i];
    free(years);
    free(values);
    return total;
}

/* One line per scenario against the baseline: cost over every year and its change; for the
 * last year households receiving, gained, lost, winners, losers and poverty after transfers. */
static void print_comparison(FILE *out, hid_t file, char **names, size_t n,
                             const struct summary *summaries)
{
    const struct summary *base = &summaries[0];
    const int last = base->res.first_year + base->res.n_years - 1;
    fprintf(out, "\ncomparison with %s, %d-%d, all programs\n(cost: million yuan over the "
                 "years; households in %d: receiving, gained, lost, winners and losers\n of more "
                 "than 1 yuan a year; poor: poverty headcount after transfers in %d)\n",
            names[0], base->res.first_year, last, last, last);
    fprintf(out, "%-29s %8s %7s %6s %7s %6s %6s %7s %7s %6s\n", "scenario", "cost", "change",
            "%", "receive", "gained", "lost", "winners", "losers", "poor");
    double base_cost = 0;
    for (int y = 0; y < base->res.n_years; y++) base_cost += headline(base, y, H_COST + PROGRAM_ALL);
    for (size_t k = 0; k < n; k++) {
        const struct summary *s = &summaries[k];
        double cost = 0;
        for (int y = 0; y < s->res.n_years; y++) cost += headline(s, y, H_COST + PROGRAM_ALL);
        const char *reform = names[k ? k : 1 % n];
        double receive = comparison_value(file, reform, "by_program",
                                          k ? "reform_households" : "baseline_households", last);
        double changes[4] = {0};
        static const char *const FIELDS[4] = {"gained", "lost", "winners", "losers"};
        for (int f = 0; f < 4 && k; f++)
            changes[f] = comparison_value(file, reform, f < 2 ? "by_program" : "by_decile",
                                          FIELDS[f], last);
        fprintf(out, "%-29.29s %8.1f %+7.1f %+5.1f%% %7.0f %6.0f %6.0f %7.0f %7.0f %5.1f%%\n",
                names[k], cost / 1e6, (cost - base_cost) / 1e6,
                100 * ratio(cost - base_cost, base_cost), receive, changes[0], changes[1],
                changes[2], changes[3], 100 * headline(s, last - s->res.first_year, H_FGT0_AFTER));
    }
}

/* Texts of a dataset in group (NULL when absent); *n receives their count. */
/* The headlines the sensitivity and sweep tables show. */
static const int SHOWN[] = {H_COST + PROGRAM_ALL, H_COST + PROGRAM_DIBAO, H_DIBAO_RECIPIENTS,
                            H_FGT0_AFTER, H_COVERAGE};
#define N_SHOWN (int)(sizeof SHOWN / sizeof SHOWN[0])

/* A headline value printed in its units: money in million yuan, shares in per cent, counts
 * whole. */
static void print_value(FILE *out, int h, double v)
{
    const char *units = headline_info(h).units;
    if (!strcmp(units, "yuan/year")) fprintf(out, " %9.2f", v / 1e6);
    else if (!strcmp(units, "share")) fprintf(out, " %8.2f%%", 100 * v);
    else fprintf(out, " %9.0f", v);
}

static void print_sensitivity(FILE *out, hid_t file, const char *name)
{
    static const char *const MEASURE[] = {"measure"};
    static const char *const TORNADO_KEYS[] = {"measure", "parameter"};
    static const char *const PERCENTILES[] = {"year", "p05", "p50", "p95"};
    static const char *const SWINGS[] = {"year", "at_p05", "at_p95"};
    char group[512];
    snprintf(group, sizeof group, "/sensitivity/%s/statistics", name);
    struct h5io_table t;
    h5io_read_table(file, group, MEASURE, 1, PERCENTILES, 4, &t);
    fprintf(out, "\n%s: sensitivity, percentiles over the replications (costs in million "
                 "yuan)\n%-18s %4s %9s %9s %9s\n", name, "measure", "year",
            "p05", "p50", "p95");
    for (int k = 0; k < N_SHOWN; k++) {
        char shown[64];
        headline_name(SHOWN[k], shown, sizeof shown);
        for (size_t i = 0; t.ok && i < t.rows; i++) {
            if (strcmp(t.text[0][i], shown)) continue;
            fprintf(out, "%-18s %4.0f", shown, t.number[0][i]);
            for (int p = 1; p <= 3; p++) print_value(out, SHOWN[k], t.number[p][i]);
            fputc('\n', out);
        }
    }
    h5io_table_free(&t);
    /* the tornado of total cost in the last year: each parameter's swing */
    snprintf(group, sizeof group, "/sensitivity/%s/tornado", name);
    h5io_read_table(file, group, TORNADO_KEYS, 2, SWINGS, 3, &t);
    const double *year = t.number[0], *low = t.number[1], *high = t.number[2];
    double last = 0;
    for (size_t i = 0; t.ok && i < t.rows; i++) last = year[i] > last ? year[i] : last;
    char cost_all[64];
    headline_name(H_COST + PROGRAM_ALL, cost_all, sizeof cost_all);
    fprintf(out, "tornado of %s in %.0f, million yuan: each parameter at its 5th and 95th\n"
                 "percentiles, the others at their medians\n", cost_all, last);
    for (size_t i = 0; t.ok && i < t.rows; i++)
        if (!strcmp(t.text[0][i], cost_all) && year[i] == last)
            fprintf(out, "  %-34s %9.2f %9.2f  swing %8.2f\n", t.text[1][i], low[i] / 1e6,
                    high[i] / 1e6, (high[i] - low[i]) / 1e6);
    h5io_table_free(&t);
}

static void print_sweep(FILE *out, hid_t file, const char *name)
{
    char group[512];
    snprintf(group, sizeof group, "/sweep/%s", name);
    size_t n_axes = 0, cells = 0, n_years = 0;
    char **axes = h5io_read_text_column(file, group, "axes", &n_axes);
    double *grid = h5io_read_doubles(file, group, "grid", &cells), *year = h5io_read_doubles(file, group, "year", &n_years);
    double *shown[N_SHOWN];
    char shown_names[N_SHOWN][64];
    const size_t points = n_axes ? cells / n_axes : 0;
    for (int k = 0; k < N_SHOWN; k++) {
        headline_name(SHOWN[k], shown_names[k], sizeof shown_names[k]);
        shown[k] = h5io_read_doubles_beside(file, group, shown_names[k], points * n_years);
    }
    fprintf(out, "\n%s: sweep over", name);
    for (size_t a = 0; a < n_axes; a++) fprintf(out, " %s", axes[a]);
    fprintf(out, ", %.0f (costs in million yuan)\n", year && n_years ? year[n_years - 1] : 0);
    for (size_t a = 0; a < n_axes; a++) fprintf(out, "%16.16s", axes[a]);
    for (int k = 0; k < N_SHOWN; k++) fprintf(out, " %9.9s", shown_names[k]);
    fputc('\n', out);
    for (size_t i = 0; grid && i < points; i++) {
        for (size_t a = 0; a < n_axes; a++) fprintf(out, "%16g", grid[i * n_axes + a]);
        for (int k = 0; k < N_SHOWN && n_years; k++)
            if (shown[k]) print_value(out, SHOWN[k], shown[k][i * n_years + n_years - 1]);
        fputc('\n', out);
    }
    h5io_free_texts(axes, n_axes);
    free(grid);
    free(year);
    for (int k = 0; k < N_SHOWN; k++) free(shown[k]);
}

/* A program's label in printed tables, from its name in a results file. */
static const char *program_label(const char *name)
{
    for (int k = 0; k < N_PROGRAMS; k++)
        if (!strcmp(PROGRAMS[k].name, name)) return PROGRAMS[k].label;
    return name;
}

/* The columns a budget table's reader names: program and region first. */
static const char *const BUDGET_KEYS[] = {"program", "region"};

/* A scenario's fund balances by program, region and year (budget.h), and its shortfalls. */
static void print_budget(FILE *out, hid_t file, const char *name)
{
    static const char *const COLUMNS[] = {"year", "opening", "released", "spent", "closing",
                                          "lowest", "short_months"};
    enum { N_COLUMNS = sizeof COLUMNS / sizeof COLUMNS[0] };
    char group[512];
    struct h5io_table t;
    snprintf(group, sizeof group, "/scenarios/%s/budget/years", name);
    h5io_read_table(file, group, BUDGET_KEYS, 2, COLUMNS, N_COLUMNS, &t);
    fprintf(out, "\n%s: fund balances (thousand yuan; lowest: the lowest month-end balance of the "
                 "year;\n short: months closing below 0)\n%-8s %-8s %4s %9s %9s %9s %9s %9s %5s\n",
            name, "program", "region", "year", "opening", "released", "spent", "closing",
            "lowest", "short");
    for (size_t i = 0; t.ok && i < t.rows; i++) {
        fprintf(out, "%-8.8s %-8.8s %4.0f", program_label(t.text[0][i]), t.text[1][i],
                t.number[0][i]);
        for (int c = 1; c < N_COLUMNS - 1; c++) fprintf(out, " %9.1f", t.number[c][i] / 1000);
        fprintf(out, " %5.0f\n", t.number[N_COLUMNS - 1][i]);
    }
    h5io_table_free(&t);
    static const char *const SHORTFALL[] = {"year", "month", "months", "deficit"};
    snprintf(group, sizeof group, "/scenarios/%s/budget/shortfalls", name);
    h5io_read_table(file, group, BUDGET_KEYS, 2, SHORTFALL, 4, &t);
    if (t.ok && t.rows == 0) fprintf(out, "no fund runs short\n");
    for (size_t i = 0; t.ok && i < t.rows; i++)
        fprintf(out, "shortfall: %s in %s from %.0f-%02.0f, %.0f month%s, deepest deficit %.1f "
                     "thousand yuan\n", t.text[0][i], t.text[1][i], t.number[0][i], t.number[1][i],
                t.number[2][i], t.number[2][i] == 1 ? "" : "s", t.number[3][i] / 1000);
    h5io_table_free(&t);
}

/* The risk of a shortfall over a sensitivity analysis' replications. */
static void print_budget_risk(FILE *out, hid_t file, const char *name)
{
    static const char *const COLUMNS[] = {"year", "shortfall_probability", "lowest_p05",
                                          "lowest_p50", "lowest_p95"};
    char group[512];
    struct h5io_table t;
    snprintf(group, sizeof group, "/sensitivity/%s/budget", name);
    h5io_read_table(file, group, BUDGET_KEYS, 2, COLUMNS, 5, &t);
    fprintf(out, "%s: risk of a shortfall over the replications (share of replications closing "
                 "some month\nof the year below 0; percentiles of the year's lowest balance, "
                 "thousand yuan)\n%-8s %-8s %4s %8s %9s %9s %9s\n", name, "program", "region",
            "year", "short", "p05", "p50", "p95");
    for (size_t i = 0; t.ok && i < t.rows; i++)
        fprintf(out, "%-8.8s %-8.8s %4.0f %7.1f%% %9.1f %9.1f %9.1f\n", program_label(t.text[0][i]),
                t.text[1][i], t.number[0][i], 100 * t.number[1][i], t.number[2][i] / 1000,
                t.number[3][i] / 1000, t.number[4][i] / 1000);
    h5io_table_free(&t);
}

/* The validation table, as run printed it. Files written before bounds existed have no
 * min, max, below, tolerance or weight: values then, with the default tolerances. */
static void print_validation(FILE *out, hid_t file)
{
    char **measure = NULL, **region = NULL, **below = NULL;
    size_t n = 0, nr = 0, nb = 0, nn[6] = {0};
    const char *names[6] = {"published", "simulated", "min", "max", "tolerance", "weight"};
    double *column[6];
    for (int c = 0; c < 6; c++) column[c] = h5io_read_doubles(file, "/validation", names[c], &nn[c]);
    hid_t g = H5Gopen2(file, "/validation", H5P_DEFAULT);
    if (g >= 0 && h5io_read_texts(g, "below", &below, &nb)) below = NULL;
    if (!h5io_read_texts(g, "measure", &measure, &n) && !h5io_read_texts(g, "region", &region, &nr) &&
        column[0] && column[1] && n == nr && nn[0] == n && nn[1] == n) {
        fprintf(out, "\nvalidation of the first scenario against the published figures:\n");
        targets_print_header(out);
        int met = 0, shown = 0;
        for (size_t i = 0; i < n; i++) {
            struct target t = {.measure = targets_measure_index(measure[i]), .region = region[i],
                               .value = column[0][i], .min = NAN, .max = NAN, .weight = 1};
            if (t.measure < 0) continue;   /* a measure this version does not know */
            t.tolerance = targets_measure_is_share(t.measure) ? 0.01 : 0.02;
            if (column[2] && nn[2] == n) t.min = column[2][i];
            if (column[3] && nn[3] == n) t.max = column[3][i];
            if (column[4] && nn[4] == n && column[4][i] > 0) t.tolerance = column[4][i];
            if (column[5] && nn[5] == n) t.weight = column[5][i];
            if (below && nb == n && below[i][0]) t.below = below[i];
            met += targets_print_row(out, &t, measure[i], column[1][i]);
            shown++;
        }
        fprintf(out, "%d of %d targets met\n", met, shown);
    }
    if (g >= 0) H5Gclose(g);
    h5io_free_texts(measure, n);
    h5io_free_texts(region, nr);
    if (below) h5io_free_texts(below, nb);
    for (int c = 0; c < 6; c++) free(column[c]);
}

/* The trends of the validation: for each, the simulated index beside the published one by year. */
static void print_trends(FILE *out, hid_t file)
{
    const char *g = "/validation/trends";
    char **measure = NULL, **region = NULL, **source = NULL;
    size_t n = 0, nr = 0, ns = 0, nn[6] = {0};
    const char *names[6] = {"year", "base", "published", "min", "max", "simulated"};
    double *column[6];
    for (int c = 0; c < 6; c++) column[c] = h5io_read_doubles(file, g, names[c], &nn[c]);
    hid_t group = H5Gopen2(file, g, H5P_DEFAULT);
    int ok = group >= 0 && !h5io_read_texts(group, "measure", &measure, &n) &&
             !h5io_read_texts(group, "region", &region, &nr) &&
             !h5io_read_texts(group, "source", &source, &ns) && nr == n && ns == n;
    for (int c = 0; c < 6; c++) ok = ok && column[c] && nn[c] == n;
    for (size_t i = 0; ok && i < n; i++) {
        const double *year = column[0], *base = column[1], *published = column[2];
        const double *min = column[3], *max = column[4], *simulated = column[5];
        if (i == 0 || year[i] == base[i])
            fprintf(out, "\n%s, %s, %.0f = 100, simulated beside published (%s):\n"
                         "year  simulated  published  bounds\n",
                    measure[i], region[i], base[i], source[i]);
        char bounds[48] = "";
        if (!isnan(min[i]) || !isnan(max[i])) {
            const int met = !(simulated[i] < min[i]) && !(simulated[i] > max[i]);
            char range[32];
            if (isnan(max[i])) snprintf(range, sizeof range, ">= %.1f", min[i]);
            else if (isnan(min[i])) snprintf(range, sizeof range, "<= %.1f", max[i]);
            else snprintf(range, sizeof range, "%.0f-%.0f", min[i], max[i]);
            snprintf(bounds, sizeof bounds, "%s  %s", range, met ? "ok" : "MISSED");
        }
        char shown[16] = "         -", given[16] = "        -";
        if (!isnan(simulated[i])) snprintf(shown, sizeof shown, "%10.1f", simulated[i]);
        if (!isnan(published[i])) snprintf(given, sizeof given, "%9.1f", published[i]);
        fprintf(out, "%4.0f %s  %s  %s\n", year[i], shown, given, bounds);
    }
    if (group >= 0) H5Gclose(group);
    h5io_free_texts(measure, n);
    h5io_free_texts(region, nr);
    h5io_free_texts(source, ns);
    for (int c = 0; c < 6; c++) free(column[c]);
}

int report_file(FILE *out, const char *path, int monthly, struct error *err)
{
    hid_t file = open_results(path, err);
    if (file < 0) return -1;
    char **names = NULL;
    size_t n = 0;
    hid_t meta = H5Lexists(file, "/meta", H5P_DEFAULT) > 0 ? H5Gopen2(file, "/meta", H5P_DEFAULT) : -1;
    int rc = meta < 0 || h5io_read_texts(meta, "scenario_names", &names, &n) || n == 0;
    if (meta >= 0) H5Gclose(meta);
    struct summary *summaries = xcalloc(n + 1, sizeof *summaries);
    if (rc) err_set(err, ERR_INPUT, "%s: not a dibaosim results file (no /meta/scenario_names)",
                    path);
    for (size_t k = 0; k < n && !rc; k++)
        rc = summary_read(file, path, names[k], &summaries[k], err);
    if (!rc) {
        for (size_t k = 0; k < n; k++) {
            char group[512];
            print_scenario(out, names[k], &summaries[k]);
            if (monthly) print_cash_flow(out, file, names[k]);
            snprintf(group, sizeof group, "/scenarios/%s/budget", names[k]);
            if (h5io_exists(file, group)) print_budget(out, file, names[k]);
            snprintf(group, sizeof group, "/sensitivity/%s", names[k]);
            if (H5Lexists(file, "/sensitivity", H5P_DEFAULT) > 0 &&
                H5Lexists(file, group, H5P_DEFAULT) > 0)
                print_sensitivity(out, file, names[k]);
            snprintf(group, sizeof group, "/sensitivity/%s/budget", names[k]);
            if (h5io_exists(file, group)) print_budget_risk(out, file, names[k]);
            snprintf(group, sizeof group, "/sweep/%s", names[k]);
            if (H5Lexists(file, "/sweep", H5P_DEFAULT) > 0 && H5Lexists(file, group, H5P_DEFAULT) > 0)
                print_sweep(out, file, names[k]);
        }
        if (H5Lexists(file, "/comparison", H5P_DEFAULT) > 0)
            print_comparison(out, file, names, n, summaries);
        if (H5Lexists(file, "/validation", H5P_DEFAULT) > 0) print_validation(out, file);
        if (H5Lexists(file, "/validation", H5P_DEFAULT) > 0 &&
            H5Lexists(file, "/validation/trends", H5P_DEFAULT) > 0)
            print_trends(out, file);
    }
    for (size_t k = 0; k < n; k++) summary_free(&summaries[k]);
    free(summaries);
    h5io_free_texts(names, n);
    H5Fclose(file);
    return rc ? -1 : 0;
}

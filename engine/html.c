/* html — see html.h. The page is written by hand: a few charts as inline SVG (stacked bars,
 * grouped bars, lines), tables as HTML, one style sheet, no script and nothing fetched. */
#include "html.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "derived.h"
#include "h5io.h"
#include "programs/programs.h"
#include "report.h"

#define MAX_SERIES 16
#define MAX_POINTS 128
static const char *const COLORS[] = {"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3",
                                     "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"};
#define COLOR(k) COLORS[(k) % (sizeof COLORS / sizeof COLORS[0])]

/* A chart's data: n_series series over n_points categories (or x positions). */
struct chart {
    const char *title, *units;
    int n_series, n_points;
    const char *series[MAX_SERIES];
    char points[MAX_POINTS][16];
    double value[MAX_SERIES][MAX_POINTS];
};

static void text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else fputc(*s, f);
    }
}

/* A round step for an axis up to `top`: 1, 2 or 5 times a power of ten, about 5 ticks. */
static double tick_step(double top)
{
    if (!(top > 0)) return 1;
    const double raw = top / 5, power = pow(10, floor(log10(raw)));
    const double m = raw / power;
    return power * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10);
}

#define W 860
#define H 300
#define LEFT 80
#define RIGHT 250
#define TOP 30
#define BOTTOM 40

/* The axes of a chart from `low` to `high` (0 included), returning the y of a value. */
struct axis { double low, high; };
static double y_of(const struct axis *a, double v)
{
    return TOP + (H - TOP - BOTTOM) * (a->high - v) / (a->high - a->low);
}

static void frame(FILE *f, const struct chart *c, struct axis *a)
{
    const double step = tick_step(fmax(fabs(a->high), fabs(a->low)));
    a->high = step * ceil(a->high / step);
    a->low = step * floor(a->low / step);
    if (a->high == a->low) a->high = a->low + step;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "role=\"img\"><title>", W, H);
    text(f, c->title);
    fprintf(f, "</title>\n<text x=\"%d\" y=\"18\" class=\"t\">", LEFT);
    text(f, c->title);
    fprintf(f, " (%s)</text>\n", c->units);
    for (double v = a->low; v <= a->high + step / 2; v += step) {
        const double y = y_of(a, v);
        fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"g\"/>"
                   "<text x=\"%d\" y=\"%.1f\" class=\"y\">%.6g</text>\n",
                LEFT, W - RIGHT, y, y, LEFT - 6, y + 4, v);
    }
    for (int k = 0; k < c->n_series; k++) {   /* the legend, beside the plot */
        const int y = TOP + 18 * k;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"%d\" class=\"l\">", W - RIGHT + 12, y, COLOR(k),
                W - RIGHT + 30, y + 10);
        text(f, c->series[k]);
        fputs("</text>\n", f);
    }
}

/* Bars per category: stacked (series on top of each other) or side by side. */
static void bars(FILE *f, const struct chart *c, int stacked)
{
    struct axis a = {0, 0};
    for (int i = 0; i < c->n_points; i++) {
        double up = 0, down = 0;
        for (int k = 0; k < c->n_series; k++) {
            const double v = c->value[k][i];
            if (stacked) *(v >= 0 ? &up : &down) += v;
            else {
                up = fmax(up, v);
                down = fmin(down, v);
            }
        }
        a.high = fmax(a.high, up);
        a.low = fmin(a.low, down);
    }
    frame(f, c, &a);
    const double slot = (double)(W - LEFT - RIGHT) / (c->n_points ? c->n_points : 1);
    for (int i = 0; i < c->n_points; i++) {
        const double x0 = LEFT + slot * i + slot * 0.15, width = slot * 0.7;
        double up = 0, down = 0;
        for (int k = 0; k < c->n_series; k++) {
            const double v = c->value[k][i];
            double from, to, x = x0, w = width;
            if (stacked) {
                double *base = v >= 0 ? &up : &down;
                from = *base;
                to = *base += v;
            } else {
                from = 0;
                to = v;
                w = width / c->n_series;
                x = x0 + w * k;
            }
            const double y1 = y_of(&a, fmax(from, to)), y2 = y_of(&a, fmin(from, to));
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                       "<title>%s %s: %.2f</title></rect>\n", x, y1, w, y2 - y1, COLOR(k),
                    c->points[i], c->series[k], v);
        }
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" class=\"x\">%s</text>\n", x0 + width / 2,
                H - BOTTOM + 16, c->points[i]);
    }
    fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"z\"/></svg>\n", LEFT,
            W - RIGHT, y_of(&a, 0), y_of(&a, 0));
}

/* Lines over the points (labels every `every` points). */
static void lines(FILE *f, const struct chart *c, int every)
{
    struct axis a = {0, 0};
    for (int k = 0; k < c->n_series; k++)
        for (int i = 0; i < c->n_points; i++) {
            a.high = fmax(a.high, c->value[k][i]);
            a.low = fmin(a.low, c->value[k][i]);
        }
    frame(f, c, &a);
    const double dx = (double)(W - LEFT - RIGHT) / (c->n_points > 1 ? c->n_points - 1 : 1);
    for (int k = 0; k < c->n_series; k++) {
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", COLOR(k));
        for (int i = 0; i < c->n_points; i++)
            fprintf(f, "%.1f,%.1f ", LEFT + dx * i, y_of(&a, c->value[k][i]));
        fputs("\"/>\n", f);
    }
    for (int i = 0; i < c->n_points; i += every)
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" class=\"x\">%s</text>\n", LEFT + dx * i,
                H - BOTTOM + 16, c->points[i]);
    fputs("</svg>\n", f);
}

/* Costs by program and year of one scenario (million yuan), as stacked bars. */
static void scenario_costs(FILE *f, const char *path, const char *name, struct error *err)
{
    struct scenario_result res;
    if (report_read_summary(path, name, &res, err)) return;
    struct chart c = {.title = name, .units = "million yuan"};
    c.n_series = N_PROGRAMS;
    c.n_points = res.n_years < MAX_POINTS ? res.n_years : MAX_POINTS;
    for (int k = 0; k < N_PROGRAMS; k++) c.series[k] = PROGRAMS[k].name;
    for (int y = 0; y < c.n_points; y++) {
        double h[N_HEADLINES];
        derived_headlines(&res, y, -1, h);
        snprintf(c.points[y], sizeof c.points[y], "%d", res.first_year + y);
        for (int k = 0; k < N_PROGRAMS; k++) c.value[k][y] = h[H_COST + k] / 1e6;
    }
    bars(f, &c, 1);
    scenario_result_free(&res);
}

/* The baseline's monthly cash flow by program (million yuan), as lines. */
static void cash_flow(FILE *f, hid_t file, const char *name)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/cash_flow", name);
    size_t n = 0;
    double *year = h5io_read_doubles(file, group, "year", &n);
    double *month = h5io_read_doubles_beside(file, group, "month", n);
    struct chart c = {.title = "monthly cash flow", .units = "million yuan a month"};
    c.n_points = n < MAX_POINTS ? (int)n : MAX_POINTS;
    for (int k = 0; k < N_PROGRAM_ROWS; k++) {
        double *flow = h5io_read_doubles_beside(file, group,
                                                k == PROGRAM_ALL ? "total" : PROGRAMS[k].name, n);
        c.series[c.n_series] = k == PROGRAM_ALL ? "total" : PROGRAMS[k].name;
        for (int i = 0; flow && i < c.n_points; i++) c.value[c.n_series][i] = flow[i] / 1e6;
        c.n_series += flow != NULL;
        free(flow);
    }
    for (int i = 0; year && month && i < c.n_points; i++)
        snprintf(c.points[i], sizeof c.points[i], "%.0f-%02.0f", year[i], month[i]);
    if (c.n_points) lines(f, &c, 12);
    free(year);
    free(month);
}

/* Each reform's change in total cost by year against the baseline (million yuan). */
static void comparison(FILE *f, hid_t file, char **names, size_t n)
{
    struct chart c = {.title = "change in cost against the baseline, all programs",
                      .units = "million yuan a year"};
    for (size_t s = 1; s < n && c.n_series < MAX_SERIES; s++) {
        char group[512];
        snprintf(group, sizeof group, "/comparison/%s/by_program", names[s]);
        size_t rows = 0;
        double *year = h5io_read_doubles(file, group, "year", &rows);
        double *change = h5io_read_doubles_beside(file, group, "change", rows);
        int points = 0;
        for (size_t i = PROGRAM_ALL; year && change && i < rows && points < MAX_POINTS;
             i += N_PROGRAM_ROWS) {
            snprintf(c.points[points], sizeof c.points[points], "%.0f", year[i]);
            c.value[c.n_series][points++] = change[i] / 1e6;
        }
        if (points) {
            c.series[c.n_series++] = names[s];
            c.n_points = points;
        }
        free(year);
        free(change);
    }
    if (c.n_series) bars(f, &c, 0);
}

/* Winners and losers by decile in the last year, for each reform (households). */
static void deciles(FILE *f, hid_t file, char **names, size_t n)
{
    for (size_t s = 1; s < n; s++) {
        char group[512];
        snprintf(group, sizeof group, "/comparison/%s/by_decile", names[s]);
        size_t rows = 0;
        double *year = h5io_read_doubles(file, group, "year", &rows);
        double *winners = h5io_read_doubles_beside(file, group, "winners", rows);
        double *losers = h5io_read_doubles_beside(file, group, "losers", rows);
        struct chart c = {.title = names[s], .units = "households, the last year", .n_series = 2,
                          .series = {"winners", "losers"}};
        for (size_t i = 0; year && winners && losers && i < rows; i++)
            if (year[i] == year[rows - 1] && c.n_points < MAX_POINTS) {
                snprintf(c.points[c.n_points], sizeof c.points[0], "%d", c.n_points + 1);
                c.value[0][c.n_points] = winners[i];
                c.value[1][c.n_points++] = -losers[i];
            }
        if (c.n_points) bars(f, &c, 1);
        free(year);
        free(winners);
        free(losers);
    }
}

/* A scenario's sensitivity analysis: the fan of total cost over the years (5th, 50th, 95th
 * percentiles of the replications) and the tornado of the last year. */
static void sensitivity(FILE *f, hid_t file, const char *name)
{
    static const char *const MEASURE[] = {"measure"};
    static const char *const TORNADO_KEYS[] = {"measure", "parameter"};
    static const char *const PERCENTILES[] = {"year", "p05", "p50", "p95"};
    static const char *const SWINGS[] = {"year", "at_p05", "at_p50", "at_p95"};
    char group[512];
    snprintf(group, sizeof group, "/sensitivity/%s/statistics", name);
    struct h5io_table t;
    h5io_read_table(file, group, MEASURE, 1, PERCENTILES, 4, &t);
    struct chart fan = {.title = "total cost over the replications: 5th, 50th, 95th percentile",
                        .units = "million yuan a year", .n_series = 3,
                        .series = {"5th percentile", "median", "95th percentile"}};
    for (size_t i = 0; t.ok && i < t.rows; i++)
        if (!strcmp(t.text[0][i], "cost_all") && fan.n_points < MAX_POINTS) {
            snprintf(fan.points[fan.n_points], sizeof fan.points[0], "%.0f", t.number[0][i]);
            for (int s = 0; s < 3; s++) fan.value[s][fan.n_points] = t.number[1 + s][i] / 1e6;
            fan.n_points++;
        }
    if (fan.n_points) {
        fprintf(f, "<h2>Sensitivity: %s</h2>\n", name);
        lines(f, &fan, 1);
    }
    h5io_table_free(&t);
    snprintf(group, sizeof group, "/sensitivity/%s/tornado", name);
    h5io_read_table(file, group, TORNADO_KEYS, 2, SWINGS, 4, &t);
    struct chart tornado = {.title = "tornado: total cost in the last year",
                            .units = "million yuan from the centre", .n_series = 2,
                            .series = {"at the 5th percentile", "at the 95th percentile"}};
    const double *year = t.number[0], *p05 = t.number[1], *p50 = t.number[2], *p95 = t.number[3];
    size_t k = 0;
    for (size_t i = 0; t.ok && i < t.rows; i++)
        if (!strcmp(t.text[0][i], "cost_all") && year[i] == year[t.rows - 1] && k < MAX_POINTS) {
            const char *parameter = t.text[1][i], *last = strrchr(parameter, '.');
            snprintf(tornado.points[k], sizeof tornado.points[0], "%.15s",
                     last ? last + 1 : parameter);
            tornado.value[0][k] = (p05[i] - p50[i]) / 1e6;
            tornado.value[1][k++] = (p95[i] - p50[i]) / 1e6;
        }
    tornado.n_points = (int)k;
    if (k) bars(f, &tornado, 0);
    h5io_table_free(&t);
}

/* Where a budget table's program and region are. */
static const char *const BUDGET_KEYS[] = {"program", "region"};

/* A scenario's fund balances (budget.h): for each program of its budget block, the month-end
 * balance of each region as lines (0 drawn: below it the fund runs short), then its
 * shortfalls as a table. */
static void budget(FILE *f, hid_t file, const char *name)
{
    static const char *const MONTHS[] = {"year", "month", "closing"};
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/budget/months", name);
    if (!h5io_exists(file, group)) return;
    struct h5io_table t;
    h5io_read_table(file, group, BUDGET_KEYS, 2, MONTHS, 3, &t);
    char **program = t.text[0], **region = t.text[1];
    const double *year = t.number[0], *month = t.number[1], *closing = t.number[2];
    fprintf(f, "<h2>Fund balances: ");
    text(f, name);
    fputs("</h2>\n<p class=\"c\">each program's fund at the end of each month, by region: below 0 "
          "it has run short</p>\n", f);
    for (size_t i = 0; t.ok && i < t.rows;) {   /* rows: program, region, month */
        struct chart c = {.title = program[i], .units = "million yuan at the month's end"};
        size_t j = i;
        for (; j < t.rows && !strcmp(program[j], program[i]); j++) {
            if (j == i || strcmp(region[j], region[j - 1])) {
                if (c.n_series == MAX_SERIES) break;
                c.series[c.n_series++] = region[j];
                c.n_points = 0;
            }
            if (c.n_points < MAX_POINTS) {
                snprintf(c.points[c.n_points], sizeof c.points[0], "%.0f-%02.0f", year[j],
                         month[j]);
                c.value[c.n_series - 1][c.n_points++] = closing[j] / 1e6;
            }
        }
        while (j < t.rows && !strcmp(program[j], program[i])) j++;
        if (c.n_points) lines(f, &c, 12);
        i = j;
    }
    h5io_table_free(&t);
    static const char *const SHORTFALL[] = {"year", "month", "months", "deficit"};
    snprintf(group, sizeof group, "/scenarios/%s/budget/shortfalls", name);
    h5io_read_table(file, group, BUDGET_KEYS, 2, SHORTFALL, 4, &t);
    if (t.ok && t.rows == 0) fputs("<p>No fund runs short.</p>\n", f);
    if (t.ok && t.rows)
        fputs("<table>\n<tr><th>program</th><th>region</th><th>from</th><th>months</th>"
              "<th>deepest deficit (yuan)</th></tr>\n", f);
    for (size_t i = 0; t.ok && i < t.rows; i++) {
        fputs("<tr class=\"no\"><td>", f);
        text(f, t.text[0][i]);
        fputs("</td><td>", f);
        text(f, t.text[1][i]);
        fprintf(f, "</td><td>%.0f-%02.0f</td><td>%.0f</td><td>%.2f</td></tr>\n", t.number[0][i],
                t.number[1][i], t.number[2][i], t.number[3][i]);
    }
    if (t.ok && t.rows) fputs("</table>\n", f);
    h5io_table_free(&t);
}

/* The risk of a shortfall over a sensitivity analysis' replications, as a table. */
static void budget_risk(FILE *f, hid_t file, const char *name)
{
    static const char *const COLUMNS[] = {"year", "shortfall_probability", "lowest_p05",
                                          "lowest_p50"};
    char group[512];
    snprintf(group, sizeof group, "/sensitivity/%s/budget", name);
    if (!h5io_exists(file, group)) return;
    struct h5io_table t;
    h5io_read_table(file, group, BUDGET_KEYS, 2, COLUMNS, 4, &t);
    if (t.ok) {
        fputs("<h2>Risk of a shortfall: ", f);
        text(f, name);
        fputs("</h2>\n<table>\n<tr><th>program</th><th>region</th><th>year</th><th>replications "
              "short</th><th>lowest balance, 5th percentile (yuan)</th><th>median</th></tr>\n", f);
    }
    for (size_t i = 0; t.ok && i < t.rows; i++) {
        fprintf(f, "<tr class=\"%s\"><td>", t.number[1][i] > 0 ? "no" : "ok");
        text(f, t.text[0][i]);
        fputs("</td><td>", f);
        text(f, t.text[1][i]);
        fprintf(f, "</td><td>%.0f</td><td>%.1f%%</td><td>%.0f</td><td>%.0f</td></tr>\n",
                t.number[0][i], 100 * t.number[1][i], t.number[2][i], t.number[3][i]);
    }
    if (t.ok) fputs("</table>\n", f);
    h5io_table_free(&t);
}

/* The validation table: published beside simulated, the met ones green. */
static void validation(FILE *f, hid_t file)
{
    if (H5Lexists(file, "/validation", H5P_DEFAULT) <= 0) return;
    const hid_t g = H5Gopen2(file, "/validation", H5P_DEFAULT);
    char **measure = NULL, **region = NULL;
    size_t n = 0, m = 0;
    h5io_read_texts(g, "measure", &measure, &n);
    h5io_read_texts(g, "region", &region, &m);
    H5Gclose(g);
    double *published = h5io_read_doubles_beside(file, "/validation", "published", n);
    double *simulated = h5io_read_doubles_beside(file, "/validation", "simulated", n);
    double *met = h5io_read_doubles_beside(file, "/validation", "met", n);
    int count = 0;
    for (size_t i = 0; met && i < n; i++) count += met[i] != 0;
    fprintf(f, "<h2>Validation: %d of %zu published figures met</h2>\n<table>\n"
               "<tr><th>measure</th><th>region</th><th>published</th><th>simulated</th></tr>\n",
            count, n);
    for (size_t i = 0; measure && region && published && simulated && met && i < n && i < m; i++) {
        fprintf(f, "<tr class=\"%s\"><td>", met[i] ? "ok" : "no");
        text(f, measure[i]);
        fputs("</td><td>", f);
        text(f, region[i]);
        if (isnan(published[i])) fputs("</td><td>bound", f);
        else fprintf(f, "</td><td>%.6g", published[i]);
        fprintf(f, "</td><td>%.6g</td></tr>\n", simulated[i]);
    }
    fputs("</table>\n", f);
    if (measure) h5io_free_texts(measure, n);
    if (region) h5io_free_texts(region, m);
    free(published);
    free(simulated);
    free(met);
}

static const char STYLE[] =
    "body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}.c{color:#555}"
    "svg{display:block;margin:1em 0}.t{font-size:13px;font-weight:bold}"
    ".x{font-size:11px;text-anchor:middle}.y{font-size:11px;text-anchor:end}.l{font-size:12px}"
    ".g{stroke:#ddd}.z{stroke:#333}table{border-collapse:collapse;font-size:13px}"
    "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"
    "tr.ok td{background:#eaf5ec}tr.no td{background:#fbe9ea}";

int html_report(const char *results, const char *out, struct error *err)
{
    h5io_quiet();
    const hid_t file = H5Fopen(results, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return err_set(err, ERR_INPUT, "%s: not an HDF5 results file", results);
    char **names = NULL;
    size_t n = 0;
    const hid_t meta = H5Lexists(file, "/meta", H5P_DEFAULT) > 0
                           ? H5Gopen2(file, "/meta", H5P_DEFAULT) : -1;
    if (meta < 0 || h5io_read_texts(meta, "scenario_names", &names, &n) || !n) {
        if (meta >= 0) H5Gclose(meta);
        H5Fclose(file);
        return err_set(err, ERR_INPUT, "%s: not a dibaosim results file (no /meta)", results);
    }
    H5Gclose(meta);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        h5io_free_texts(names, n);
        H5Fclose(file);
        return err_set(err, ERR_INPUT, "--html %s: %s", out, strerror(errno));
    }
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<title>dibaosim: %s</title><style>%s</style></head><body>\n"
               "<h1>dibaosim results: ", names[0], STYLE);
    text(f, results);
    fputs("</h1>\n<h2>Spending by program and year (fund needs)</h2>\n<p class=\"c\">each bar "
          "is a year's spending of every program: what the year's funds must cover</p>\n", f);
    for (size_t s = 0; s < n && !err->code; s++) scenario_costs(f, results, names[s], err);
    fprintf(f, "<h2>Monthly cash flow: %s</h2>\n", names[0]);
    cash_flow(f, file, names[0]);
    if (n > 1) {
        fputs("<h2>Reforms against the baseline</h2>\n", f);
        comparison(f, file, names, n);
        fputs("<h2>Winners and losers by decile of pre-transfer income per member</h2>\n"
              "<p class=\"c\">households gaining (up) and losing (down) more than 1 yuan a year"
              "</p>\n", f);
        deciles(f, file, names, n);
    }
    for (size_t s = 0; s < n; s++) budget(f, file, names[s]);
    for (size_t s = 0; s < n; s++) {
        sensitivity(f, file, names[s]);
        budget_risk(f, file, names[s]);
    }
    validation(f, file);
    fputs("</body></html>\n", f);
    h5io_free_texts(names, n);
    H5Fclose(file);
    const int failed = ferror(f) | (fclose(f) != 0) | (err->code != 0);
    if (failed || rename(tmp, out) != 0) {
        remove(tmp);
        return err->code ? -1 : err_set(err, ERR_RUN, "--html %s: writing failed", out);
    }
    return 0;
}

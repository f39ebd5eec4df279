/* explain — see explain.h. This file runs the scenario with the household traced, writes each
 * month's amounts and steps as text or JSON, and says where a lever's value came from; the
 * steps themselves come from explain_dibao.c and explain_programs.c (explain_steps.h). */
#include "explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "explain_steps.h"
#include "programs/programs.h"
#include "memory.h"

/* A string as a JSON string's contents. */
static void json_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
}

/* The text output fits 100 columns, as the rest of the CLI: a step's explanation is written on
 * its line when it fits there, else on the lines below, indented under the step's name. */
enum { TEXT_WIDTH = 100, DETAIL_INDENT = 34 };

/* `text` written from column `column`, wrapped at spaces so no line passes TEXT_WIDTH (a word
 * longer than a line, a file path, stands alone), continuation lines indented by `indent`. */
static void wrapped(FILE *out, int column, int indent, const char *text)
{
    int start = 1;   /* nothing written on this line yet */
    while (*text) {
        while (*text == ' ') text++;
        const char *end = text;
        while (*end && *end != ' ') end++;
        const int length = (int)(end - text);
        if (!length) break;
        if (!start && column + 1 + length > TEXT_WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            column = indent;
            start = 1;
        }
        if (!start) {
            fputc(' ', out);
            column++;
        }
        fwrite(text, 1, (size_t)length, out);
        column += length;
        start = 0;
        text = end;
    }
    fputc('\n', out);
}

void explain_step(struct explain_month *x, const char *program, int64_t unit, const char *step,
                  enum explain_value kind, double value, const char *detail, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, detail);
    vsnprintf(text, sizeof text, detail, ap);
    va_end(ap);
    if (x->json) {
        fprintf(x->out, "%s\n    {\"program\": \"%s\", \"unit\": %lld, \"step\": \"", x->written ? "," : "",
                program, (long long)unit);
        json_text(x->out, step);
        fputs("\", \"value\": ", x->out);
        if (kind == VALUE_NONE || isnan(value)) fputs("null", x->out);
        else if (kind == VALUE_YES_NO) fputs(value != 0 ? "true" : "false", x->out);
        else fprintf(x->out, "%.10g", value);
        fputs(", \"detail\": \"", x->out);
        json_text(x->out, text);
        fputs("\"}", x->out);
    } else {
        char shown[32] = "";
        if (kind == VALUE_YES_NO) snprintf(shown, sizeof shown, "%s", value != 0 ? "yes" : "no");
        else if (kind == VALUE_YUAN && !isnan(value))
            /* whole fen with 2 decimals; a fraction of a fen (an unrounded amount) with 6 */
            snprintf(shown, sizeof shown, fabs(value * 100 - round(value * 100)) < 1e-6 ? "%.2f"
                                                                                      : "%.6f",
                     value);
        else if (kind == VALUE_NUMBER && !isnan(value)) snprintf(shown, sizeof shown, "%.6g", value);
        char who[24] = "";
        if (unit) snprintf(who, sizeof who, "%lld", (long long)unit);
        char line[256];
        int column = snprintf(line, sizeof line, "  %-20s %9s  %-26s %12s", program, who, step,
                              shown);
        if (column >= (int)sizeof line) column = (int)sizeof line - 1;
        /* the explanation on the step's line when it fits there, else under the step's name */
        if (column + 2 + (int)strlen(text) <= TEXT_WIDTH) {
            fprintf(x->out, "%s  ", line);
            column += 2;
        } else {
            while (column > 0 && line[column - 1] == ' ') line[--column] = '\0';
            fprintf(x->out, "%s\n%*s", line, DETAIL_INDENT, "");
            column = DETAIL_INDENT;
        }
        wrapped(x->out, column, DETAIL_INDENT, text);
    }
    x->written++;
}

void explain_source(const struct explain_month *x, int param, char *out, size_t size)
{
    const struct simulation *sim = x->sim;
    const int month = sim->first_month + x->t->year * 12 + x->month, r = x->region;
    const struct config_key *key = policy_param_key(param);
    const struct param *written = (const struct param *)((const char *)sim->scenario + key->offset);
    const struct param_series *series = sim->params.series[param][r];
    struct policy_origin o;
    policy_origin(&sim->params, param, r, month, &o);
    const struct ymark *at = series->region ? &series->region_mark : &written->mark;
    size_t used = (size_t)snprintf(out, size, "%s = %.10g, %s %s:%d", key->path, o.written,
                                   strncmp(at->file, "default of", 10) ? "written at"
                                                                       : "the key's",
                                   at->file, at->line);
    if (series->region) used += (size_t)snprintf(out + used, size - used, " (region %s)", series->region);
    if (o.since == PARAM_ALWAYS)
        used += (size_t)snprintf(out + used, size - used, ", undated");
    else
        used += (size_t)snprintf(out + used, size - used, ", in force from %04d-%02d",
                                 o.since / 12, o.since % 12 + 1);
    if (o.overridden) used += (size_t)snprintf(out + used, size - used, ", overridden by the run");
    for (int year = o.first_indexed; year <= o.last_indexed && used < size; year++)
        used += (size_t)snprintf(out + used, size - used, "%s %d %+.4g%%",
                                 year == o.first_indexed ? "; indexed each January:" : ",",
                                 year, 100 * policy_value(&sim->params, o.rate, r, year * 12));
    if (o.first_indexed <= o.last_indexed && used < size) {
        const struct config_key *rate = policy_param_key(o.rate);
        const struct param *p = (const struct param *)((const char *)sim->scenario + rate->offset);
        snprintf(out + used, size - used, " (%s, %s:%d)", rate->path, p->mark.file, p->mark.line);
    }
}

/* The programs' amounts of month m: paid or entitled, as a JSON object's members. */
static void json_amounts(FILE *out, const struct household_trace *t, int m, int paid)
{
    for (int k = 0; k < N_PROGRAMS; k++) {
        const struct program_month *pm = &t->months.program[m][k];
        fprintf(out, "%s\"%s\": %.2f", k ? ", " : "", PROGRAMS[k].name,
                explain_yuan(paid ? pm->paid : pm->entitled));
    }
}

static void print(FILE *out, const struct simulation *sim, const struct household_trace *t,
                  int month, int json)
{
    const struct population *pop = sim->pop;
    const size_t h = t->household;
    const int r = pop->region[h], year = sim->scenario->first_year + t->year;
    if (json)
        fprintf(out, "{\"household_id\": %lld, \"region\": \"%s\", \"scenario\": \"%s\", "
                     "\"year\": %d, \"months\": [",
                (long long)pop->household_id[h], pop->regions[r], sim->scenario->name, year);
    else {
        char title[512];
        snprintf(title, sizeof title, "household %lld (%s), scenario %s, %d: every step of every "
                 "program, month by month (money in yuan a month)",
                 (long long)pop->household_id[h], pop->regions[r], sim->scenario->name, year);
        wrapped(out, 0, 2, title);
    }
    int first = 1;
    for (int m = 0; m < 12; m++) {
        if (month >= 0 && m != month) continue;
        struct explain_month x = {out,     json, 0, sim, t, m, &sim->months[t->year * 12 + m], r,
                                  pop->first_person[h + 1] - pop->first_person[h]};
        if (json) {
            fprintf(out, "%s\n  {\"month\": \"%d-%02d\", \"paid\": {", first ? "" : ",", year,
                    m + 1);
            json_amounts(out, t, m, 1);
            fputs("}, \"entitled\": {", out);
            json_amounts(out, t, m, 0);
            fputs("}, \"steps\": [", out);
        } else {
            fprintf(out, "\n%d-%02d\n  %-20s %9s  %-26s %12s  %s\n", year, m + 1, "program",
                    "unit", "step", "value", "how");
        }
        first = 0;
        explain_dibao(&x);
        explain_programs(&x);
        if (json) fputs("]}", out);
    }
    if (json) {
        fputs("\n]}\n", out);
        return;
    }
    for (int paid = 1; paid >= 0; paid--) {   /* one table paid, one entitled: 67 columns */
        fprintf(out, "\nevery program, %s, yuan:\n%-7s", paid ? "paid" : "entitled", "month");
        for (int k = 0; k < N_PROGRAMS; k++) fprintf(out, " %11s", PROGRAMS[k].label);
        fputc('\n', out);
        for (int m = 0; m < 12; m++) {
            if (month >= 0 && m != month) continue;
            fprintf(out, "%d-%02d", year, m + 1);
            for (int k = 0; k < N_PROGRAMS; k++) {
                const struct program_month *pm = &t->months.program[m][k];
                fprintf(out, " %11.2f", explain_yuan(paid ? pm->paid : pm->entitled));
            }
            fputc('\n', out);
        }
        if (!paid) break;
        fprintf(out, "%-7s", "year");
        for (int k = 0; k < N_PROGRAMS; k++)
            fprintf(out, " %11.2f", explain_yuan(household_year_paid(&t->months, k)));
        fputc('\n', out);
    }
    wrapped(out, 0, 1, "(an annual program, medical assistance, is paid once in the year: shown in "
                       "every month, counted once in the year's row)");
}

int explain_household(FILE *out, struct scenario *s, const struct population *pop,
                      const struct run_options *options, int64_t household_id, int year,
                      int month, int json, struct error *err)
{
    size_t h = 0;
    while (h < pop->n_households && pop->household_id[h] != household_id) h++;
    if (h == pop->n_households)
        return err_set(err, ERR_INPUT, "--household %lld is not a household of the population",
                       (long long)household_id);
    if (year < s->first_year || year > s->last_year)
        return err_set(err, ERR_INPUT, "--year %d is not a year of scenario %s (%d-%d)", year,
                       s->name, s->first_year, s->last_year);
    scenario_set_years(s, s->first_year, year);   /* nothing after the year explained */
    struct household_trace *trace = xcalloc(1, sizeof *trace);
    trace->household = h;
    trace->year = year - s->first_year;
    struct simulation sim;
    struct scenario_result res;
    struct run_options quiet = *options;
    quiet.progress = NULL;
    quiet.microdata = 0;
    int rc = simulation_init(&sim, s, pop, &quiet, err);
    if (!rc) {
        sim.trace = trace;
        rc = simulation_run(&sim, &res, err);
        if (!rc) {
            print(out, &sim, trace, month, json);
            scenario_result_free(&res);
        }
        simulation_free(&sim);
    }
    free(trace);
    return rc ? -1 : 0;
}

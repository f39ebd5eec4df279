/* explain — see explain.h. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "programs/programs.h"

static double yuan(int64_t fen) { return (double)fen / 100.0; }

/* Why unit o was paid what it was, in words a planner reads. */
static const char *why(const struct unit_outcome *o)
{
    if (o->stale) return "on the starting caseload, not yet re-checked: paid the stale share of the line";
    if (o->exiting) return "in gradual exit after finding work: paid an exit month";
    if (o->paid && o->eligible && o->payment == o->entitled) return "entitled, and paid its entitlement";
    if (o->paid && o->eligible)
        return "entitled; paid on its last assessment (reviews decide, the standard re-prices it)";
    if (o->paid)
        return "not entitled on its true income, yet paid: the assessor saw less income (an "
               "income-assessment draw), a wrongful inclusion, or kept since its last review";
    if (o->eligible)
        return "entitled but not paid: did not claim (take-up), excluded by a targeting error, "
               "or has not applied yet";
    return "not entitled";
}

/* The members (person ids) of unit k, comma-separated, into out. */
static void members(const struct population *pop, size_t h, const struct household_units *u,
                    int k, char *out, size_t size)
{
    out[0] = '\0';
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    for (uint32_t i = 0; i < n; i++)
        if (u->unit_of[i] == k)
            snprintf(out + strlen(out), size - strlen(out), "%s%lld", out[0] ? "," : "",
                     (long long)pop->person_id[first + i]);
}

static void print_text(FILE *out, const struct simulation *sim, const struct household_trace *t,
                       int month)
{
    const struct population *pop = sim->pop;
    const size_t h = t->household;
    const int r = pop->region[h], year = sim->scenario->first_year + t->year;
    fprintf(out, "household %lld (%s, %d persons in January, %sregistered poor), scenario %s, "
                 "%d\n\ndibao, unit by unit (yuan a month):\n%-7s %9s %-14s %7s %10s %10s  %s\n",
            (long long)pop->household_id[h], pop->regions[r], t->months.persons[0],
            pop->registered_poor[h] ? "" : "not ", sim->scenario->name, year, "month",
            "standard", "members", "pc/std", "entitled", "paid", "why");
    for (int m = 0; m < 12; m++) {
        if (month >= 0 && m != month) continue;
        const struct household_month *d = &t->dibao[m];
        const double standard =
            yuan(POLICY_EXACT(&sim->months[t->year * 12 + m], P_STANDARD, r));
        if (d->units.n == 0) fprintf(out, "%d-%02d  %9.2f  (no unit)\n", year, m + 1, standard);
        for (int k = 0; k < d->units.n; k++) {
            const struct unit_outcome *o = &d->unit[k];
            char who[64];
            members(pop, h, &d->units, k, who, sizeof who);
            fprintf(out, "%d-%02d %9.2f %-14.14s %7.3f %10.2f %10.2f  %s%s\n", year, m + 1,
                    standard, who, (double)o->pc_ratio / 1e6, yuan(o->entitled), yuan(o->payment),
                    why(o), o->review_exit ? "; removed at this month's review" : "");
        }
    }
    fprintf(out, "\nevery program, paid (entitled), yuan:\n%-7s", "month");
    for (int k = 0; k < N_PROGRAMS; k++) fprintf(out, " %21s", PROGRAMS[k].label);
    fputc('\n', out);
    for (int m = 0; m < 12; m++) {
        if (month >= 0 && m != month) continue;
        fprintf(out, "%d-%02d", year, m + 1);
        for (int k = 0; k < N_PROGRAMS; k++)
            fprintf(out, " %10.2f (%8.2f)", yuan(t->months.program[m][k].paid),
                    yuan(t->months.program[m][k].entitled));
        fputc('\n', out);
    }
    fprintf(out, "%-7s", "year");
    for (int k = 0; k < N_PROGRAMS; k++)
        fprintf(out, " %10.2f %10s", yuan(household_year_paid(&t->months, k)), "");
    fputs("\n(an annual program, medical assistance, is paid once in the year: shown in every "
          "month, counted once)\n", out);
}

static void print_json(FILE *out, const struct simulation *sim, const struct household_trace *t,
                       int month)
{
    const struct population *pop = sim->pop;
    const size_t h = t->household;
    const int r = pop->region[h], year = sim->scenario->first_year + t->year;
    fprintf(out, "{\"household_id\": %lld, \"region\": \"%s\", \"scenario\": \"%s\", "
                 "\"year\": %d, \"months\": [",
            (long long)pop->household_id[h], pop->regions[r], sim->scenario->name, year);
    int first = 1;
    for (int m = 0; m < 12; m++) {
        if (month >= 0 && m != month) continue;
        fprintf(out, "%s\n  {\"month\": \"%d-%02d\", \"paid\": {", first ? "" : ",", year, m + 1);
        first = 0;
        for (int k = 0; k < N_PROGRAMS; k++)
            fprintf(out, "%s\"%s\": %.2f", k ? ", " : "", PROGRAMS[k].name,
                    yuan(t->months.program[m][k].paid));
        fputs("}, \"entitled\": {", out);
        for (int k = 0; k < N_PROGRAMS; k++)
            fprintf(out, "%s\"%s\": %.2f", k ? ", " : "", PROGRAMS[k].name,
                    yuan(t->months.program[m][k].entitled));
        const double standard = yuan(POLICY_EXACT(&sim->months[t->year * 12 + m], P_STANDARD, r));
        fputs("}, \"steps\": [", out);
        const struct household_month *d = &t->dibao[m];
        for (int k = 0; k < d->units.n; k++) {
            const struct unit_outcome *o = &d->unit[k];
            char who[512];
            members(pop, h, &d->units, k, who, sizeof who);
            fprintf(out, "%s{\"program\": \"dibao\", \"unit\": %d, \"members\": [%s], "
                         "\"standard\": %.2f, \"pc_over_standard\": %.6f, \"eligible\": %s, "
                         "\"entitled\": %.2f, \"paid\": %.2f, \"stale\": %s, \"exiting\": %s, "
                         "\"review_exit\": %s, \"why\": \"%s\"}",
                    k ? ", " : "", k + 1, who, standard, (double)o->pc_ratio / 1e6,
                    o->eligible ? "true" : "false", yuan(o->entitled), yuan(o->payment),
                    o->stale ? "true" : "false", o->exiting ? "true" : "false",
                    o->review_exit ? "true" : "false", why(o));
        }
        fputs("]}", out);
    }
    fputs("\n]}\n", out);
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
    struct household_trace *trace = calloc(1, sizeof *trace);
    if (!trace) return err_set(err, ERR_RUN, "out of memory");
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
            (json ? print_json : print_text)(out, &sim, trace, month);
            scenario_result_free(&res);
        }
        simulation_free(&sim);
    }
    free(trace);
    return rc ? -1 : 0;
}

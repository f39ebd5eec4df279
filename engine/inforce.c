/* inforce — see inforce.h. */
#include "inforce.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memory.h"

/* Months counted as year * 12 + month - 1, printed YYYY-MM. */
static void month_text(int month, char *out, size_t size)
{
    snprintf(out, size, "%04d-%02d", month / 12, month % 12 + 1);
}

/* Scenario k's parameters bound to the population for its years, into params[k]; on failure
 * the ones bound before are freed. */
static int bind_all(const struct scenario *s, int n, const struct population *pop,
                    struct policy_params *params, struct error *err)
{
    for (int k = 0; k < n; k++)
        if (policy_params_bind(&params[k], &s[k], pop, s[k].first_year * 12, NULL, 0, err)) {
            for (int j = 0; j < k; j++) policy_params_free(&params[j]);
            return err_prefix(err, "scenario %s", s[k].name);
        }
    return 0;
}

static int same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

int inforce_print(FILE *out, const struct scenario *s, int n, const struct population *pop,
                  struct error *err)
{
    struct policy_params *params = xcalloc((size_t)n + 1, sizeof *params);
    if (bind_all(s, n, pop, params, err)) {
        free(params);
        return -1;
    }
    int first = s[0].first_year * 12, last = s[0].last_year * 12 + 11;
    for (int k = 1; k < n; k++) {
        if (s[k].first_year * 12 < first) first = s[k].first_year * 12;
        if (s[k].last_year * 12 + 11 > last) last = s[k].last_year * 12 + 11;
    }
    fprintf(out, "%-56s %-8s %-7s", "parameter (units)", "region", "from");
    for (int k = 0; k < n; k++) fprintf(out, " %14.14s", s[k].name);
    fputs("  source\n", out);
    for (int p = 0; p < N_POLICY_PARAMS; p++) {
        const struct config_key *key = policy_param_key(p);
        if (!key || key->exact == EXACT_SWITCH) continue;
        char label[128];
        snprintf(label, sizeof label, "%s%s%s%s", key->path, *key->unit ? " (" : "",
                 key->unit, *key->unit ? ")" : "");
        for (int r = 0; r < pop->n_regions; r++)
            for (int m = first; m <= last; m++) {
                int changed = m == first;
                for (int k = 0; k < n && !changed; k++)
                    changed = !same(policy_value(&params[k], p, r, m),
                                    policy_value(&params[k], p, r, m - 1));
                if (!changed) continue;
                char when[16];
                month_text(m, when, sizeof when);
                fprintf(out, "%-56s %-8s %-7s", label, pop->regions[r], when);
                for (int k = 0; k < n; k++) {
                    const double v = policy_value(&params[k], p, r, m);
                    if (isnan(v)) fprintf(out, " %14s", "off");
                    else fprintf(out, " %14.10g", v);
                }
                fprintf(out, "  %s\n", m == first ? key->source : "");
            }
    }
    for (int k = 0; k < n; k++) policy_params_free(&params[k]);
    free(params);
    return 0;
}

int inforce_warn_cuts(FILE *out, const struct scenario *baseline, const struct scenario *reform,
                      const struct population *pop, struct error *err)
{
    const struct scenario pair[2] = {*baseline, *reform};
    struct policy_params params[2];
    if (bind_all(pair, 2, pop, params, err)) return -1;
    const int first = reform->first_year * 12, last = reform->last_year * 12 + 11;
    int warnings = 0;
    for (int p = 0; p < N_POLICY_PARAMS; p++) {
        if (!policy_param_is_money(p)) continue;
        for (int r = 0; r < pop->n_regions; r++)
            for (int m = first; m <= last; m++) {
                const double was = policy_value(&params[0], p, r, m);
                const double is = policy_value(&params[1], p, r, m);
                if (!(is < was)) continue;
                char when[16];
                month_text(m, when, sizeof when);
                fprintf(out, "dibaosim: warning: %s: %s in %s is %.10g from %s, below the "
                        "baseline's %.10g in force then (%s): a cut, not a raise\n", reform->name,
                        policy_param_key(p)->path, pop->regions[r], is, when, was,
                        baseline->name);
                warnings++;
                break;   /* once per parameter and region */
            }
    }
    policy_params_free(&params[0]);
    policy_params_free(&params[1]);
    return warnings;
}

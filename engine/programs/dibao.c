/* dibao — see dibao.h. */
#include "programs/dibao.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int dibao_params_bind(struct dibao_params *p, const struct scenario *s,
                      const struct population *pop, int first_month, struct error *err)
{
    int n = pop->n_regions;
    p->n_regions = n;
    const struct param *params[5] = {&s->dibao.standard, &s->dibao.benefit.min_share,
                                     &s->dibao.assets.financial_months,
                                     &s->dibao.assets.max_vehicles, &s->dibao.assets.max_houses};
    const char *names[5] = {"dibao.standard", "dibao.benefit.min_share",
                            "dibao.assets.financial_months", "dibao.assets.max_vehicles",
                            "dibao.assets.max_houses"};
    const struct param_series ***slots[5] = {&p->standard, &p->min_share, &p->financial_months,
                                             &p->max_vehicles, &p->max_houses};
    for (int k = 0; k < 5; k++) {
        *slots[k] = calloc((size_t)(n ? n : 1), sizeof **slots[k]);
        int missing;
        if (param_bind(params[k], names[k], pop->regions, n, first_month, *slots[k], &missing,
                       err)) {
            if (missing >= 0) {
                char problem[1024];
                snprintf(problem, sizeof problem, "is not a region of the scenario (%.900s)",
                         err->message);
                population_region_error(pop, missing, problem, err);
            }
            dibao_params_free(p);
            return -1;
        }
    }
    return 0;
}

void dibao_params_free(struct dibao_params *p)
{
    free(p->standard);
    free(p->min_share);
    free(p->financial_months);
    free(p->max_vehicles);
    free(p->max_houses);
    p->standard = p->min_share = p->financial_months = p->max_vehicles = p->max_houses = NULL;
}

void dibao_month_init(struct dibao_month *m, const struct scenario *s, int n_regions)
{
    size_t n = (size_t)(n_regions ? n_regions : 1);
    m->scenario = s;
    m->standard = calloc(n, sizeof(double));
    m->min_share = calloc(n, sizeof(double));
    m->financial_months = calloc(n, sizeof(double));
    m->max_vehicles = calloc(n, sizeof(double));
    m->max_houses = calloc(n, sizeof(double));
}

void dibao_month_free(struct dibao_month *m)
{
    free(m->standard);
    free(m->min_share);
    free(m->financial_months);
    free(m->max_vehicles);
    free(m->max_houses);
}

void dibao_month_resolve(struct dibao_month *m, const struct dibao_params *p, int month)
{
    for (int r = 0; r < p->n_regions; r++) {
        m->standard[r] = 100.0 * param_series_at(p->standard[r], month);
        m->min_share[r] = param_series_at(p->min_share[r], month);
        m->financial_months[r] = param_series_at(p->financial_months[r], month);
        m->max_vehicles[r] = param_series_at(p->max_vehicles[r], month);
        m->max_houses[r] = param_series_at(p->max_houses[r], month);
    }
}

/* Half away from zero, to the fen or to the yuan. */
static int64_t round_payment(double fen, int rounding)
{
    if (rounding == ROUND_YUAN) return (int64_t)llround(fen / 100.0) * 100;
    return (int64_t)llround(fen);
}

static int assets_pass(const struct population *pop, size_t h, const struct dibao_month *m,
                       int region, double standard)
{
    double persons = (double)(pop->first_person[h + 1] - pop->first_person[h]);
    double months = m->financial_months[region];
    if (!isnan(months) && (double)pop->financial_assets[h] > months * standard * persons) return 0;
    if (!isnan(m->max_vehicles[region]) && pop->vehicles[h] > m->max_vehicles[region]) return 0;
    if (!isnan(m->max_houses[region]) && pop->houses[h] > m->max_houses[region]) return 0;
    return 1;
}

void dibao_assess(const struct population *pop, size_t h, const struct household_units *u,
                  const struct dibao_month *m, struct unit_outcome *out)
{
    const struct scenario *s = m->scenario;
    const int region = pop->region[h];
    const double standard = m->standard[region];
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    int64_t counted[POPULATION_MAX_HOUSEHOLD] = {0};
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = first + i;
        int64_t income = (int64_t)pop->wage[p] + pop->business_income[p] +
                         pop->property_income[p] + pop->transfer_income[p];
        if (!s->dibao.income.exempt_basic_pension) income += pop->basic_pension[p];
        counted[u->unit_of[i]] += income;
    }
    const int household_passes = pop->hukou[h] == s->dibao.hukou &&
                                 assets_pass(pop, h, m, region, standard);
    for (int k = 0; k < u->n; k++) {
        const double size = u->size[k];
        const double assessed = counted[k] > 0 ? (double)counted[k] : 0.0;
        const double line = standard * size;   /* pc < std  ⇔  assessed < std × size */
        out[k].eligible = household_passes && assessed < line;
        out[k].payment = 0;
        if (!out[k].eligible) continue;
        double benefit;
        if (s->dibao.benefit.mode == BENEFIT_GAP) {
            benefit = line - assessed;
            double floor = m->min_share[region] * line;
            if (benefit < floor) benefit = floor;
        } else {
            benefit = 0;
            for (int t = 0; t < s->dibao.benefit.n_tiers; t++)
                if (assessed < s->dibao.benefit.tiers[t].below * line) {
                    benefit = s->dibao.benefit.tiers[t].pays * line;
                    break;
                }
        }
        out[k].payment = round_payment(benefit, s->dibao.benefit.rounding);
    }
}

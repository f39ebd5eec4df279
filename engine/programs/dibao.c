/* dibao — see dibao.h. */
#include "programs/dibao.h"

#include "money.h"

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
    size_t n = (size_t)(n_regions ? n_regions : 1), tiers = (size_t)s->dibao.benefit.n_tiers + 1;
    m->scenario = s;
    m->standard = calloc(n, sizeof *m->standard);
    m->min_share = calloc(n, sizeof *m->min_share);
    m->financial_months = calloc(n, sizeof *m->financial_months);
    m->max_vehicles = calloc(n, sizeof *m->max_vehicles);
    m->max_houses = calloc(n, sizeof *m->max_houses);
    m->tier_below = calloc(tiers, sizeof *m->tier_below);
    m->tier_pays = calloc(tiers, sizeof *m->tier_pays);
    for (int t = 0; t < s->dibao.benefit.n_tiers; t++) {
        m->tier_below[t] = money_micro(s->dibao.benefit.tiers[t].below);
        m->tier_pays[t] = money_micro(s->dibao.benefit.tiers[t].pays);
    }
}

void dibao_month_free(struct dibao_month *m)
{
    free(m->standard);
    free(m->min_share);
    free(m->financial_months);
    free(m->max_vehicles);
    free(m->max_houses);
    free(m->tier_below);
    free(m->tier_pays);
}

void dibao_month_resolve(struct dibao_month *m, const struct dibao_params *p, int month)
{
    for (int r = 0; r < p->n_regions; r++) {
        double months = param_series_at(p->financial_months[r], month);
        m->standard[r] = money_fen(param_series_at(p->standard[r], month));
        m->min_share[r] = money_micro(param_series_at(p->min_share[r], month));
        m->financial_months[r] = isnan(months) ? -1 : money_micro(months);
        m->max_vehicles[r] = param_series_at(p->max_vehicles[r], month);
        m->max_houses[r] = param_series_at(p->max_houses[r], month);
    }
}

/* A benefit in millionths of a fen, rounded half away from zero to the fen or the yuan. */
static int64_t round_payment(money_wide micro_fen, int rounding)
{
    if (rounding == ROUND_YUAN) return 100 * money_round(micro_fen, 100 * (int64_t)MONEY_MICRO);
    return money_round(micro_fen, MONEY_MICRO);
}

/* Per-capita financial assets (household total / persons) at most months × std, exactly:
 * assets × 10^6 <= months(millionths) × std × persons. */
static int assets_pass(const struct population *pop, size_t h, const struct dibao_month *m,
                       int region)
{
    const int64_t persons = pop->first_person[h + 1] - pop->first_person[h];
    const int64_t months = m->financial_months[region];
    if (months >= 0 && (money_wide)pop->financial_assets[h] * MONEY_MICRO >
                           (money_wide)months * m->standard[region] * persons)
        return 0;
    if (!isnan(m->max_vehicles[region]) && pop->vehicles[h] > m->max_vehicles[region]) return 0;
    if (!isnan(m->max_houses[region]) && pop->houses[h] > m->max_houses[region]) return 0;
    return 1;
}

void dibao_assess(const struct population *pop, size_t h, const struct household_units *u,
                  const struct dibao_month *m, struct unit_outcome *out)
{
    const struct scenario *s = m->scenario;
    const int region = pop->region[h];
    const int64_t standard = m->standard[region];
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    int64_t counted[POPULATION_MAX_HOUSEHOLD] = {0};
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = first + i;
        int64_t income = (int64_t)pop->wage[p] + pop->business_income[p] +
                         pop->property_income[p] + pop->transfer_income[p];
        if (!s->dibao.income.exempt_basic_pension) income += pop->basic_pension[p];
        counted[u->unit_of[i]] += income;
    }
    const int household_passes = pop->hukou[h] == s->dibao.hukou && assets_pass(pop, h, m, region);
    for (int k = 0; k < u->n; k++) {
        const int64_t assessed = counted[k] > 0 ? counted[k] : 0;
        const int64_t line = standard * u->size[k];   /* pc < std  ⇔  assessed < std × size */
        out[k].eligible = household_passes && assessed < line;
        out[k].payment = 0;
        if (!out[k].eligible) continue;
        money_wide benefit = 0;   /* millionths of a fen */
        if (s->dibao.benefit.mode == BENEFIT_GAP) {
            benefit = (money_wide)(line - assessed) * MONEY_MICRO;
            money_wide floor = (money_wide)m->min_share[region] * line;
            if (benefit < floor) benefit = floor;
        } else {
            for (int t = 0; t < s->dibao.benefit.n_tiers; t++)
                if ((money_wide)assessed * MONEY_MICRO < (money_wide)m->tier_below[t] * line) {
                    benefit = (money_wide)m->tier_pays[t] * line;
                    break;
                }
        }
        out[k].payment = round_payment(benefit, s->dibao.benefit.rounding);
    }
}

/* policy — see policy.h. */
#include "policy.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

enum kind { FEN, MICRO, COUNT };   /* how a parameter becomes exact */

static const struct {
    size_t offset;   /* of the struct param in struct scenario */
    const char *path;
    enum kind kind;
} PARAMS[N_POLICY_PARAMS] = {
#define AT(field) offsetof(struct scenario, field)
    [P_STANDARD] = {AT(dibao.standard), "dibao.standard", FEN},
    [P_MIN_SHARE] = {AT(dibao.benefit.min_share), "dibao.benefit.min_share", MICRO},
    [P_FINANCIAL_MONTHS] = {AT(dibao.assets.financial_months), "dibao.assets.financial_months",
                             MICRO},
    [P_MAX_VEHICLES] = {AT(dibao.assets.max_vehicles), "dibao.assets.max_vehicles", COUNT},
    [P_MAX_HOUSES] = {AT(dibao.assets.max_houses), "dibao.assets.max_houses", COUNT},
    [P_EDUCATION_THRESHOLD] = {AT(dibao.income.rigid_expenses.education_threshold),
                                "dibao.income.rigid_expenses.education_threshold", FEN},
    [P_RIGID_SHARE] = {AT(dibao.income.rigid_expenses.share),
                        "dibao.income.rigid_expenses.share", MICRO},
    [P_RIGID_CAP] = {AT(dibao.income.rigid_expenses.cap_share_of_income),
                      "dibao.income.rigid_expenses.cap_share_of_income", MICRO},
    [P_WORK_AMOUNT] = {AT(dibao.income.work_cost.amount), "dibao.income.work_cost.amount", FEN},
    [P_WORK_SHARE] = {AT(dibao.income.work_cost.share), "dibao.income.work_cost.share", MICRO},
    [P_WORK_CAP] = {AT(dibao.income.work_cost.cap), "dibao.income.work_cost.cap", FEN},
    [P_WORK_DISABLED_SHARE] = {AT(dibao.income.work_cost.disabled_share),
                                "dibao.income.work_cost.disabled_share", MICRO},
    [P_EDGE_MULTIPLE] = {AT(dibao.separate_registration.edge_multiple),
                          "dibao.separate_registration.edge_multiple", MICRO},
    [P_FLOOR_SHARE] = {AT(dibao.separate_registration.floor_share),
                        "dibao.separate_registration.floor_share", MICRO},
    [P_PARENT_MIN_AGE] = {AT(dibao.support.parent_min_age), "dibao.support.parent_min_age", COUNT},
    [P_SUPPORT_SHARE] = {AT(dibao.support.share), "dibao.support.share", MICRO},
    [P_SUPPORT_SHARE_3] = {AT(dibao.support.share_three_or_more),
                            "dibao.support.share_three_or_more", MICRO},
    [P_SUPPORT_BASE] = {AT(dibao.support.base_multiple), "dibao.support.base_multiple", MICRO},
    [P_TAKE_UP] = {AT(targeting.take_up), "targeting.take_up", COUNT},
    [P_ERROR_SIGMA] = {AT(targeting.income_error_sigma), "targeting.income_error_sigma", COUNT},
    [P_WRONGFUL] = {AT(targeting.wrongful_inclusion), "targeting.wrongful_inclusion", COUNT},
    [P_INCLUSION_MULTIPLE] = {AT(targeting.inclusion_multiple), "targeting.inclusion_multiple",
                               MICRO},
    [P_WRONGFUL_SHARE] = {AT(targeting.wrongful_benefit_share),
                           "targeting.wrongful_benefit_share", MICRO},
    [P_EXIT_POOR_MONTHS] = {AT(dibao.gradual_exit.registered_poor_months),
                             "dibao.gradual_exit.registered_poor_months", COUNT},
    [P_DISREGARD_MONTHS] = {AT(dibao.gradual_exit.months), "dibao.gradual_exit.months", COUNT},
    [P_DISREGARD_CAP] = {AT(dibao.gradual_exit.cap_multiple), "dibao.gradual_exit.cap_multiple",
                          MICRO},
    [P_REVIEW_INTERVAL] = {AT(dibao.review.interval_months), "dibao.review.interval_months",
                           COUNT},
    [P_REVIEW_MONTH] = {AT(dibao.review.month), "dibao.review.month", COUNT},
    [P_REVIEW_COVERAGE] = {AT(dibao.review.coverage), "dibao.review.coverage", COUNT},
    [P_APPLICATION] = {AT(dibao.review.application_probability),
                       "dibao.review.application_probability", COUNT},
    [P_STALE_SHARE] = {AT(dibao.review.stale_benefit_share), "dibao.review.stale_benefit_share",
                       MICRO},
    [P_TEKUN_MULTIPLE] = {AT(tekun.standard_multiple), "tekun.standard_multiple", MICRO},
    [P_MEDICAL_PRIORITY] = {AT(medical_assistance.priority),
                            "medical_assistance.ratios.priority", MICRO},
    [P_MEDICAL_ILLNESS] = {AT(medical_assistance.serious_illness),
                           "medical_assistance.ratios.serious_illness", MICRO},
    [P_MEDICAL_LOW_INCOME] = {AT(medical_assistance.low_income),
                              "medical_assistance.ratios.low_income", MICRO},
    [P_MEDICAL_LOW_MULTIPLE] = {AT(medical_assistance.low_income_multiple),
                                "medical_assistance.low_income_multiple", MICRO},
    [P_MEDICAL_CAP] = {AT(medical_assistance.cap), "medical_assistance.cap", FEN},
    [P_MEDICAL_DEDUCTIBLE] = {AT(medical_assistance.deductible), "medical_assistance.deductible",
                              FEN},
    [P_SHOCK_POOR] = {AT(temporary_assistance.probability_poor),
                      "temporary_assistance.shock_probability.true", COUNT},
    [P_SHOCK_OTHER] = {AT(temporary_assistance.probability_other),
                       "temporary_assistance.shock_probability.false", COUNT},
    [P_SHOCK_MEDIAN] = {AT(temporary_assistance.cost_median), "temporary_assistance.cost_median",
                        FEN},
    [P_SHOCK_SIGMA] = {AT(temporary_assistance.cost_sigma), "temporary_assistance.cost_sigma",
                       COUNT},
    [P_SHOCK_PAYOUT_SHARE] = {AT(temporary_assistance.payout_share),
                              "temporary_assistance.payout_share", MICRO},
    [P_ELDERLY_80] = {AT(elderly_allowance.age_80_99), "elderly_allowance.age_80_99", FEN},
    [P_ELDERLY_DISABLED] = {AT(elderly_allowance.disabled_60_99),
                            "elderly_allowance.disabled_60_99", FEN},
    [P_POVERTY_LINE] = {AT(poverty_line), "poverty_line", FEN},
    [P_WAGE_GROWTH] = {AT(projection.wage_growth), "projection.wage_growth", MICRO},
    [P_INCOME_GROWTH] = {AT(projection.income_growth), "projection.income_growth", MICRO},
    [P_STANDARD_INDEXATION] = {AT(projection.standard_indexation),
                               "projection.standard_indexation", COUNT},
    [P_LINE_INDEXATION] = {AT(projection.poverty_line_indexation),
                           "projection.poverty_line_indexation", COUNT},
    [P_JOB_ENTRY] = {AT(projection.jobs.entry), "projection.jobs.entry", COUNT},
    [P_JOB_EXIT] = {AT(projection.jobs.exit), "projection.jobs.exit", COUNT},
    [P_JOB_WAGE_MEDIAN] = {AT(projection.jobs.wage_median), "projection.jobs.wage_median", FEN},
    [P_JOB_WAGE_SIGMA] = {AT(projection.jobs.wage_sigma), "projection.jobs.wage_sigma", COUNT},
    [P_JOB_MIN_AGE] = {AT(projection.jobs.min_age), "projection.jobs.min_age", COUNT},
    [P_JOB_MAX_AGE] = {AT(projection.jobs.max_age), "projection.jobs.max_age", COUNT},
    [P_REGISTRY_EXIT_MULTIPLE] = {AT(projection.registry.exit_income_multiple),
                                  "projection.registry.exit_income_multiple", MICRO},
    [P_REGISTRY_EXIT_PROBABILITY] = {AT(projection.registry.exit_probability),
                                     "projection.registry.exit_probability", COUNT},
    [P_REGISTRY_GROWTH] = {AT(projection.registry.income_growth),
                           "projection.registry.income_growth", MICRO},
#undef AT
};

int policy_param_index(const char *path)
{
    for (int k = 0; k < N_POLICY_PARAMS; k++)
        if (strcmp(PARAMS[k].path, path) == 0) return k;
    return -1;
}

int policy_param_is_money(int param) { return PARAMS[param].kind == FEN; }

int policy_params_bind(struct policy_params *p, const struct scenario *s,
                       const struct population *pop, int first_month,
                       const struct policy_override *overrides, int n_overrides,
                       struct error *err)
{
    memset(p, 0, sizeof *p);
    p->n_regions = pop->n_regions;
    p->first_month = first_month;
    p->overrides = overrides;
    p->n_overrides = n_overrides;
    for (int k = 0; k < N_POLICY_PARAMS; k++) {
        p->series[k] = calloc((size_t)(pop->n_regions ? pop->n_regions : 1), sizeof *p->series[k]);
        const struct param *param = (const struct param *)((const char *)s + PARAMS[k].offset);
        int missing;
        if (param_bind(param, PARAMS[k].path, pop->regions, pop->n_regions, first_month,
                       p->series[k], &missing, err)) {
            if (missing >= 0) {
                char problem[1024];
                snprintf(problem, sizeof problem, "is not a region of the scenario (%.900s)",
                         err->message);
                population_region_error(pop, missing, problem, err);
            }
            policy_params_free(p);
            return -1;
        }
    }
    return 0;
}

void policy_params_free(struct policy_params *p)
{
    for (int k = 0; k < N_POLICY_PARAMS; k++) free(p->series[k]);
    memset(p, 0, sizeof *p);
}

void policy_month_init(struct policy_month *m, const struct scenario *s, int n_regions)
{
    size_t cells = (size_t)N_POLICY_PARAMS * (size_t)(n_regions ? n_regions : 1);
    m->scenario = s;
    m->n_regions = n_regions;
    m->raw = calloc(cells, sizeof *m->raw);
    m->exact = calloc(cells, sizeof *m->exact);
    m->tier_below = calloc((size_t)s->dibao.benefit.n_tiers + 1, sizeof *m->tier_below);
    m->tier_pays = calloc((size_t)s->dibao.benefit.n_tiers + 1, sizeof *m->tier_pays);
    m->top_up = calloc((size_t)s->dibao.n_top_ups + 1, sizeof *m->top_up);
    for (int t = 0; t < s->dibao.benefit.n_tiers; t++) {
        m->tier_below[t] = money_micro(s->dibao.benefit.tiers[t].below);
        m->tier_pays[t] = money_micro(s->dibao.benefit.tiers[t].pays);
    }
    for (int t = 0; t < s->dibao.n_top_ups; t++) m->top_up[t] = money_micro(s->dibao.top_ups[t].share);
}

void policy_month_free(struct policy_month *m)
{
    free(m->raw);
    free(m->exact);
    free(m->tier_below);
    free(m->tier_pays);
    free(m->top_up);
}

/* The value of parameter k for region r at `month`, after any override; the standard and the
 * poverty line grown by their indexation rate (each January's rate) every January after the
 * value took effect, an undated or replaced value counting from the first simulated year. */
double policy_value(const struct policy_params *p, int k, int r, int month)
{
    double v = param_series_at(p->series[k][r], month);
    int since = param_series_since(p->series[k][r], month);
    for (int o = 0; o < p->n_overrides; o++) {
        const struct policy_override *x = &p->overrides[o];
        if (x->param != k) continue;
        if (x->apply == VARY_SCALE) {
            v *= x->value;
        } else {
            v = x->value;
            since = PARAM_ALWAYS;
        }
    }
    const int rate = k == P_STANDARD ? P_STANDARD_INDEXATION
                     : k == P_POVERTY_LINE ? P_LINE_INDEXATION : -1;
    if (rate < 0) return v;
    if (since == PARAM_ALWAYS) since = p->first_month;
    for (int year = since / 12 + 1; year <= month / 12; year++)
        v *= 1.0 + policy_value(p, rate, r, year * 12);   /* rates are not indexed: no recursion */
    return v;
}

void policy_month_resolve(struct policy_month *m, const struct policy_params *p, int month)
{
    const int R = p->n_regions;
    m->perfect_targeting = 1;
    for (int k = 0; k < N_POLICY_PARAMS; k++)
        for (int r = 0; r < R; r++) {
            double v = policy_value(p, k, r, month);
            m->raw[k * R + r] = v;
            m->exact[k * R + r] = isnan(v) ? -1 : PARAMS[k].kind == FEN ? money_fen(v)
                                  : PARAMS[k].kind == MICRO ? money_micro(v) : (int64_t)v;
        }
    for (int r = 0; r < R; r++)
        m->perfect_targeting &= m->raw[P_TAKE_UP * R + r] == 1 &&
                                m->raw[P_ERROR_SIGMA * R + r] == 0 &&
                                m->raw[P_WRONGFUL * R + r] == 0;
}

/* policy — see policy.h. The parameters are the scenario keys declared with LEVER(id, exactness)
 * or SWITCH(id, kind) in scenario.c: their rows give each parameter's path, field and
 * exactness, so nothing here repeats them. */
#include "policy.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memory.h"
#include "money.h"

const struct config_key *policy_param_key(int k)
{
    const struct config_table *keys = scenario_keys();
    for (size_t i = 0; i < keys->n; i++)
        if (keys->keys[i].exact != EXACT_NONE && keys->keys[i].param == k) return &keys->keys[i];
    return NULL;
}

int policy_param_index(const char *path) { return scenario_lever_index(path); }

int policy_param_is_money(int param)
{
    const struct config_key *key = policy_param_key(param);
    return key && key->exact == EXACT_FEN;
}

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
        const struct config_key *key = policy_param_key(k);
        if (!key) {
            policy_params_free(p);
            return err_set(err, ERR_RUN, "policy parameter %d has no key in the scenario key "
                           "table", k);
        }
        p->exact[k] = key->exact;
        if (key->exact == EXACT_SWITCH) {
            p->setting[k] = *(const int *)((const char *)s + key->offset);
            continue;
        }
        p->series[k] = xcalloc((size_t)(pop->n_regions ? pop->n_regions : 1), sizeof *p->series[k]);
        const struct param *param = (const struct param *)((const char *)s + key->offset);
        int missing;
        if (param_bind(param, key->path, pop->regions, pop->n_regions, first_month,
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
    memset(m, 0, sizeof *m);
    m->n_regions = n_regions;
    m->raw = xcalloc(cells, sizeof *m->raw);
    m->exact = xcalloc(cells, sizeof *m->exact);
    m->n_tiers = s->dibao.benefit.n_tiers;
    m->tier_below = xcalloc((size_t)m->n_tiers + 1, sizeof *m->tier_below);
    m->tier_pays = xcalloc((size_t)m->n_tiers + 1, sizeof *m->tier_pays);
    for (int t = 0; t < m->n_tiers; t++) {
        m->tier_below[t] = money_micro(s->dibao.benefit.tiers[t].below);
        m->tier_pays[t] = money_micro(s->dibao.benefit.tiers[t].pays);
    }
    m->n_top_ups = s->dibao.n_top_ups;
    m->top_up = xcalloc((size_t)m->n_top_ups + 1, sizeof *m->top_up);
    m->top_up_for = xcalloc((size_t)m->n_top_ups + 1, sizeof *m->top_up_for);
    for (int t = 0; t < m->n_top_ups; t++) {
        m->top_up[t] = money_micro(s->dibao.top_ups[t].share);
        m->top_up_for[t] = 1u << s->dibao.top_ups[t].who;
    }
    m->separation_for = s->dibao.separate_registration.who;
    m->n_exit_schedule = s->dibao.gradual_exit.n_schedule;
    m->exit_schedule = xcalloc((size_t)m->n_exit_schedule + 1, sizeof *m->exit_schedule);
    for (int t = 0; t < m->n_exit_schedule; t++)
        m->exit_schedule[t] = money_micro(s->dibao.gradual_exit.schedule[t]);
    m->n_shock_tiers = s->temporary_assistance.n_tiers;
    m->shock_multiple = xcalloc((size_t)m->n_shock_tiers + 1, sizeof *m->shock_multiple);
    m->shock_pays = xcalloc((size_t)m->n_shock_tiers + 1, sizeof *m->shock_pays);
    for (int t = 0; t < m->n_shock_tiers; t++) {
        m->shock_multiple[t] = money_micro(s->temporary_assistance.tiers[t].multiple_at_least);
        m->shock_pays[t] = money_fen(s->temporary_assistance.tiers[t].pays);
    }
}

void policy_month_free(struct policy_month *m)
{
    free(m->raw);
    free(m->exact);
    free(m->tier_below);
    free(m->tier_pays);
    free(m->top_up);
    free(m->top_up_for);
    free(m->exit_schedule);
    free(m->shock_multiple);
    free(m->shock_pays);
}

void policy_origin(const struct policy_params *p, int k, int r, int month,
                   struct policy_origin *o)
{
    o->written = param_series_at(p->series[k][r], month);
    o->since = param_series_since(p->series[k][r], month);
    o->overridden = 0;
    for (int i = 0; i < p->n_overrides; i++) {
        const struct policy_override *x = &p->overrides[i];
        if (x->param != k) continue;
        o->overridden = 1;
        if (x->apply == VARY_SCALE) {
            o->written *= x->value;
        } else {
            o->written = x->value;
            o->since = PARAM_ALWAYS;
        }
    }
    o->rate = k == P_STANDARD ? P_STANDARD_INDEXATION : k == P_POVERTY_LINE ? P_LINE_INDEXATION
                                                                            : -1;
    const int since = o->since == PARAM_ALWAYS ? p->first_month : o->since;
    o->first_indexed = since / 12 + 1;
    o->last_indexed = o->rate < 0 ? o->first_indexed - 1 : month / 12;
}

double policy_value(const struct policy_params *p, int k, int r, int month)
{
    if (p->exact[k] == EXACT_SWITCH) return p->setting[k];
    struct policy_origin o;
    policy_origin(p, k, r, month, &o);
    double v = o.written;
    for (int year = o.first_indexed; year <= o.last_indexed; year++)
        v *= 1.0 + policy_value(p, o.rate, r, year * 12);   /* rates are not indexed */
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
            m->exact[k * R + r] = isnan(v) ? -1 : p->exact[k] == EXACT_FEN ? money_fen(v)
                                  : p->exact[k] == EXACT_MICRO ? money_micro(v) : (int64_t)v;
        }
    for (int r = 0; r < R; r++)
        m->perfect_targeting &= m->raw[P_TAKE_UP * R + r] == 1 &&
                                m->raw[P_ERROR_SIGMA * R + r] == 0 &&
                                m->raw[P_WRONGFUL * R + r] == 0;
}

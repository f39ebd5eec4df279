/* dibao — see dibao.h. Amounts inside a unit's assessment are money_wide millionths of a fen
 * ("micro-fen"), so that shares of the standard and twelfths of annual expenses stay exact or,
 * for twelfths, within a millionth of a fen; only the monthly payment is rounded. */
#include "programs/dibao.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alignment.h"
#include "memory.h"
#include "money.h"
#include "programs/programs.h"
#include "rng.h"

/* ---- one household ---- */

/* What the assessment needs of each member, worked out once per household and month. */
struct member {
    money_wide income;      /* counted income, micro-fen (support included) */
    money_wide support;     /* its share of the imputed support, micro-fen (in income) */
    money_wide disregard;   /* wage left out of income by the disregard, micro-fen */
    money_wide work_cost;   /* work-cost deduction, micro-fen */
    int64_t expenses;       /* rigid expenses counted, fen/year */
    unsigned categories;    /* bit per enum category */
};

static unsigned categories_of(const struct population *pop, uint32_t p)
{
    unsigned c = 0;
    int level = pop->disability_level[p], age = pop->age[p];
    if (level == 1 || level == 2) c |= 1u << CAT_DISABILITY_1_2;
    if (level == 3 || level == 4) c |= 1u << CAT_DISABILITY_3_4;
    if (pop->serious_illness[p]) c |= 1u << CAT_SERIOUS_ILLNESS;
    if (age >= 70) c |= 1u << CAT_AGE_70_PLUS;
    if (age >= 80) c |= 1u << CAT_AGE_80_PLUS;
    if (age < 18) c |= 1u << CAT_MINOR;
    if (level == 3 && (pop->disability_type[p] == 5 || pop->disability_type[p] == 6))
        c |= 1u << CAT_INTELLECTUAL_MENTAL_3;   /* types 5 intellectual, 6 mental */
    return c;
}

/* The household's asset test (3.5) into *t; whether it passes. */
static int assets_test(const struct population *pop, size_t h, const struct policy_month *m,
                       int r, struct dibao_assets *t)
{
    t->persons = 0;
    for (uint32_t p = pop->first_person[h]; p < pop->first_person[h + 1]; p++)
        t->persons += population_alive(pop, p);
    const int64_t months = POLICY_EXACT(m, P_FINANCIAL_MONTHS, r);
    t->financial = months < 0 ? -1
                   : (money_wide)pop->financial_assets[h] * MONEY_MICRO <=
                         (money_wide)months * POLICY_EXACT(m, P_STANDARD, r) * t->persons;
    const double vehicles = POLICY_RAW(m, P_MAX_VEHICLES, r);
    const double houses = POLICY_RAW(m, P_MAX_HOUSES, r);
    t->vehicles = isnan(vehicles) ? -1 : pop->vehicles[h] <= vehicles;
    t->houses = isnan(houses) ? -1 : pop->houses[h] <= houses;
    t->pass = t->financial && t->vehicles && t->houses;
    return t->pass;
}

/* Assesses the members of unit k: counted income less deductions, and the tests. */
static struct dibao_assessment assess(const struct population *pop, size_t h, const struct policy_month *m,
                                const struct household_units *u, int k, const struct member *mem,
                                int household_passes)
{
    const int r = pop->region[h];
    const uint32_t n = pop->first_person[h + 1] - pop->first_person[h];
    money_wide counted = 0, work = 0;
    int64_t expenses = 0;
    for (uint32_t i = 0; i < n; i++)
        if (u->unit_of[i] == k) {
            counted += mem[i].income;
            work += mem[i].work_cost;
            expenses += mem[i].expenses;
        }
    money_wide after_work = counted > work ? counted - work : 0;
    struct dibao_assessment a = {.counted = counted, .work_cost = work};
    if (POLICY_EXACT(m, P_RIGID_ENABLED, r)) {
        /* share × annual expenses / 12, capped at cap_share × (counted − work cost) */
        a.rigid_claim = money_div((money_wide)POLICY_EXACT(m, P_RIGID_SHARE, r) * expenses, 12);
        a.rigid_cap = money_div((money_wide)POLICY_EXACT(m, P_RIGID_CAP, r) * after_work, MONEY_MICRO);
        a.rigid = a.rigid_claim > a.rigid_cap ? a.rigid_cap : a.rigid_claim;
    }
    a.assessed = after_work > a.rigid ? after_work - a.rigid : 0;
    a.line = (money_wide)POLICY_EXACT(m, P_STANDARD, r) * u->size[k] * MONEY_MICRO;
    a.hukou = pop->hukou[h] == POLICY_EXACT(m, P_HUKOU, r);
    a.other_tests = a.hukou && (u->separated[k] || household_passes);
    a.eligible = a.other_tests && a.assessed < a.line;
    return a;
}

/* Benefit (gap with its floor, or tiers, and a separated unit's floor), micro-fen, with its
 * parts in *out. */
static money_wide benefit_parts(const struct policy_month *m, int r, money_wide assessed,
                                money_wide line, int separated, struct dibao_benefit *out)
{
    struct dibao_benefit p = {.tier = -1};
    money_wide b = 0;
    if (POLICY_EXACT(m, P_BENEFIT_MODE, r) == BENEFIT_GAP) {
        b = p.gap = line - assessed;
        p.floor = money_div((money_wide)POLICY_EXACT(m, P_MIN_SHARE, r) * line, MONEY_MICRO);
        if (b < p.floor) b = p.floor;
    } else {
        for (int t = 0; t < m->n_tiers; t++)
            if (assessed * MONEY_MICRO < (money_wide)m->tier_below[t] * line) {
                b = money_div((money_wide)m->tier_pays[t] * line, MONEY_MICRO);
                p.tier = t;
                break;
            }
    }
    if (separated) {
        p.separated_floor = (money_wide)POLICY_EXACT(m, P_FLOOR_SHARE, r) *
                            POLICY_EXACT(m, P_STANDARD, r);
        if (b < p.separated_floor) b = p.separated_floor;
    }
    p.benefit = b;
    *out = p;
    return b;
}

static money_wide benefit(const struct policy_month *m, int r, money_wide assessed, money_wide line,
                          int separated)
{
    struct dibao_benefit parts;
    return benefit_parts(m, r, assessed, line, separated, &parts);
}

/* Classified top-ups of a unit's members (3.3), micro-fen; each member's share of std into
 * steps, when not NULL (explain). */
static money_wide top_ups_of(const struct population *pop, size_t h, const struct policy_month *m,
                             const struct household_units *u, int k, const struct member *mem,
                             struct dibao_steps *steps)
{
    if (!m->n_top_ups) return 0;
    const int r = pop->region[h];
    const int64_t standard = POLICY_EXACT(m, P_STANDARD, r);
    const int sum = POLICY_EXACT(m, P_TOP_UP_STACKING, r) == STACK_SUM;
    const uint32_t n = pop->first_person[h + 1] - pop->first_person[h];
    money_wide total = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (u->unit_of[i] != k) continue;
        int64_t share = 0;
        for (int t = 0; t < m->n_top_ups; t++)
            if (mem[i].categories & m->top_up_for[t]) {
                if (sum) share += m->top_up[t];
                else if (m->top_up[t] > share) share = m->top_up[t];
            }
        total += (money_wide)share * standard;
        if (steps) steps->member[i].top_up_share = share;
    }
    return total;
}

static money_wide top_ups(const struct population *pop, size_t h, const struct policy_month *m,
                          const struct household_units *u, int k, const struct member *mem)
{
    return top_ups_of(pop, h, m, u, k, mem, NULL);
}

int64_t dibao_round(const struct policy_month *m, int r, money_wide micro_fen)
{
    if (POLICY_EXACT(m, P_ROUNDING, r) == ROUND_YUAN)
        return 100 * money_round(micro_fen, 100 * (int64_t)MONEY_MICRO);
    return money_round(micro_fen, MONEY_MICRO);
}

/* Members' incomes, deductions and categories; support is shared by members aged
 * parent_min_age+ who belong to a unit (3.6). */
static void members(const struct population *pop, size_t h, const struct policy_month *m,
                    const uint8_t *tekun, struct exit_state *state, struct member *mem)
{
    const int r = pop->region[h];
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    const int64_t standard = POLICY_EXACT(m, P_STANDARD, r);
    const int64_t work_mode = POLICY_EXACT(m, P_WORK_MODE, r);
    const int counts_pension = !POLICY_EXACT(m, P_EXEMPT_PENSION, r);
    const int disregard = state && POLICY_EXACT(m, P_EXIT_MODE, r) == EXIT_DISREGARD;
    const int medical = (int)POLICY_EXACT(m, P_RIGID_MEDICAL, r);
    const int education = (int)POLICY_EXACT(m, P_RIGID_EDUCATION, r);
    int elderly = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t p = first + i;
        int64_t income = (int64_t)pop->wage[p] + pop->business_income[p] +
                         pop->property_income[p] + pop->transfer_income[p];
        if (counts_pension) income += pop->basic_pension[p];
        mem[i].income = (money_wide)income * MONEY_MICRO;
        mem[i].support = mem[i].disregard = 0;
        if (disregard && !tekun[i]) {
            /* a member of a paid unit who starts earning keeps some wage out of counted income */
            if (state->previous_wage[p] == 0 && pop->wage[p] > 0 && state->in_paid_unit[p])
                state->disregard_left[p] = (uint8_t)POLICY_EXACT(m, P_DISREGARD_MONTHS, r);
            if (state->disregard_left[p] > 0) {
                money_wide cap = (money_wide)POLICY_EXACT(m, P_DISREGARD_CAP, r) * standard;
                money_wide wage = (money_wide)pop->wage[p] * MONEY_MICRO;
                mem[i].disregard = wage < cap ? wage : cap;
                mem[i].income -= mem[i].disregard;
                state->disregard_left[p]--;
            }
            state->previous_wage[p] = pop->wage[p];
        }
        mem[i].work_cost = 0;
        if (work_mode != WORK_NONE && pop->employed[p] && pop->wage[p] > 0) {
            int64_t share = POLICY_EXACT(m, P_WORK_SHARE, r);
            if (pop->disability_level[p] && POLICY_EXACT(m, P_WORK_DISABLED_SHARE, r) >= 0)
                share = POLICY_EXACT(m, P_WORK_DISABLED_SHARE, r);
            money_wide amount = work_mode == WORK_FIXED
                                    ? (money_wide)POLICY_EXACT(m, P_WORK_AMOUNT, r) * MONEY_MICRO
                                : work_mode == WORK_SHARE_OF_STANDARD ? (money_wide)share * standard
                                : (money_wide)share * pop->wage[p];
            const int64_t cap = POLICY_EXACT(m, P_WORK_CAP, r);
            if (cap >= 0 && amount > (money_wide)cap * MONEY_MICRO) amount = (money_wide)cap * MONEY_MICRO;
            money_wide wage = (money_wide)pop->wage[p] * MONEY_MICRO;
            mem[i].work_cost = amount < wage ? amount : wage;
        }
        const int64_t threshold = POLICY_EXACT(m, P_EDUCATION_THRESHOLD, r);
        mem[i].expenses = (medical ? pop->medical_oop[p] : 0) +
                          (education && pop->education_expense[p] > threshold
                               ? pop->education_expense[p] - threshold : 0);
        mem[i].categories = categories_of(pop, p);
        elderly += !tekun[i] && pop->age[p] >= POLICY_EXACT(m, P_PARENT_MIN_AGE, r);
    }
    const int children = pop->support_children[h];
    if (!POLICY_EXACT(m, P_SUPPORT_ENABLED, r) || !children || !elderly) return;
    /* share × max(0, children's pc income − base × std) × children, micro-fen a month */
    const int64_t share = POLICY_EXACT(m, children >= 3 ? P_SUPPORT_SHARE_3 : P_SUPPORT_SHARE, r);
    money_wide above = (money_wide)pop->support_children_pc_income[h] * MONEY_MICRO -
                       (money_wide)POLICY_EXACT(m, P_SUPPORT_BASE, r) * standard;
    if (above <= 0) return;
    money_wide support = money_div((money_wide)share * above, MONEY_MICRO) * children;
    for (uint32_t i = 0; i < n; i++)
        if (!tekun[i] && pop->age[first + i] >= POLICY_EXACT(m, P_PARENT_MIN_AGE, r)) {
            mem[i].support = money_div(support, elderly);
            mem[i].income += mem[i].support;
        }
}

/* Separate registration (3.4) of unit k, which is not eligible as a whole: its members in `who`
 * become units of one when the household qualifies. */
static void separate(const struct population *pop, size_t h, const struct policy_month *m,
                     struct household_units *u, int k, const struct member *mem,
                     const struct dibao_assessment *whole)
{
    const int r = pop->region[h];
    const int64_t condition = POLICY_EXACT(m, P_SEPARATION_HOUSEHOLDS, r);
    if (condition == SEPARATE_REGISTERED_POOR && !pop->registered_poor[h]) return;
    if (condition == SEPARATE_EDGE &&
        !(whole->assessed * MONEY_MICRO < (money_wide)POLICY_EXACT(m, P_EDGE_MULTIPLE, r) *
                                                whole->line))
        return;
    const uint32_t n = pop->first_person[h + 1] - pop->first_person[h];
    for (uint32_t i = 0; i < n; i++)
        if (u->unit_of[i] == k && (mem[i].categories & m->separation_for))
            units_separate(pop, h, u, (int)i);
}

double dibao_unit_draw(uint64_t seed, uint64_t household, uint64_t key, int year, int month,
                       int stream)
{
    struct rng_stream s;
    if (month < 0) rng_unit_stream(&s, seed, household, key, year, stream, 0);
    else rng_unit_month_stream(&s, seed, household, key, year, month, stream);
    return rng_uniform(&s);
}

/* Whether p decides without a draw whether the draw falls below it: p <= 0 never, p >= 1
 * always (each purpose has its own stream, so a draw skipped moves no other). */
static int draw_needless(double p) { return p <= 0 || p >= 1; }

/* Whether the draw of `stream` for unit k falls below p: once a year (month < 0) or in a month
 * (0-11). */
static int draw_below(double p, uint64_t seed, uint64_t household, uint64_t key, int year,
                      int month, int stream)
{
    if (draw_needless(p)) return p >= 1;
    return dibao_unit_draw(seed, household, key, year, month, stream) < p;
}

/* Unit k's yearly draw of `stream` (dibao_unit_draw with no month), from call->draws when
 * kept there; the income error's is its normal quantile. */
static double yearly_draw(const struct population *pop, size_t h, const struct household_units *u,
                          int k, const struct dibao_call *call, int stream)
{
    struct unit_draws *kept = call->draws;
    const uint64_t key = (uint64_t)u->key[k];
    for (int i = 0; kept && i < kept->n; i++)
        if (kept->key[i] == key && kept->stream[i] == stream) return kept->value[i];
    double value = dibao_unit_draw(call->seed, (uint64_t)pop->household_id[h], key, call->year,
                                   -1, stream);
    if (stream == RNG_INCOME_ERROR) value = gsl_cdf_ugaussian_Pinv(value);
    if (kept && kept->n < UNIT_DRAWS_KEPT) {
        kept->key[kept->n] = key;
        kept->stream[kept->n] = stream;
        kept->value[kept->n++] = value;
    }
    return value;
}

/* Whether unit k's yearly draw of `stream` is below p. */
static int yearly_below(double p, const struct population *pop, size_t h,
                        const struct household_units *u, int k, const struct dibao_call *call,
                        int stream)
{
    if (draw_needless(p)) return p >= 1;
    return yearly_draw(pop, h, u, k, call, stream) < p;
}

/* The assessor's decision on unit k (5): on the seen income (*seen, micro-fen; *eligible_seen
 * whether the unit is eligible on it), paid its benefit when eligible and it claims, paid as a
 * wrongful inclusion, or not paid. */
static int receipt(const struct population *pop, size_t h, const struct policy_month *m,
                   const struct household_units *u, int k, const struct dibao_assessment *a,
                   const struct dibao_call *call, money_wide *seen, int *eligible_seen)
{
    const int r = pop->region[h];
    const double take_up = POLICY_RAW(m, P_TAKE_UP, r), sigma = POLICY_RAW(m, P_ERROR_SIGMA, r);
    *seen = a->assessed;
    if (sigma > 0) {
        const double z = yearly_draw(pop, h, u, k, call, RNG_INCOME_ERROR);
        *seen = (money_wide)llround((double)a->assessed * exp(sigma * z));
    }
    *eligible_seen = a->other_tests && *seen < a->line;
    if (*eligible_seen)
        return yearly_below(take_up, pop, h, u, k, call, RNG_TAKE_UP) ? RECEIPT_BENEFIT
                                                                      : RECEIPT_NONE;
    if (pop->hukou[h] == POLICY_EXACT(m, P_HUKOU, r) &&
        *seen * MONEY_MICRO < (money_wide)POLICY_EXACT(m, P_INCLUSION_MULTIPLE, r) * a->line &&
        yearly_below(POLICY_RAW(m, P_WRONGFUL, r), pop, h, u, k, call, RNG_WRONGFUL_INCLUSION))
        return RECEIPT_WRONGFUL;
    return RECEIPT_NONE;
}

/* A flat payment in region r: share (millionths) × std × size, rounded; fen. */
static int64_t flat_payment(const struct policy_month *m, int r, int64_t share, money_wide line)
{
    return dibao_round(m, r, money_div((money_wide)share * line, MONEY_MICRO));
}

/* Receipt of unit k when every unit is assessed every month (reviews off). */
static void target(const struct population *pop, size_t h, const struct policy_month *m,
                   const struct household_units *u, int k, const struct member *mem,
                   const struct dibao_assessment *a, const struct dibao_call *call,
                   struct unit_outcome *out)
{
    const int r = pop->region[h];
    if (out->exiting) {   /* an exit month is paid to a unit that claims */
        out->paid = yearly_below(POLICY_RAW(m, P_TAKE_UP, r), pop, h, u, k, call, RNG_TAKE_UP);
        out->payment = out->paid ? out->entitled : 0;
        return;
    }
    money_wide seen;
    int eligible_seen;
    const int decision = receipt(pop, h, m, u, k, a, call, &seen, &eligible_seen);
    out->paid = decision != RECEIPT_NONE;
    out->payment = decision == RECEIPT_BENEFIT
                       ? dibao_round(m, r, benefit(m, r, seen, a->line, u->separated[k]) +
                                               top_ups(pop, h, m, u, k, mem))
                   : decision == RECEIPT_WRONGFUL
                       ? flat_payment(m, r, POLICY_EXACT(m, P_WRONGFUL_SHARE, r), a->line)
                       : 0;
}

static void unit_memory_init(struct unit_memory *u, size_t n)
{
    u->paid_normal = xcalloc(n, 1);
    u->exit_month = xmalloc(n * sizeof *u->exit_month);
    u->last_benefit = xcalloc(n, sizeof *u->last_benefit);
    u->wage_at_normal = xcalloc(n, sizeof *u->wage_at_normal);
    for (size_t i = 0; i < n; i++) u->exit_month[i] = -1;
}

static void unit_memory_free(struct unit_memory *u)
{
    free(u->paid_normal);
    free(u->exit_month);
    free(u->last_benefit);
    free(u->wage_at_normal);
}

void exit_state_init(struct exit_state *state, size_t n_persons)
{
    size_t n = n_persons ? n_persons : 1;
    memset(state, 0, sizeof *state);
    state->in_paid_unit = xcalloc(n, 1);
    state->previous_wage = xcalloc(n, sizeof *state->previous_wage);
    state->disregard_left = xcalloc(n, 1);
    unit_memory_init(&state->joint, n);
    unit_memory_init(&state->separated, n);
}

int exit_state_quiet(const struct exit_state *state, uint32_t first, uint32_t n)
{
    for (uint32_t p = first; p < first + n; p++)
        if (state->disregard_left[p] || state->joint.exit_month[p] >= 0 ||
            state->separated.exit_month[p] >= 0)
            return 0;
    return 1;
}

void exit_state_free(struct exit_state *state)
{
    free(state->in_paid_unit);
    free(state->previous_wage);
    free(state->disregard_left);
    unit_memory_free(&state->joint);
    unit_memory_free(&state->separated);
    memset(state, 0, sizeof *state);
}

/* The person whose slot holds unit k's memory: a separated unit's person, or the household's
 * first person with the unit's key (its family, or anyone for the household unit). */
static uint32_t memory_slot(const struct population *pop, size_t h,
                            const struct household_units *u, int k, int mode)
{
    const uint32_t first = pop->first_person[h];
    uint32_t i = 0;
    if (u->separated[k])
        while (u->unit_of[i] != k) i++;
    else if (mode == UNIT_FAMILY)
        while (pop->family_id[first + i] != u->key[k]) i++;
    return first + i;
}

int64_t dibao_exit_share(const struct policy_month *m, int r, int registered_poor, int month,
                         int *length)
{
    const int n = m->n_exit_schedule;
    int months = n;
    const int64_t poor_months = POLICY_EXACT(m, P_EXIT_POOR_MONTHS, r);
    if (registered_poor && poor_months > months) months = (int)poor_months;
    if (length) *length = months;
    if (month >= months) return -1;
    return m->exit_schedule[month < n ? month : n - 1];
}

/* Exit month `month` of a unit of household h whose last normal payment was `last` fen: the
 * schedule's share of it (dibao_exit_share), rounded, into *pay; 0 when the schedule is over. */
static int exit_payment(const struct population *pop, size_t h, const struct policy_month *m,
                        int month, int64_t last, int64_t *pay)
{
    const int r = pop->region[h];
    const int64_t share = dibao_exit_share(m, r, pop->registered_poor[h], month, NULL);
    if (share < 0) return 0;
    *pay = dibao_round(m, r, (money_wide)share * last);
    return 1;
}

/* Taper (3.7) for unit k, whose state lives at person p; a is its assessment, wages its members'
 * wages. A unit paid normally last month that now fails only the income test, with wages above
 * those when it was last paid normally, is paid schedule[k] × its last normal payment; any other
 * failed test stops payment at once; pc back below std returns it to its normal benefit. */
static void taper(const struct population *pop, size_t h, const struct policy_month *m,
                  struct unit_memory *state, uint32_t p, const struct dibao_assessment *a,
                  int64_t wages, struct unit_outcome *o)
{
    if (o->eligible) {
        state->paid_normal[p] = 1;
        state->exit_month[p] = -1;
        state->last_benefit[p] = (int32_t)o->entitled;
        state->wage_at_normal[p] = (int32_t)wages;
        return;
    }
    const int in_exit = state->exit_month[p] >= 0;
    const int starts = state->paid_normal[p] && wages > state->wage_at_normal[p];
    state->paid_normal[p] = 0;
    if (!a->other_tests || (!in_exit && !starts)) {
        state->exit_month[p] = -1;
        return;
    }
    const int month = in_exit ? state->exit_month[p] : 0;
    if (!exit_payment(pop, h, m, month, state->last_benefit[p], &o->entitled)) {
        state->exit_month[p] = -1;
        return;
    }
    o->exiting = 1;
    o->eligible = 1;
    state->exit_month[p] = (int16_t)(month + 1);
}

/* ---- reviews and the starting caseload (rules.md 3.8) ----
 *
 * With reviews on, receipt is decided only at assessments: the first simulated month for the
 * starting caseload (a unit of a household receiving dibao: its benefit when eligible on the
 * seen income, else a stale benefit), review months for units on the caseload (each reviewed
 * with probability coverage: kept on its new benefit when eligible on the seen income, kept
 * as a wrongful inclusion, or else removed — into gradual exit when the taper's conditions
 * hold), and any month for a unit off the caseload that would be paid (it applies with
 * probability application_probability). "Would be paid" is receipt as decided without reviews
 * (receipt(): seen income, take-up, wrongful inclusion); a review asks no take-up (the unit has
 * claimed). In between, the unit is paid on its basis: a gap or tier benefit re-priced with the
 * standard from the income last seen (scaled to the unit's size now), plus top-ups of its
 * members now. Entitlement is untouched: it applies the rules to true income every month. */

static void review_memory_init(struct review_memory *r, size_t n)
{
    r->basis = xcalloc(n, 1);
    r->size = xcalloc(n, 1);
    r->exit_month = xcalloc(n, sizeof *r->exit_month);
    r->assessed = xcalloc(n, sizeof *r->assessed);
    r->last_payment = xcalloc(n, sizeof *r->last_payment);
    r->wages = xcalloc(n, sizeof *r->wages);
}

static void review_memory_free(struct review_memory *r)
{
    free(r->basis);
    free(r->size);
    free(r->exit_month);
    free(r->assessed);
    free(r->last_payment);
    free(r->wages);
}

void review_state_init(struct review_state *state, size_t n_persons)
{
    size_t n = n_persons ? n_persons : 1;
    memset(state, 0, sizeof *state);
    state->waiting = xcalloc(n, 1);
    review_memory_init(&state->joint, n);
    review_memory_init(&state->separated, n);
}

void review_state_free(struct review_state *state)
{
    free(state->waiting);
    review_memory_free(&state->joint);
    review_memory_free(&state->separated);
    memset(state, 0, sizeof *state);
}

int review_state_quiet(const struct review_state *state, uint32_t first, uint32_t n)
{
    if (state->waiting[first]) return 0;
    for (uint32_t p = first; p < first + n; p++)
        if (state->joint.basis[p] == REVIEW_EXIT || state->separated.basis[p] == REVIEW_EXIT)
            return 0;
    return 1;
}

int review_state_off(const struct review_state *state, uint32_t first, uint32_t n)
{
    if (state->waiting[first]) return 0;
    for (uint32_t p = first; p < first + n; p++)
        if (state->joint.basis[p] != REVIEW_OFF || state->separated.basis[p] != REVIEW_OFF)
            return 0;
    return 1;
}

int dibao_review_month(const struct policy_month *m, int r, int year, int month)
{
    const int64_t interval = POLICY_EXACT(m, P_REVIEW_INTERVAL, r);
    if (interval < 1) return 0;
    const int64_t since = (int64_t)year * 12 + month + 1 - POLICY_EXACT(m, P_REVIEW_MONTH, r);
    return (since % interval + interval) % interval == 0;
}

int exit_state_snapshot(struct exit_state *state, size_t n, struct snapshot *s)
{
    const struct unit_memory *memories[2] = {&state->joint, &state->separated};
    int rc = snapshot_add(s, state->in_paid_unit, n) |
             snapshot_add(s, state->previous_wage, n * sizeof *state->previous_wage) |
             snapshot_add(s, state->disregard_left, n);
    for (int i = 0; i < 2; i++) {
        const struct unit_memory *u = memories[i];
        rc |= snapshot_add(s, u->paid_normal, n) |
              snapshot_add(s, u->exit_month, n * sizeof *u->exit_month) |
              snapshot_add(s, u->last_benefit, n * sizeof *u->last_benefit) |
              snapshot_add(s, u->wage_at_normal, n * sizeof *u->wage_at_normal);
    }
    return rc;
}

int review_state_snapshot(struct review_state *state, size_t n, struct snapshot *s)
{
    const struct review_memory *memories[2] = {&state->joint, &state->separated};
    int rc = snapshot_add(s, state->waiting, n);
    for (int i = 0; i < 2; i++) {
        const struct review_memory *r = memories[i];
        rc |= snapshot_add(s, r->basis, n) | snapshot_add(s, r->size, n) |
              snapshot_add(s, r->exit_month, n * sizeof *r->exit_month) |
              snapshot_add(s, r->assessed, n * sizeof *r->assessed) |
              snapshot_add(s, r->last_payment, n * sizeof *r->last_payment) |
              snapshot_add(s, r->wages, n * sizeof *r->wages);
    }
    return rc;
}

/* Whether a unit on the caseload is reviewed this review month: with probability `coverage`,
 * shifted (logit_shift) or decided (sort) by the alignment for a unit the review removes, whose
 * memory is at `slot` (review_alignment); while recording, such a unit notes itself there. */
static int reviewed(const struct population *pop, size_t h, const struct household_units *u, int k,
                    double coverage, int removes, const struct dibao_call *call, size_t slot)
{
    struct review_alignment *align = removes ? call->align : NULL;
    int is;
    double draw = NAN, delta = 0;
    if (align && align->deciding && align->sort) {
        is = align->take[slot];
    } else {
        struct rng_stream s;
        rng_unit_month_stream(&s, call->seed, (uint64_t)pop->household_id[h], (uint64_t)u->key[k],
                              call->year, call->month, RNG_REVIEW);
        draw = rng_uniform(&s);
        if (align && !align->deciding) {
            int living = 0;
            for (uint32_t i = 0; i < pop->first_person[h + 1] - pop->first_person[h]; i++)
                living += u->unit_of[i] == k && population_alive(pop, pop->first_person[h] + i);
            align->weight[slot] = pop->weight[h] * living;
            align->prob[slot] = coverage;
            align->u[slot] = draw;
        }
        delta = removes ? call->review_shift : 0;
        is = draw < alignment_shift(coverage, delta);
    }
    if (call->steps) {   /* explain: the decision as it was taken */
        struct dibao_unit_steps *us = &call->steps->unit[k];
        us->review_decided = 1;
        us->review_removes = removes;
        us->review_year_aligned = call->align != NULL;
        us->review_delta = delta;
        us->review_probability = alignment_shift(coverage, delta);
        us->review_sorted = isnan(draw);
        us->review_taken = us->review_sorted && is;
        us->review_cutoff = us->review_sorted ? call->align->cutoff[pop->region[h]] : NAN;
        us->reviewed = is;
    }
    return is;
}

/* Puts unit k on the caseload on `basis` after an assessment that saw `seen`. */
static void review_assessed(struct review_memory *rm, uint32_t p, int basis, money_wide seen,
                            int size, int64_t wages)
{
    rm->basis[p] = (uint8_t)basis;
    rm->assessed[p] = (int64_t)seen;
    rm->size[p] = (uint8_t)size;
    rm->wages[p] = (int32_t)wages;
}

/* Receipt of unit k with reviews on; its memory at slot p of rm; a its assessment, wages its
 * members' wages. Returns 1 when a unit off the caseload would be paid but did not apply. */
static int review_unit(const struct population *pop, size_t h, const struct policy_month *m,
                       const struct household_units *u, int k, const struct member *mem,
                       const struct dibao_assessment *a, const struct dibao_call *call,
                       struct review_memory *rm, uint32_t p, int64_t wages, struct unit_outcome *o)
{
    const int r = pop->region[h];
    const uint64_t household = (uint64_t)pop->household_id[h], key = (uint64_t)u->key[k];
    money_wide seen;
    int eligible_seen;
    const int decision = receipt(pop, h, m, u, k, a, call, &seen, &eligible_seen);
    const int joins = decision == RECEIPT_BENEFIT ? REVIEW_NORMAL : REVIEW_WRONGFUL;
    /* at a review the unit has claimed already: eligible keeps it on, take-up aside */
    const int stays = eligible_seen ? REVIEW_NORMAL
                      : decision == RECEIPT_WRONGFUL ? REVIEW_WRONGFUL : REVIEW_OFF;
    int64_t exit_pay = 0;
    int waiting = 0;
    if (rm->basis[p] == REVIEW_EXIT &&
        !exit_payment(pop, h, m, rm->exit_month[p], rm->last_payment[p], &exit_pay))
        rm->basis[p] = REVIEW_OFF;   /* its schedule is over */
    if (call->first && pop->receiving_dibao[h]) {
        review_assessed(rm, p, eligible_seen ? REVIEW_NORMAL : REVIEW_STALE, seen, u->size[k],
                        wages);
    } else if (rm->basis[p] == REVIEW_OFF) {
        if (decision != RECEIPT_NONE) {
            if (draw_below(POLICY_RAW(m, P_APPLICATION, r), call->seed, household, key, call->year,
                           call->month, RNG_APPLICATION))
                review_assessed(rm, p, joins, seen, u->size[k], wages);
            else
                waiting = 1;
        }
    } else if (rm->basis[p] != REVIEW_EXIT && dibao_review_month(m, r, call->year, call->month)) {
        const size_t slot = 2 * (size_t)p + (rm == &call->review->separated);
        if (reviewed(pop, h, u, k, POLICY_RAW(m, P_REVIEW_COVERAGE, r), stays == REVIEW_OFF, call,
                     slot)) {
            if (stays != REVIEW_OFF) {
                review_assessed(rm, p, stays, seen, u->size[k], wages);
            } else {
                const int was_normal = rm->basis[p] == REVIEW_NORMAL;
                o->review_exit = 1;
                rm->basis[p] = REVIEW_OFF;
                if (POLICY_EXACT(m, P_EXIT_ENABLED, r) &&
                    POLICY_EXACT(m, P_EXIT_MODE, r) == EXIT_TAPER &&
                    was_normal && a->other_tests && wages > rm->wages[p] &&
                    exit_payment(pop, h, m, 0, rm->last_payment[p], &exit_pay)) {
                    rm->basis[p] = REVIEW_EXIT;   /* it failed only the income test */
                    rm->exit_month[p] = 0;
                }
            }
        }
    }
    /* the payment on its basis */
    const money_wide line = (money_wide)POLICY_EXACT(m, P_STANDARD, r) * u->size[k] * MONEY_MICRO;
    o->paid = rm->basis[p] != REVIEW_OFF;
    o->stale = rm->basis[p] == REVIEW_STALE;
    switch (rm->basis[p]) {
    case REVIEW_NORMAL: {
        const money_wide assessed = money_div((money_wide)rm->assessed[p] * u->size[k], rm->size[p]);
        o->payment = dibao_round(m, r, benefit(m, r, assessed, line, u->separated[k]) +
                                           top_ups(pop, h, m, u, k, mem));
        rm->last_payment[p] = (int32_t)o->payment;
        break;
    }
    case REVIEW_STALE:
        o->payment = flat_payment(m, r, POLICY_EXACT(m, P_STALE_SHARE, r), line);
        break;
    case REVIEW_WRONGFUL:
        o->payment = flat_payment(m, r, POLICY_EXACT(m, P_WRONGFUL_SHARE, r), line);
        break;
    case REVIEW_EXIT:
        o->payment = exit_pay;
        rm->exit_month[p]++;
        break;
    default: o->payment = 0;
    }
    return waiting;
}

/* ---- explain's record of the steps (dibao_call.steps: never in a normal run) ---- */

/* The members as the month saw them and what the rules made of each. */
static void steps_members(const struct population *pop, size_t h, const uint8_t *tekun,
                          const struct member *mem, const struct exit_state *state,
                          struct dibao_steps *st)
{
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    st->registered_poor = pop->registered_poor[h];
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t p = first + i;
        st->member[i] = (struct dibao_member_steps){
            .person_id = pop->person_id[p], .family_id = pop->family_id[p],
            .wage = pop->wage[p], .business = pop->business_income[p],
            .property = pop->property_income[p], .transfer = pop->transfer_income[p],
            .pension = pop->basic_pension[p], .medical_oop = pop->medical_oop[p],
            .education_expense = pop->education_expense[p],
            .alive = (uint8_t)population_alive(pop, p), .age = pop->age[p],
            .disability_level = pop->disability_level[p], .employed = pop->employed[p],
            .serious_illness = pop->serious_illness[p], .no_supporter = pop->no_supporter[p],
            .in_no_unit = tekun[i], .counted = mem[i].income, .support = mem[i].support,
            .disregard = mem[i].disregard,
            .disregard_left = state ? state->disregard_left[p] : 0,
            .work_cost = mem[i].work_cost, .expenses = mem[i].expenses,
            .categories = mem[i].categories};
    }
}

/* A draw of `stream` for unit k as the rules would compare it with p, or NaN when p decides
 * without drawing. */
static double steps_draw(double p, uint64_t seed, const struct population *pop, size_t h,
                         const struct household_units *u, int k, int year, int month, int stream)
{
    if (draw_needless(p)) return NAN;
    return dibao_unit_draw(seed, (uint64_t)pop->household_id[h], (uint64_t)u->key[k], year, month,
                           stream);
}

/* Unit k before gradual exit and reviews move its memory: its assessment, benefit and top-ups
 * on true income, and the memory as the month found it. */
static void steps_unit_before(const struct population *pop, size_t h, const struct policy_month *m,
                              const struct household_units *u, int k, const struct member *mem,
                              const struct dibao_assessment *a, const struct dibao_call *call,
                              uint32_t slot, int64_t wages, struct dibao_steps *st)
{
    const int r = pop->region[h];
    struct dibao_unit_steps *us = &st->unit[k];
    us->a = *a;
    us->wages = wages;
    us->b = (struct dibao_benefit){.tier = -1};
    if (a->eligible) {
        us->top_ups = top_ups_of(pop, h, m, u, k, mem, st);
        us->unrounded = benefit_parts(m, r, a->assessed, a->line, u->separated[k], &us->b) +
                        us->top_ups;
    }
    if (call->exit && POLICY_EXACT(m, P_EXIT_MODE, r) == EXIT_TAPER) {
        const struct unit_memory *um = u->separated[k] ? &call->exit->separated
                                                       : &call->exit->joint;
        us->taper = 1;
        us->paid_normal = um->paid_normal[slot];
        us->exit_month = um->exit_month[slot];
        us->last_benefit = um->last_benefit[slot];
        us->wage_at_normal = um->wage_at_normal[slot];
    }
    if (call->review) {
        const struct review_memory *rm = u->separated[k] ? &call->review->separated
                                                         : &call->review->joint;
        us->reviews = 1;
        us->basis_before = rm->basis[slot];
        us->review_exit_month = rm->exit_month[slot];
        us->review_last_payment = rm->last_payment[slot];
        us->review_month = dibao_review_month(m, r, call->year, call->month);
    }
}

/* Unit k after receipt: what the assessor saw and decided, the draws, the caseload's basis, and
 * the top-ups of a unit paid though not entitled. */
static void steps_unit_after(const struct population *pop, size_t h, const struct policy_month *m,
                             const struct household_units *u, int k, const struct member *mem,
                             const struct dibao_assessment *a, const struct dibao_call *call,
                             uint32_t slot, struct dibao_steps *st)
{
    const int r = pop->region[h];
    struct dibao_unit_steps *us = &st->unit[k];
    if (!a->eligible) us->top_ups = top_ups_of(pop, h, m, u, k, mem, st);
    us->drawn = !m->perfect_targeting;
    us->take_up_draw = us->wrongful_draw = us->application_draw = us->review_draw = NAN;
    us->paid_benefit = (struct dibao_benefit){.tier = -1};
    if (us->drawn || call->review) {
        us->decision = receipt(pop, h, m, u, k, a, call, &us->seen, &us->eligible_seen);
        us->take_up_draw = steps_draw(POLICY_RAW(m, P_TAKE_UP, r), call->seed, pop, h, u, k,
                                      call->year, -1, RNG_TAKE_UP);
        us->wrongful_draw = steps_draw(POLICY_RAW(m, P_WRONGFUL, r), call->seed, pop, h, u, k,
                                       call->year, -1, RNG_WRONGFUL_INCLUSION);
        if (us->decision == RECEIPT_BENEFIT)
            benefit_parts(m, r, us->seen, a->line, u->separated[k], &us->paid_benefit);
    }
    if (!call->review) return;
    const struct review_memory *rm = u->separated[k] ? &call->review->separated
                                                     : &call->review->joint;
    us->basis_after = rm->basis[slot];
    if (us->basis_before == REVIEW_OFF && !(call->first && pop->receiving_dibao[h]))
        us->application_draw = steps_draw(POLICY_RAW(m, P_APPLICATION, r), call->seed, pop, h, u,
                                          k, call->year, call->month, RNG_APPLICATION);
    if (us->review_decided)   /* the review's draw, also where the alignment's sort decided */
        us->review_draw = dibao_unit_draw(call->seed, (uint64_t)pop->household_id[h],
                                          (uint64_t)u->key[k], call->year, call->month,
                                          RNG_REVIEW);
    if (us->basis_after == REVIEW_NORMAL) {
        us->basis_assessed = (money_wide)rm->assessed[slot] * u->size[k] / rm->size[slot];
        benefit_parts(m, r, us->basis_assessed, a->line, u->separated[k], &us->paid_benefit);
    }
}

void dibao_household(const struct population *pop, size_t h, const struct policy_month *m,
                     const struct dibao_call *call, struct household_month *out)
{
    struct exit_state *state = call->exit;
    int waiting = 0;
    const int r = pop->region[h];
    const int unit_mode = (int)POLICY_EXACT(m, P_UNIT, r);
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    uint8_t tekun[POPULATION_MAX_HOUSEHOLD] = {0};   /* in no unit: served by tekun, or dead */
    struct member mem[POPULATION_MAX_HOUSEHOLD];
    for (uint32_t i = 0; i < n; i++)
        tekun[i] = (uint8_t)(!population_alive(pop, first + i) ||
                             (POLICY_EXACT(m, P_TEKUN_ENABLED, r) && tekun_serves(pop, first + i)));
    members(pop, h, m, tekun, state, mem);
    struct dibao_steps *steps = call->steps;
    if (steps) steps_members(pop, h, tekun, mem, state, steps);
    struct household_units *u = &out->units;
    units_form(pop, h, unit_mode, tekun, u);
    struct dibao_assets assets;
    const int household_passes = assets_test(pop, h, m, r, &assets);
    const int base_units = u->n;
    for (int k = 0; k < base_units && POLICY_EXACT(m, P_SEPARATION_ENABLED, r); k++) {
        struct dibao_assessment whole = assess(pop, h, m, u, k, mem, household_passes);
        if (!whole.eligible) separate(pop, h, m, u, k, mem, &whole);
        if (steps)
            steps->unit[k] = (struct dibao_unit_steps){.assessed_whole = !whole.eligible,
                                                       .whole = whole};
    }
    if (steps) {
        steps->assets = assets;
        for (int k = POLICY_EXACT(m, P_SEPARATION_ENABLED, r) ? base_units : 0; k < u->n; k++)
            steps->unit[k] = (struct dibao_unit_steps){0};
    }
    for (int k = 0; k < u->n; k++) {
        struct unit_outcome *o = &out->unit[k];
        memset(o, 0, sizeof *o);
        if (u->size[k] == 0) continue;   /* every member was separated: the unit is gone */
        struct dibao_assessment a = assess(pop, h, m, u, k, mem, household_passes);
        o->eligible = a.eligible;
        o->pc_ratio = a.line > 0 ? (int64_t)money_div(a.assessed * MONEY_MICRO, a.line) : INT64_MAX;
        if (a.eligible)
            o->entitled = dibao_round(m, r, benefit(m, r, a.assessed, a.line, u->separated[k]) +
                                                top_ups(pop, h, m, u, k, mem));
        int64_t wages = 0;
        for (uint32_t i = 0; i < n; i++)
            if (u->unit_of[i] == k) wages += pop->wage[first + i];
        const uint32_t slot = memory_slot(pop, h, u, k, unit_mode);
        if (steps) steps_unit_before(pop, h, m, u, k, mem, &a, call, slot, wages, steps);
        if (state && POLICY_EXACT(m, P_EXIT_MODE, r) == EXIT_TAPER)
            taper(pop, h, m, u->separated[k] ? &state->separated : &state->joint, slot, &a, wages,
                  o);
        if (call->review) {
            waiting |= review_unit(pop, h, m, u, k, mem, &a, call,
                                   u->separated[k] ? &call->review->separated
                                                   : &call->review->joint,
                                   slot, wages, o);
        } else if (m->perfect_targeting) {
            o->paid = o->eligible;
            o->payment = o->entitled;
        } else {
            target(pop, h, m, u, k, mem, &a, call, o);
        }
        if (steps) steps_unit_after(pop, h, m, u, k, mem, &a, call, slot, steps);
    }
    if (call->review) call->review->waiting[first] = (uint8_t)waiting;
    if (state)
        for (uint32_t i = 0; i < n; i++)
            state->in_paid_unit[first + i] = u->unit_of[i] != UNIT_NONE &&
                                             out->unit[u->unit_of[i]].eligible;
}

void dibao_step(const struct program_context *c, const struct household_month *dibao,
                struct household_year *out)
{
    struct program_month *pm = &out->program[c->month][PROGRAM_DIBAO];
    const struct household_units *u = &dibao->units;
    for (int k = 0; k < u->n; k++) {
        const struct unit_outcome *o = &dibao->unit[k];
        pm->entitled_units += o->eligible;
        pm->paid_units += o->paid;
        pm->entitled += o->eligible ? o->entitled : 0;
        pm->paid += o->paid ? o->payment : 0;
        if (u->separated[k] && o->paid) {
            pm->separated_units++;
            pm->separated_paid += o->payment;
        }
        pm->review_exit_units += o->review_exit;
    }
    const int r = c->pop->region[c->household];
    const int64_t multiple = POLICY_EXACT(c->rules, P_MEDICAL_LOW_MULTIPLE, r);
    const uint32_t n = c->pop->first_person[c->household + 1] - c->pop->first_person[c->household];
    if (c->month == 0) memset(out->dibao.low_income, 0, n);   /* January is never a repeat */
    for (uint32_t i = 0; i < n; i++) {
        const int k = u->unit_of[i];
        if (k == UNIT_NONE) continue;
        const struct unit_outcome *o = &dibao->unit[k];
        out->member[c->month][i].entitled |= (program_set)(o->eligible << PROGRAM_DIBAO);
        out->member[c->month][i].paid |= (program_set)(o->paid << PROGRAM_DIBAO);
        if (population_alive(c->pop, c->pop->first_person[c->household] + i)) {
            pm->review_exit_persons += o->review_exit;
            pm->stale_persons += o->paid && o->stale;
        }
        /* each month, so that December's value stands whether or not December was computed */
        out->dibao.low_income[i] = o->pc_ratio >= MONEY_MICRO && o->pc_ratio < multiple;
    }
}

/* explain_programs — the steps of the programs other than dibao for one household-month
 * (rules.md 4): tekun's persons and payment, the elderly allowances of members of dibao units,
 * the year's shock from its three draws (temporary_shock) to its tier and payout, and each
 * person's medical assistance, entitlement beside receipt with the deductible and the cap
 * (medical_reimbursement_parts; annual: the year's amount shown in every month). Each figure comes from the program's
 * own function (programs.h) applied to the members as the month saw them (struct dibao_steps),
 * and each program ends in the amount the run recorded. */
#include <math.h>

#include "explain_steps.h"
#include "programs/programs.h"

/* Whether `program` is switched off in month m (its `enabled` lever): then its one step says so. */
static int off(struct explain_month *x, const struct policy_month *m, int program, int enabled)
{
    if (POLICY_EXACT(m, enabled, x->region)) return 0;
    char text[64];
    snprintf(text, sizeof text, "%s.enabled is off", PROGRAMS[program].name);
    explain_step(x, PROGRAMS[program].name, 0, "paid", VALUE_YUAN, 0, "%s", text);
    return 1;
}

/* The program's last step: what the run recorded it paid the household this month. */
static void paid(struct explain_month *x, int program, const char *how)
{
    const struct program_month *pm = &x->t->months.program[x->month][program];
    explain_step(x, PROGRAMS[program].name, 0, "paid", VALUE_YUAN, explain_yuan(pm->paid),
                 "%s (%d units)", how, pm->paid_units);
}

static void tekun_steps(struct explain_month *x)
{
    const char *name = PROGRAMS[PROGRAM_TEKUN].name;
    const struct policy_month *m = x->rules;
    const int r = x->region;
    if (off(x, m, PROGRAM_TEKUN, P_TEKUN_ENABLED)) return;
    const uint32_t n = x->members;
    const struct dibao_steps *st = &x->t->steps[x->month];
    for (uint32_t i = 0; i < n; i++) {
        if (!(x->t->months.member[x->month][i].paid & 1u << PROGRAM_TEKUN)) continue;
        const struct dibao_member_steps *ms = &st->member[i];
        explain_step(x, name, ms->person_id, "served", VALUE_YUAN,
                     explain_yuan(tekun_payment(m, r)),
                     "age %d, disability level %d, no wage, business, property or transfer "
                     "income, no supporter: tekun.standard_multiple %g x standard %.2f, rounded; "
                     "left out of every dibao unit",
                     ms->age, ms->disability_level, POLICY_RAW(m, P_TEKUN_MULTIPLE, r),
                     explain_yuan(POLICY_EXACT(m, P_STANDARD, r)));
    }
    paid(x, PROGRAM_TEKUN, "persons served: no work capacity (60+, under 16 or disability "
                           "1-2), no income, no supporter");
}

static void elderly_steps(struct explain_month *x)
{
    const char *name = PROGRAMS[PROGRAM_ELDERLY].name;
    const struct policy_month *m = x->rules;
    const int r = x->region;
    if (off(x, m, PROGRAM_ELDERLY, P_ELDERLY_ENABLED)) return;
    const uint32_t n = x->members;
    const struct household_month *d = &x->t->dibao[x->month];
    const struct dibao_steps *st = &x->t->steps[x->month];
    for (uint32_t i = 0; i < n; i++) {
        const int k = d->units.unit_of[i];
        if (k == UNIT_NONE) continue;
        const struct dibao_member_steps *ms = &st->member[i];
        const int64_t amount = elderly_allowance(m, r, ms->age, ms->disability_level);
        if (amount <= 0) continue;
        explain_step(x, name, ms->person_id, "allowance", VALUE_YUAN, explain_yuan(amount),
                     "age %d, disability level %d (80-99: %.2f; 60-99 with disability 1-2: "
                     "%.2f; stacking %s); its dibao unit %d is %s, %s",
                     ms->age, ms->disability_level, POLICY_RAW(m, P_ELDERLY_80, r),
                     POLICY_RAW(m, P_ELDERLY_DISABLED, r),
                     POLICY_EXACT(m, P_ELDERLY_STACKING, r) == STACK_SUM ? "sum" : "max", k + 1,
                     d->unit[k].eligible ? "entitled" : "not entitled",
                     d->unit[k].paid ? "paid: the allowance is paid" : "not paid: no allowance");
    }
    paid(x, PROGRAM_ELDERLY,
         "members of paid dibao units aged 80-99, or 60-99 with disability 1-2");
}

static void temporary_steps(struct explain_month *x)
{
    const char *name = PROGRAMS[PROGRAM_TEMPORARY].name;
    const struct policy_month *m = x->rules;
    const int r = x->region;
    if (off(x, m, PROGRAM_TEMPORARY, P_TEMPORARY_ENABLED)) return;
    const struct household_year *y = &x->t->months;
    /* the year's shock as January decided it: the rules' own draws (temporary_shock) */
    const struct policy_month *january = &x->sim->months[x->t->year * 12];
    const int poor = x->t->steps[0].registered_poor;
    struct temporary_shock shock;
    temporary_shock(january, r, poor, x->sim->options.seed,
                    (uint64_t)x->sim->pop->household_id[x->t->household], y->year, &shock);
    if (isnan(shock.whether))
        explain_step(x, name, 0, "shock draw", VALUE_NUMBER, NAN,
                     "temporary_assistance.shock_probability %g for a %sregistered-poor "
                     "household: no shock can happen, nothing drawn", shock.probability,
                     poor ? "" : "not ");
    else
        explain_step(x, name, 0, "shock draw", VALUE_NUMBER, shock.whether,
                     "the year's first draw (seed, household, %d), %.6f %s "
                     "temporary_assistance.shock_probability %g for a %sregistered-poor "
                     "household: %s", y->year, shock.whether,
                     shock.month >= 0 ? "<" : ">=", shock.probability, poor ? "" : "not ",
                     shock.month >= 0 ? "a shock this year" : "no shock this year (its cost "
                                                              "and month are not drawn)");
    if (shock.month >= 0) {
        explain_step(x, name, 0, "month draw", VALUE_NUMBER, shock.when,
                     "the third draw x 12 = %.4f: the shock falls in month %d, %d-%02d%s",
                     shock.when * 12, shock.month + 1, y->year, shock.month + 1,
                     shock.month == x->month ? ", this month" : "");
        explain_step(x, name, 0, "cost draw", VALUE_NUMBER, shock.cost_draw,
                     "the second draw: z = inverse normal(%.6f) = %.6f; cost = cost_median %.2f x "
                     "exp(cost_sigma %g x z) = %.2f", shock.cost_draw, shock.z,
                     POLICY_RAW(january, P_SHOCK_MEDIAN, r), POLICY_RAW(january, P_SHOCK_SIGMA, r),
                     explain_yuan(shock.cost));
    }
    const struct temporary_year *t = &y->temporary;
    if (t->shock_month == x->month) {
        char ratio[64] = "no income: every tier is met";
        if (t->shock_income > 0)
            snprintf(ratio, sizeof ratio, "cost / income = %.6f",
                     (double)t->shock_cost / (double)t->shock_income);
        int tier;
        const int64_t amount = temporary_payout(m, r, t->shock_cost, t->shock_income, &tier);
        explain_step(x, name, 0, "shock", VALUE_YUAN, explain_yuan(t->shock_cost),
                     "the shock's cost, this month");
        explain_step(x, name, 0, "annual income", VALUE_YUAN, explain_yuan(t->shock_income),
                     "12 x the living members' wage, business, property and transfer income; %s",
                     ratio);
        if (tier >= 0)
            explain_step(x, name, 0, "payout", VALUE_YUAN, explain_yuan(amount),
                         "the highest tier met, %d (cost at least %g x income), pays %.2f: "
                         "min(cost, pays) x payout_share %g, rounded",
                         tier + 1, (double)m->shock_multiple[tier] / MONEY_MICRO,
                         explain_yuan(m->shock_pays[tier]),
                         POLICY_RAW(m, P_SHOCK_PAYOUT_SHARE, r));
        else
            explain_step(x, name, 0, "payout", VALUE_YUAN, 0,
                         "the cost meets no tier: nothing");
    }
    paid(x, PROGRAM_TEMPORARY, "paid in the shock's month");
}

/* Member i's group for medical assistance (4.1) and its ratio: on receipt (paid) or on
 * entitlement, as the program's own medical_priority and medical_ratio decide. */
static int64_t medical_group(const struct explain_month *x, const struct policy_month *december,
                             uint32_t i, int paid, char *group, size_t size)
{
    const struct household_year *y = &x->t->months;
    const struct dibao_steps *st = &x->t->steps[11];
    const struct dibao_member_steps *ms = &st->member[i];
    const int priority = medical_priority(st->registered_poor, y, i, paid);
    const int64_t ratio = medical_ratio(december, x->region, ms->serious_illness, priority,
                                        y->dibao.low_income[i]);
    snprintf(group, size, "%s",
             priority ? (ms->serious_illness ? "priority (registered poor, or supported by dibao "
                                               "or tekun in the year), seriously ill: "
                                               "ratios.serious_illness"
                                             : "priority (registered poor, or supported by dibao "
                                               "or tekun in the year): ratios.priority")
             : y->dibao.low_income[i] ? "low income in December (1 <= pc/std < low_income_multiple): "
                                  "ratios.low_income"
                                : "neither priority nor low income in December: ratio");
    return ratio;
}

/* The reimbursement's arithmetic, from the program's own medical_reimbursement_parts. */
static void medical_arithmetic(const struct medical_parts *p, int64_t oop, int64_t ratio,
                               char *out, size_t size)
{
    if (p->spending <= 0 || ratio <= 0)
        snprintf(out, size, "out-of-pocket %.2f - deductible %.2f = %.2f, x ratio %g: nothing",
                 explain_yuan(oop), explain_yuan(p->deductible), explain_yuan(p->spending),
                 (double)ratio / MONEY_MICRO);
    else
        snprintf(out, size, "out-of-pocket %.2f - deductible %.2f = %.2f, x ratio %g = %.2f; cap "
                 "%.2f %s", explain_yuan(oop), explain_yuan(p->deductible),
                 explain_yuan(p->spending), (double)ratio / MONEY_MICRO,
                 explain_yuan(p->uncapped), explain_yuan(p->cap),
                 p->uncapped > p->cap ? "binds" : "does not bind");
}

static void medical_steps(struct explain_month *x)
{
    const char *name = PROGRAMS[PROGRAM_MEDICAL].name;
    const struct policy_month *december = &x->sim->months[x->t->year * 12 + 11];
    const int r = x->region;
    if (off(x, december, PROGRAM_MEDICAL, P_MEDICAL_ENABLED)) return;
    const uint32_t n = x->members;
    const struct household_year *y = &x->t->months;
    const struct dibao_steps *st = &x->t->steps[11];   /* the year is assessed after December */
    for (uint32_t i = 0; i < n; i++) {
        const struct dibao_member_steps *ms = &st->member[i];
        if (!y->member[0][i].alive || ms->medical_oop <= 0) continue;
        char group[192], how[256];
        struct medical_parts parts;
        /* entitlement: dibao entitlement in place of receipt */
        int64_t ratio = medical_group(x, december, i, 0, group, sizeof group);
        medical_reimbursement_parts(december, r, ms->medical_oop, ratio, &parts);
        medical_arithmetic(&parts, ms->medical_oop, ratio, how, sizeof how);
        explain_step(x, name, ms->person_id, "entitlement", VALUE_YUAN, explain_yuan(parts.amount),
                     "on dibao entitlement: %s %g; %s", group, (double)ratio / MONEY_MICRO, how);
        /* receipt: dibao received */
        ratio = medical_group(x, december, i, 1, group, sizeof group);
        medical_reimbursement_parts(december, r, ms->medical_oop, ratio, &parts);
        medical_arithmetic(&parts, ms->medical_oop, ratio, how, sizeof how);
        explain_step(x, name, ms->person_id, "reimbursement", VALUE_YUAN,
                     explain_yuan(parts.amount),
                     "received, on dibao received: %s %g; %s; the year's amount, paid once",
                     group, (double)ratio / MONEY_MICRO, how);
    }
    paid(x, PROGRAM_MEDICAL,
         "annual: the year's reimbursements, shown in every month, counted once");
}

void explain_programs(struct explain_month *x)
{
    tekun_steps(x);
    elderly_steps(x);
    temporary_steps(x);
    medical_steps(x);
}

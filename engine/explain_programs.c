/* explain_programs — the steps of the programs other than dibao for one household-month
 * (rules.md 4): tekun's persons and payment, the elderly allowances of members of dibao units,
 * the year's shock and its temporary assistance, and medical assistance's reimbursement of each
 * person (annual: the year's amount shown in every month). Each figure comes from the program's
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
    const int poor = x->t->steps[0].registered_poor;
    if (y->shock_month < 0) {
        explain_step(x, name, 0, "shock", VALUE_NONE, NAN,
                     "no shock this year (the year's draw against shock_probability %g for a "
                     "%sregistered-poor household)",
                     POLICY_RAW(m, poor ? P_SHOCK_POOR : P_SHOCK_OTHER, r), poor ? "" : "not ");
    } else if (y->shock_month != x->month) {
        explain_step(x, name, 0, "shock", VALUE_NONE, NAN, "the year's shock falls in %d-%02d",
                     y->year, y->shock_month + 1);
    } else {
        int tier;
        const int64_t amount = temporary_payout(m, r, y->shock_cost, y->shock_income, &tier);
        explain_step(x, name, 0, "shock", VALUE_YUAN, explain_yuan(y->shock_cost),
                     "a shock this month, its cost drawn (lognormal, median %.2f, sigma %g)",
                     POLICY_RAW(m, P_SHOCK_MEDIAN, r), POLICY_RAW(m, P_SHOCK_SIGMA, r));
        explain_step(x, name, 0, "annual income", VALUE_YUAN, explain_yuan(y->shock_income),
                     "12 x the living members' wage, business, property and transfer income");
        if (tier >= 0)
            explain_step(x, name, 0, "payout", VALUE_YUAN, explain_yuan(amount),
                         "tier %d (cost at least %g x income) pays %.2f: min(cost, pays) x "
                         "payout_share %g, rounded",
                         tier + 1, (double)m->shock_multiple[tier] / MONEY_MICRO,
                         explain_yuan(m->shock_pays[tier]),
                         POLICY_RAW(m, P_SHOCK_PAYOUT_SHARE, r));
        else
            explain_step(x, name, 0, "payout", VALUE_YUAN, 0,
                         "the cost meets no tier: nothing");
    }
    paid(x, PROGRAM_TEMPORARY, "paid in the shock's month");
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
        const int priority = medical_priority(st->registered_poor, y, i, 1);
        const int64_t ratio = medical_ratio(december, r, ms->serious_illness, priority,
                                            y->low_income[i]);
        const int64_t amount = medical_reimbursement(december, r, ms->medical_oop, ratio);
        explain_step(x, name, ms->person_id, "reimbursement", VALUE_YUAN, explain_yuan(amount),
                     "out-of-pocket %.2f a year - deductible %.2f, x ratio %g (%s), at most "
                     "%.2f; the year's amount, paid once",
                     explain_yuan(ms->medical_oop),
                     explain_yuan(POLICY_EXACT(december, P_MEDICAL_DEDUCTIBLE, r)),
                     (double)ratio / MONEY_MICRO,
                     priority ? (ms->serious_illness ? "priority, seriously ill" : "priority")
                     : y->low_income[i] ? "low income in December" : "no group",
                     explain_yuan(POLICY_EXACT(december, P_MEDICAL_CAP, r)));
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

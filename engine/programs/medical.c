/* medical — medical assistance (医疗救助, rules.md 4.1).
 *
 * Annual, run after December. Each person alive at the start of the year with out-of-pocket
 * inpatient spending (`medical_oop`, yuan a year) is paid min(cap, max(0, oop − deductible) ×
 * ratio), rounded to the fen, with the ratio of the first group that applies:
 *   priority — a member of a unit paid dibao in some month of the year, a person served by tekun
 *     in some month (rules.md is silent on them; they are the first priority in practice), or a
 *     member of a registered-poor household: ratios.serious_illness when seriously ill, else
 *     ratios.priority;
 *   low income — a member of a unit with 1 ≤ pc/std < low_income_multiple in December:
 *     ratios.low_income;
 *   anyone else: nothing.
 * Entitlement uses dibao entitlement in place of receipt. Each person paid is one unit; the
 * year's amount is reported spread evenly over its twelve months. */
#include "programs/programs.h"

#include "money.h"

int medical_priority(int registered_poor, const struct household_year *out, uint32_t i, int paid)
{
    const unsigned supported = 1u << PROGRAM_DIBAO | 1u << PROGRAM_TEKUN;
    int supported_in_year = 0;   /* by dibao or tekun in some month */
    for (int mo = 0; mo < 12; mo++)
        supported_in_year |= ((paid ? out->member[mo][i].paid : out->member[mo][i].entitled) &
                              supported) != 0;
    return registered_poor || supported_in_year;
}

int64_t medical_ratio(const struct policy_month *m, int r, int serious_illness, int priority,
                      int low_income)
{
    if (priority)
        return POLICY_EXACT(m, serious_illness ? P_MEDICAL_ILLNESS : P_MEDICAL_PRIORITY, r);
    return low_income ? POLICY_EXACT(m, P_MEDICAL_LOW_INCOME, r) : 0;
}

int64_t medical_reimbursement_parts(const struct policy_month *m, int r, int64_t oop,
                                    int64_t ratio_micro, struct medical_parts *out)
{
    struct medical_parts p = {.deductible = POLICY_EXACT(m, P_MEDICAL_DEDUCTIBLE, r),
                              .cap = POLICY_EXACT(m, P_MEDICAL_CAP, r)};
    p.spending = oop - p.deductible;
    if (p.spending > 0 && ratio_micro > 0) {
        p.uncapped = money_round((money_wide)p.spending * ratio_micro, MONEY_MICRO);
        p.amount = p.uncapped < p.cap ? p.uncapped : p.cap;
    }
    *out = p;
    return p.amount;
}

int64_t medical_reimbursement(const struct policy_month *m, int r, int64_t oop, int64_t ratio_micro)
{
    struct medical_parts parts;
    return medical_reimbursement_parts(m, r, oop, ratio_micro, &parts);
}

void medical_step(const struct program_context *c, const struct household_month *dibao,
                  struct household_year *out)
{
    (void)dibao;
    const struct population *pop = c->pop;
    const size_t h = c->household;
    if (!POLICY_EXACT(c->rules, P_MEDICAL_ENABLED, pop->region[h])) return;
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    int spends = 0;
    for (uint32_t i = 0; i < n && !spends; i++) spends = pop->medical_oop[first + i] > 0;
    if (!spends) return;   /* nobody to reimburse */
    struct program_month year = {0};
    uint8_t entitled[POPULATION_MAX_HOUSEHOLD] = {0}, paid[POPULATION_MAX_HOUSEHOLD] = {0};
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t p = first + i;
        if (!out->member[0][i].alive || pop->medical_oop[p] <= 0) continue;
        const struct policy_month *m = c->rules;
        const int r = pop->region[h], poor = pop->registered_poor[h], ill = pop->serious_illness[p];
        const int64_t due = medical_reimbursement(
            m, r, pop->medical_oop[p],
            medical_ratio(m, r, ill, medical_priority(poor, out, i, 0), out->dibao.low_income[i]));
        const int64_t got = medical_reimbursement(
            m, r, pop->medical_oop[p],
            medical_ratio(m, r, ill, medical_priority(poor, out, i, 1), out->dibao.low_income[i]));
        entitled[i] = due > 0;
        paid[i] = got > 0;
        year.entitled += due;
        year.paid += got;
    }
    for (int mo = 0; mo < 12; mo++) {   /* the year's amounts; units: those alive that month */
        struct program_month *pm = &out->program[mo][PROGRAM_MEDICAL];
        *pm = (struct program_month){.entitled = year.entitled, .paid = year.paid};
        for (uint32_t i = 0; i < n; i++) {
            if (!out->member[mo][i].alive) continue;
            pm->entitled_units += entitled[i];
            pm->paid_units += paid[i];
            out->member[mo][i].entitled |= (program_set)(entitled[i] << PROGRAM_MEDICAL);
            out->member[mo][i].paid |= (program_set)(paid[i] << PROGRAM_MEDICAL);
        }
    }
}

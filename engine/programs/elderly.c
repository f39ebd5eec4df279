/* elderly — old-age and disability allowances (高龄 / 失能补贴, rules.md 4.3).
 *
 * Each member of a paid dibao unit gets, a month, `age_80_99` when aged 80-99 and
 * `disabled_60_99` when aged 60-99 with disability level 1-2; with `stacking: sum` both, with
 * `max` the larger. Each person paid is one unit. Entitlement is the same rule applied to
 * members of units entitled to dibao. */
#include "programs/programs.h"

int64_t elderly_allowance(const struct policy_month *m, int r, int age, int disability_level)
{
    const int64_t old = age >= 80 && age <= 99 ? POLICY_EXACT(m, P_ELDERLY_80, r) : 0;
    const int64_t disabled = age >= 60 && age <= 99 && (disability_level == 1 ||
                                                        disability_level == 2)
                                 ? POLICY_EXACT(m, P_ELDERLY_DISABLED, r) : 0;
    if (POLICY_EXACT(m, P_ELDERLY_STACKING, r) == STACK_SUM) return old + disabled;
    return old > disabled ? old : disabled;
}

void elderly_step(const struct program_context *c, const struct household_month *dibao,
                  struct household_year *out)
{
    const struct population *pop = c->pop;
    if (!POLICY_EXACT(c->rules, P_ELDERLY_ENABLED, pop->region[c->household])) return;
    struct program_month *pm = &out->program[c->month][PROGRAM_ELDERLY];
    const uint32_t first = pop->first_person[c->household];
    const uint32_t n = pop->first_person[c->household + 1] - first;
    for (uint32_t i = 0; i < n; i++) {
        const int unit = dibao->units.unit_of[i];
        if (unit == UNIT_NONE) continue;
        const int64_t amount = elderly_allowance(c->rules, pop->region[c->household],
                                                 pop->age[first + i],
                                                 pop->disability_level[first + i]);
        if (amount <= 0) continue;
        struct member_month *mm = &out->member[c->month][i];
        if (dibao->unit[unit].eligible) {
            pm->entitled_units++;
            pm->entitled += amount;
            mm->entitled |= 1u << PROGRAM_ELDERLY;
        }
        if (dibao->unit[unit].paid) {
            pm->paid_units++;
            pm->paid += amount;
            mm->paid |= 1u << PROGRAM_ELDERLY;
        }
    }
}

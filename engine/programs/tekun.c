/* tekun — extreme-poverty support (特困 / 五保供养, rules.md 4.4).
 *
 * A living person with no work capacity (aged 60+, under 16, or disability level 1-2), no wage,
 * business, property or transfer income, and no supporter is served by tekun when
 * `tekun.enabled`: paid standard_multiple × the dibao standard a month, rounded like dibao. Each
 * such person is one tekun unit. They belong to no dibao unit (programs/dibao.c leaves them
 * out). Tekun serves both hukou types. */
#include "programs/programs.h"

#include "money.h"

int tekun_serves(const struct population *pop, uint32_t p)
{
    int no_capacity = pop->age[p] >= 60 || pop->age[p] < 16 || pop->disability_level[p] == 1 ||
                      pop->disability_level[p] == 2;
    int no_income = pop->wage[p] == 0 && pop->business_income[p] == 0 &&
                    pop->property_income[p] == 0 && pop->transfer_income[p] == 0;
    return population_alive(pop, p) && no_capacity && no_income && pop->no_supporter[p];
}

int64_t tekun_payment(const struct policy_month *m, int r)
{
    return dibao_round(m, r, (money_wide)POLICY_EXACT(m, P_TEKUN_MULTIPLE, r) *
                                 POLICY_EXACT(m, P_STANDARD, r));
}

void tekun_step(const struct program_context *c, const struct household_month *dibao,
                struct household_year *out)
{
    (void)dibao;
    struct program_month *pm = &out->program[c->month][PROGRAM_TEKUN];
    const struct policy_month *m = c->rules;
    const struct population *pop = c->pop;
    const size_t h = c->household;
    const int r = pop->region[h];
    if (!POLICY_EXACT(m, P_TEKUN_ENABLED, r)) return;
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    const int64_t payment = tekun_payment(m, r);
    for (uint32_t i = 0; i < n; i++) {
        if (!tekun_serves(pop, first + i)) continue;
        pm->entitled_units++;
        pm->paid_units++;
        pm->entitled += payment;
        pm->paid += payment;
        out->member[c->month][i].entitled |= 1u << PROGRAM_TEKUN;
        out->member[c->month][i].paid |= 1u << PROGRAM_TEKUN;
    }
}

/* temporary — temporary assistance after a shock (临时救助, rules.md 4.2).
 *
 * Each household each year suffers a shock with probability shock_probability[registered poor]
 * and a lognormal cost (cost_median, cost_sigma), in a month drawn uniformly over the year; the
 * three draws come at fixed positions of a stream keyed on (seed, household, year), so every
 * scenario sees the same shocks. In the shock's month the household's annual income is 12 × its
 * living members' wage, business, property and transfer income; the highest tier whose
 * multiple_at_least ≤ cost / income is met (a household with no income meets every tier) pays
 * min(cost, pays) × payout_share, rounded to the fen. The household is the unit. */
#include "programs/programs.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#include "money.h"
#include "rng.h"

void temporary_shock(const struct policy_month *m, int r, int registered_poor, uint64_t seed,
                     uint64_t household, int year, struct temporary_shock *out)
{
    *out = (struct temporary_shock){.probability = POLICY_RAW(m, registered_poor ? P_SHOCK_POOR
                                                                                 : P_SHOCK_OTHER,
                                                              r),
                                    .whether = NAN, .cost_draw = NAN, .when = NAN, .z = NAN,
                                    .month = -1};
    if (out->probability <= 0) return;   /* no shock can happen: no need to draw */
    double u[4];   /* whether, the cost's normal quantile, when */
    rng_uniform_block(seed, household, year, 0, RNG_SHOCK, 0, u);
    out->whether = u[0];
    if (u[0] >= out->probability) return;   /* no shock this year: its cost and month not needed */
    out->cost_draw = u[1];
    out->when = u[2];
    out->z = gsl_cdf_ugaussian_Pinv(u[1]);
    out->month = (int)(u[2] * 12);
    out->cost = money_fen(POLICY_RAW(m, P_SHOCK_MEDIAN, r) *
                          exp(POLICY_RAW(m, P_SHOCK_SIGMA, r) * out->z));
}

/* Draws the year's shock into out->temporary: its month (or -1) and cost. */
static void draw_shock(const struct program_context *c, struct household_year *out)
{
    const struct population *pop = c->pop;
    const size_t h = c->household;
    struct temporary_shock shock;
    temporary_shock(c->rules, pop->region[h], pop->registered_poor[h], c->seed,
                    (uint64_t)pop->household_id[h], c->year, &shock);
    out->temporary.shock_month = shock.month;
    out->temporary.shock_cost = shock.cost;
}

int64_t temporary_payout(const struct policy_month *m, int r, int64_t cost, int64_t income,
                         int *tier)
{
    int64_t pays = -1;
    *tier = -1;
    for (int t = 0; t < m->n_shock_tiers; t++)   /* the highest tier met */
        /* cost / income ≥ multiple, exactly: cost × 10^6 ≥ multiple (millionths) × income */
        if ((money_wide)cost * MONEY_MICRO >= (money_wide)m->shock_multiple[t] * income) {
            pays = m->shock_pays[t];
            *tier = t;
        }
    if (pays < 0) return 0;
    int64_t amount = pays < cost ? pays : cost;
    return money_round((money_wide)amount * POLICY_EXACT(m, P_SHOCK_PAYOUT_SHARE, r), MONEY_MICRO);
}

void temporary_step(const struct program_context *c, const struct household_month *dibao,
                    struct household_year *out)
{
    (void)dibao;
    if (c->month > 0 && out->temporary.shock_month != c->month) return;   /* no shock this month */
    const struct population *pop = c->pop;
    const size_t h = c->household;
    if (c->month == 0) out->temporary = (struct temporary_year){.shock_month = -1};
    if (!POLICY_EXACT(c->rules, P_TEMPORARY_ENABLED, pop->region[h])) return;
    if (c->month == 0) draw_shock(c, out);
    if (out->temporary.shock_month != c->month) return;
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    int64_t income = 0;
    int living = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t p = first + i;
        if (!population_alive(pop, p)) continue;
        living++;
        income += 12 * ((int64_t)pop->wage[p] + pop->business_income[p] + pop->property_income[p] +
                        pop->transfer_income[p]);
    }
    int tier;
    out->temporary.shock_income = income;
    const int64_t amount =
        living ? temporary_payout(c->rules, pop->region[h], out->temporary.shock_cost, income, &tier)
               : 0;
    if (amount <= 0) return;
    struct program_month *pm = &out->program[c->month][PROGRAM_TEMPORARY];
    pm->entitled_units = pm->paid_units = 1;
    pm->entitled = pm->paid = amount;
    for (uint32_t i = 0; i < n; i++)
        if (population_alive(pop, first + i)) {
            out->member[c->month][i].entitled |= 1u << PROGRAM_TEMPORARY;
            out->member[c->month][i].paid |= 1u << PROGRAM_TEMPORARY;
        }
}

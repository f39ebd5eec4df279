/* projection — see projection.h. */
#include "projection.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "rng.h"

enum { DEATH_MALE, DEATH_FEMALE, DISABILITY_ONSET, ILLNESS_ONSET };

/* Monthly probabilities by age from an annual schedule (all 0 when it is empty). */
static void monthly_by_age(const struct age_schedule *a, double *out)
{
    for (int age = 0, band = 0; age < 256; age++) {
        while (band + 1 < a->n && a->bands[band + 1].from_age <= age) band++;
        out[age] = a->n ? 1.0 - pow(1.0 - a->bands[band].rate, 1.0 / 12.0) : 0.0;
    }
}

/* Whether parameter k (overrides applied) is ever other than 0 in the projected years. */
static int ever_nonzero(const struct policy_params *params, int k, int n_regions, int first_year,
                        int n_years)
{
    for (int r = 0; r < n_regions; r++)
        for (int m = 0; m < 12 * n_years; m++)
            if (policy_value(params, k, r, first_year * 12 + m) != 0) return 1;
    return 0;
}

static int any_rate(const struct age_schedule *a)
{
    for (int i = 0; i < a->n; i++)
        if (a->bands[i].rate > 0) return 1;
    return 0;
}

/* A private copy of a column of n elements of `size` bytes, or NULL when out of memory. */
static void *own(struct projection *p, void *column, size_t n, size_t size)
{
    void *copy = malloc(n * size + 1);
    if (!copy) return NULL;
    if (column) memcpy(copy, column, n * size);
    else memset(copy, 1, n * size);   /* the alive column: everyone */
    p->owned[p->n_owned++] = copy;
    return copy;
}

int projection_init(struct projection *p, const struct scenario *s, const struct population *base,
                    const struct policy_params *params, struct error *err)
{
    memset(p, 0, sizeof *p);
    p->pop = *base;
    p->scenario = s;
    p->first_year = s->first_year;
    p->n_years = s->last_year - s->first_year + 1;
    const struct age_schedule *tables[4] = {&s->projection.mortality_male,
                                            &s->projection.mortality_female,
                                            &s->projection.disability_onset,
                                            &s->projection.illness_onset};
    for (int t = 0; t < 4; t++) monthly_by_age(tables[t], p->monthly[t]);
    const int dies = any_rate(tables[0]) || any_rate(tables[1]);
    const int disables = any_rate(tables[2]), sickens = any_rate(tables[3]);
    const int R = base->n_regions, Y = p->n_years, several_years = Y > 1;
    const int jobs = ever_nonzero(params, P_JOB_ENTRY, R, p->first_year, Y) ||
                     ever_nonzero(params, P_JOB_EXIT, R, p->first_year, Y);
    for (int r = 0; r < R; r++)
        for (int m = 0; m < 12 * Y; m++) {
            const int month = p->first_year * 12 + m;
            const double low = policy_value(params, P_JOB_MIN_AGE, r, month);
            const double high = policy_value(params, P_JOB_MAX_AGE, r, month);
            if (low > high) {
                const struct ymark *at = &s->projection.jobs.min_age.mark;
                return err_set(err, ERR_INPUT, "%s:%d:%d: projection.jobs.min_age %g is above "
                               "projection.jobs.max_age %g", at->file, at->line, at->column, low,
                               high);
            }
        }
    p->ages = several_years && s->projection.aging;
    p->grows_wages = several_years && ever_nonzero(params, P_WAGE_GROWTH, R, p->first_year, Y);
    p->grows_incomes = several_years && ever_nonzero(params, P_INCOME_GROWTH, R, p->first_year, Y);
    p->moves = several_years && (dies || disables || sickens || jobs);   /* not in the base year */

    const size_t n = base->n_persons;
    struct population *q = &p->pop;
    int ok = 1;
#define OWN(column) (ok = ok && (q->column = own(p, base->column, n, sizeof *q->column)) != NULL)
    if (p->ages) OWN(age);
    if (p->moves && dies) OWN(alive);
    if (p->moves && disables) OWN(disability_level);
    if (p->moves && sickens) OWN(serious_illness);
    if ((p->moves && jobs) || p->grows_wages) {
        OWN(wage);
        OWN(employed);
    }
    if (p->grows_incomes) {
        OWN(business_income);
        OWN(property_income);
        OWN(transfer_income);
        OWN(basic_pension);
    }
#undef OWN
    p->wage_index = malloc(((size_t)p->n_years * R + 1) * sizeof *p->wage_index);
    if (!ok || !p->wage_index) {
        projection_free(p);
        return err_set(err, ERR_RUN, "out of memory for the projected population");
    }
    for (int r = 0; r < R; r++) {
        p->wage_index[r] = 1.0;
        for (int y = 1; y < p->n_years; y++)
            p->wage_index[(size_t)y * R + r] =
                p->wage_index[(size_t)(y - 1) * R + r] *
                (1.0 + policy_value(params, P_WAGE_GROWTH, (int)r, (p->first_year + y) * 12));
    }
    return 0;
}

void projection_free(struct projection *p)
{
    for (int i = 0; i < p->n_owned; i++) free(p->owned[i]);
    free(p->wage_index);
    memset(p, 0, sizeof *p);
}

/* x × (1 + rate), rate in millionths, rounded to the fen and kept within int32. */
static int32_t grow(int32_t x, int64_t rate)
{
    int64_t y = money_round((money_wide)x * (MONEY_MICRO + rate), MONEY_MICRO);
    return y > INT32_MAX ? INT32_MAX : (int32_t)y;
}

/* January: aging and growth. Returns whether anything changed. */
static int new_year(const struct projection *p, uint32_t first, uint32_t end, int r,
                     const struct policy_month *m)
{
    const struct population *q = &p->pop;
    const int64_t wage = POLICY_EXACT(m, P_WAGE_GROWTH, r);
    const int64_t other = POLICY_EXACT(m, P_INCOME_GROWTH, r);
    int changed = 0;
    for (uint32_t i = first; i < end; i++) {
        if (!population_alive(q, i)) continue;
        changed |= p->ages || p->grows_wages || p->grows_incomes;
        if (p->ages && q->age[i] < 255) q->age[i]++;
        if (p->grows_wages) q->wage[i] = grow(q->wage[i], wage);
        if (p->grows_incomes) {
            q->business_income[i] = grow(q->business_income[i], other);
            q->property_income[i] = grow(q->property_income[i], other);
            q->transfer_income[i] = grow(q->transfer_income[i], other);
            q->basic_pension[i] = grow(q->basic_pension[i], other);
        }
    }
    return changed;
}

int projection_household_month(const struct projection *p, size_t h, int index,
                               const struct policy_month *m, uint64_t seed)
{
    if (index < 12) return 0;   /* the first year is the base year, as observed */
    const struct population *q = &p->pop;
    const struct scenario *s = p->scenario;
    const int year = p->first_year + index / 12, month = index % 12, r = q->region[h];
    const uint32_t first = q->first_person[h], end = q->first_person[h + 1];
    int changed = month == 0 && new_year(p, first, end, r, m);
    if (!p->moves) return changed;
    const double entry = POLICY_RAW(m, P_JOB_ENTRY, r), exit_rate = POLICY_RAW(m, P_JOB_EXIT, r);
    const int min_age = (int)POLICY_RAW(m, P_JOB_MIN_AGE, r), max_age = (int)POLICY_RAW(m, P_JOB_MAX_AGE, r);
    const size_t R = (size_t)(q->n_regions ? q->n_regions : 1);
    const double median = POLICY_RAW(m, P_JOB_WAGE_MEDIAN, r) *
                          p->wage_index[(size_t)(index / 12) * R + (size_t)r];
    for (uint32_t i = first; i < end; i++) {
        if (!population_alive(q, i)) continue;
        struct rng_stream draws;
        rng_stream_init(&draws, seed, (uint64_t)q->person_id[i], year, month + 1, RNG_TRANSITION, 0);
        double u[6];   /* at fixed positions; the job draws only when needed */
        for (int k = 0; k < 4; k++) u[k] = rng_uniform(&draws);
        const int age = q->age[i];
        if (q->alive && u[0] < p->monthly[q->sex[i] == SEX_FEMALE ? DEATH_FEMALE : DEATH_MALE][age]) {
            q->alive[i] = 0;
            changed = 1;
            continue;
        }
        if (q->disability_level[i] == 0 && u[1] < p->monthly[DISABILITY_ONSET][age]) {
            int level = 0;
            double cumulative = 0;
            while (level < 3 && u[2] >= (cumulative += s->projection.onset_levels[level])) level++;
            q->disability_level[i] = (uint8_t)(level + 1);
            changed = 1;
        }
        if (!q->serious_illness[i] && u[3] < p->monthly[ILLNESS_ONSET][age]) {
            q->serious_illness[i] = 1;
            changed = 1;
        }
        const int able = q->disability_level[i] == 0 && !q->serious_illness[i] && !q->student[i] &&
                         age >= min_age && age <= max_age;
        if (!able || (entry <= 0 && exit_rate <= 0)) continue;
        u[4] = rng_uniform(&draws);
        u[5] = rng_uniform(&draws);
        if (q->employed[i] && u[4] < exit_rate) {
            q->employed[i] = 0;
            q->wage[i] = 0;
            changed = 1;
        } else if (!q->employed[i] && u[4] < entry) {
            double wage = median * exp(POLICY_RAW(m, P_JOB_WAGE_SIGMA, r) *
                                       gsl_cdf_ugaussian_Pinv(u[5]));
            q->employed[i] = 1;
            q->wage[i] = wage * 100 >= INT32_MAX ? INT32_MAX : (int32_t)money_fen(wage);
            changed = 1;
        }
    }
    return changed;
}

/* projection — see projection.h. */
#include "projection.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alignment.h"
#include "memory.h"
#include "money.h"
#include "rng.h"

enum { DEATH_MALE, DEATH_FEMALE, DISABILITY_ONSET, ILLNESS_ONSET };
enum { ALIGN_ENTRY, ALIGN_EXIT, ALIGN_DEATH, N_ALIGNED };   /* the monthly transitions aligned */
static const int ALIGNED_TRANSITION[N_ALIGNED] = {T_JOB_ENTRY, T_JOB_EXIT, T_DEATH};

/* Monthly probabilities by age from an annual schedule (all 0 when it is empty). */
static void monthly_by_age(const struct age_schedule *a, double *out)
{
    for (int age = 0, band = 0; age < 256; age++) {
        while (band + 1 < a->n && a->bands[band + 1].from_age <= age) band++;
        out[age] = a->n ? 1.0 - pow(1.0 - a->bands[band].rate, 1.0 / 12.0) : 0.0;
    }
}

/* Whether parameter k (overrides applied) is ever other than 0 (`set`: ever other than null)
 * in the projected years. */
static int ever(const struct policy_params *params, int k, int n_regions, int first_year,
                int n_years, int set)
{
    for (int r = 0; r < n_regions; r++)
        for (int m = 0; m < 12 * n_years; m++) {
            const double v = policy_value(params, k, r, first_year * 12 + m);
            if (set ? !isnan(v) : v != 0) return 1;
        }
    return 0;
}
#define ever_nonzero(params, k, R, first_year, Y) ever(params, k, R, first_year, Y, 0)

/* The item of projection.alignment for transition t, or NULL. */
static const struct alignment_item *alignment_of(const struct scenario *s, int t)
{
    for (int i = 0; i < s->projection.n_alignments; i++)
        if (s->projection.alignments[i].transition == t) return &s->projection.alignments[i];
    return NULL;
}

/* The total of item a for `year` and region r (by: all: any region), or NULL. */
static const struct alignment_total *total_of(const struct alignment_item *a, int year,
                                              const char *region)
{
    for (int i = 0; a && i < a->n; i++)
        if (a->totals[i].year == year &&
            (!a->by_region || !strcmp(a->totals[i].region, region)))
            return &a->totals[i];
    return NULL;
}

/* Alignments the run cannot do: review_exit without reviews, registry_exit without registry exits, a
 * year outside the scenario's declared years (the base year has no monthly transitions), a
 * region not in the population. */
static int check_alignments(const struct scenario *s, const struct population *base,
                            int registry_exits, struct error *err)
{
    static const char *const NAMES[] = {"job_entry", "job_exit", "registry_exit", "review_exit",
                                        "death"};
    for (int i = 0; i < s->projection.n_alignments; i++) {
        const struct alignment_item *a = &s->projection.alignments[i];
        if (a->transition == T_REVIEW_EXIT && !s->dibao.review.enabled)
            return err_set(err, ERR_INPUT, "%s:%d:%d: projection.alignment[%d]: review_exit "
                           "alignment needs dibao.review.enabled", a->mark.file, a->mark.line,
                           a->mark.column, i);
        if (a->transition == T_REGISTRY_EXIT && !registry_exits)
            return err_set(err, ERR_INPUT, "%s:%d:%d: projection.alignment[%d]: registry_exit "
                           "alignment needs projection.registry.exit_income_multiple",
                           a->mark.file, a->mark.line, a->mark.column, i);
        /* registry exits and reviews happen in the base year too */
        const int annual = a->transition == T_REGISTRY_EXIT || a->transition == T_REVIEW_EXIT;
        /* a total for a year the file declares but the run (--years) leaves out is not used */
        const int from = s->declared_first_year + !annual, to = s->declared_last_year;
        for (int j = 0; j < a->n; j++) {
            const struct alignment_total *t = &a->totals[j];
            if (t->year < from || t->year > to)
                return err_set(err, ERR_INPUT, "%s:%d:%d: projection.alignment[%d].totals: year "
                               "%d is not a year of the scenario with %s (%d-%d%s)",
                               t->region_mark.file, t->region_mark.line, t->region_mark.column,
                               i, t->year, NAMES[a->transition], from, to,
                               annual ? "" : "; the base year has no transitions");
            int r = 0;
            while (t->region && r < base->n_regions && strcmp(base->regions[r], t->region)) r++;
            if (t->region && r == base->n_regions)
                return err_set(err, ERR_INPUT, "%s:%d:%d: projection.alignment[%d].totals: region "
                               "'%s' is not a region of the population", t->region_mark.file,
                               t->region_mark.line, t->region_mark.column, i, t->region);
        }
    }
    return 0;
}

static int any_rate(const struct age_schedule *a)
{
    for (int i = 0; i < a->n; i++)
        if (a->bands[i].rate > 0) return 1;
    return 0;
}

/* A private copy of a column of n elements of `size` bytes. */
static void *own(struct projection *p, void *column, size_t n, size_t size)
{
    void *copy = xmalloc(n * size + 1);
    if (column) memcpy(copy, column, n * size);
    else memset(copy, 1, n * size);   /* the alive column: everyone */
    p->owned[p->n_owned] = copy;
    p->owned_bytes[p->n_owned++] = n * size;
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
    for (int t = 0; t < 4; t++) {
        monthly_by_age(tables[t], p->monthly[t]);
        for (int age = 0; age < 256; age++)
            if (p->monthly[t][age] > p->largest[t]) p->largest[t] = p->monthly[t][age];
    }
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
    p->grows_registry = several_years && ever_nonzero(params, P_REGISTRY_GROWTH, R, p->first_year, Y);
    p->registry_exits = ever(params, P_REGISTRY_EXIT_MULTIPLE, R, p->first_year, Y, 1);
    if (check_alignments(s, base, p->registry_exits, err)) return -1;

    const size_t n = base->n_persons;
    struct population *q = &p->pop;
#define OWN(column) (q->column = own(p, base->column, n, sizeof *q->column))
    if (p->ages) OWN(age);
    if (p->moves && dies) OWN(alive);
    if (p->moves && disables) OWN(disability_level);
    if (p->moves && sickens) OWN(serious_illness);
    if ((p->moves && jobs) || p->grows_wages || p->grows_registry) {
        OWN(wage);
        OWN(employed);
    }
    if (p->grows_incomes || p->grows_registry) {
        OWN(business_income);
        OWN(property_income);
        OWN(transfer_income);
    }
    if (p->grows_incomes) OWN(basic_pension);
#undef OWN
    const size_t H = base->n_households;
    if (p->registry_exits) {
        q->registered_poor = own(p, base->registered_poor, H, 1);
        p->exit_p = xmalloc((H + 1) * sizeof *p->exit_p);
        for (size_t h = 0; h < H; h++) p->exit_p[h] = -1;
    }
    p->rates = xcalloc((size_t)p->n_years * 12 * R + 1, sizeof *p->rates);
    const size_t cells = (size_t)N_ALIGNED * p->n_years * R;
    p->delta = xmalloc((cells + 1) * sizeof *p->delta);
    p->unreached = xcalloc(512, 1);
    for (size_t i = 0; i < cells; i++) p->delta[i] = NAN;
    p->wage_index = xmalloc(((size_t)p->n_years * R + 1) * sizeof *p->wage_index);
    for (int r = 0; r < R; r++) {
        p->wage_index[r] = 1.0;
        for (int y = 1; y < p->n_years; y++)
            p->wage_index[(size_t)y * R + r] =
                p->wage_index[(size_t)(y - 1) * R + r] *
                (1.0 + policy_value(params, P_WAGE_GROWTH, (int)r, (p->first_year + y) * 12));
    }
    return 0;
}

int projection_snapshot(struct projection *p, struct snapshot *s)
{
    int rc = 0;
    for (int i = 0; i < p->n_owned; i++) rc |= snapshot_add(s, p->owned[i], p->owned_bytes[i]);
    return rc | snapshot_add(s, p->exit_p, p->pop.n_households * sizeof *p->exit_p);
}

void projection_free(struct projection *p)
{
    for (int i = 0; i < p->n_owned; i++) free(p->owned[i]);
    free(p->wage_index);
    free(p->rates);
    free(p->exit_p);
    free(p->delta);
    free(p->unreached);
    memset(p, 0, sizeof *p);
}

/* x × (1 + rate), rate in millionths, rounded to the fen and kept within int32. */
static int32_t grow(int32_t x, int64_t rate)
{
    int64_t y = money_round((money_wide)x * (MONEY_MICRO + rate), MONEY_MICRO);
    return y > INT32_MAX ? INT32_MAX : (int32_t)y;
}

/* January: aging and growth of household h. Returns whether anything changed. */
static int new_year(struct projection *p, size_t h, uint32_t first, uint32_t end, int r,
                    const struct policy_month *m)
{
    struct population *q = &p->pop;
    const int64_t wage = POLICY_EXACT(m, P_WAGE_GROWTH, r);
    const int64_t other = POLICY_EXACT(m, P_INCOME_GROWTH, r);
    const int64_t extra = POLICY_EXACT(m, P_REGISTRY_GROWTH, r);
    const int registry = p->grows_registry && q->registered_poor[h] && extra != 0;
    int changed = 0;
    for (uint32_t i = first; i < end; i++) {
        if (!population_alive(q, i)) continue;
        changed |= p->ages || p->grows_wages || p->grows_incomes || registry;
        if (p->ages && q->age[i] < 255) q->age[i]++;
        if (p->grows_wages) q->wage[i] = grow(q->wage[i], wage);
        if (p->grows_incomes) {
            q->business_income[i] = grow(q->business_income[i], other);
            q->property_income[i] = grow(q->property_income[i], other);
            q->transfer_income[i] = grow(q->transfer_income[i], other);
            q->basic_pension[i] = grow(q->basic_pension[i], other);
        }
        if (registry) {   /* poverty-alleviation projects: on top, rounded again */
            q->wage[i] = grow(q->wage[i], extra);
            q->business_income[i] = grow(q->business_income[i], extra);
            q->property_income[i] = grow(q->property_income[i], extra);
            q->transfer_income[i] = grow(q->transfer_income[i], extra);
        }
    }
    return changed;
}

/* The logit shift of aligned transition t in year y for region r: NaN when not aligned. */
static double shift_of(const struct projection *p, int t, int y, int r)
{
    return p->delta[((size_t)t * p->n_years + y) * p->pop.n_regions + r];
}

/* The larger of two probabilities (never NaN): fmax without its call. */
static inline double larger(double a, double b) { return a > b ? a : b; }

/* A monthly probability under shift d (NaN: as it is). */
static double shifted(double prob, double d) { return isnan(d) ? prob : alignment_shift(prob, d); }

/* Person i's health block of a month: death, disability onset (and its level), illness onset,
 * drawn when a hazard is above 0 and the memo does not show the block deciding nothing; sets
 * *changed when something happens. Returns whether the person died. */
static int health_month(struct projection *p, uint32_t i, int year, int month, double death_shift,
                        _Atomic uint8_t *note, uint64_t seed, int *changed)
{
    struct population *q = &p->pop;
    const int age = q->age[i];
    const double death =
        q->alive ? shifted(p->monthly[q->sex[i] == SEX_FEMALE ? DEATH_FEMALE : DEATH_MALE][age],
                           death_shift)
                 : 0;
    const double disability = q->disability_level[i] ? 0 : p->monthly[DISABILITY_ONSET][age];
    const double illness = q->serious_illness[i] ? 0 : p->monthly[ILLNESS_ONSET][age];
    const double hazard = larger(death, larger(disability, illness));
    if (hazard <= 0 || draw_memo_skips(note, DRAW_HEALTH, hazard)) return 0;
    double u[4];
    rng_uniform_block(seed, (uint64_t)q->person_id[i], year, month + 1, RNG_TRANSITION, 0, u);
    if (note)
        draw_memo_remember(note, DRAW_HEALTH, u[0] >= DRAW_MEMO_THRESHOLD &&
                                                  u[1] >= DRAW_MEMO_THRESHOLD &&
                                                  u[3] >= DRAW_MEMO_THRESHOLD);
    if (u[0] < death) {
        q->alive[i] = 0;
        *changed = 1;
        return 1;
    }
    if (u[1] < disability) {
        int level = 0;
        double cumulative = 0;
        while (level < 3 && u[2] >= (cumulative += p->scenario->projection.onset_levels[level]))
            level++;
        q->disability_level[i] = (uint8_t)(level + 1);
        *changed = 1;
    }
    if (u[3] < illness) {
        q->serious_illness[i] = 1;
        *changed = 1;
    }
    return 0;
}

void projection_plan_month(struct projection *p, int index, const struct policy_month *m)
{
    const int y = index / 12, R = p->pop.n_regions;
    for (int r = 0; r < R; r++) {
        struct transition_rates *t = &p->rates[(size_t)index * R + r];
        t->entry = shifted(POLICY_RAW(m, P_JOB_ENTRY, r), shift_of(p, ALIGN_ENTRY, y, r));
        t->exit = shifted(POLICY_RAW(m, P_JOB_EXIT, r), shift_of(p, ALIGN_EXIT, y, r));
        t->death_shift = shift_of(p, ALIGN_DEATH, y, r);
        t->min_age = (int)POLICY_RAW(m, P_JOB_MIN_AGE, r);
        t->max_age = (int)POLICY_RAW(m, P_JOB_MAX_AGE, r);
        t->wage_median = POLICY_RAW(m, P_JOB_WAGE_MEDIAN, r) * p->wage_index[(size_t)y * R + r];
        t->wage_sigma = POLICY_RAW(m, P_JOB_WAGE_SIGMA, r);
        /* The shift is monotone, so the largest shifted death rate is the shift of the largest;
         * the margin covers its rounding. */
        const double largest = larger(
            larger(shifted(larger(p->largest[DEATH_MALE], p->largest[DEATH_FEMALE]), t->death_shift),
                   larger(p->largest[DISABILITY_ONSET], p->largest[ILLNESS_ONSET])),
            larger(t->entry, t->exit));
        t->below_memo = largest <= DRAW_MEMO_THRESHOLD * (1 - 1e-9);
    }
}

/* Person i's job block of a month, for an able-bodied adult whose job hazard is above 0 and
 * whose memo note does not show the block deciding nothing: job exit (wage 0) or entry (a new
 * wage); sets *changed when either happens. */
static void job_month(struct projection *p, const struct transition_rates *t, uint32_t i,
                      int year, int month, _Atomic uint8_t *note, uint64_t seed, int *changed)
{
    struct population *q = &p->pop;
    const int age = q->age[i];
    const int able = q->disability_level[i] == 0 && !q->serious_illness[i] && !q->student[i] &&
                     age >= t->min_age && age <= t->max_age;
    const double job = q->employed[i] ? t->exit : t->entry;
    if (!able || job <= 0 || draw_memo_skips(note, DRAW_JOB, job)) return;
    double u[4];
    rng_uniform_block(seed, (uint64_t)q->person_id[i], year, month + 1, RNG_TRANSITION, 1, u);
    if (note) draw_memo_remember(note, DRAW_JOB, u[0] >= DRAW_MEMO_THRESHOLD);
    if (q->employed[i] && u[0] < t->exit) {
        q->employed[i] = 0;
        q->wage[i] = 0;
        *changed = 1;
    } else if (!q->employed[i] && u[0] < t->entry) {
        double wage = t->wage_median * exp(t->wage_sigma * gsl_cdf_ugaussian_Pinv(u[1]));
        q->employed[i] = 1;
        q->wage[i] = wage * 100 >= INT32_MAX ? INT32_MAX : (int32_t)money_fen(wage);
        *changed = 1;
    }
}

int projection_household_month(struct projection *p, size_t h, int index,
                               const struct policy_month *m, uint64_t seed)
{
    if (index < 12) return 0;   /* the first year is the base year, as observed */
    struct population *q = &p->pop;
    const int y = (int)((unsigned)index / 12), month = index - 12 * y, r = q->region[h];
    const int year = p->first_year + y;
    const uint32_t first = q->first_person[h], end = q->first_person[h + 1];
    int changed = month == 0 && new_year(p, h, first, end, r, m);
    if (!p->moves) return changed;
    const struct transition_rates *t = &p->rates[(size_t)index * q->n_regions + r];
    _Atomic uint8_t *const notes = draw_memo_month(p->memo, year, month);
    /* With every hazard of the household-month at most the memo's threshold, a block is skipped
     * exactly when its note shows it quiet (draw_memo_skips), and nothing else need be known. */
    const int low = notes && t->below_memo;
    const unsigned both = 1u << DRAW_HEALTH | 1u << DRAW_JOB;
    for (uint32_t i = first; i < end; i++) {
        if (!population_alive(q, i)) continue;
        _Atomic uint8_t *note = notes ? notes + (size_t)i * 12 : NULL;
        const unsigned quiet = low ? draw_memo_quiet(note) : 0;
        if (quiet == both) continue;
        /* Draws at fixed positions of the person-month's stream: block 0 holds death,
         * disability onset, its level and illness onset, block 1 job exit or entry and the new
         * wage. A block is drawn only when a hazard it serves is above 0 (u < p never holds for
         * p <= 0) and the chunk's memo does not already show it deciding nothing (drawmemo.h):
         * the draws skipped could not have changed anything. */
        if (!(quiet >> DRAW_HEALTH & 1) &&
            health_month(p, i, year, month, t->death_shift, note, seed, &changed))
            continue;   /* died */
        if (!(quiet >> DRAW_JOB & 1)) job_month(p, t, i, year, month, note, seed, &changed);
    }
    return changed;
}

void projection_registry_candidate(struct projection *p, size_t h, int64_t income,
                                   int persons, int paid, const struct policy_month *december)
{
    const struct population *q = &p->pop;
    const int r = q->region[h];
    const int64_t multiple = POLICY_EXACT(december, P_REGISTRY_EXIT_MULTIPLE, r);   /* -1: null */
    const int64_t line = POLICY_EXACT(december, P_POVERTY_LINE, r);
    /* income / persons > multiple × line, exactly: income × 10⁶ > multiple × line × persons */
    const int candidate = q->registered_poor[h] && persons > 0 && !paid && multiple >= 0 &&
                          (money_wide)income * MONEY_MICRO > (money_wide)multiple * line * persons;
    p->exit_p[h] = candidate ? POLICY_RAW(december, P_REGISTRY_EXIT_PROBABILITY, r) : -1;
}

/* An alignment's total out of reach: the candidates cannot give it, so the nearest reachable
 * total is taken (all candidates, or none) and the first such total is kept in p->unreached
 * for the caller to warn about: the item, year, group and the reachable range. */
static void unreachable(char *unreached, const struct alignment_total *t,
                        const char *transition, double low, double high)
{
    if (!unreached || unreached[0]) return;
    snprintf(unreached, 512, "%s:%d:%d: projection.alignment: the %d total %g of %s%s%s is "
             "out of reach: its candidates give %g to %g; the nearest was taken", t->mark.file,
             t->mark.line, t->mark.column, t->year, t->value, transition, t->region ? " in " : "",
             t->region ? t->region : "", low, high);
}

/* One group's m candidates (weights w, probabilities prob, draws u) aligned to total t by item
 * a's method: take[] and the sort's *cutoff under sort (*delta 0), *delta under logit_shift
 * (*cutoff NaN). */
static void align_group(char *unreached, const struct alignment_item *a,
                       const struct alignment_total *t, const char *transition, const double *w,
                       const double *prob, const double *u, size_t m, uint8_t *take, double *delta,
                       double *cutoff)
{
    double low, high;
    *delta = 0;
    *cutoff = NAN;
    alignment_reach(w, prob, m, &low, &high);
    if (a->method == ALIGN_SORT) {
        alignment_sort(w, prob, u, m, t->value, take, cutoff);
        if (t->value > high) unreachable(unreached, t, transition, 0, high);
    } else if (alignment_logit_delta(w, prob, m, 1, t->value, delta)) {
        unreachable(unreached, t, transition, low, high);
    }
}

/* The registry's n candidates of `year` (region, weight, probability, draw of each) decided by
 * item a's totals (a NULL: none) into leave[]: by the draw where no total applies; scratch holds
 * 3n doubles and n bytes. */
static void decide_leavers(char *unreached, const struct alignment_item *a, int year,
                          char *const *regions, int R, size_t n, const uint16_t *region,
                          const double *w, const double *prob, const double *u, uint8_t *leave,
                          double *scratch, uint8_t *take)
{
    double *gw = scratch, *gp = scratch + n, *gu = scratch + 2 * n;
    for (size_t c = 0; c < n; c++) leave[c] = u[c] < prob[c];
    for (int g = 0; a && g < (a->by_region ? R : 1); g++) {
        const struct alignment_total *t = total_of(a, year, regions[g]);
        if (!t) continue;
        size_t m = 0;
        for (size_t c = 0; c < n; c++)
            if (!a->by_region || region[c] == g) {
                gw[m] = w[c];
                gp[m] = prob[c];
                gu[m++] = u[c];
            }
        double delta;
        double cutoff;
        align_group(unreached, a, t, "registry_exit", gw, gp, gu, m, take, &delta, &cutoff);
        m = 0;
        for (size_t c = 0; c < n; c++)
            if (!a->by_region || region[c] == g) {
                leave[c] = a->method == ALIGN_SORT ? take[m] : u[c] < alignment_shift(prob[c], delta);
                m++;
            }
    }
}

void registry_plan_gather(struct registry_plan *plan, size_t offset, size_t n, const size_t *who,
                          const uint16_t *region, const double *w, const double *prob,
                          const double *u, const int *persons)
{
    struct registry_candidates *g = &plan->gathered;
    if (g->n + n > g->cap) {
        size_t cap = 2 * (g->n + n) + 1024;
        g->who = xrealloc(g->who, cap, sizeof *g->who);
        g->region = xrealloc(g->region, cap, sizeof *g->region);
        g->persons = xrealloc(g->persons, cap, sizeof *g->persons);
        double *nw = xrealloc(g->w, 3 * cap, sizeof *nw);
        memmove(nw + 2 * cap, nw + 2 * g->cap, g->n * sizeof *nw);   /* u, then prob */
        memmove(nw + cap, nw + g->cap, g->n * sizeof *nw);
        g->w = nw;
        g->cap = cap;
    }
    for (size_t c = 0; c < n; c++) {
        g->who[g->n + c] = offset + who[c];
        g->region[g->n + c] = region[c];
        g->persons[g->n + c] = persons[c];
        g->w[g->n + c] = w[c];
        g->w[g->cap + g->n + c] = prob[c];
        g->w[2 * g->cap + g->n + c] = u[c];
    }
    g->n += n;
}

/* Notes a leaver for rank 0 to add up (registry_plan.leavers). */
static void record_leaver(struct registry_plan *plan, int y, int region, double w, int persons)
{
    struct registry_leavers *l = plan->leavers;
    if (l->n == l->cap) {
        l->cap = 2 * l->cap + 256;
        l->values = xrealloc(l->values, 4 * l->cap, sizeof *l->values);
    }
    double *v = l->values + 4 * l->n++;
    v[0] = y;
    v[1] = region;
    v[2] = w;
    v[3] = persons;
}

void registry_leavers_add(const double *values, size_t n, int n_regions, double *exits)
{
    for (size_t i = 0; i < n; i++) {
        const double *v = values + 4 * i;
        double *e = exits + ((size_t)v[0] * n_regions + (size_t)v[1]) * 2;
        e[0] += v[2];
        e[1] += v[2] * (int)v[3];
    }
}

/* December of year y: the registry's leavers. With a plan (a streamed run, projection.h), an
 * aligned year's candidates are gathered, or its leavers read from the plan's decision. */
static void registry_exits(struct projection *p, int y, uint64_t seed, double *exits)
{
    struct population *q = &p->pop;
    const size_t H = q->n_households;
    const int year = p->first_year + y, R = q->n_regions;
    const struct alignment_item *a = alignment_of(p->scenario, T_REGISTRY_EXIT);
    struct registry_plan *plan = p->plan;
    size_t n = 0;
    for (size_t h = 0; h < H; h++) n += p->exit_p[h] >= 0;
    size_t *who = xmalloc((n + 1) * sizeof *who);
    double *w = xmalloc((2 * n + 1) * 3 * sizeof *w);   /* w, p, u, then a group's copies */
    uint8_t *leave = xmalloc(2 * n + 1);
    uint16_t *region = xmalloc((n + 1) * sizeof *region);
    int *persons = xmalloc((n + 1) * sizeof *persons);
    double *prob = w + n, *u = w + 2 * n;
    n = 0;
    for (size_t h = 0; h < H; h++) {
        if (p->exit_p[h] < 0) continue;
        struct rng_stream draws;
        rng_stream_init(&draws, seed, (uint64_t)q->household_id[h], year, 0, RNG_REGISTRY, 0);
        who[n] = h;
        region[n] = q->region[h];
        w[n] = q->weight[h];
        prob[n] = p->exit_p[h];
        u[n] = rng_uniform(&draws);
        persons[n] = 0;
        for (uint32_t i = q->first_person[h]; i < q->first_person[h + 1]; i++)
            persons[n] += population_alive(q, i);
        n++;
    }
    const int gathering = plan && plan->gather_year == y;
    if (gathering) {
        registry_plan_gather(plan, plan->offset, n, who, region, w, prob, u, persons);
        n = 0;   /* decided once every chunk is in */
    } else if (plan && plan->leave[y]) {
        for (size_t c = 0; c < n; c++) {
            const size_t g = plan->offset + who[c];   /* in the population */
            leave[c] = plan->leave[y][g / 8] >> (g % 8) & 1;
        }
    } else {
        decide_leavers(p->unreached, a, year, q->regions, R, n, region, w, prob, u, leave,
                       w + 3 * n, leave + n);
    }
    for (size_t c = 0; c < n; c++) {
        if (!leave[c]) continue;
        q->registered_poor[who[c]] = 0;
        if (plan && plan->leavers) {
            record_leaver(plan, y, region[c], w[c], persons[c]);
        } else if (exits) {
            exits[2 * region[c]] += w[c];
            exits[2 * region[c] + 1] += w[c] * persons[c];
        }
    }
    for (size_t h = 0; h < H; h++) p->exit_p[h] = -1;
    free(who);
    free(w);
    free(leave);
    free(region);
    free(persons);
}

void projection_registry_decide(const struct scenario *s, char *const *regions, int n_regions,
                                int y, struct registry_plan *plan, size_t n_households,
                                double *exits, char *unreached)
{
    struct registry_candidates *g = &plan->gathered;
    const size_t n = g->n;
    const double *w = g->w, *prob = g->w + g->cap, *u = g->w + 2 * g->cap;
    double *scratch = xmalloc((3 * n + 1) * sizeof *scratch);
    uint8_t *leave = xmalloc(2 * n + 1);
    plan->leave[y] = xcalloc(n_households / 8 + 1, 1);
    decide_leavers(unreached, alignment_of(s, T_REGISTRY_EXIT), s->first_year + y, regions,
                   n_regions, n, g->region, w, prob, u, leave, scratch, leave + n);
    for (size_t c = 0; c < n; c++) {
        if (!leave[c]) continue;
        plan->leave[y][g->who[c] / 8] |= (uint8_t)(1u << g->who[c] % 8);
        if (exits) {
            exits[2 * g->region[c]] += w[c];
            exits[2 * g->region[c] + 1] += w[c] * g->persons[c];
        }
    }
    free(scratch);
    free(leave);
    g->n = 0;
}

void registry_plan_free(struct registry_plan *plan, int n_years)
{
    for (int y = 0; y < n_years && plan->leave; y++) free(plan->leave[y]);
    free(plan->leave);
    free(plan->gathered.who);
    free(plan->gathered.region);
    free(plan->gathered.persons);
    free(plan->gathered.w);
    memset(plan, 0, sizeof *plan);
}

/* Year y's monthly transitions aligned over the candidates at its start (the rules of its
 * January): δ per group into p->delta. Candidates are binned by what sets their probability
 * (sex and age for death, region for jobs). */
static void align_monthly(struct projection *p, int y, const struct policy_month *january)
{
    static const char *const NAMES[N_ALIGNED] = {"job_entry", "job_exit", "death"};
    const struct population *q = &p->pop;
    const int year = p->first_year + y, R = q->n_regions;
    for (int t = 0; t < N_ALIGNED; t++) {
        const struct alignment_item *a = alignment_of(p->scenario, ALIGNED_TRANSITION[t]);
        int any = 0;
        for (int j = 0; a && j < a->n; j++) any |= a->totals[j].year == year;
        if (!any) continue;
        const int G = a->by_region ? R : 1, B = t == ALIGN_DEATH ? 512 : R;
        double *w = xcalloc((size_t)G * B + 1, sizeof *w);
        double *prob = xmalloc((B + 1) * sizeof *prob);
        for (int b = 0; b < B; b++)
            prob[b] = t == ALIGN_DEATH ? p->monthly[b < 256 ? DEATH_MALE : DEATH_FEMALE][b % 256]
                      : POLICY_RAW(january, t == ALIGN_ENTRY ? P_JOB_ENTRY : P_JOB_EXIT, b);
        for (size_t h = 0; h < q->n_households; h++) {
            const int r = q->region[h], g = a->by_region ? r : 0;
            const int min_age = (int)POLICY_RAW(january, P_JOB_MIN_AGE, r);
            const int max_age = (int)POLICY_RAW(january, P_JOB_MAX_AGE, r);
            for (uint32_t i = q->first_person[h]; i < q->first_person[h + 1]; i++) {
                if (!population_alive(q, i)) continue;
                const int age = q->age[i] + (p->ages && q->age[i] < 255);   /* in January */
                int b = -1;
                if (t == ALIGN_DEATH) {
                    b = (q->sex[i] == SEX_FEMALE) * 256 + age;
                } else if (q->disability_level[i] == 0 && !q->serious_illness[i] &&
                           !q->student[i] && age >= min_age && age <= max_age &&
                           !q->employed[i] == (t == ALIGN_ENTRY)) {
                    b = r;
                }
                if (b >= 0) w[(size_t)g * B + b] += q->weight[h];
            }
        }
        for (int g = 0; g < G; g++) {
            const struct alignment_total *total = total_of(a, year, q->regions[g]);
            double delta, low, high;
            if (!total) continue;
            alignment_reach(w + (size_t)g * B, prob, (size_t)B, &low, &high);
            if (alignment_logit_delta(w + (size_t)g * B, prob, (size_t)B, 12, total->value, &delta))
                unreachable(p->unreached, total, NAMES[t], low, high);
            for (int r = 0; r < R; r++)
                if (!a->by_region || r == g)
                    p->delta[((size_t)t * p->n_years + y) * R + r] = delta;
        }
        free(w);
        free(prob);
    }
}

void projection_align_reviews(struct projection *p, int y, struct review_alignment *align,
                              double *shift)
{
    const struct population *q = &p->pop;
    const int year = p->first_year + y, R = q->n_regions;
    const struct alignment_item *a = alignment_of(p->scenario, T_REVIEW_EXIT);
    const size_t slots = 2 * (size_t)q->n_persons;
    size_t n = 0;
    for (size_t i = 0; i < slots; i++) n += align->weight[i] > 0;
    size_t *slot = xmalloc((n + 1) * sizeof *slot);
    double *w = xmalloc((3 * n + 1) * sizeof *w);
    uint8_t *take = xmalloc(n + 1);
    double *prob = w + n, *u = w + 2 * n;
    for (int g = 0; g < (a->by_region ? R : 1); g++) {
        size_t m = 0;   /* the group's candidates, in household and slot order */
        for (size_t h = 0; h < q->n_households; h++) {
            if (a->by_region && q->region[h] != g) continue;
            for (size_t i = 2 * (size_t)q->first_person[h]; i < 2 * (size_t)q->first_person[h + 1]; i++)
                if (align->weight[i] > 0) {
                    slot[m] = i;
                    w[m] = align->weight[i];
                    prob[m] = align->prob[i];
                    u[m++] = align->u[i];
                }
        }
        const struct alignment_total *t = total_of(a, year, q->regions[g]);
        double delta = 0, cutoff = NAN;
        if (t) align_group(p->unreached, a, t, "review_exit", w, prob, u, m, take, &delta, &cutoff);
        for (size_t c = 0; c < m; c++)   /* under sort a group without a total draws as usual */
            align->take[slot[c]] = t ? take[c] : u[c] < prob[c];
        for (int r = 0; r < R; r++)
            if (!a->by_region || r == g) {
                shift[(size_t)y * R + r] = delta;
                align->cutoff[r] = cutoff;
            }
    }
    free(slot);
    free(w);
    free(take);
}

void projection_end_year(struct projection *p, int year, uint64_t seed,
                         const struct policy_month *january, double *exits)
{
    if (p->registry_exits) registry_exits(p, year, seed, exits);
    if (january && year + 1 < p->n_years) align_monthly(p, year + 1, january);
}

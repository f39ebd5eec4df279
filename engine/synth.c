/* synth — see synth.h.
 *
 * Two passes over blocks of households, both parallel: the first draws each household's size
 * (the first draw of its stream) so that persons can be laid out, the second draws everything
 * else. A household's draws are taken at fixed positions of its stream (HD_*), a person's at
 * fixed positions of theirs (PD_*), whether or not a branch uses them. */
#include "synth.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "parcel.h"
#include "ranks.h"
#include "rng.h"

enum { RNG_SYNTH_HOUSEHOLD = 100, RNG_SYNTH_PERSON = 101 };

enum household_draw {
    HD_SIZE, HD_TYPE, HD_HEAD_BAND, HD_HEAD_AGE, HD_MALE, HD_OLDER, HD_PARENTS,
    HD_URBAN, HD_ZERO, HD_FINANCIAL, HD_FINANCIAL_AMOUNT, HD_VEHICLE, HD_HOUSE, HD_CHILDREN,
    HD_CHILDREN_INCOME, HD_POOR, HD_DIBAO, HD_FARM, HD_AGES, /* one per member from here */
    HD_LAND_GIVEN_UP = HD_AGES + SPEC_MAX_SIZE,   /* later draws after the members' */
    N_HOUSEHOLD_DRAWS
};

enum person_draw {
    PD_SEX, PD_LEVEL, PD_ALONE, PD_ALONE_ILL, PD_TYPE, PD_ILL, PD_STUDENT, PD_EDUCATION,
    PD_EMPLOYED, PD_WAGE, PD_BUSINESS, PD_BUSINESS_AMOUNT, PD_PROPERTY, PD_PROPERTY_AMOUNT,
    PD_TRANSFER, PD_TRANSFER_AMOUNT, PD_PENSION, PD_MEDICAL, PD_MEDICAL_AMOUNT, PD_NO_SUPPORTER,
    PD_COUPLE, N_PERSON_DRAWS
};

static const int BAND_LOW[SPEC_AGE_BANDS] = {18, 30, 40, 50, 60, 70, 80};
static const int BAND_HIGH[SPEC_AGE_BANDS] = {29, 39, 49, 59, 69, 79, 95};

static void draws(struct rng_stream *s, double *u, int n)
{
    for (int i = 0; i < n; i++) u[i] = rng_uniform(s);
}

/* The index whose cumulative share first exceeds u. */
static int pick(const double *shares, int n, double u)
{
    double total = 0;
    for (int i = 0; i < n - 1; i++) {
        total += shares[i];
        if (u < total) return i;
    }
    return n - 1;
}

/* The index drawn from a list of shares: their sum need not be 1 (calibration may move one
 * share; a list read from a spec adds up to 1 and is drawn as written). */
static int pick_share(const double *shares, int n, double u)
{
    double sum = 0;
    for (int i = 0; i < n; i++) sum += shares[i];
    return pick(shares, n, u * sum);
}

/* Lognormal with this median and log-sd, by inverse CDF (monotone in u). */
static double lognormal(double median, double sigma, double u)
{
    return median * exp(sigma * gsl_cdf_ugaussian_Pinv(u));
}

static int32_t fen(double yuan)
{
    if (yuan > 1e6) yuan = 1e6;   /* a lognormal tail beyond a million yuan a month is noise */
    return (int32_t)llround(yuan * 100.0);
}

static int clamp_age(double age, int low, int high)
{
    int a = (int)floor(age);
    return a < low ? low : a > high ? high : a;
}

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

static int household_size(uint64_t seed, int64_t id, const struct synth_region *R)
{
    struct rng_stream s;
    rng_stream_init(&s, seed, (uint64_t)id, 0, 0, RNG_SYNTH_HOUSEHOLD, 0);
    return 1 + pick_share(R->list[SK_HOUSEHOLD_SIZE], SPEC_MAX_SIZE, rng_uniform(&s));
}

/* Members' ages, sexes (1 = male, 0 = female, SEX_DRAWN = from the person's own stream),
 * families and relations. */
#define SEX_DRAWN (-1)
struct members {
    int n;
    int age[SPEC_MAX_SIZE], male[SPEC_MAX_SIZE], family[SPEC_MAX_SIZE], relation[SPEC_MAX_SIZE];
};

static void add(struct members *m, int age, int male, int family, int relation)
{
    m->age[m->n] = age;
    m->male[m->n] = male;
    m->family[m->n] = family;
    m->relation[m->n] = relation;
    m->n++;
}

static void compose(const struct synth_region *R, const double *u, int size, struct members *m)
{
    const double *v = R->value;
    m->n = 0;
    const double *bands = R->list[size == 1 ? SK_SINGLE_AGE : SK_HEAD_AGE];
    int band = pick_share(bands, SPEC_AGE_BANDS, u[HD_HEAD_BAND]);
    double head = BAND_LOW[band] + u[HD_HEAD_AGE] * (BAND_HIGH[band] - BAND_LOW[band] + 1);
    int head_male = u[HD_MALE] < v[SK_MALE_HEAD];
    enum { NUCLEAR, PARENTS, MARRIED } type = NUCLEAR;
    if (size >= 4 && u[HD_TYPE] < v[SK_MARRIED_CHILD]) type = MARRIED;
    else if (size >= 3 && u[HD_TYPE] < v[SK_MARRIED_CHILD] + v[SK_ELDERLY_PARENTS]) type = PARENTS;
    if (type == MARRIED && head < 45) head = 45 + (head - 18) / 2;
    int head_age = clamp_age(head, 18, 99);
    add(m, head_age, head_male, 1, REL_HEAD);
    if (size == 1) return;
    const double *w = u + HD_AGES;   /* one draw per further member */
    add(m, clamp_age(head_age - 3 + 7 * w[1], 18, 99), !head_male, 1, REL_SPOUSE);
    int parents = type == PARENTS ? 1 + (size >= 4 && u[HD_PARENTS] < 0.5) : 0;
    int married = type == MARRIED;
    int children = married ? 0 : size - 2 - parents;   /* a married child's family: below */
    for (int i = 0; i < children; i++)
        add(m, clamp_age(head_age - 20 - 18 * w[2 + i], 0, 99), SEX_DRAWN, 1, REL_CHILD);
    for (int i = 0; i < parents; i++)
        add(m, clamp_age(head_age + 22 + 10 * w[2 + children + i], 40, 100),
            parents == 2 ? i == 0 : u[HD_OLDER] < 0.4, 2, REL_PARENT);
    if (married) {
        int child = clamp_age(head_age - 22 - 10 * w[2], 18, 99);
        int child_male = u[HD_OLDER] < 0.5;
        add(m, child, child_male, 2, REL_CHILD);
        add(m, clamp_age(child - 3 + 7 * w[3], 18, 99), !child_male, 2, REL_OTHER);
        for (int i = 4; i < size; i++)
            add(m, clamp_age(child - 20 - 10 * w[i], 0, 99), SEX_DRAWN, 2, REL_GRANDCHILD);
    }
}

/* A person's health as it scales their incomes: */
enum vulnerability { ABLE, DISABLED_3_4, SEVERE };   /* SEVERE: level 1-2 or seriously ill */

/* The disability level (0 none, 1-4) of a person of age group `group`: the age prevalence, then
 * for a person living alone the extra probabilities of living_alone.disability, and for the
 * spouse of a disabled head (`head_level` > 0) disability.couple. */
static int disability_level(const struct synth_region *R, const double *u, int group, int size,
                            int head_level)
{
    const double levels[4] = {R->list[SK_DISABILITY_1][group], R->list[SK_DISABILITY_2][group],
                              R->list[SK_DISABILITY_3][group], R->list[SK_DISABILITY_4][group]};
    const double total = levels[0] + levels[1] + levels[2] + levels[3];
    int level = u[PD_LEVEL] < total ? 1 + pick(levels, 4, u[PD_LEVEL]) : 0;
    if (level == 0 && size == 1) {
        const double *alone = R->list[SK_ALONE_DISABILITY];
        if (u[PD_ALONE] < alone[0] + alone[1] + alone[2] + alone[3])
            level = 1 + pick(alone, 4, u[PD_ALONE]);
    }
    if (level == 0 && head_level > 0 && total > 0 && u[PD_COUPLE] < R->value[SK_DISABILITY_COUPLE])
        level = 1 + pick(levels, 4, (u[PD_LEVEL] - total) / (1 - total) * total);   /* rescaled */
    return level;
}

/* Draws a person's own attributes (their incomes before the vulnerability factors); returns
 * their enum vulnerability. `head_level` is the head's disability level for a spouse, else 0. */
static int person(const struct synth_region *R, struct population *pop, uint32_t p, int size,
                  const struct members *m, int i, uint64_t seed, int head_level)
{
    const double *v = R->value;
    double u[N_PERSON_DRAWS];
    struct rng_stream s;
    rng_stream_init(&s, seed, (uint64_t)pop->person_id[p], 0, 0, RNG_SYNTH_PERSON, 0);
    draws(&s, u, N_PERSON_DRAWS);
    const int age = m->age[i], group = age < 16 ? 0 : age < 60 ? 1 : 2;
    pop->age[p] = (uint8_t)age;
    int male = m->male[i] == SEX_DRAWN ? u[PD_SEX] < 0.5 : m->male[i];
    pop->sex[p] = male ? SEX_MALE : SEX_FEMALE;
    pop->family_id[p] = m->family[i];
    pop->relation[p] = (uint8_t)m->relation[i];

    const int level = disability_level(R, u, group, size, head_level);
    pop->disability_level[p] = (uint8_t)level;
    pop->disability_type[p] =
        level ? (uint8_t)(1 + pick_share(R->list[SK_DISABILITY_TYPES], SPEC_DISABILITY_TYPES,
                                   u[PD_TYPE])) : 0;
    const int ill = u[PD_ILL] < R->list[SK_ILLNESS][group] ||
                    (size == 1 && u[PD_ALONE_ILL] < v[SK_ALONE_ILLNESS]);
    pop->serious_illness[p] = (uint8_t)ill;
    const int severe = ill || level == 1 || level == 2;
    const int work_class = severe ? 2 : level ? 1 : 0;

    int student = 0;
    if (age >= 6 && age <= 15) student = u[PD_STUDENT] < v[SK_STUDENT_COMPULSORY];
    if (age >= 16 && age <= 22) {
        student = u[PD_STUDENT] < v[SK_STUDENT_UPPER];
        if (student)
            pop->education_expense[p] = fen(lognormal(v[SK_EDUCATION_MEDIAN],
                                                      v[SK_EDUCATION_SIGMA], u[PD_EDUCATION]));
    }
    pop->student[p] = (uint8_t)student;
    const double *age_factor = R->list[SK_EMPLOYMENT_AGE];
    const int employed = age >= 16 && age <= 64 && !student &&
                         u[PD_EMPLOYED] < R->list[SK_EMPLOYMENT_RATE][work_class] *
                                              age_factor[age < 30 ? 0 : age < 50 ? 1 : 2];
    pop->employed[p] = (uint8_t)employed;
    if (employed)
        pop->wage[p] = fen(lognormal(v[SK_WAGE_MEDIAN], v[SK_WAGE_SIGMA], u[PD_WAGE]));
    if (age >= 16 && age <= v[SK_BUSINESS_MAX_AGE] && !employed && !student && !severe &&
        u[PD_BUSINESS] < v[SK_BUSINESS_SHARE])
        pop->business_income[p] = fen(lognormal(v[SK_BUSINESS_MEDIAN], v[SK_BUSINESS_SIGMA],
                                                u[PD_BUSINESS_AMOUNT]));
    if (m->relation[i] == REL_HEAD && u[PD_PROPERTY] < v[SK_PROPERTY_SHARE])
        pop->property_income[p] = fen(lognormal(v[SK_PROPERTY_MEDIAN], v[SK_PROPERTY_SIGMA],
                                                u[PD_PROPERTY_AMOUNT]));
    if (age >= 16 && u[PD_TRANSFER] < v[SK_TRANSFER_SHARE])
        pop->transfer_income[p] = fen(lognormal(v[SK_TRANSFER_MEDIAN], v[SK_TRANSFER_SIGMA],
                                                u[PD_TRANSFER_AMOUNT]));
    if (age >= 60 && u[PD_PENSION] < v[SK_PENSION_SHARE])
        pop->basic_pension[p] = fen(v[SK_PENSION_AMOUNT]);
    if (u[PD_MEDICAL] < R->list[SK_MEDICAL_SHARE][ill ? 2 : level ? 1 : 0])
        pop->medical_oop[p] = fen(lognormal(v[SK_MEDICAL_MEDIAN], v[SK_MEDICAL_SIGMA],
                                            u[PD_MEDICAL_AMOUNT]));
    pop->no_supporter[p] = u[PD_NO_SUPPORTER] < v[SK_NO_SUPPORTER];   /* kept only if it applies */
    return severe ? SEVERE : level ? DISABLED_3_4 : ABLE;
}

static void household(const struct synth_region *R, struct population *pop, size_t h,
                      uint64_t seed, double weight)
{
    const double *v = R->value;
    double u[N_HOUSEHOLD_DRAWS];
    struct rng_stream s;
    rng_stream_init(&s, seed, (uint64_t)pop->household_id[h], 0, 0, RNG_SYNTH_HOUSEHOLD, 0);
    draws(&s, u, N_HOUSEHOLD_DRAWS);
    const uint32_t first = pop->first_person[h];
    const int size = (int)(pop->first_person[h + 1] - first);
    struct members m;
    compose(R, u, size, &m);

    int health[SPEC_MAX_SIZE], severe = 0, elderly = 0, able_adult = 0;   /* any member ... */
    for (int i = 0; i < size; i++) {
        uint32_t p = first + (uint32_t)i;
        pop->person_id[p] = pop->household_id[h] * 100 + i + 1;
        const int head_level = m.relation[i] == REL_SPOUSE ? pop->disability_level[first] : 0;
        health[i] = person(R, pop, p, size, &m, i, seed, head_level);
        severe |= health[i] == SEVERE;
        elderly |= m.age[i] >= 60;
        able_adult |= m.age[i] >= 16 && m.age[i] < 60 && pop->disability_level[p] == 0 &&
                      !pop->serious_illness[p];
    }
    /* Incomes: none at all in a zero-income household; else each member's scaled by their
     * health (the vulnerable person) or, beside a severely vulnerable member, as a carer. */
    const int zero = u[HD_ZERO] < v[SK_ZERO_INCOME];
    const double factor[3] = {severe ? v[SK_CARER_MULTIPLIER] : 1.0,
                              v[SK_VULNERABLE_3_4_MULTIPLIER], v[SK_VULNERABLE_MULTIPLIER]};
    double income = 0;   /* yuan/month */
    for (int i = 0; i < size; i++) {
        const uint32_t p = first + (uint32_t)i;
        int32_t *columns[4] = {pop->wage, pop->business_income, pop->property_income,
                               pop->transfer_income};
        for (int c = 0; c < 4; c++) {
            columns[c][p] = zero ? 0 : (int32_t)llround(columns[c][p] * factor[health[i]]);
            income += columns[c][p] / 100.0;
        }
        if (zero || pop->wage[p] == 0) pop->employed[p] = 0;
    }
    if (!zero && v[SK_FARM_MEDIAN] > 0) {   /* land allotted per person, farmed by the household */
        int farmers = 0;   /* members able to farm: of farming age, not severely vulnerable */
        for (int i = 0; i < size; i++)
            farmers += m.age[i] >= 16 && m.age[i] <= v[SK_BUSINESS_MAX_AGE] && health[i] != SEVERE;
        const double kept = farmers                                      ? 1.0
                            : u[HD_LAND_GIVEN_UP] < v[SK_LAND_GIVEN_UP] ? 0.0
                                                                        : v[SK_NO_FARMER];
        const double land = size * lognormal(v[SK_FARM_MEDIAN], v[SK_FARM_SIGMA], u[HD_FARM]) *
                            factor[ABLE] * kept;
        const int64_t head = (int64_t)pop->business_income[first] + fen(land);
        pop->business_income[first] = head > INT32_MAX ? INT32_MAX : (int32_t)head;
        income += (double)fen(land) / 100.0;
    }
    const double per_capita = income / size;

    pop->weight[h] = weight;
    pop->hukou[h] = u[HD_URBAN] < v[SK_URBAN] ? HUKOU_URBAN : HUKOU_RURAL;
    if (u[HD_FINANCIAL] < v[SK_FINANCIAL_SHARE])
        pop->financial_assets[h] = llround(100.0 * lognormal(v[SK_FINANCIAL_MEDIAN],
                                                             v[SK_FINANCIAL_SIGMA],
                                                             u[HD_FINANCIAL_AMOUNT]));
    pop->vehicles[h] = u[HD_VEHICLE] < v[SK_VEHICLE];
    pop->houses[h] = (uint8_t)(1 + (u[HD_HOUSE] < v[SK_SECOND_HOUSE]));
    if (elderly) {
        pop->support_children[h] =
            (uint8_t)pick_share(R->list[SK_SUPPORT_CHILDREN], SPEC_MAX_CHILDREN + 1, u[HD_CHILDREN]);
        if (pop->support_children[h])
            pop->support_children_pc_income[h] = fen(lognormal(
                v[SK_SUPPORT_INCOME_MEDIAN], v[SK_SUPPORT_INCOME_SIGMA], u[HD_CHILDREN_INCOME]));
    }
    for (uint32_t p = first; p < first + (uint32_t)size; p++) {
        int dependent = pop->age[p] >= 60 || pop->disability_level[p] == 1 ||
                        pop->disability_level[p] == 2;
        if (!dependent || pop->support_children[h] || able_adult) pop->no_supporter[p] = 0;
    }
    int disabled = 0, disabled_3_4 = 0, ill = 0, old = 0;
    for (uint32_t p = first; p < first + (uint32_t)size; p++) {
        old |= pop->age[p] >= 80;
        disabled |= pop->disability_level[p] == 1 || pop->disability_level[p] == 2;
        disabled_3_4 |= pop->disability_level[p] >= 3;
        ill |= pop->serious_illness[p];
    }
    pop->registered_poor[h] = u[HD_POOR] < logistic(v[SK_POOR_INTERCEPT] +
                                                    v[SK_POOR_DISABLED] * disabled +
                                                    v[SK_POOR_DISABLED_3_4] * disabled_3_4 +
                                                    v[SK_POOR_ILL] * ill +
                                                    v[SK_POOR_ALONE] * (size == 1) +
                                                    v[SK_POOR_SIZE] * (size - 1) +
                                                    v[SK_POOR_OLD] * old +
                                                    v[SK_POOR_NO_INCOME] * (income <= 0) +
                                                    v[SK_POOR_INCOME] * per_capita / 100.0);
    pop->receiving_dibao[h] = u[HD_DIBAO] < logistic(v[SK_DIBAO_INTERCEPT] +
                                                     v[SK_DIBAO_POOR] * pop->registered_poor[h] +
                                                     v[SK_DIBAO_INCOME] * per_capita / 100.0);
}

/* The spec resolved per region (*regions) and the first household of each region in
 * start[0..R] (start[R]: every household); -1 with err set. */
static int plan(const struct synth_spec *spec, const struct synth_options *options,
                struct synth_region **regions_out, size_t **start_out, struct error *err)
{
    const int R = spec->n_regions;
    struct synth_region *regions = xcalloc((size_t)R, sizeof *regions);
    size_t *start = xcalloc((size_t)R + 1, sizeof *start);   /* first household of each region */
    *regions_out = NULL;
    *start_out = NULL;
    if (synthspec_resolve(spec, regions, err)) {
        free(regions);
        free(start);
        return -1;
    }
    for (int r = 0; r < R; r++) {
        const double *v = regions[r].value;
        double households = v[SK_HOUSEHOLDS];
        if (isnan(households)) {
            double mean = 0;
            for (int s = 0; s < SPEC_MAX_SIZE; s++) mean += (s + 1) * regions[r].list[SK_HOUSEHOLD_SIZE][s];
            households = v[SK_PERSONS] / mean;
        }
        double n = llround(households * options->scale);
        if (n < 1) n = 1;
        if (n >= SYNTH_WIDE_REGION_IDS) {
            free(regions);
            free(start);
            return err_set(err, ERR_INPUT, "region %s: %.0f households at scale %g: more than "
                           "%lld per region", spec->regions[r], n, options->scale,
                           SYNTH_WIDE_REGION_IDS - 1);
        }
        start[r + 1] = start[r] + (size_t)n;
    }
    *regions_out = regions;
    *start_out = start;
    return 0;
}

/* The household ids of a region (synth.h): narrow unless a region of the plan needs more. */
static int64_t ids_per_region(const size_t *start, int R)
{
    for (int r = 0; r < R; r++)
        if (start[r + 1] - start[r] >= (size_t)SYNTH_REGION_IDS) return SYNTH_WIDE_REGION_IDS;
    return SYNTH_REGION_IDS;
}

/* The id of household k (0-based) of region r, `ids` ids a region (synth.h). */
static int64_t household_id(int r, int64_t k, int64_t ids) { return (int64_t)(r + 1) * ids + k + 1; }

int synth_count(const struct synth_spec *spec, const struct synth_options *options, size_t *n,
                size_t *persons, struct error *err)
{
    struct synth_region *regions;
    size_t *start;
    if (plan(spec, options, &regions, &start, err)) return -1;
    *n = start[spec->n_regions];
    const int64_t ids = ids_per_region(start, spec->n_regions);
    size_t total = 0;
    for (int r = 0; persons && r < spec->n_regions; r++) {
        const long count = (long)(start[r + 1] - start[r]);
#pragma omp parallel for schedule(static) reduction(+ : total) num_threads(options->threads)
        for (long k = 0; k < count; k++)
            total += (size_t)household_size(options->seed, household_id(r, k, ids), &regions[r]);
    }
    if (persons) *persons = total;
    free(regions);
    free(start);
    return 0;
}

int synth_generate_range(const struct synth_spec *spec, const struct synth_options *options,
                         size_t first, size_t count, struct population *pop, struct error *err)
{
    const int R = spec->n_regions;
    struct synth_region *regions;
    size_t *start;
    if (plan(spec, options, &regions, &start, err)) return -1;
    if (first > start[R]) first = start[R];
    const size_t H = count < start[R] - first ? count : start[R] - first;
    population_alloc_households(pop, H);
    pop->n_regions = R;
    pop->regions = xcalloc((size_t)R, sizeof *pop->regions);
    for (int r = 0; r < R; r++) pop->regions[r] = xstrdup(spec->regions[r]);
    pop->source = xstrdup(spec->files.paths[0]);
    const int64_t ids = ids_per_region(start, R);
    for (int r = 0; r < R; r++)
        for (size_t g = start[r] > first ? start[r] : first; g < start[r + 1] && g < first + H; g++) {
            pop->region[g - first] = (uint16_t)r;
            pop->household_id[g - first] = household_id(r, (int64_t)(g - start[r]), ids);
        }
    /* sizes first (into first_person[h + 1]), then offsets, then persons */
    const long blocks = (long)((H + POPULATION_BLOCK - 1) / POPULATION_BLOCK);
#pragma omp parallel for schedule(dynamic, 1) num_threads(options->threads)
    for (long b = 0; b < blocks; b++) {
        size_t end = (size_t)(b + 1) * POPULATION_BLOCK < H ? (size_t)(b + 1) * POPULATION_BLOCK : H;
        for (size_t h = (size_t)b * POPULATION_BLOCK; h < end; h++)
            pop->first_person[h + 1] = (uint32_t)household_size(options->seed, pop->household_id[h],
                                                                 &regions[pop->region[h]]);
    }
    for (size_t h = 0; h < H; h++) pop->first_person[h + 1] += pop->first_person[h];
    population_alloc_persons(pop, pop->first_person[H]);
    const double weight = 1.0 / options->scale;
#pragma omp parallel for schedule(dynamic, 1) num_threads(options->threads)
    for (long b = 0; b < blocks; b++) {
        size_t end = (size_t)(b + 1) * POPULATION_BLOCK < H ? (size_t)(b + 1) * POPULATION_BLOCK : H;
        for (size_t h = (size_t)b * POPULATION_BLOCK; h < end; h++)
            household(&regions[pop->region[h]], pop, h, options->seed, weight);
    }
    free(start);
    free(regions);
    return 0;
}

int synth_generate(const struct synth_spec *spec, const struct synth_options *options,
                   struct population *pop, struct error *err)
{
    return synth_generate_range(spec, options, 0, SIZE_MAX, pop, err);
}

/* synth_write's chunks handed out over the ranks (ranks_in_order). */
struct chunks {
    const struct synth_spec *spec;
    const struct synth_options *options;
    size_t chunk;
    struct population_writer *w;
    struct population own;   /* rank 0's chunk, from make to take */
};

static int make_chunk(void *ctx, size_t c, struct parcel *out, struct error *err)
{
    struct chunks *g = ctx;
    struct population *pop = &g->own;
    if (synth_generate_range(g->spec, g->options, c * g->chunk, g->chunk, pop, err)) return -1;
    if (out) {
        population_put(out, pop);
        population_free(pop);
    }
    return 0;
}

static int take_chunk(void *ctx, size_t c, struct parcel *in, struct error *err)
{
    struct chunks *g = ctx;
    struct population view;
    if (in && population_take_view(in, &view))
        return err_set(err, ERR_RUN, "a damaged parcel of households from chunk %zu", c);
    if (in) {   /* the region names of the spec, as the generator gives them */
        view.n_regions = g->spec->n_regions;
        view.regions = g->spec->regions;
    }
    const int rc = population_writer_put(g->w, in ? &view : &g->own, err);
    population_free(&g->own);
    return rc;
}

int synth_write(const struct synth_spec *spec, const struct synth_options *options, size_t H,
                size_t chunk, struct population_writer *w, struct error *err)
{
    struct chunks chunks = {spec, options, chunk, w, {0}};
    const struct ranks_work work = {make_chunk, take_chunk, &chunks, NULL};
    const int rc = ranks_in_order((H + chunk - 1) / chunk, &work, 0, err);
    population_free(&chunks.own);
    return rc;
}

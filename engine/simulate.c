/* simulate — see simulate.h. */
#include "simulate.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"

/* The annual programs and those that repeat in a steady month, known at compile time from the
 * spine's rows (programs.h), so that the loops over programs unroll without looking them up. */
#define ANNUAL_BIT(id, name, label, step, annual, repeats) | (annual ? 1u << id : 0u)
#define REPEATS_BIT(id, name, label, step, annual, repeats) | (repeats ? 1u << id : 0u)
static const unsigned ANNUAL_PROGRAMS = 0 PROGRAM_ROWS(ANNUAL_BIT);
static const unsigned REPEATING_PROGRAMS = 0 PROGRAM_ROWS(REPEATS_BIT);
#undef ANNUAL_BIT
#undef REPEATS_BIT

/* The study's classification of a person (enum member_month.kind). */
static uint8_t kind_of(const struct population *pop, uint32_t p)
{
    if (pop->serious_illness[p]) return 1;
    switch (pop->disability_level[p]) {
    case 1: return 2;
    case 2: return 3;
    case 3: case 4: return 4;
    default: return 0;
    }
}

/* The measure counting persons reached of each kind (none for able-bodied). */
static const int KIND_MEASURE[5] = {-1, M_PAID_ILL, M_PAID_DISABILITY_1, M_PAID_DISABILITY_2,
                                    M_PAID_DISABILITY_3_4};
/* The same among persons in registered-poor households. */
static const int KIND_REGISTERED_MEASURE[5] = {-1, M_PAID_REGISTERED_ILL,
                                               M_PAID_REGISTERED_DISABILITY_1,
                                               M_PAID_REGISTERED_DISABILITY_2,
                                               M_PAID_REGISTERED_DISABILITY_3_4};

/* How month i may repeat month i - 1 (simulation.steady). */
enum { NOT_STEADY, STEADY, STEADY_OFF_CASELOAD };

/* steady[i * n_regions + r]: STEADY when month i's rules for region r equal month i - 1's and,
 * with reviews, neither month is a review month (a review changes payments and is counted in the
 * month it happens), so an unchanged household whose gradual exit and caseload are quiet repeats
 * its month. STEADY_OFF_CASELOAD when the rules are the same and month i is a review month but
 * month i - 1 is not: a review acts only on units on the caseload, so a household with none
 * (and none waiting to apply) going into it still repeats its month. NOT_STEADY otherwise. */
static uint8_t *steady_months(const struct simulation *sim, int n_regions)
{
    const int year = sim->scenario->first_year;
    uint8_t *steady = xcalloc((size_t)sim->n_months * n_regions + 1, 1);
    for (int i = 1; i < sim->n_months; i++)
        for (int r = 0; r < n_regions; r++) {
            int same = 1;
            for (int k = 0; k < N_POLICY_PARAMS && same; k++)
                same = POLICY_EXACT(&sim->months[i], k, r) == POLICY_EXACT(&sim->months[i - 1], k, r) &&
                       memcmp(&POLICY_RAW(&sim->months[i], k, r),
                              &POLICY_RAW(&sim->months[i - 1], k, r), sizeof(double)) == 0;
            const int review = sim->review &&
                               dibao_review_month(&sim->months[i], r, year + i / 12, i % 12);
            const int after_review = sim->review && dibao_review_month(&sim->months[i - 1], r,
                                                                       year + (i - 1) / 12,
                                                                       (i - 1) % 12);
            steady[(size_t)i * n_regions + r] = !same || after_review ? NOT_STEADY
                                                : review              ? STEADY_OFF_CASELOAD
                                                                      : STEADY;
        }
    return steady;
}

/* With a review_exit alignment: its candidate columns (two slots per person), after checking
 * that each aligned year has one review month at most in each region (a year run twice finds
 * its candidates before any review decides). */
static int review_alignment_init(struct simulation *sim, struct error *err)
{
    const struct scenario *s = sim->scenario;
    const struct alignment_item *a = NULL;
    for (int i = 0; i < s->projection.n_alignments; i++)
        if (s->projection.alignments[i].transition == T_REVIEW_EXIT) a = &s->projection.alignments[i];
    if (!a || !sim->review) return 0;
    const struct population *pop = sim->pop;
    for (int j = 0; j < a->n; j++) {
        const struct alignment_total *t = &a->totals[j];
        const int y = t->year - s->first_year;
        if (t->year < s->first_year || t->year > s->last_year) continue;   /* not run */
        for (int r = 0; r < pop->n_regions; r++) {
            if (t->region && strcmp(t->region, pop->regions[r])) continue;
            int reviews = 0;
            for (int m = 0; m < 12; m++)
                reviews += dibao_review_month(&sim->months[y * 12 + m], r, t->year, m);
            if (reviews > 1)
                return err_set(err, ERR_INPUT, "%s:%d:%d: projection.alignment: review_exit is "
                               "aligned by year, and %d has %d review months in %s "
                               "(dibao.review.interval_months below 12)", t->mark.file,
                               t->mark.line, t->mark.column, t->year, reviews, pop->regions[r]);
        }
    }
    const size_t slots = 2 * pop->n_persons + 1;
    struct review_alignment *ra = sim->review_align = xcalloc(1, sizeof *ra);
    ra->year = -1;
    ra->sort = a->method == ALIGN_SORT;
    ra->weight = xcalloc(slots, sizeof *ra->weight);
    ra->prob = xcalloc(slots, sizeof *ra->prob);
    ra->u = xcalloc(slots, sizeof *ra->u);
    ra->take = xcalloc(slots, 1);
    ra->cutoff = xcalloc((size_t)pop->n_regions + 1, sizeof *ra->cutoff);
    return 0;
}

/* Whether year y has a review_exit total. */
static int aligns_reviews(const struct simulation *sim, int y)
{
    const struct scenario *s = sim->scenario;
    for (int i = 0; sim->review_align && i < s->projection.n_alignments; i++) {
        const struct alignment_item *a = &s->projection.alignments[i];
        for (int j = 0; a->transition == T_REVIEW_EXIT && j < a->n; j++)
            if (a->totals[j].year == s->first_year + y) return 1;
    }
    return 0;
}

int simulation_init(struct simulation *sim, const struct scenario *s, const struct population *pop,
                    const struct run_options *options, struct error *err)
{
    memset(sim, 0, sizeof *sim);
    sim->scenario = s;
    sim->options = *options;
    sim->first_month = s->first_year * 12;
    sim->n_months = (s->last_year - s->first_year + 1) * 12;
    if (policy_params_bind(&sim->params, s, pop, sim->first_month, options->overrides,
                           options->n_overrides, err))
        return err_prefix(err, "scenario %s", s->name);
    if (projection_init(&sim->projection, s, pop, &sim->params, err)) {
        policy_params_free(&sim->params);
        return -1;
    }
    sim->pop = &sim->projection.pop;
    if (s->dibao.gradual_exit.enabled) {
        sim->exit = xcalloc(1, sizeof *sim->exit);
        exit_state_init(sim->exit, pop->n_persons);
    }
    if (s->dibao.review.enabled) {
        sim->review = xcalloc(1, sizeof *sim->review);
        sim->review_shift = xcalloc((size_t)(sim->n_months / 12) * (pop->n_regions + 1),
                                    sizeof *sim->review_shift);
        review_state_init(sim->review, pop->n_persons);
    }
    sim->months = xcalloc((size_t)sim->n_months, sizeof *sim->months);
    for (int i = 0; i < sim->n_months; i++) {
        policy_month_init(&sim->months[i], s, pop->n_regions);
        policy_month_resolve(&sim->months[i], &sim->params, sim->first_month + i);
    }
    if (review_alignment_init(sim, err)) {
        simulation_free(sim);
        return -1;
    }
    for (int i = 0; i < sim->n_months; i++)
        projection_plan_month(&sim->projection, i, &sim->months[i]);
    sim->steady = steady_months(sim, pop->n_regions);
    return 0;
}

void simulation_free(struct simulation *sim)
{
    for (int i = 0; i < sim->n_months && sim->months; i++) policy_month_free(&sim->months[i]);
    free(sim->months);
    free(sim->steady);
    if (sim->exit) exit_state_free(sim->exit);
    free(sim->exit);
    if (sim->review) review_state_free(sim->review);
    free(sim->review);
    free(sim->review_shift);
    if (sim->review_align) {
        free(sim->review_align->weight);
        free(sim->review_align->prob);
        free(sim->review_align->u);
        free(sim->review_align->take);
        free(sim->review_align->cutoff);
        free(sim->review_align);
    }
    projection_free(&sim->projection);
    policy_params_free(&sim->params);
    memset(sim, 0, sizeof *sim);
}

/* simulation_household_month, the household-year's yearly draws kept in `draws` (or NULL). */
static void household_month(struct simulation *sim, size_t h, int index, struct unit_draws *draws,
                            struct household_month *out)
{
    const struct dibao_call call = {
        .seed = sim->options.seed, .year = sim->scenario->first_year + index / 12,
        .month = index % 12, .first = index == 0, .exit = sim->exit, .review = sim->review,
        .review_shift = sim->review
                            ? sim->review_shift[(size_t)(index / 12) * sim->pop->n_regions +
                                                sim->pop->region[h]]
                            : 0.0,
        .align = sim->review_align && sim->review_align->year == index / 12 ? sim->review_align
                                                                             : NULL,
        .steps = sim->trace && sim->trace->household == h && sim->trace->year == index / 12
                     ? &sim->trace->steps[index % 12] : NULL,
        .draws = draws};
    dibao_household(sim->pop, h, &sim->months[index], &call, out);
}

void simulation_household_month(struct simulation *sim, size_t h, int index,
                                struct household_month *out)
{
    household_month(sim, h, index, NULL, out);
}

/* The living members, their kinds and their pre-transfer income in month m. */
static void record_members(const struct population *pop, size_t h, int m,
                           struct household_year *out)
{
    const uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    int persons = 0;
    int64_t income = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint32_t p = first + i;
        struct member_month *mm = &out->member[m][i];
        *mm = (struct member_month){.alive = (uint8_t)population_alive(pop, p)};
        if (!mm->alive) continue;
        mm->kind = kind_of(pop, p);
        persons++;
        income += (int64_t)pop->wage[p] + pop->business_income[p] + pop->property_income[p] +
                  pop->transfer_income[p] + pop->basic_pension[p];
    }
    out->persons[m] = persons;
    out->income[m] = income;
}

/* Month m as month m - 1 again for the programs that repeat (the others start empty). */
static void repeat_month(struct household_year *out, int m, uint32_t n)
{
    memcpy(out->program[m], out->program[m - 1], sizeof out->program[m]);
#define CLEAR_UNLESS_REPEATING(id, name, label, step, annual, repeats) \
    if (!(repeats)) memset(&out->program[m][id], 0, sizeof out->program[m][id]);
    PROGRAM_ROWS(CLEAR_UNLESS_REPEATING)
#undef CLEAR_UNLESS_REPEATING
    /* each member's month as one word, the programs that do not repeat masked off */
    _Static_assert(sizeof(struct member_month) == 4 && sizeof(program_set) == 1,
                   "a member's month is four bytes: entitled, paid, alive, kind");
    const struct member_month mask = {(program_set)REPEATING_PROGRAMS,
                                      (program_set)REPEATING_PROGRAMS, 0xff, 0xff};
    uint32_t keep;
    memcpy(&keep, &mask, sizeof keep);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t word;
        memcpy(&word, &out->member[m - 1][i], sizeof word);
        word &= keep;
        memcpy(&out->member[m][i], &word, sizeof word);
    }
    out->income[m] = out->income[m - 1];
    out->persons[m] = out->persons[m - 1];
}

/* The monthly programs' steps of month c->month, in the spine's order: all of them, or in a
 * steady month those that do not repeat; direct calls expanded from the spine's rows. */
static void monthly_steps(const struct program_context *c, const struct household_month *dibao,
                          struct household_year *out, int steady)
{
#define MONTHLY_STEP(id, name, label, step, annual, repeats) \
    if (!(annual) && !((repeats) && steady)) step(c, dibao, out);
    PROGRAM_ROWS(MONTHLY_STEP)
#undef MONTHLY_STEP
}

/* Whether the programs that neither repeat nor are annual paid and entitled nothing in month m
 * nor in the month before. */
static int others_idle(const struct household_year *out, int m)
{
    int idle = 1;
#define IDLE(id, name, label, step, annual, repeats)                                          \
    if (!(annual) && !(repeats))                                                              \
        idle &= out->program[m][id].paid == 0 && out->program[m - 1][id].paid == 0 &&          \
                out->program[m][id].entitled == 0 && out->program[m - 1][id].entitled == 0;
    PROGRAM_ROWS(IDLE)
#undef IDLE
    return idle;
}

/* Whether household h's month m (1-11) of year y holds what month m - 1 held, byte for byte,
 * in all that its measures read (household_year.repeats). */
static int same_as_before(const struct simulation *sim, size_t h, int y, int m,
                          const struct household_year *hy)
{
    const uint32_t n = sim->pop->first_person[h + 1] - sim->pop->first_person[h];
    const int r = sim->pop->region[h], index = y * 12 + m;
    return hy->income[m] == hy->income[m - 1] && hy->persons[m] == hy->persons[m - 1] &&
           POLICY_EXACT(&sim->months[index], P_POVERTY_LINE, r) ==
               POLICY_EXACT(&sim->months[index - 1], P_POVERTY_LINE, r) &&
           memcmp(hy->program[m], hy->program[m - 1], sizeof hy->program[m]) == 0 &&
           memcmp(hy->member[m], hy->member[m - 1], n * sizeof hy->member[m][0]) == 0;
}

/* What a household's gradual exit and caseload were found to be (1 or 0; -1: not looked at
 * since its dibao was last worked out, which alone changes them): quiet (exit_state_quiet and
 * review_state_quiet) and off the caseload (review_state_off). */
struct state_seen {
    int quiet, off;
};

/* Whether the state of the household whose persons are [first, first + n) lets a month whose
 * rules are `rules` (simulation.steady, not NOT_STEADY) repeat the month before: quiet, and off
 * the caseload in a review month (worked out instead for explain's household). */
static int state_allows(const struct simulation *sim, uint32_t first, uint32_t n, int rules,
                        int traced, struct state_seen *seen)
{
    if (seen->quiet < 0)
        seen->quiet = (!sim->exit || exit_state_quiet(sim->exit, first, n)) &&
                      (!sim->review || review_state_quiet(sim->review, first, n));
    if (!seen->quiet || rules == STEADY) return seen->quiet;
    if (traced) return 0;
    if (seen->off < 0) seen->off = review_state_off(sim->review, first, n);
    return seen->off;
}

void simulation_household_year(struct simulation *sim, size_t h, int year,
                               struct household_year *out)
{
    const struct population *pop = sim->pop;
    const uint32_t n = pop->first_person[h + 1] - pop->first_person[h];
    const int R = pop->n_regions, r = pop->region[h];
    out->year = sim->scenario->first_year + year;
    struct household_month dibao;
    struct unit_draws draws;   /* empty: only its count need be set */
    draws.n = 0;
    struct program_context c = {pop, NULL, sim->options.seed, out->year, 0, h};
    /* explain's household: its review months worked out, their steps recorded as they are */
    const int traced = sim->trace && sim->trace->household == h && sim->trace->year == year;
    struct state_seen state = {-1, -1};
    for (int m = 0; m < 12; m++) {
        const int index = year * 12 + m;
        c.rules = &sim->months[index];
        c.month = m;
        const int changed = projection_household_month(&sim->projection, h, index, c.rules,
                                                       sim->options.seed);
        const int rules = sim->steady[(size_t)index * R + r];
        const int steady = m > 0 && !changed && rules != NOT_STEADY && !sim->options.every_month &&
                           state_allows(sim, pop->first_person[h], n, rules, traced, &state);
        if (steady) {
            repeat_month(out, m, n);
        } else {
            static const struct program_month nothing;
            for (int k = 0; k < N_PROGRAMS; k++) out->program[m][k] = nothing;
            record_members(pop, h, m, out);
            household_month(sim, h, index, &draws, &dibao);
            state = (struct state_seen){-1, -1};   /* its state may have moved */
        }
        monthly_steps(&c, &dibao, out, steady);
        /* a steady month repeats when the programs it ran again hold nothing either month; any
         * other month when it came out the same */
        out->repeats[m] = (uint8_t)(m > 0 && !sim->options.every_month &&
                                    (steady ? others_idle(out, m)
                                            : same_as_before(sim, h, year, m, out)));
        if (traced) {
            sim->trace->dibao[m] = dibao;   /* a steady month holds the month before's */
            if (steady) sim->trace->steps[m] = sim->trace->steps[m - 1];
        }
    }
#define ANNUAL_STEP(id, name, label, step, annual, repeats) \
    if (annual) step(&c, &dibao, out);   /* c holds December */
    PROGRAM_ROWS(ANNUAL_STEP)
#undef ANNUAL_STEP
    if (traced)
        sim->trace->months = *out;
    if (sim->projection.registry_exits) {
        int64_t income = 0;
        for (int m = 0; m < 12; m++) income += out->income[m];
        projection_registry_candidate(&sim->projection, h, income, out->persons[11],
                                      out->program[11][PROGRAM_DIBAO].paid_units > 0,
                                      c.rules);
    }
}

/* simulation_end_year with the registry exits added into exits[2 × region + 0 / 1] (a streamed
 * run's carried sums) instead of res's December rows, when exits is not NULL. */
static void end_year(struct simulation *sim, int year, struct scenario_result *res, double *carry)
{
    const int R = sim->pop->n_regions, next = (year + 1) * 12;
    double *exits = carry ? carry : xcalloc(2 * (size_t)R + 1, sizeof *exits);
    projection_end_year(&sim->projection, year, sim->options.seed,
                        next < sim->n_months ? &sim->months[next] : NULL, exits);
    for (int i = next; i < next + 12 && i < sim->n_months; i++)   /* as the year is aligned */
        projection_plan_month(&sim->projection, i, &sim->months[i]);
    if (carry) return;
    for (int r = 0; r < R && res; r++) {
        double *row = summary_row(res, year * 12 + 11, r, PROGRAM_ALL);
        row[M_REGISTRY_EXIT_HOUSEHOLDS] += exits[2 * r];
        row[M_REGISTRY_EXIT_PERSONS] += exits[2 * r + 1];
    }
    free(exits);
}

void simulation_end_year(struct simulation *sim, int year, struct scenario_result *res)
{
    end_year(sim, year, res, NULL);
}

void simulation_add_exits(struct scenario_result *res, const double *exits)
{
    const int R = res->n_regions;
    for (int y = 0; y < res->n_years; y++)
        for (int r = 0; r < R; r++) {
            double *row = summary_row(res, y * 12 + 11, r, PROGRAM_ALL);
            row[M_REGISTRY_EXIT_HOUSEHOLDS] += exits[(size_t)y * 2 * R + 2 * r];
            row[M_REGISTRY_EXIT_PERSONS] += exits[(size_t)y * 2 * R + 2 * r + 1];
        }
}

/* One household-month's measures: the summary cells it adds to (program row, measure), and
 * which of them it wrote. */
struct month_cells {
    double value[N_PROGRAM_ROWS][N_MEASURES];   /* 0 where not written */
    uint64_t written[N_PROGRAM_ROWS];            /* bit (1 << measure) */
};
_Static_assert(N_MEASURES <= 64, "month_cells.written has a bit per measure: widen it");

/* Adds v to the cell (k, measure), marking it written unless v is 0 (adding 0 changes no sum);
 * without branches. */
static inline void add(struct month_cells *c, int k, int measure, double v)
{
    c->value[k][measure] += v;
    c->written[k] |= (uint64_t)(v != 0) << measure;
}

/* Poverty of `persons` living on `income` fen a month against `line` fen a year per person:
 * adds persons, persons × gap and persons × gap² (gap = (z − y) / z), when poor, to the cells of
 * row k from measure `poor` on. */
static void add_poverty(struct month_cells *c, int k, int poor, double weight, int persons,
                        int64_t income, int64_t line)
{
    if (income * 12 >= line * persons) return;
    const double gap = 1.0 - (double)income * 12.0 / ((double)line * persons);
    add(c, k, poor, weight * persons);
    add(c, k, poor + 1, weight * persons * gap);
    add(c, k, poor + 2, weight * persons * gap * gap);
}

/* The household's own measures, the same in every program row (its persons, income and poverty
 * before transfers): a household adds them to the row of all programs only, and a block's sums
 * of that row are taken for every row when the blocks are added up (fold_block). Each row would
 * have received the very same values in the same order, so the sums are the same. */
static int household_measure(int measure)
{
    return measure == M_PERSONS || measure == M_INCOME || measure == M_REGISTERED_POOR ||
           measure == M_POOR_BEFORE || measure == M_GAP_BEFORE || measure == M_GAP2_BEFORE;
}

/* Whether a program's month holds nothing (no unit, amount or count). */
static int program_month_empty(const struct program_month *pm)
{
    return !(pm->entitled_units | pm->paid_units | pm->entitled | pm->paid | pm->separated_units |
             pm->separated_paid | pm->review_exit_units | pm->review_exit_persons |
             pm->stale_persons);
}

/* Household h's measures in month m, weighted, added into c (all 0 on entry; cells not marked
 * written stay 0). A program row whose program holds nothing and reaches nobody that month gets
 * only the household's own measures (persons, income, poverty), the same in every such row: the
 * first is computed, the others copy it. */
static void month_measures(const struct simulation *sim, size_t h, const struct household_year *hy,
                           int m, struct month_cells *c)
{
    const struct population *pop = sim->pop;
    const int r = pop->region[h];
    const double weight = pop->weight[h];
    const uint32_t n = pop->first_person[h + 1] - pop->first_person[h];
    const int registered = pop->registered_poor[h];
    const int year = hy->year - sim->scenario->first_year;
    const int persons = hy->persons[m];   /* 0 once everyone has died (medical may pay) */
    const int64_t line = POLICY_EXACT(&sim->months[year * 12 + m], P_POVERTY_LINE, r);
    const int64_t income = hy->income[m];
    const int poor = income * 12 < line * persons;
    unsigned reached = 0;   /* the programs reaching some living member */
    for (uint32_t i = 0; i < n; i++)
        if (hy->member[m][i].alive) reached |= hy->member[m][i].entitled | hy->member[m][i].paid;
    unsigned empty = 0;     /* the programs whose month holds nothing: they add only zeros */
    for (int j = 0; j < N_PROGRAMS; j++)
        if (program_month_empty(&hy->program[m][j])) empty |= 1u << j;
    int idle_row = -1;   /* the first row of a program holding nothing and reaching nobody */
    for (int k = 0; k < N_PROGRAM_ROWS; k++) {
        const unsigned mask = k == PROGRAM_ALL ? (1u << N_PROGRAMS) - 1 : 1u << k;
        const int idle = k != PROGRAM_ALL && !(reached & mask) && (empty & mask);
        if (idle && idle_row >= 0) {
            for (uint64_t bits = c->written[idle_row]; bits; bits &= bits - 1) {
                const int measure = __builtin_ctzll(bits);
                c->value[k][measure] = c->value[idle_row][measure];
            }
            c->written[k] = c->written[idle_row];
            continue;
        }
        if (idle) idle_row = k;
        double entitled = 0, paid = 0;
        int64_t transfers = 0;
        int any_entitled = 0, any_paid = 0;
        for (int j = 0; j < N_PROGRAMS; j++) {
            if (!(mask & ~empty & 1u << j)) continue;
            const struct program_month *pm = &hy->program[m][j];
            const int annual = ANNUAL_PROGRAMS >> j & 1;
            const double share = annual ? 1.0 / 12.0 : 1.0;
            entitled += share * (double)pm->entitled / 100.0;
            paid += share * (double)pm->paid / 100.0;
            if (!annual) transfers += pm->paid;
            if (k != PROGRAM_ALL) {
                add(c, k, M_ENTITLED_UNITS, weight * pm->entitled_units);
                add(c, k, M_PAID_UNITS, weight * pm->paid_units);
                if (registered) add(c, k, M_PAID_UNITS_REGISTERED_POOR, weight * pm->paid_units);
            }
            add(c, k, M_PAID_SEPARATED, weight * pm->separated_units);
            add(c, k, M_EXPENDITURE_SEPARATED, weight * (double)pm->separated_paid / 100.0);
            add(c, k, M_REVIEW_EXIT_UNITS, weight * pm->review_exit_units);
            add(c, k, M_REVIEW_EXIT_PERSONS, weight * pm->review_exit_persons);
            add(c, k, M_PAID_STALE_PERSONS, weight * pm->stale_persons);
        }
        add(c, k, M_ENTITLED_EXPENDITURE, weight * entitled);
        add(c, k, M_EXPENDITURE, weight * paid);
        if (registered) add(c, k, M_EXPENDITURE_REGISTERED_POOR, weight * paid);
        if (k == PROGRAM_ALL) {   /* the household's own: for every row (household_measure) */
            add(c, k, M_PERSONS, weight * persons);
            add(c, k, M_INCOME, weight * (double)income / 100.0);
            if (registered) add(c, k, M_REGISTERED_POOR, weight * persons);
            add_poverty(c, k, M_POOR_BEFORE, weight, persons, income, line);
        }
        for (uint32_t i = 0; i < n && (reached & mask); i++) {
            const struct member_month *mm = &hy->member[m][i];
            if (!mm->alive) continue;
            if (mm->entitled & mask) {
                add(c, k, M_ENTITLED_PERSONS, weight);
                any_entitled = 1;
            }
            if (!(mm->paid & mask)) continue;
            any_paid = 1;
            add(c, k, M_PAID_PERSONS, weight);
            if (registered) add(c, k, M_PAID_REGISTERED_POOR, weight);
            if (poor) add(c, k, M_POOR_REACHED, weight);
            if (mm->kind) add(c, k, KIND_MEASURE[mm->kind], weight);
            if (mm->kind && registered) add(c, k, KIND_REGISTERED_MEASURE[mm->kind], weight);
        }
        if (k == PROGRAM_ALL) {
            add(c, k, M_ENTITLED_UNITS, weight * any_entitled);
            add(c, k, M_PAID_UNITS, weight * any_paid);
            if (registered) add(c, k, M_PAID_UNITS_REGISTERED_POOR, weight * any_paid);
        }
        add_poverty(c, k, M_POOR_AFTER, weight, persons, income + transfers, line);
    }
}

/* The end of the run of months from `first` on that repeat the month before: the first month
 * after `first` that does not, or 12. */
static int run_end(const struct household_year *hy, int first)
{
    int end = first + 1;
    while (end < 12 && hy->repeats[end]) end++;
    return end;
}

/* A block's sums of one year: per region and summary cell (program row, measure) the twelve
 * months side by side, so that a household adds each of its cells as one run of months. Each
 * month's cell still receives the block's households one by one, in order: the sums are those
 * of a month-major table, added up in the same order. */
#define N_CELLS (N_PROGRAM_ROWS * N_MEASURES)

/* Adds household h's year into partial ([n_regions][N_CELLS][12]): its measures once for each run
 * of months that repeat the month before, added to every month of the run, the cells it wrote
 * only. c is scratch, all 0 on entry and on return. */
static void accumulate(const struct simulation *sim, size_t h, const struct household_year *hy,
                       struct month_cells *restrict c, double *restrict partial)
{
    double *restrict cells = partial + (size_t)sim->pop->region[h] * N_CELLS * 12;
    for (int first = 0, end; first < 12; first = end) {
        end = run_end(hy, first);
        double in_run[12];   /* 1 in the run's months, 0 elsewhere (adding 0 changes no sum) */
        for (int m = 0; m < 12; m++) in_run[m] = m >= first && m < end;
        month_measures(sim, h, hy, first, c);
        for (int k = 0; k < N_PROGRAM_ROWS; k++) {
            for (uint64_t bits = c->written[k]; bits; bits &= bits - 1) {
                const int measure = __builtin_ctzll(bits);
                double *restrict months = cells + ((size_t)k * N_MEASURES + measure) * 12;
                const double value = c->value[k][measure];
                for (int m = 0; m < 12; m++) months[m] += value * in_run[m];   /* vectorised */
                c->value[k][measure] = 0;
            }
            c->written[k] = 0;
        }
    }
}

/* A program's amount for the household's year, fen, given the sum of its months: an annual
 * program's amount is recorded in every month, so it is December's; any other's is the sum. */
static int64_t year_paid(const struct household_year *hy, int program, int64_t months_sum)
{
    return PROGRAMS[program].annual ? hy->program[11][program].paid : months_sum;
}

int64_t household_year_paid(const struct household_year *hy, int program)
{
    int64_t total = 0;
    for (int m = 0; m < 12; m++) total += hy->program[m][program].paid;
    return year_paid(hy, program, total);
}

/* Household h's year into the microdata columns of res, a run of repeated months at once: its
 * amounts times its length (exact in fen), its income per member added month by month. */
static void keep_household(const struct household_year *hy, size_t cell,
                           struct scenario_result *res)
{
    int64_t paid[N_PROGRAMS] = {0}, entitled = 0;
    uint8_t months_paid = 0;
    double pc = 0;
    int living_months = 0;
    for (int first = 0, end; first < 12; first = end) {
        end = run_end(hy, first);
        const int months = end - first;
        const struct program_month *pm = hy->program[first];
        for (int k = 0; k < N_PROGRAMS; k++) paid[k] += months * pm[k].paid;
        entitled += months * pm[PROGRAM_DIBAO].entitled;
        months_paid += (uint8_t)(months * (pm[PROGRAM_DIBAO].paid_units > 0));
        if (!hy->persons[first]) continue;
        const double month_pc = (double)hy->income[first] / 100.0 / hy->persons[first];
        for (int m = first; m < end; m++) pc += month_pc;
        living_months += months;
    }
    for (int k = 0; k < N_PROGRAMS; k++) res->paid[k][cell] = year_paid(hy, k, paid[k]);
    res->dibao_entitled[cell] = entitled;
    res->months_paid[cell] = months_paid;
    res->pre_transfer_pc[cell] = living_months ? pc / living_months * 12 : NAN;
}

/* One block of households through one year into partial (see accumulate). */
static void block_year(struct simulation *sim, int year, size_t begin, size_t end,
                       double *restrict partial, struct scenario_result *res)
{
    struct household_year hy;
    struct month_cells cells;
    memset(&cells, 0, sizeof cells);
    for (size_t h = begin; h < end; h++) {
        simulation_household_year(sim, h, year, &hy);
        accumulate(sim, h, &hy, &cells, partial);
        if (res && res->dibao_entitled)
            keep_household(&hy, (size_t)year * res->n_households + h, res);
    }
}

/* A year's sums: its table (stride values) and the tables of a batch of blocks. */
struct year_sums {
    size_t stride, batch, n_blocks;
    double *partial;   /* [batch][stride] */
};

/* Adds one block's table ([region][cell][month]) into a year's totals ([month][region][cell]),
 * each program row's household measures from the row of all programs. */
static void fold_block(double *totals, const double *block, size_t stride)
{
    for (size_t rc = 0; rc < stride / 12; rc++) {
        const size_t cell = rc % N_CELLS, measure = cell % N_MEASURES;
        const size_t from = household_measure((int)measure)
                                ? rc - cell + (size_t)PROGRAM_ALL * N_MEASURES + measure
                                : rc;
        for (size_t m = 0; m < 12; m++) totals[m * (stride / 12) + rc] += block[from * 12 + m];
    }
}

void simulation_fold_blocks(double *totals, const double *blocks, size_t n_blocks, size_t stride)
{
    for (size_t b = 0; b < n_blocks; b++) fold_block(totals, blocks + b * stride, stride);
}

/* Every household through year y, in blocks of POPULATION_BLOCK, each block's sums added into
 * totals (one year's table) in block order, whatever the threads, or kept in `keep` (one table
 * per block) when it is not NULL; microdata into res when it keeps them (res may be NULL); the
 * progress line when `progress`. */
static void run_year(struct simulation *sim, int y, const struct year_sums *sums,
                     double *totals, double *keep, struct scenario_result *res, int progress)
{
    const size_t stride = sums->stride, n_blocks = sums->n_blocks, H = sim->pop->n_households;
    const int n_years = sim->n_months / 12;
    for (size_t start = 0; start < n_blocks; start += sums->batch) {
        const long count =
            (long)(n_blocks - start < sums->batch ? n_blocks - start : sums->batch);
        double *partial = keep ? keep + start * stride : sums->partial;
#pragma omp parallel for schedule(dynamic, 1) num_threads(sim->options.threads)
        for (long b = 0; b < count; b++) {
            size_t begin = (start + (size_t)b) * POPULATION_BLOCK;
            size_t end = begin + POPULATION_BLOCK;
            if (end > H) end = H;
            memset(partial + (size_t)b * stride, 0, stride * sizeof *partial);
            block_year(sim, y, begin, end, partial + (size_t)b * stride, res);
        }
        if (!keep) simulation_fold_blocks(totals, partial, (size_t)count, stride);
        if (progress && sim->options.progress)
            fprintf(sim->options.progress, "\r%-40.40s %d %3.0f%%", sim->scenario->name,
                    sim->scenario->first_year + y,
                    100.0 * ((double)y * n_blocks + start + (size_t)count) /
                        ((double)n_years * n_blocks));
    }
}

/* Year y's review removals aligned: the year run once from a snapshot of the state across
 * months to record the candidates (its sums thrown away), the state put back, the alignment
 * decided; the year is then run again as usual. */
static int align_reviews(struct simulation *sim, int y, const struct year_sums *sums,
                         struct error *err)
{
    struct review_alignment *a = sim->review_align;
    const size_t persons = sim->pop->n_persons;
    struct snapshot state = {0};
    double *scratch = xcalloc(sums->stride + 1, sizeof *scratch);
    int rc = 0;
    if (projection_snapshot(&sim->projection, &state) ||
        (sim->exit && exit_state_snapshot(sim->exit, persons, &state)) ||
        review_state_snapshot(sim->review, persons, &state)) {
        rc = err_set(err, ERR_RUN, "internal error: the state of the review's alignment has more "
                     "than %d columns", SNAPSHOT_MAX_COLUMNS);
    } else {
        snapshot_take(&state);
        memset(a->weight, 0, 2 * persons * sizeof *a->weight);
        a->year = y;
        a->deciding = 0;
        run_year(sim, y, sums, scratch, NULL, NULL, 0);
        snapshot_restore(&state);
        projection_align_reviews(&sim->projection, y, a, sim->review_shift);
        a->deciding = 1;
    }
    snapshot_free(&state);
    free(scratch);
    return rc;
}

static void result_alloc(struct scenario_result *res, int summary, int microdata)
{
    const size_t cells = (size_t)res->n_years * res->n_households + 1;
    if (summary) res->summary = xcalloc((size_t)res->n_years * 12 * summary_month_stride(res) + 1,
                                        sizeof *res->summary);
    if (!microdata) return;
    for (int k = 0; k < N_PROGRAMS; k++) res->paid[k] = xcalloc(cells, sizeof *res->paid[k]);
    res->dibao_entitled = xcalloc(cells, sizeof *res->dibao_entitled);
    res->months_paid = xcalloc(cells, 1);
    res->pre_transfer_pc = xcalloc(cells, sizeof *res->pre_transfer_pc);
}

int simulation_run_chunk(struct simulation *sim, struct scenario_result *res,
                         const struct scenario_totals *totals, struct error *err)
{
    const struct population *pop = sim->pop;
    memset(res, 0, sizeof *res);
    res->first_year = sim->scenario->first_year;
    res->n_years = sim->n_months / 12;
    res->n_regions = pop->n_regions;
    res->n_households = pop->n_households;
    result_alloc(res, !totals, sim->options.microdata);
    double *summary = totals ? totals->summary : res->summary;
    struct year_sums sums = {12 * summary_month_stride(res),   /* one year's table */
                             0, (pop->n_households + POPULATION_BLOCK - 1) / POPULATION_BLOCK, NULL};
    /* Blocks are computed a batch at a time; the batch size bounds memory and does not change
     * the order of the sums. */
    sums.batch = (size_t)(2 << 20) / (sums.stride * sizeof(double));
    if (sums.batch < 1) sums.batch = 1;
    if (sums.batch > sums.n_blocks) sums.batch = sums.n_blocks ? sums.n_blocks : 1;
    sums.partial = xmalloc(sums.batch * sums.stride * sizeof *sums.partial + 1);
    const int years = totals && totals->years ? totals->years : res->n_years;
    for (int y = 0; y < years; y++) {
        const int aligned = aligns_reviews(sim, y);
        int rc = aligned ? align_reviews(sim, y, &sums, err) : 0;
        if (!rc) {
            double *keep = totals && totals->blocks
                               ? totals->blocks + (size_t)y * sums.n_blocks * sums.stride
                               : NULL;
            run_year(sim, y, &sums, summary ? summary + (size_t)y * sums.stride : NULL, keep,
                     res, 1);
            if (aligned) sim->review_align->year = -1;
            end_year(sim, y, res, totals ? totals->exits + (size_t)y * 2 * res->n_regions : NULL);
        }
        if (rc) {
            free(sums.partial);
            scenario_result_free(res);
            return -1;
        }
    }
    if (sim->options.progress) fprintf(sim->options.progress, "\r%50s\r", "");
    if (sim->projection.unreached && sim->projection.unreached[0])
        res->warning = xstrdup(sim->projection.unreached);
    free(sums.partial);
    return 0;
}

int simulation_run(struct simulation *sim, struct scenario_result *res, struct error *err)
{
    return simulation_run_chunk(sim, res, NULL, err);
}

void scenario_result_drop_microdata(struct scenario_result *res)
{
    for (int k = 0; k < N_PROGRAMS; k++) {
        free(res->paid[k]);
        res->paid[k] = NULL;
    }
    free(res->dibao_entitled);
    free(res->months_paid);
    free(res->pre_transfer_pc);
    res->dibao_entitled = NULL;
    res->months_paid = NULL;
    res->pre_transfer_pc = NULL;
}

void scenario_result_free(struct scenario_result *res)
{
    free(res->warning);
    scenario_result_drop_microdata(res);
    free(res->summary);
    memset(res, 0, sizeof *res);
}

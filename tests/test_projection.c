/* Projection invariants (issue 5) on a generated Taiyuan population: everyone alive ages one
 * year each January; deaths remove persons from every later month; with no growth and no
 * transitions every year equals the first; growth compounds to the fen; job transitions drive
 * gradual exit; results are bit-identical for 1 and 2 threads with every transition on; a steady
 * month repeated gives what computing it again gives. Registry dynamics: extra growth for
 * registered households only; exits follow exit_probability and the measures; alignment of
 * registry exits (sort exact, logit shift in expectation), of job entry and of death; 1 and 2
 * threads identical with alignment on; inputs a run cannot align. Scenarios sharing a memo of
 * their draws get the results each gets alone. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "simulate.h"

static struct population pop;

static int setup(void **state)
{
    if (test_dir_create(state)) return -1;
    return test_generate("populations/taiyuan-rural-2016-calibrated.yaml", 0.05, 7, &pop);
}

static int teardown(void **state)
{
    population_free(&pop);
    return test_dir_remove(state);
}

static void load_scenario(struct scenario *s, const char *text)
{
    struct error err = {0};
    if (scenario_load(s, test_write("scenario.yaml", text), &err)) fail_msg("%s", err.message);
}

static void init(struct simulation *sim, const struct scenario *s, int threads)
{
    struct run_options options = {.threads = threads, .seed = 3, .microdata = 1};
    struct error err = {0};
    if (simulation_init(sim, s, &pop, &options, &err)) fail_msg("%s", err.message);
}

#define PROGRAMS_ON "elderly_allowance: {enabled: true}\nmedical_assistance: {enabled: true}\n" \
                    "tekun: {enabled: true}\n"

static void everyone_ages_each_january(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "years: 2016:2018\ndibao: {standard: 320}\n");
    struct simulation sim;
    init(&sim, &s, 1);
    struct household_year *hy = malloc(sizeof *hy);
    for (int y = 0; y < 3; y++) {
        for (size_t h = 0; h < pop.n_households; h++) simulation_household_year(&sim, h, y, hy);
        for (size_t p = 0; p < pop.n_persons; p++) assert_int_equal(sim.pop->age[p], pop.age[p] + y);
    }
    assert_true(sim.pop->age != pop.age);   /* the input population is left alone */
    free(hy);
    simulation_free(&sim);
    scenario_free(&s);
}

static void deaths_are_final(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "years: 2016:2019\ndibao: {standard: 320}\n" PROGRAMS_ON
                      "projection:\n  mortality:\n    male: [{from_age: 0, rate: 0.2}]\n"
                      "    female: [{from_age: 0, rate: 0.1}]\n");
    struct simulation sim;
    init(&sim, &s, 1);
    struct household_year *hy = malloc(sizeof *hy);
    uint8_t *dead = calloc(pop.n_persons, 1);
    size_t deaths = 0;
    for (int y = 0; y < 4; y++)
        for (size_t h = 0; h < pop.n_households; h++) {
            simulation_household_year(&sim, h, y, hy);
            const uint32_t first = pop.first_person[h], n = pop.first_person[h + 1] - first;
            for (int m = 0; m < 12; m++) {
                int living = 0;
                for (uint32_t i = 0; i < n; i++) {
                    const struct member_month *mm = &hy->member[m][i];
                    if (dead[first + i]) {   /* once dead: never alive, never reached again */
                        assert_int_equal(mm->alive, 0);
                        assert_int_equal(mm->paid | mm->entitled, 0);
                    }
                    if (!mm->alive && !dead[first + i]) {
                        assert_true(y > 0);   /* the base year has no deaths */
                        dead[first + i] = 1;
                        deaths++;
                    }
                    living += mm->alive;
                }
                assert_int_equal(hy->persons[m], living);
                if (!living) assert_int_equal(hy->program[m][PROGRAM_DIBAO].paid_units, 0);
            }
        }
    assert_true(deaths > pop.n_persons / 5);
    free(dead);
    free(hy);
    simulation_free(&sim);
    scenario_free(&s);
}

static void standing_still_repeats_the_first_year(void **state)
{
    (void)state;
    struct scenario s;
    /* no growth, no transitions, no yearly draws (targeting and shocks are drawn each year) */
    load_scenario(&s, "years: 2016:2019\ndibao: {standard: 320}\n" PROGRAMS_ON
                      "projection: {aging: false}\n");
    struct simulation sim;
    init(&sim, &s, 2);
    struct scenario_result res;
    struct error err = {0};
    assert_int_equal(simulation_run(&sim, &res, &err), 0);
    const size_t year = 12 * summary_month_stride(&res), H = res.n_households;
    assert_true(summary_row(&res, 0, 0, PROGRAM_ALL)[M_EXPENDITURE] > 0);
    for (int y = 1; y < res.n_years; y++) {
        assert_memory_equal(res.summary, res.summary + y * year, year * sizeof *res.summary);
        for (int k = 0; k < N_PROGRAMS; k++)
            assert_memory_equal(res.paid[k], res.paid[k] + y * H, H * sizeof *res.paid[k]);
    }
    scenario_result_free(&res);
    simulation_free(&sim);
    scenario_free(&s);
}

static void growth_compounds_to_the_fen(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "years: 2016:2018\ndibao: {standard: 320}\n"
                      "projection: {wage_growth: 0.1, income_growth: 0.05}\n");
    struct simulation sim;
    init(&sim, &s, 1);
    struct household_year *hy = malloc(sizeof *hy);
    for (int y = 0; y < 3; y++) {
        for (size_t h = 0; h < pop.n_households; h++) simulation_household_year(&sim, h, y, hy);
        for (size_t p = 0; p < pop.n_persons; p++) {
            int64_t wage = pop.wage[p], pension = pop.basic_pension[p];
            for (int k = 0; k < y; k++) {   /* × 1.1 and × 1.05, each rounded half up to the fen */
                wage = (wage * 110 + 50) / 100;
                pension = (pension * 105 + 50) / 100;
            }
            assert_int_equal(sim.pop->wage[p], wage);
            assert_int_equal(sim.pop->basic_pension[p], pension);
        }
    }
    free(hy);
    simulation_free(&sim);
    scenario_free(&s);
}

/* Dibao paid in year y (all regions), yuan. */
static double dibao_in(const struct scenario_result *res, int y)
{
    double total = 0;
    for (int m = 0; m < 12; m++)
        for (int r = 0; r < res->n_regions; r++)
            total += summary_row(res, y * 12 + m, r, PROGRAM_DIBAO)[M_EXPENDITURE];
    return total;
}

static void jobs_drive_gradual_exit(void **state)
{
    (void)state;
    const char *jobs = "years: 2016:2017\ndibao: {standard: 320%s}\n"
                       "projection: {aging: false, jobs: {entry: 0.1, exit: 0, wage_median: 2500}}\n";
    char text[512];
    struct scenario with, without;
    snprintf(text, sizeof text, jobs, ", gradual_exit: {enabled: true}");
    load_scenario(&with, text);
    snprintf(text, sizeof text, jobs, "");
    load_scenario(&without, text);
    struct simulation a, b;
    struct scenario_result ra, rb;
    struct error err = {0};
    init(&a, &with, 2);
    init(&b, &without, 2);
    assert_int_equal(simulation_run(&a, &ra, &err), 0);
    assert_int_equal(simulation_run(&b, &rb, &err), 0);
    assert_true(dibao_in(&ra, 0) == dibao_in(&rb, 0));   /* the base year: no new jobs */
    assert_true(dibao_in(&rb, 1) < 0.9 * dibao_in(&rb, 0));   /* new jobs end payments ... */
    assert_true(dibao_in(&ra, 1) > dibao_in(&rb, 1));    /* ... which exit months soften */
    size_t employed_before = 0, employed_after = 0;
    for (size_t p = 0; p < pop.n_persons; p++) {
        employed_before += pop.employed[p];
        employed_after += a.pop->employed[p];
    }
    assert_true(employed_after > employed_before);
    scenario_result_free(&ra);
    scenario_result_free(&rb);
    simulation_free(&a);
    simulation_free(&b);
    scenario_free(&with);
    scenario_free(&without);
}

static void every_transition_same_for_1_and_2_threads(void **state)
{
    (void)state;
    struct scenario s;
    struct error err = {0};
    if (scenario_load(&s, "scenarios/reform-work-cost-gradual-exit.yaml", &err))
        fail_msg("%s", err.message);
    struct scenario_result res[2];
    for (int t = 0; t < 2; t++) {
        struct simulation sim;
        init(&sim, &s, t + 1);
        assert_int_equal(simulation_run(&sim, &res[t], &err), 0);
        simulation_free(&sim);
    }
    const size_t cells = (size_t)res[0].n_years * res[0].n_households;
    assert_int_equal(res[0].n_years, 5);
    assert_memory_equal(res[0].summary, res[1].summary,
                        res[0].n_years * 12 * summary_month_stride(&res[0]) * sizeof(double));
    for (int k = 0; k < N_PROGRAMS; k++)
        assert_memory_equal(res[0].paid[k], res[1].paid[k], cells * sizeof(int64_t));
    assert_memory_equal(res[0].pre_transfer_pc, res[1].pre_transfer_pc, cells * sizeof(double));
    for (int t = 0; t < 2; t++) scenario_result_free(&res[t]);
    scenario_free(&s);
}

/* Repeating a steady month (nothing changed) gives what computing it again gives, with gradual
 * exit (whose quiet units may repeat) and without. */
static void steady_months_repeat_exactly(void **state)
{
    (void)state;
    static const char *const FILES[] = {"scenarios/taiyuan-2016-baseline.yaml",
                                        "scenarios/study-recommendations-2017.yaml"};
    for (int f = 0; f < 2; f++) {
        struct scenario s;
        struct error err = {0};
        if (scenario_load(&s, FILES[f], &err)) fail_msg("%s", err.message);
        struct scenario_result res[2];
        for (int t = 0; t < 2; t++) {
            struct simulation sim;
            init(&sim, &s, 2);
            if (t) memset(sim.steady, 0, (size_t)sim.n_months * pop.n_regions);   /* all anew */
            assert_int_equal(simulation_run(&sim, &res[t], &err), 0);
            simulation_free(&sim);
        }
        const size_t cells = (size_t)res[0].n_years * res[0].n_households;
        for (int k = 0; k < N_PROGRAMS; k++)
            assert_memory_equal(res[0].paid[k], res[1].paid[k], cells * sizeof(int64_t));
        const size_t n = res[0].n_years * 12 * summary_month_stride(&res[0]);
        for (size_t i = 0; i < n; i++)   /* the same sums, added in another grouping */
            assert_true(fabs(res[0].summary[i] - res[1].summary[i]) <=
                        1e-9 * fabs(res[1].summary[i]) + 1e-9);
        for (int t = 0; t < 2; t++) scenario_result_free(&res[t]);
        scenario_free(&s);
    }
}

/* A scenario's results run alone (`memo` NULL) or with the draws noted by the scenarios before
 * it on the same population (drawmemo.h). */
static void run_with_memo(const char *text, const struct draw_memo *memo,
                          struct scenario_result *res)
{
    struct scenario s;
    load_scenario(&s, text);
    struct simulation sim;
    init(&sim, &s, 2);
    sim.projection.memo = memo;
    struct error err = {0};
    if (simulation_run(&sim, res, &err)) fail_msg("%s", err.message);
    simulation_free(&sim);
    scenario_free(&s);
}

/* Scenarios sharing a memo of their draws get the results each gets alone, in either order:
 * one whose hazards stay below the memo's threshold (the draws it may skip) and one whose
 * hazards go far above it (the draws it must make although another noted them quiet). */
static void a_memo_of_draws_changes_nothing(void **state)
{
    (void)state;
#define JOBS(entry, exit) "  jobs: {entry: " entry ", exit: " exit ", wage_median: 2000, " \
                          "wage_sigma: 0.5, min_age: 16, max_age: 59}\n"
    static const char *const TEXTS[2] = {
        "years: 2016:2018\ndibao: {standard: 320}\nprojection:\n"
        "  mortality: {male: [{from_age: 0, rate: 0.1}], female: [{from_age: 0, rate: 0.1}]}\n"
        "  disability_onset: [{from_age: 0, rate: 0.1}]\n"
        "  illness_onset: [{from_age: 0, rate: 0.2}]\n" JOBS("0.02", "0.01"),
        "years: 2016:2018\ndibao: {standard: 320}\nprojection:\n"
        "  mortality: {male: [{from_age: 0, rate: 0.3}], female: [{from_age: 0, rate: 0.3}]}\n"
        "  disability_onset: [{from_age: 0, rate: 0.5}]\n"
        "  illness_onset: [{from_age: 0, rate: 0.4}]\n" JOBS("0.3", "0.2")};
#undef JOBS
    struct scenario_result alone[2];
    for (int k = 0; k < 2; k++) run_with_memo(TEXTS[k], NULL, &alone[k]);
    const size_t cells = (size_t)alone[0].n_years * alone[0].n_households;
    const size_t sums = alone[0].n_years * 12 * summary_month_stride(&alone[0]);
    for (int first = 0; first < 2; first++) {
        struct draw_memo memo;
        draw_memo_init(&memo, pop.n_persons, 2016, 2018);
        for (int j = 0; j < 2; j++) {
            const int k = (first + j) % 2;
            struct scenario_result res;
            run_with_memo(TEXTS[k], &memo, &res);
            assert_memory_equal(res.summary, alone[k].summary, sums * sizeof(double));
            for (int p = 0; p < N_PROGRAMS; p++)
                assert_memory_equal(res.paid[p], alone[k].paid[p], cells * sizeof(int64_t));
            scenario_result_free(&res);
        }
        size_t quiet = 0, noted = 0;   /* the memo was used: most blocks noted quiet, not all */
        for (size_t i = 0; i < (size_t)memo.n_months * memo.n_persons; i++) {
            noted += memo.notes[i] & 1;
            quiet += memo.notes[i] >> 1 & 1;
        }
        assert_true(quiet > noted / 2 && quiet < noted);
        draw_memo_free(&memo);
    }
    for (int k = 0; k < 2; k++) scenario_result_free(&alone[k]);
}

/* Registry dynamics and alignment (rules.md 6) on the generated population. */

/* Runs the scenario text with `threads`; fails the test on an error. */
static void run_text(const char *text, int threads, struct scenario_result *res)
{
    struct scenario s;
    struct simulation sim;
    struct error err = {0};
    load_scenario(&s, text);
    init(&sim, &s, threads);
    if (simulation_run(&sim, res, &err)) fail_msg("%s", err.message);
    simulation_free(&sim);
    scenario_free(&s);
}

/* Measure i of row `all` in December of year y, all regions. */
static double december_all(const struct scenario_result *res, int y, int i)
{
    double total = 0;
    for (int r = 0; r < res->n_regions; r++) total += summary_row(res, y * 12 + 11, r, PROGRAM_ALL)[i];
    return total;
}

static void registry_income_growth_only_for_registered(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "years: 2016:2017\ndibao: {standard: 320}\n"
                      "projection: {registry: {income_growth: 0.1}}\n");
    struct simulation sim;
    init(&sim, &s, 1);
    struct household_year *hy = malloc(sizeof *hy);
    for (int y = 0; y < 2; y++) {
        for (size_t h = 0; h < pop.n_households; h++) simulation_household_year(&sim, h, y, hy);
        simulation_end_year(&sim, y, NULL);
    }
    size_t grown = 0, kept = 0;
    for (size_t h = 0; h < pop.n_households; h++)
        for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++) {
            const int32_t *before[] = {&pop.wage[p], &pop.business_income[p],
                                       &pop.property_income[p], &pop.transfer_income[p]};
            const int32_t *after[] = {&sim.pop->wage[p], &sim.pop->business_income[p],
                                      &sim.pop->property_income[p], &sim.pop->transfer_income[p]};
            for (int k = 0; k < 4; k++) {
                const int64_t x = *before[k];
                assert_int_equal(*after[k], pop.registered_poor[h] ? (x * 110 + 50) / 100 : x);
                if (x > 0) *(pop.registered_poor[h] ? &grown : &kept) += 1;
            }
            assert_int_equal(sim.pop->basic_pension[p], pop.basic_pension[p]);
        }
    assert_true(grown > 100 && kept > 100);
    free(hy);
    simulation_free(&sim);
    scenario_free(&s);
}

#define REGISTRY "years: 2016:2018\ndibao: {standard: 320}\n" \
                 "projection: {aging: false, registry: {exit_income_multiple: 1, " \
                 "exit_probability: %s}%s}\n"

static void registry_exits_follow_the_probability(void **state)
{
    (void)state;
    char text[1024];
    struct scenario_result none, all;
    snprintf(text, sizeof text, REGISTRY, "0", "");
    run_text(text, 2, &none);
    snprintf(text, sizeof text, REGISTRY, "1", "");
    run_text(text, 2, &all);
    double registered = 0;
    for (size_t h = 0; h < pop.n_households; h++) registered += pop.registered_poor[h] * pop.weight[h];
    for (int y = 0; y < 3; y++) {
        assert_true(december_all(&none, y, M_REGISTRY_EXIT_HOUSEHOLDS) == 0);
    }
    /* with probability 1 every candidate leaves in the base year's December: fewer registered
     * persons from January 2017, and nobody left to leave in later years' Decembers but the
     * households whose income rose (none: no growth, no transitions) */
    const double exits = december_all(&all, 0, M_REGISTRY_EXIT_HOUSEHOLDS);
    assert_true(exits > 0.05 * registered && exits < registered);
    assert_true(december_all(&all, 0, M_REGISTRY_EXIT_PERSONS) > exits);
    assert_true(december_all(&all, 1, M_REGISTRY_EXIT_HOUSEHOLDS) == 0);
    double before = 0, after = 0, after_none = 0;
    for (int r = 0; r < all.n_regions; r++) {
        before += summary_row(&all, 11, r, PROGRAM_ALL)[M_REGISTERED_POOR];
        after += summary_row(&all, 12, r, PROGRAM_ALL)[M_REGISTERED_POOR];
        after_none += summary_row(&none, 12, r, PROGRAM_ALL)[M_REGISTERED_POOR];
    }
    assert_true(after_none == before);
    assert_true(fabs(before - after - december_all(&all, 0, M_REGISTRY_EXIT_PERSONS)) < 1e-6 * before);
    /* not in the row `dibao` */
    for (int r = 0; r < all.n_regions; r++)
        assert_true(summary_row(&all, 11, r, PROGRAM_DIBAO)[M_REGISTRY_EXIT_HOUSEHOLDS] == 0);
    scenario_result_free(&none);
    scenario_result_free(&all);
}

static void registry_exit_alignment(void **state)
{
    (void)state;
    char text[1024];
    struct scenario_result all, sorted, shifted, plain;
    snprintf(text, sizeof text, REGISTRY, "1", "");
    run_text(text, 1, &all);
    const double candidates = december_all(&all, 0, M_REGISTRY_EXIT_HOUSEHOLDS);
    double max_weight = 0;
    for (size_t h = 0; h < pop.n_households; h++) max_weight = fmax(max_weight, pop.weight[h]);
    /* sort: exactly the total, to within half a household's weight */
    const double total = floor(0.7 * candidates);
    snprintf(text, sizeof text, REGISTRY, "0.3",
             ", alignment: [{transition: registry_exit, method: sort, totals: {2016: %.0f}}]");
    char aligned[1024];
    snprintf(aligned, sizeof aligned, text, total);
    run_text(aligned, 2, &sorted);
    assert_true(fabs(december_all(&sorted, 0, M_REGISTRY_EXIT_HOUSEHOLDS) - total) <= max_weight / 2);
    /* logit shift: in expectation; the draws' spread is at most √(Σ w²/4) over the candidates */
    snprintf(text, sizeof text, REGISTRY, "0.3",
             ", alignment: [{transition: registry_exit, totals: {2016: %.0f}}]");
    snprintf(aligned, sizeof aligned, text, total);
    run_text(aligned, 2, &shifted);
    snprintf(text, sizeof text, REGISTRY, "0.3", "");
    run_text(text, 2, &plain);
    const double sd = sqrt(candidates * max_weight / 4);
    const double got = december_all(&shifted, 0, M_REGISTRY_EXIT_HOUSEHOLDS);
    const double unaligned = december_all(&plain, 0, M_REGISTRY_EXIT_HOUSEHOLDS);
    assert_true(fabs(got - total) < 4 * sd);
    assert_true(fabs(unaligned - total) > 8 * sd);   /* 0.3 of the candidates, not 0.7 */
    /* 2017 has no total: the candidates left leave with probability 0.3, not aligned */
    const double later = december_all(&shifted, 1, M_REGISTRY_EXIT_HOUSEHOLDS);
    assert_true(fabs(later - 0.3 * (candidates - got)) < 4 * sd);
    scenario_result_free(&all);
    scenario_result_free(&sorted);
    scenario_result_free(&shifted);
    scenario_result_free(&plain);
}

/* Weighted persons who found a job (`died` 0) or died (1) over the run: with no job exits the
 * entries, after a base year without transitions the last year's. */
static double transitions(const char *text, int died)
{
    struct scenario s;
    struct simulation sim;
    struct scenario_result res;
    struct error err = {0};
    load_scenario(&s, text);
    init(&sim, &s, 2);
    if (simulation_run(&sim, &res, &err)) fail_msg("%s", err.message);
    double total = 0;
    for (size_t h = 0; h < pop.n_households; h++)
        for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++)
            total += pop.weight[h] * (died ? !population_alive(sim.pop, p)
                                           : sim.pop->employed[p] && !pop.employed[p]);
    scenario_result_free(&res);
    simulation_free(&sim);
    scenario_free(&s);
    return total;
}

/* Job entry and death aligned to 3 × what they give unaligned: within 10 % of the total (the
 * total holds in expectation for the candidates at the start of the year). */
static void monthly_alignment(void **state)
{
    (void)state;
    static const char *const SETTINGS[2] = {
        "jobs: {entry: 0.01, exit: 0}",
        "mortality: {male: [{from_age: 0, rate: 0.01}], female: [{from_age: 0, rate: 0.01}]}"};
    static const char *const NAMES[2] = {"job_entry", "death"};
    for (int t = 0; t < 2; t++) {
        char text[512], items[256];
        snprintf(text, sizeof text, "years: 2016:2017\ndibao: {standard: 320}\n"
                 "projection: {%s}\n", SETTINGS[t]);
        const double plain = transitions(text, t), total = 3 * plain;
        snprintf(items, sizeof items, ", alignment: [{transition: %s, totals: {2017: %.0f}}]",
                 NAMES[t], total);
        snprintf(text, sizeof text, "years: 2016:2017\ndibao: {standard: 320}\n"
                 "projection: {%s%s}\n", SETTINGS[t], items);
        const double got = transitions(text, t);
        assert_true(plain > 0);
        assert_true(fabs(got - total) < 0.1 * total);
    }
}

static void alignment_same_for_1_and_2_threads(void **state)
{
    (void)state;
    const char *text = "years: 2016:2018\ndibao: {standard: 320}\n"
        "projection:\n  registry: {exit_income_multiple: 1, exit_probability: 0.5, income_growth: 0.05}\n"
        "  jobs: {entry: 0.02, exit: 0.02}\n"
        "  mortality: {male: [{from_age: 0, rate: 0.01}], female: [{from_age: 0, rate: 0.01}]}\n"
        "  alignment:\n"
        "    - {transition: registry_exit, totals: {2016: 2000, 2017: 1000}}\n"
        "    - {transition: job_entry, by: all, totals: {2017: 3000, 2018: 2000}}\n"
        "    - {transition: death, totals: {2018: 500}}\n";
    struct scenario_result res[2];
    run_text(text, 1, &res[0]);
    run_text(text, 2, &res[1]);
    assert_true(december_all(&res[0], 0, M_REGISTRY_EXIT_HOUSEHOLDS) > 0);
    assert_memory_equal(res[0].summary, res[1].summary,
                        res[0].n_years * 12 * summary_month_stride(&res[0]) * sizeof(double));
    const size_t cells = (size_t)res[0].n_years * res[0].n_households;
    for (int k = 0; k < N_PROGRAMS; k++)
        assert_memory_equal(res[0].paid[k], res[1].paid[k], cells * sizeof(int64_t));
    for (int t = 0; t < 2; t++) scenario_result_free(&res[t]);
}

/* A total the candidates cannot give: the nearest is taken (every candidate leaves, as with
 * probability 1 unaligned) and the result carries a warning naming the total. */
static void unreachable_totals_take_the_nearest_and_warn(void **state)
{
    (void)state;
    const char *base = "years: 2016:2017\ndibao: {standard: 320}\nprojection:\n"
                       "  registry: {exit_income_multiple: 1, exit_probability: 1}\n";
    char text[512];
    struct scenario_result all, aligned;
    run_text(base, 1, &all);
    assert_null(all.warning);
    snprintf(text, sizeof text, "%s  alignment: [{transition: registry_exit, method: sort, "
             "totals: {2016: 1e12}}]\n", base);
    run_text(text, 1, &aligned);
    assert_non_null(aligned.warning);
    test_assert_contains(aligned.warning, "the 2016 total 1e+12 of registry_exit is out of reach: "
                                          "its candidates give 0 to ");
    const double everyone = december_all(&all, 0, M_REGISTRY_EXIT_HOUSEHOLDS);
    assert_true(everyone > 100);
    assert_true(december_all(&aligned, 0, M_REGISTRY_EXIT_HOUSEHOLDS) == everyone);
    scenario_result_free(&all);
    scenario_result_free(&aligned);
}

/* Inputs a run cannot align: ERR_INPUT with file:line:col and the value. */
static void alignment_run_errors(void **state)
{
    (void)state;
    static const struct {
        const char *multiple, *items, *message;
    } CASES[] = {
        {"1", "[{transition: review_exit, method: sort, totals: {2017: 5}}]",
         "scenario.yaml:5:15: projection.alignment[0]: review_exit alignment needs dibao.review"},
        {"1", "[{transition: job_entry, totals: {2016: 5}}]",
         "year 2016 is not a year of the scenario with job_entry (2017-2018; the base year has no"},
        {"null", "[{transition: registry_exit, totals: {2017: 5}}]",
         "registry_exit alignment needs projection.registry.exit_income_multiple"},
        {"1", "[{transition: registry_exit, totals: {2019: 5}}]",
         "year 2019 is not a year of the scenario with registry_exit (2016-2018)"},
        {"1", "[{transition: job_exit, by: region, totals: {Nowhere: {2017: 5}}}]",
         "region 'Nowhere' is not a region of the population"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "years: 2016:2018\ndibao: {standard: 320}\nprojection:\n"
                 "  registry: {exit_income_multiple: %s}\n  alignment: %s\n"
                 "  jobs: {entry: 0.01, exit: 0.01}\n", CASES[i].multiple, CASES[i].items);
        struct scenario s;
        struct simulation sim;
        struct scenario_result res;
        struct run_options options = {.threads = 1, .seed = 3};
        struct error err = {0};
        load_scenario(&s, text);
        int rc = simulation_init(&sim, &s, &pop, &options, &err);
        if (!rc) {
            rc = simulation_run(&sim, &res, &err);
            simulation_free(&sim);
        }
        assert_int_not_equal(rc, 0);
        assert_int_equal(err.code, ERR_INPUT);
        test_assert_contains(err.message, CASES[i].message);
        scenario_free(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(everyone_ages_each_january),
        cmocka_unit_test(deaths_are_final),
        cmocka_unit_test(standing_still_repeats_the_first_year),
        cmocka_unit_test(growth_compounds_to_the_fen),
        cmocka_unit_test(jobs_drive_gradual_exit),
        cmocka_unit_test(every_transition_same_for_1_and_2_threads),
        cmocka_unit_test(steady_months_repeat_exactly),
        cmocka_unit_test(a_memo_of_draws_changes_nothing),
        cmocka_unit_test(registry_income_growth_only_for_registered),
        cmocka_unit_test(registry_exits_follow_the_probability),
        cmocka_unit_test(registry_exit_alignment),
        cmocka_unit_test(monthly_alignment),
        cmocka_unit_test(alignment_same_for_1_and_2_threads),
        cmocka_unit_test(alignment_run_errors),
        cmocka_unit_test(unreachable_totals_take_the_nearest_and_warn),
    };
    return cmocka_run_group_tests_name("projection", tests, setup, teardown);
}

/* Projection invariants (issue 5) on a generated Taiyuan population: everyone alive ages one
 * year each January; deaths remove persons from every later month; with no growth and no
 * transitions every year equals the first; growth compounds to the fen; job transitions drive
 * gradual exit; results are bit-identical for 1 and 2 threads with every transition on; a steady
 * month repeated gives what computing it again gives. */
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
    };
    return cmocka_run_group_tests_name("projection", tests, setup, teardown);
}

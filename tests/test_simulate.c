/* The simulation over a generated population of many blocks: bit-identical results for 1 and
 * 2 threads, summary totals equal to the microdata, every program row's persons and income
 * equal to sums made from the population, and policy invariants (a zero standard pays nothing;
 * raising the standard never lowers a household's dibao). */
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

#include "rng.h"
#include "simulate.h"

static struct population pop;
#define N_HOUSEHOLDS 20000   /* about 20 blocks */

/* Writes a random population (keyed draws: the same every time) and loads it. */
static int setup(void **state)
{
    if (test_dir_create(state)) return -1;
    const char *dir = test_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/households.csv", dir);
    FILE *h = fopen(path, "w");
    snprintf(path, sizeof path, "%s/persons.csv", dir);
    FILE *p = fopen(path, "w");
    fputs(TEST_HOUSEHOLDS_CSV, h);
    fputs(TEST_PERSONS_CSV, p);
    long person = 1;
    for (long k = 1; k <= N_HOUSEHOLDS; k++) {
        struct rng_stream s;
        rng_stream_init(&s, 5, (uint64_t)k, 2016, 0, RNG_TEST, 0);
        int size = 1 + (int)(rng_uniform(&s) * 6);
        fprintf(h, "%ld,%s,%s,%d,%.3f,%.2f,%d,%d,0,0,0\n", k,
                rng_uniform(&s) < 0.45 ? "Loufan" : "Yangqu",
                rng_uniform(&s) < 0.9 ? "rural" : "urban", rng_uniform(&s) < 0.2,
                0.5 + rng_uniform(&s), rng_uniform(&s) < 0.8 ? 0.0 : 50000 * rng_uniform(&s),
                rng_uniform(&s) < 0.05, 1 + (rng_uniform(&s) < 0.05));
        for (int i = 0; i < size; i++) {
            double income = rng_uniform(&s) < 0.3 ? 0 : exp(5.5 + rng_uniform(&s) * 1.5);
            fprintf(p, "%ld,%ld,%d,%s,%d,%s,0,none,0,0,%d,%.2f,%.2f,0,0,%.2f,0,0,0\n", person++, k,
                    1 + (i >= 2), i == 0 ? "head" : "other", (int)(rng_uniform(&s) * 90),
                    rng_uniform(&s) < 0.5 ? "male" : "female", income > 0, income,
                    rng_uniform(&s) < 0.2 ? 100 * rng_uniform(&s) : 0.0,
                    rng_uniform(&s) < 0.1 ? 123.0 : 0.0);
        }
    }
    fclose(h);
    fclose(p);
    struct error err = {0};
    return population_load_csv(&pop, dir, &err);
}

static int teardown(void **state)
{
    (void)state;
    population_free(&pop);
    return test_dir_remove(state);
}

static void load_scenario(struct scenario *s, const char *text)
{
    struct error err = {0};
    if (scenario_load(s, test_write("scenario.yaml", text), &err)) fail_msg("%s", err.message);
}

static void run(const struct scenario *s, int threads, struct scenario_result *res)
{
    struct run_options options = {.threads = threads, .seed = 1, .microdata = 1};
    struct simulation sim;
    struct error err = {0};
    if (simulation_init(&sim, s, &pop, &options, &err)) fail_msg("%s", err.message);
    assert_int_equal(simulation_run(&sim, res, &err), 0);
    simulation_free(&sim);
}

static const char *BASELINE = "years: 2016:2017\n"
                              "dibao:\n"
                              "  unit: family\n"
                              "  standard: {Loufan: {2016-01: 320, 2017-01: 350}, Yangqu: 300}\n"
                              "  benefit: {min_share: 0.1}\n";

static void same_results_for_1_and_2_threads(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, BASELINE);
    struct scenario_result one, two;
    run(&s, 1, &one);
    run(&s, 2, &two);
    size_t summary = (size_t)one.n_years * 12 * summary_month_stride(&one);
    size_t cells = (size_t)one.n_years * one.n_households;
    assert_memory_equal(one.summary, two.summary, summary * sizeof *one.summary);
    for (int k = 0; k < N_PROGRAMS; k++)
        assert_memory_equal(one.paid[k], two.paid[k], cells * sizeof *one.paid[k]);
    assert_memory_equal(one.pre_transfer_pc, two.pre_transfer_pc, cells * sizeof *one.pre_transfer_pc);
    assert_memory_equal(one.months_paid, two.months_paid, cells);
    assert_true(summary_row(&one, 0, 0, PROGRAM_DIBAO)[M_PAID_UNITS] > 100);   /* the population has recipients */
    scenario_result_free(&one);
    scenario_result_free(&two);
    scenario_free(&s);
}

static void summary_matches_microdata(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, BASELINE);
    struct scenario_result res;
    run(&s, 2, &res);
    for (int y = 0; y < res.n_years; y++) {
        double from_summary = 0, from_micro = 0;
        for (int m = 0; m < 12; m++)
            for (int r = 0; r < res.n_regions; r++)
                from_summary += summary_row(&res, y * 12 + m, r, PROGRAM_DIBAO)[M_EXPENDITURE];
        for (size_t h = 0; h < res.n_households; h++)
            from_micro += pop.weight[h] * (double)res.paid[PROGRAM_DIBAO][(size_t)y * res.n_households + h] / 100;
        assert_true(fabs(from_summary - from_micro) <= 1e-9 * from_micro);
    }
    scenario_result_free(&res);
    scenario_free(&s);
}

/* Every program row holds the household's own measures (persons, income) of every household:
 * equal, row by row and to the last bit, to sums made here from the population in the run's
 * order (households in order within a block of POPULATION_BLOCK, then the blocks in order; no
 * projection, so everyone lives all year). */
static void every_row_counts_every_household(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "years: 2016\ndibao: {standard: 320}\nelderly_allowance: {enabled: true}\n"
                      "medical_assistance: {enabled: true}\ntekun: {enabled: true}\n");
    struct scenario_result res;
    run(&s, 2, &res);
    for (int r = 0; r < res.n_regions; r++) {
        double persons = 0, income = 0;
        for (size_t block = 0; block < pop.n_households; block += POPULATION_BLOCK) {
            double block_persons = 0, block_income = 0;
            for (size_t h = block; h < pop.n_households && h < block + POPULATION_BLOCK; h++) {
                if (pop.region[h] != r) continue;
                int64_t fen = 0;
                for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++)
                    fen += (int64_t)pop.wage[p] + pop.business_income[p] + pop.property_income[p] +
                           pop.transfer_income[p] + pop.basic_pension[p];
                block_persons += pop.weight[h] * (pop.first_person[h + 1] - pop.first_person[h]);
                block_income += pop.weight[h] * (double)fen / 100.0;
            }
            persons += block_persons;
            income += block_income;
        }
        for (int m = 0; m < 12; m++)
            for (int k = 0; k < N_PROGRAM_ROWS; k++) {
                const double *row = summary_row(&res, m, r, k);
                assert_memory_equal(&row[M_PERSONS], &persons, sizeof persons);
                assert_memory_equal(&row[M_INCOME], &income, sizeof income);
                assert_memory_equal(&row[M_POOR_BEFORE],
                                    &summary_row(&res, m, r, PROGRAM_ALL)[M_POOR_BEFORE],
                                    3 * sizeof(double));
            }
        assert_true(summary_row(&res, 0, r, PROGRAM_ALL)[M_POOR_BEFORE] > 0);
    }
    scenario_result_free(&res);
    scenario_free(&s);
}

static void zero_standard_pays_nothing(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "dibao: {standard: 0}\n");
    struct scenario_result res;
    run(&s, 2, &res);
    for (size_t i = 0; i < 12 * summary_month_stride(&res); i++) {
        const int m = (int)(i % N_MEASURES);
        if (m == M_PERSONS || m == M_REGISTERED_POOR || m == M_INCOME ||
            (m >= M_POOR_BEFORE && m <= M_GAP2_AFTER))
            continue;   /* population measures, not payments */
        assert_true(res.summary[i] == 0);
    }
    scenario_result_free(&res);
    scenario_free(&s);
}

static void raising_the_standard_never_lowers_dibao(void **state)
{
    (void)state;
    struct scenario low, high;
    load_scenario(&low, "dibao: {standard: 320, unit: family}\n");
    load_scenario(&high, "dibao: {standard: 360, unit: family}\n");
    struct scenario_result a, b;
    run(&low, 1, &a);
    run(&high, 2, &b);
    int raised = 0;
    for (size_t h = 0; h < a.n_households; h++) {
        assert_true(b.paid[PROGRAM_DIBAO][h] >= a.paid[PROGRAM_DIBAO][h]);
        raised += b.paid[PROGRAM_DIBAO][h] > a.paid[PROGRAM_DIBAO][h];
    }
    assert_true(raised > 100);
    scenario_result_free(&a);
    scenario_result_free(&b);
    scenario_free(&low);
    scenario_free(&high);
}

/* A household-year keeps its units' yearly draws (income error, take-up, wrongful inclusion) as
 * first drawn for its later months: with a standard that changes every month, so that every month
 * is worked out again, each month of every household's year equals the month worked out alone,
 * drawing afresh. */
static void kept_yearly_draws_change_nothing(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "years: 2016:2016\n"
                      "dibao:\n"
                      "  unit: family\n"
                      "  standard: {2016-01: 300, 2016-02: 301, 2016-03: 302, 2016-04: 303, "
                      "2016-05: 304, 2016-06: 305, 2016-07: 306, 2016-08: 307, 2016-09: 308, "
                      "2016-10: 309, 2016-11: 310, 2016-12: 311}\n"
                      "  separate_registration: {enabled: true, who: [disability_1_2, "
                      "serious_illness]}\n"
                      "targeting:\n"
                      "  take_up: 0.7\n"
                      "  income_error_sigma: 0.3\n"
                      "  wrongful_inclusion: 0.2\n");
    struct run_options options = {.threads = 1, .seed = 1};
    struct simulation year, alone;
    struct error err = {0};
    if (simulation_init(&year, &s, &pop, &options, &err) ||
        simulation_init(&alone, &s, &pop, &options, &err))
        fail_msg("%s", err.message);
    static struct household_year hy;
    struct household_month hm;
    long paid_months = 0, units_seen = 0;
    for (size_t h = 0; h < pop.n_households; h += 7) {
        simulation_household_year(&year, h, 0, &hy);
        for (int m = 0; m < 12; m++) {
            simulation_household_month(&alone, h, m, &hm);
            int64_t paid = 0;
            int paid_units = 0;
            for (int k = 0; k < hm.units.n; k++) {
                paid += hm.unit[k].paid ? hm.unit[k].payment : 0;
                paid_units += hm.unit[k].paid;
            }
            assert_int_equal(hy.program[m][PROGRAM_DIBAO].paid, paid);
            assert_int_equal(hy.program[m][PROGRAM_DIBAO].paid_units, paid_units);
            paid_months += paid > 0;
            units_seen += hm.units.n > 1;
        }
    }
    assert_true(paid_months > 1000);   /* draws decided something */
    assert_true(units_seen > 100);     /* and households had several units */
    simulation_free(&year);
    simulation_free(&alone);
    scenario_free(&s);
}

/* A steady month repeats the month before without being worked out (a review month too, for a
 * household off the caseload), and months that repeat the month before are measured and kept
 * once for the run of them: with incomes, members and reviews changing within years, the sums
 * and the microdata equal those of every month worked out and measured on its own. */
static void repeated_months_as_every_month_worked_out(void **state)
{
    (void)state;
    struct scenario s;
    load_scenario(&s, "dibao:\n"
                      "  unit: family\n"
                      "  standard: {Loufan: {2016-01: 320, 2017-07: 350}, Yangqu: 300}\n"
                      "  review: {enabled: true, interval_months: 6, month: 6, coverage: 0.7}\n"
                      "  gradual_exit: {enabled: true, mode: taper, schedule: [1, 0.8, 0.5]}\n"
                      "targeting: {income_error_sigma: 0.2, take_up: 0.8}\n"
                      "temporary_assistance:\n"
                      "  enabled: true\n"
                      "  shock_probability: {true: 0.3, false: 0.2}\n"
                      "  cost_median: 4000\n"
                      "  payout_share: 0.5\n"
                      "projection:\n"
                      "  years: 2016:2018\n"
                      "  wage_growth: 0.1\n"
                      "  income_growth: 0.05\n"
                      "  mortality: {male: [{from_age: 0, rate: 0.05}], "
                      "female: [{from_age: 0, rate: 0.04}]}\n"
                      "  illness_onset: [{from_age: 0, rate: 0.02}]\n"
                      "  jobs: {entry: 0.05, exit: 0.05, wage_median: 1500, wage_sigma: 0.5, "
                      "min_age: 16, max_age: 59}\n");
    struct scenario_result runs, each;
    struct run_options options = {.threads = 2, .seed = 3, .microdata = 1};
    struct simulation sim;
    struct error err = {0};
    for (int k = 0; k < 2; k++) {
        options.every_month = k;
        if (simulation_init(&sim, &s, &pop, &options, &err)) fail_msg("%s", err.message);
        assert_int_equal(simulation_run(&sim, k ? &each : &runs, &err), 0);
        simulation_free(&sim);
    }
    const size_t summary = (size_t)runs.n_years * 12 * summary_month_stride(&runs);
    assert_memory_equal(runs.summary, each.summary, summary * sizeof *runs.summary);
    const size_t cells = (size_t)runs.n_years * runs.n_households;   /* and the microdata */
    for (int k = 0; k < N_PROGRAMS; k++)
        assert_memory_equal(runs.paid[k], each.paid[k], cells * sizeof *runs.paid[k]);
    assert_memory_equal(runs.dibao_entitled, each.dibao_entitled,
                        cells * sizeof *runs.dibao_entitled);
    assert_memory_equal(runs.months_paid, each.months_paid, cells);
    assert_memory_equal(runs.pre_transfer_pc, each.pre_transfer_pc,
                        cells * sizeof *runs.pre_transfer_pc);
    assert_true(summary_row(&runs, 35, 0, PROGRAM_DIBAO)[M_PAID_UNITS] > 100);
    assert_true(summary_row(&runs, 30, 0, PROGRAM_TEMPORARY)[M_PAID_UNITS] > 0);
    scenario_result_free(&runs);
    scenario_result_free(&each);
    scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_results_for_1_and_2_threads),
        cmocka_unit_test(summary_matches_microdata),
        cmocka_unit_test(every_row_counts_every_household),
        cmocka_unit_test(zero_standard_pays_nothing),
        cmocka_unit_test(raising_the_standard_never_lowers_dibao),
        cmocka_unit_test(kept_yearly_draws_change_nothing),
        cmocka_unit_test(repeated_months_as_every_month_worked_out),
    };
    return cmocka_run_group_tests_name("simulate", tests, setup, teardown);
}

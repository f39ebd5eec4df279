/* Sensitivity analysis and sweeps (issue 6): the distributions' quantiles; draws reproducible
 * from the seed and the replication's index; a replication equal to a plain run with its draws;
 * identical results for 1 and 2 threads; the tornado's ends and centre; sweeps over one and two
 * axes; scale and replace; and the errors of bad settings, with file:line:col. */
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

#include "policy.h"
#include "sensitivity.h"

static struct population pop;

/* The headlines the tests read: dibao's cost and the cost of every program. */
#define COST_DIBAO (H_COST + PROGRAM_DIBAO)
#define COST_ALL (H_COST + PROGRAM_ALL)

static int setup(void **state)
{
    if (test_dir_create(state)) return -1;
    return test_generate("populations/taiyuan-rural-2016-calibrated.yaml", 0.02, 5, &pop);
}

static int teardown(void **state)
{
    population_free(&pop);
    return test_dir_remove(state);
}

#define BASE "years: 2016:2017\ndibao: {standard: 320}\nelderly_allowance: {enabled: true}\n" \
             "projection: {wage_growth: 0.05, jobs: {entry: 0.02, exit: 0.01}}\n"

static void quantiles(void **state)
{
    (void)state;
    struct uncertain u = {.distribution = DIST_UNIFORM, .min = 2, .max = 6};
    assert_true(fabs(uncertain_quantile(&u, 0.25) - 3) < 1e-12);
    u = (struct uncertain){.distribution = DIST_NORMAL, .mean = 5, .sd = 2};
    assert_true(fabs(uncertain_quantile(&u, 0.5) - 5) < 1e-12);
    assert_true(fabs(uncertain_quantile(&u, 0.975) - (5 + 2 * 1.959963985)) < 1e-6);
    u = (struct uncertain){.distribution = DIST_LOGNORMAL, .median = 3, .sigma = 0.5};
    assert_true(fabs(uncertain_quantile(&u, 0.5) - 3) < 1e-12);
    u = (struct uncertain){.distribution = DIST_BETA, .alpha = 1, .beta = 1, .min = 10, .max = 20};
    assert_true(fabs(uncertain_quantile(&u, 0.3) - 13) < 1e-9);   /* beta(1,1) is uniform */
    u = (struct uncertain){.distribution = DIST_TRIANGULAR, .min = 0, .mode = 1, .max = 2};
    assert_true(fabs(uncertain_quantile(&u, 0.5) - 1) < 1e-12);
    assert_true(fabs(uncertain_quantile(&u, 0.125) - 0.5) < 1e-12);   /* F(0.5) = 0.5²/2 */
    /* draws follow the distribution: 4000 uniform draws, mean within 5 standard errors */
    u = (struct uncertain){.distribution = DIST_UNIFORM, .min = 0, .max = 1};
    double sum = 0;
    for (int r = 0; r < 4000; r++) sum += uncertain_draw(&u, 9, 0, r);
    assert_true(fabs(sum / 4000 - 0.5) < 5 * sqrt(1.0 / 12 / 4000));
    /* reproducible from the seed, the parameter and the replication; independent across them */
    assert_true(uncertain_draw(&u, 9, 0, 7) == uncertain_draw(&u, 9, 0, 7));
    assert_true(uncertain_draw(&u, 9, 0, 7) != uncertain_draw(&u, 9, 1, 7));
    assert_true(uncertain_draw(&u, 9, 0, 7) != uncertain_draw(&u, 10, 0, 7));
}

static void run_sensitivity(const struct scenario *s, int threads, struct sensitivity_result *r)
{
    struct run_options options = {.threads = threads, .seed = 4};
    struct error err = {0};
    if (sensitivity_run(s, &pop, &options, r, &err)) fail_msg("%s", err.message);
}

/* The headline measures of a plain run of s with these overrides, [years][N_HEADLINES]. */
static void plain_run(const struct scenario *s, const struct policy_override *o, int n,
                      double *out)
{
    struct run_options options = {.threads = 2, .seed = 4, .overrides = o, .n_overrides = n};
    struct simulation sim;
    struct scenario_result res;
    struct error err = {0};
    if (simulation_init(&sim, s, &pop, &options, &err)) fail_msg("%s", err.message);
    assert_int_equal(simulation_run(&sim, &res, &err), 0);
    for (int y = 0; y < res.n_years; y++) derived_headlines(&res, y, -1, out + y * N_HEADLINES);
    scenario_result_free(&res);
    simulation_free(&sim);
}

static void replications(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, BASE "sensitivity:\n  replications: 12\n  parameters:\n"
              "    - {path: dibao.standard, distribution: uniform, min: 280, max: 360}\n"
              "    - {path: projection.jobs.entry, distribution: lognormal, median: 0.02, sigma: 0.5}\n"
              "    - {path: elderly_allowance.age_80_99, distribution: triangular, min: 20, mode: 30, max: 50}\n");
    struct sensitivity_result one, two;
    run_sensitivity(&s, 1, &one);
    run_sensitivity(&s, 2, &two);
    const size_t block = (size_t)one.n_years * N_HEADLINES;
    assert_int_equal(one.n_replications, 12);
    assert_int_equal(one.n_parameters, 3);
    assert_memory_equal(one.draws, two.draws, 36 * sizeof(double));
    assert_memory_equal(one.replications, two.replications, 12 * block * sizeof(double));
    assert_memory_equal(one.low, two.low, 3 * block * sizeof(double));
    assert_memory_equal(one.high, two.high, 3 * block * sizeof(double));
    /* replication 5 on its own: a plain run with its draws */
    struct policy_override o[3];
    for (int k = 0; k < 3; k++) {
        o[k] = (struct policy_override){s.sensitivity.parameters[k].param, VARY_REPLACE,
                                        uncertain_draw(&s.sensitivity.parameters[k], 4, k, 5)};
        assert_true(o[k].value == one.draws[5 * 3 + k]);
    }
    double *alone = malloc(block * sizeof *alone);
    plain_run(&s, o, 3, alone);
    assert_memory_equal(alone, one.replications + 5 * block, block * sizeof(double));
    /* replications differ, as their draws do; the cost follows the standard */
    int rank_agrees = 0;
    for (int r = 1; r < 12; r++)
        rank_agrees += (one.draws[r * 3] > one.draws[0]) ==
                       (one.replications[r * block + COST_DIBAO] > one.replications[COST_DIBAO]);
    assert_int_equal(rank_agrees, 11);
    /* the tornado: a higher standard costs more; the centre is every parameter at its median */
    assert_true(one.high[COST_DIBAO] > one.centre[COST_DIBAO]);
    assert_true(one.centre[COST_DIBAO] > one.low[COST_DIBAO]);
    for (int k = 0; k < 3; k++)
        o[k].value = uncertain_quantile(&s.sensitivity.parameters[k], 0.5);
    plain_run(&s, o, 3, alone);
    assert_memory_equal(alone, one.centre, block * sizeof(double));
    /* statistics: the percentiles are ordered and bracket the mean's neighbourhood */
    double st[5];
    sensitivity_statistics(&one, 1, COST_ALL, st);
    assert_true(st[2] <= st[3] && st[3] <= st[4] && st[1] > 0);
    free(alone);
    sensitivity_result_free(&one);
    sensitivity_result_free(&two);
    scenario_free(&s);
}

static void sweeps(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, BASE "sweep:\n  - {path: dibao.standard, from: 300, to: 360, step: 20}\n"
              "  - {path: projection.wage_growth, apply: scale, from: 1, to: 2, step: 1}\n");
    struct sensitivity_result r;
    run_sensitivity(&s, 2, &r);
    assert_int_equal(r.n_points, 8);
    assert_int_equal(r.n_replications, 0);
    assert_true(r.grid[0] == 300 && r.grid[1] == 1 && r.grid[2] == 300 && r.grid[3] == 2);
    assert_true(r.grid[14] == 360 && r.grid[15] == 2);
    const size_t block = (size_t)r.n_years * N_HEADLINES;
    for (int i = 2; i < 8; i += 2)   /* dibao cost rises with the standard (first year) */
        assert_true(r.sweep[i * block + COST_DIBAO] > r.sweep[(i - 2) * block + COST_DIBAO]);
    /* scale 1 of the wage growth and the standard replaced by 320 is the scenario itself */
    double *plain = malloc(block * sizeof *plain);
    plain_run(&s, NULL, 0, plain);
    assert_memory_equal(plain, r.sweep + 2 * block, block * sizeof(double));
    /* doubling wage growth lowers the second year's dibao cost */
    assert_true(r.sweep[3 * block + N_HEADLINES + COST_DIBAO] <
                r.sweep[2 * block + N_HEADLINES + COST_DIBAO]);
    free(plain);
    sensitivity_result_free(&r);
    scenario_free(&s);
}

static void bad_settings(void **state)
{
    (void)state;
    test_scenario_fails(BASE "sensitivity:\n  replications: 5\n  parameters:\n"
                    "    - {path: dibao.standrad, distribution: uniform, min: 1, max: 2}\n",
               "bad.yaml:8:7: sensitivity.parameters[0]: path 'dibao.standrad' is not a numeric");
    test_scenario_fails(BASE "sensitivity:\n  parameters:\n"
                    "    - {path: dibao.standard, distribution: uniform, min: 1, max: 2, mean: 2}\n",
               "`mean` does not apply to a uniform distribution");
    test_scenario_fails(BASE "sensitivity:\n  parameters:\n"
                    "    - {path: dibao.standard, distribution: normal, mean: 1}\n",
               "a normal distribution needs `sd`");
    test_scenario_fails(BASE "sensitivity:\n  parameters:\n"
                    "    - {path: dibao.standard, distribution: gamma, min: 1, max: 2}\n",
               "value 'gamma' is not one of uniform|normal|lognormal|beta|triangular");
    test_scenario_fails(BASE "sensitivity:\n  parameters:\n"
                    "    - {path: dibao.standard, distribution: uniform, min: 1, max: 2, sahpe: 1}\n",
               "unknown key 'sahpe'");
    test_scenario_fails(BASE "sensitivity:\n  parameters:\n"
                    "    - {path: dibao.standard, distribution: triangular, min: 1, mode: 3, max: 2}\n",
               "min <= mode <= max");
    test_scenario_fails(BASE "sensitivity: {replications: 2.5}\n", "sensitivity.replications: value '2.5' "
                                                          "is not a whole number");
    test_scenario_fails(BASE "sweep:\n  - {path: dibao.standard, from: 300, to: 200, step: 20}\n",
               "sweep[0]: needs step > 0 and from <= to");
    test_scenario_fails(BASE "sweep:\n  - {path: dibao.standard, from: 1, to: 2, step: 1}\n"
                    "  - {path: dibao.standard, from: 1, to: 2, step: 1}\n"
                    "  - {path: dibao.standard, from: 1, to: 2, step: 1}\n",
               "a list of one or two");
    test_scenario_fails(BASE "sweep:\n  - {path: dibao.standard, from: 0, to: 100000, step: 1}\n",
               "more than 10,000 points");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantiles),
        cmocka_unit_test(replications),
        cmocka_unit_test(sweeps),
        cmocka_unit_test(bad_settings),
    };
    return cmocka_run_group_tests_name("sensitivity", tests, setup, teardown);
}

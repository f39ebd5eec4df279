/* Targets: every measure a targets file can name, worked by hand on five households
 * (tests/targets/measures: the targets file holds the expected values, each met exactly); the
 * gap of values, bounds and `below`; and bad targets files (exit 2 material: file, line, column
 * and the value). */
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

#include "targets.h"

#define CASE "tests/targets/measures"

static void load_targets(struct targets *t, const char *path)
{
    struct error err = {0};
    if (targets_load(t, path, &err)) fail_msg("%s", err.message);
}

/* Runs the hand-worked case; simulated[t->n] receives the measures. */
static void run_case(struct targets *t, double **simulated, struct population *pop)
{
    struct scenario s;
    struct simulation sim;
    struct scenario_result res;
    struct run_options options = {.threads = 1};
    struct error err = {0};
    if (scenario_load(&s, CASE "/scenario.yaml", &err) || population_load_csv(pop, CASE, &err) ||
        simulation_init(&sim, &s, pop, &options, &err) || simulation_run(&sim, &res, &err))
        fail_msg("%s", err.message);
    load_targets(t, CASE "/targets.yaml");
    *simulated = calloc((size_t)t->n, sizeof **simulated);
    if (targets_evaluate(t, &res, pop, *simulated, &err)) fail_msg("%s", err.message);
    scenario_result_free(&res);
    simulation_free(&sim);
    scenario_free(&s);
}

static void measures_worked_by_hand(void **state)
{
    (void)state;
    struct targets t;
    struct population pop;
    double *simulated;
    run_case(&t, &simulated, &pop);
    assert_true(t.n >= 20);
    for (int i = 0; i < t.n; i++) {
        const struct target *target = &t.items[i];
        const double expected = target->below ? 1.0 / 3.0 : target->value;
        if (isnan(expected)) {   /* a bound */
            assert_true(fabs(targets_gap(target, simulated[i])) <= 1);
            continue;
        }
        if (fabs(simulated[i] - expected) > 1e-9 * fmax(1, fabs(expected)))
            fail_msg("%s %s: simulated %.10g, worked by hand %.10g (%s)",
                     targets_measure_name(target->measure), target->region, simulated[i], expected,
                     target->source);
    }
    free(simulated);
    targets_free(&t);
    population_free(&pop);
}

static void gaps_of_values_bounds_and_below(void **state)
{
    (void)state;
    struct target count = {.measure = T_RECIPIENTS, .value = 1000, .tolerance = 0.02,
                           .min = NAN, .max = NAN};
    assert_true(fabs(targets_gap(&count, 1010) - 0.5) < 1e-12);   /* 1 % of 2 % */
    assert_true(fabs(targets_gap(&count, 970) + 1.5) < 1e-12);
    struct target share = {.measure = T_SHARE_ILL, .value = 0.1, .tolerance = 0.02,
                           .min = NAN, .max = NAN};
    assert_true(fabs(targets_gap(&share, 0.13) - 1.5) < 1e-12);   /* 3 points of 2 */
    struct target bounds = {.measure = T_MEAN_INCOME, .value = NAN, .tolerance = 0.02,
                            .min = 7000, .max = 10500};
    assert_true(targets_gap(&bounds, 7000) == 0 && targets_gap(&bounds, 10500) == 0);
    assert_true(fabs(targets_gap(&bounds, 6860) + 2.0) < 1e-12);   /* 2 % below: 1 + 1 */
    assert_true(fabs(targets_gap(&bounds, 10710) - 2.0) < 1e-12);
    struct target below = {.measure = T_MEAN_INCOME, .value = NAN, .tolerance = 0.02,
                           .min = NAN, .max = NAN, .below = "B"};
    assert_true(targets_gap(&below, 0.99) == 0);
    assert_true(targets_gap(&below, 1.0) > 1);   /* equal is not below */
}

static const char *load_error(const char *text)
{
    static struct error err;
    struct targets t;
    memset(&err, 0, sizeof err);
    assert_int_equal(targets_load(&t, test_write("bad-targets.yaml", text), &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    return err.message;
}

static void bad_targets_files(void **state)
{
    (void)state;
    test_assert_contains(load_error("targets:\n  - {measure: recipents, region: A, value: 3}\n"),
                         "bad-targets.yaml:2:15: measure 'recipents' is not known; did you mean "
                         "`recipients`?");
    test_assert_contains(load_error("targets:\n  - {measure: recipients, region: A}\n"),
                         "bad-targets.yaml:2:5: give one of `value`, bounds (`min`, `max`) or "
                         "`below`");
    test_assert_contains(load_error("targets:\n  - {measure: recipients, region: A, value: 3, "
                                    "max: 4}\n"), "give one of");
    test_assert_contains(load_error("targets:\n  - {measure: share_able_bodied, region: A, "
                                    "value: 1.5}\n"), "value: a share must lie in (0, 1]");
    test_assert_contains(load_error("targets:\n  - {measure: recipients, region: A, min: 5, "
                                    "max: 4}\n"), "min must be below max");
    test_assert_contains(load_error("targets:\n  - {measure: recipients, region: A, value: 3, "
                                    "tolerance: 0}\n"), "tolerance: must be positive");
    test_assert_contains(load_error("targets:\n  - {measure: recipients, region: A, valeu: 3}\n"),
                         "bad-targets.yaml:2:38: unknown key 'valeu'; did you mean `value`?");
}

/* A region or a year the run does not have: an input error at the target. */
static void targets_the_run_cannot_measure(void **state)
{
    (void)state;
    struct scenario s;
    struct population pop;
    struct simulation sim;
    struct scenario_result res;
    struct run_options options = {.threads = 1};
    struct error err = {0};
    if (scenario_load(&s, CASE "/scenario.yaml", &err) || population_load_csv(&pop, CASE, &err) ||
        simulation_init(&sim, &s, &pop, &options, &err) || simulation_run(&sim, &res, &err))
        fail_msg("%s", err.message);
    struct targets t;
    double simulated[2];
    load_targets(&t, test_write("t.yaml", "year: 2016\ntargets:\n"
                                           "  - {measure: recipients, region: A, value: 4}\n"
                                           "  - {measure: recipients, region: Yangku, value: 4}\n"));
    assert_int_equal(targets_evaluate(&t, &res, &pop, simulated, &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    test_assert_contains(err.message, "t.yaml:4:5: target recipients names region 'Yangku'");
    targets_free(&t);
    load_targets(&t, test_write("t.yaml", "year: 2018\ntargets:\n"
                                           "  - {measure: recipients, region: A, value: 4}\n"));
    assert_int_equal(targets_evaluate(&t, &res, &pop, simulated, &err), -1);
    test_assert_contains(err.message, "the targets are for 2018, the run covers 2016-2016");
    targets_free(&t);
    scenario_result_free(&res);
    simulation_free(&sim);
    population_free(&pop);
    scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(measures_worked_by_hand),
        cmocka_unit_test(gaps_of_values_bounds_and_below),
        cmocka_unit_test(bad_targets_files),
        cmocka_unit_test(targets_the_run_cannot_measure),
    };
    return cmocka_run_group_tests_name("targets", tests, test_dir_create, test_dir_remove);
}

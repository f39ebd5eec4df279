/* Calibration: a calibrated spec restarts exactly where it stopped (values and objective, also
 * for a value at a bound); the multi-start screen keeps the best point it evaluated; results are
 * the same on a second run and for 1 and 2 threads; a target beyond a tuned range leaves the
 * value at its bound, with a warning naming key, region, value and range. Small populations
 * (18,000 persons) and a few dozen evaluations keep it fast. */
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

#include "calibrate.h"

#define SPEC "persons: {North: 12000, South: 6000}\n"

static void load_spec(struct synth_spec *spec, const char *text)
{
    struct error err = {0};
    if (synthspec_load(spec, test_write("spec.yaml", text), &err)) fail_msg("%s", err.message);
}

static void load_scenario(struct scenario *s)
{
    struct error err = {0};
    if (scenario_load(s, test_write("scenario.yaml", "dibao: {standard: 320}\n"), &err))
        fail_msg("%s", err.message);
}

static void load_targets(struct targets *t, const char *text)
{
    struct error err = {0};
    if (targets_load(t, test_write("targets.yaml", text), &err)) fail_msg("%s", err.message);
}

/* The objective of region `region` (NULL: all) as calibrate computes it. */
static double objective(const struct synth_spec *spec, const struct scenario *s,
                        const struct targets *t, const struct calibrate_options *o,
                        const char *region)
{
    double simulated[8];
    struct error err = {0};
    if (calibrate_evaluate(spec, s, t, o, simulated, &err)) fail_msg("%s", err.message);
    double sum = 0;
    for (int i = 0; i < t->n; i++)
        if (!region || strcmp(t->items[i].region, region) == 0) {
            double g = targets_gap(&t->items[i], simulated[i]);
            sum += t->items[i].weight * g * g;
        }
    return sum;
}

/* Sets each target's published value to what `spec_text` simulates. */
static void targets_from(struct targets *t, const char *spec_text, const struct scenario *s,
                         const struct calibrate_options *o)
{
    struct synth_spec truth;
    load_spec(&truth, spec_text);
    double simulated[8];
    struct error err = {0};
    if (calibrate_evaluate(&truth, s, t, o, simulated, &err)) fail_msg("%s", err.message);
    for (int i = 0; i < t->n; i++) t->items[i].value = simulated[i];
    synthspec_free(&truth);
}

static const char *TWO_REGIONS = "targets:\n"
                                 "  - {measure: recipients, region: North, value: 1}\n"
                                 "  - {measure: recipients, region: South, value: 1}\n"
                                 "tune:\n"
                                 "  - {key: income.zero_share, region: North, min: 0, max: 0.5}\n"
                                 "  - {key: income.zero_share, region: South, min: 0, max: 0.5}\n";

static void assert_close(double got, double want, const char *what)
{
    if (!(fabs(got - want) <= 1e-6 * fabs(want) + 1e-12))
        fail_msg("%s: %.17g, expected %.17g", what, got, want);
}

/* A calibrated spec (here: values that meet the targets off the simplex's usual grid, one at the
 * lower bound of its range) restarts exactly at its values: with no evaluations, one, or a few,
 * calibration returns them, and the objective at the start is reproduced. */
static void restart_is_exact(void **state)
{
    (void)state;
    const char *start = SPEC "income: {zero_share: {North: 0.1873, South: 0}}\n";
    struct scenario s;
    struct targets t;
    load_scenario(&s);
    load_targets(&t, TWO_REGIONS);
    struct calibrate_options o = {1.0, 11, 2, 0, NULL};
    targets_from(&t, start, &s, &o);
    t.items[0].value *= 1.004;   /* within tolerance, not exact: the start's objective is > 0 */
    struct synth_spec spec;
    load_spec(&spec, start);
    double before = objective(&spec, &s, &t, &o, "North");
    assert_true(before > 0.01 && before < 0.1);
    const int budgets[] = {0, 1, 3};
    for (int b = 0; b < 3; b++) {
        o.max_evaluations = budgets[b];
        double simulated[2];
        struct error err = {0};
        if (calibrate(&spec, &s, &t, &o, simulated, &err)) fail_msg("%s", err.message);
        assert_close(synthspec_get(&spec, SK_ZERO_INCOME, -1, 0), 0.1873, "North");
        assert_true(synthspec_get(&spec, SK_ZERO_INCOME, -1, 1) == 0);   /* at the bound */
        assert_close(objective(&spec, &s, &t, &o, "North"), before, "North's objective");
    }
    /* with more evaluations from a start that meets the targets exactly, nothing beats it */
    targets_from(&t, start, &s, &o);
    o.max_evaluations = 25;
    double simulated[2];
    struct error err = {0};
    struct calibrate_starts starts = {4, 0};
    if (calibrate_multistart(&spec, &s, &t, &o, &starts, simulated, &err))
        fail_msg("%s", err.message);
    assert_true(synthspec_get(&spec, SK_ZERO_INCOME, -1, 0) == 0.1873);
    assert_true(synthspec_get(&spec, SK_ZERO_INCOME, -1, 1) == 0);
    assert_true(objective(&spec, &s, &t, &o, NULL) == 0);
    assert_int_equal(calibrate_at_bounds(&spec, &t, NULL), 1);   /* South's 0 */
    synthspec_free(&spec);
    targets_free(&t);
    scenario_free(&s);
}

/* With a budget of only the screen (4 starts, 4 evaluations), the result is the best of the
 * spec's value and the first Sobol points (shares 1/2, 3/4, 1/4 of the range), checked against
 * each candidate's own objective. */
static void screen_keeps_the_best_start(void **state)
{
    (void)state;
    struct scenario s;
    struct targets t;
    load_scenario(&s);
    load_targets(&t, TWO_REGIONS);
    struct calibrate_options o = {1.0, 11, 2, 4, NULL};
    targets_from(&t, SPEC "income: {zero_share: {North: 0.13, South: 0.36}}\n", &s, &o);
    const double candidates[4] = {0.45, 0.25, 0.375, 0.125};
    double value[2][4];
    for (int c = 0; c < 4; c++) {
        char text[256];
        snprintf(text, sizeof text, SPEC "income: {zero_share: {North: %.17g, South: %.17g}}\n",
                 candidates[c], candidates[c]);
        struct synth_spec one;
        load_spec(&one, text);
        value[0][c] = objective(&one, &s, &t, &o, "North");
        value[1][c] = objective(&one, &s, &t, &o, "South");
        synthspec_free(&one);
    }
    struct synth_spec spec;
    load_spec(&spec, SPEC "income: {zero_share: 0.45}\n");
    struct calibrate_starts starts = {4, 0};
    double simulated[2];
    struct error err = {0};
    if (calibrate_multistart(&spec, &s, &t, &o, &starts, simulated, &err))
        fail_msg("%s", err.message);
    for (int r = 0; r < 2; r++) {
        int best = 0;
        for (int c = 1; c < 4; c++)
            if (value[r][c] < value[r][best]) best = c;
        assert_close(synthspec_get(&spec, SK_ZERO_INCOME, -1, r), candidates[best],
                     r ? "South" : "North");
    }
    /* North's truth 0.13 is nearest 0.125, South's 0.36 nearest 0.375 */
    assert_close(synthspec_get(&spec, SK_ZERO_INCOME, -1, 0), 0.125, "North");
    assert_close(synthspec_get(&spec, SK_ZERO_INCOME, -1, 1), 0.375, "South");
    synthspec_free(&spec);
    targets_free(&t);
    scenario_free(&s);
}

/* Multi-start from a far start meets the targets, and the calibrated values are the same on a
 * second run and for 1 and 2 threads. */
static void multistart_is_deterministic(void **state)
{
    (void)state;
    struct scenario s;
    struct targets t;
    load_scenario(&s);
    load_targets(&t, TWO_REGIONS);
    struct calibrate_options o = {1.0, 11, 2, 60, NULL};
    targets_from(&t, SPEC "income: {zero_share: {North: 0.2, South: 0.05}}\n", &s, &o);
    double result[3][2];
    for (int run = 0; run < 3; run++) {
        o.threads = run == 2 ? 1 : 2;
        struct synth_spec spec;
        load_spec(&spec, SPEC "income: {zero_share: 0.48}\n");
        struct calibrate_starts starts = {6, 2};
        double simulated[2];
        struct error err = {0};
        if (calibrate_multistart(&spec, &s, &t, &o, &starts, simulated, &err))
            fail_msg("%s", err.message);
        for (int i = 0; i < 2; i++) {
            if (!(fabs(targets_gap(&t.items[i], simulated[i])) <= 1))
                fail_msg("target %d missed: %g against %g", i, simulated[i], t.items[i].value);
            result[run][i] = synthspec_get(&spec, SK_ZERO_INCOME, -1, i);
        }
        synthspec_free(&spec);
    }
    assert_true(fabs(result[0][0] - 0.2) < 0.01);
    assert_true(fabs(result[0][1] - 0.05) < 0.01);
    for (int i = 0; i < 2; i++) {
        assert_true(result[1][i] == result[0][i]);   /* the same again */
        assert_true(result[2][i] == result[0][i]);   /* 1 thread */
    }
    targets_free(&t);
    scenario_free(&s);
}

/* North's target needs a zero-income share of 0.45, beyond its tuned range [0.05, 0.3]: the
 * calibration stops at 0.3 and warns; South, inside its range, does not. */
static void a_bound_hit_is_warned(void **state)
{
    (void)state;
    struct scenario s;
    struct targets t;
    load_scenario(&s);
    load_targets(&t, "targets:\n"
                     "  - {measure: recipients, region: North, value: 1}\n"
                     "  - {measure: recipients, region: South, value: 1}\n"
                     "tune:\n"
                     "  - {key: income.zero_share, region: North, min: 0.05, max: 0.3}\n"
                     "  - {key: income.zero_share, region: South, min: 0, max: 0.5}\n");
    struct calibrate_options o = {1.0, 11, 2, 80, NULL};
    targets_from(&t, SPEC "income: {zero_share: {North: 0.45, South: 0.2}}\n", &s, &o);
    struct synth_spec spec;
    load_spec(&spec, SPEC "income: {zero_share: 0.1}\n");
    double simulated[2];
    struct error err = {0};
    struct calibrate_starts starts = {3, 0};
    if (calibrate_multistart(&spec, &s, &t, &o, &starts, simulated, &err))
        fail_msg("%s", err.message);
    double north = synthspec_get(&spec, SK_ZERO_INCOME, -1, 0);
    assert_true(north >= 0.3 - 0.005 * 0.25 && north <= 0.3);
    assert_true(fabs(synthspec_get(&spec, SK_ZERO_INCOME, -1, 1) - 0.2) < 0.01);
    assert_true(fabs(targets_gap(&t.items[0], simulated[0])) > 1);   /* missed */

    char text[1024] = "";
    FILE *out = tmpfile();
    assert_int_equal(calibrate_at_bounds(&spec, &t, out), 1);
    rewind(out);
    size_t n = fread(text, 1, sizeof text - 1, out);
    text[n] = '\0';
    fclose(out);
    char expected[256];
    snprintf(expected, sizeof expected, "calibrate: warning: income.zero_share (North) = %.6g is "
             "at its upper bound 0.3 (tune range 0.05-0.3)\n", north);
    assert_string_equal(text, expected);
    /* a lower bound, and a list element */
    struct targets lower;
    load_targets(&lower, "targets:\n"
                         "  - {measure: recipients, region: South, value: 1}\n"
                         "tune:\n"
                         "  - {key: income.zero_share, region: South, min: 0.2, max: 0.9}\n"
                         "  - {key: disability.level_1, index: 1, region: North, min: 0.01, "
                         "max: 0.05}\n");
    if (synthspec_set(&spec, SK_ZERO_INCOME, -1, "South", 0.2, &err) ||
        synthspec_set(&spec, SK_DISABILITY_1, 1, "North", 0.0501, &err))
        fail_msg("%s", err.message);
    out = tmpfile();
    assert_int_equal(calibrate_at_bounds(&spec, &lower, out), 2);
    rewind(out);
    n = fread(text, 1, sizeof text - 1, out);
    text[n] = '\0';
    fclose(out);
    test_assert_contains(text, "income.zero_share (South) = 0.2");
    test_assert_contains(text, "is at its lower bound 0.2 (tune range 0.2-0.9)");
    test_assert_contains(text, "disability.level_1[1] (North) = 0.0501 is beyond its upper bound "
                               "0.05 (tune range 0.01-0.05)\n");
    targets_free(&lower);
    synthspec_free(&spec);
    targets_free(&t);
    scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(restart_is_exact),
        cmocka_unit_test(screen_keeps_the_best_start),
        cmocka_unit_test(multistart_is_deterministic),
        cmocka_unit_test(a_bound_hit_is_warned),
    };
    return cmocka_run_group_tests_name("calibrate", tests, test_dir_create, test_dir_remove);
}

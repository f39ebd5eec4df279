/* Reform levers and targeting over a generated population: policy invariants (raising the
 * standard or enabling a deduction never lowers a household's entitlement), targeting (take-up 1
 * with no errors pays exactly the entitlement; take-up 0 pays nobody; draws are the same in two
 * scenarios; the take-up rate and the income error behave as drawn) and 1 versus 2 threads. */
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
    const char *path = test_write("spec.yaml",
                                  "persons: {Loufan: 40000, Yangqu: 30000}\n"
                                  "income: {zero_share: 0.1, vulnerable_multiplier: 0.5}\n"
                                  "living_alone: {disability: [0.15, 0.15, 0, 0]}\n"
                                  "registered_poor: {intercept: 0}\n"
                                  "support: {no_supporter: 0.8}\n");
    return test_generate(path, 1.0, 11, &pop);
}

static int teardown(void **state)
{
    population_free(&pop);
    return test_dir_remove(state);
}

static void run(const char *text, int threads, struct scenario_result *res)
{
    struct scenario s;
    struct error err = {0};
    if (scenario_load(&s, test_write("scenario.yaml", text), &err)) fail_msg("%s", err.message);
    struct run_options options = {.threads = threads, .seed = 5, .microdata = 1};
    struct simulation sim;
    if (simulation_init(&sim, &s, &pop, &options, &err)) fail_msg("%s", err.message);
    assert_int_equal(simulation_run(&sim, res, &err), 0);
    simulation_free(&sim);
    scenario_free(&s);
}

/* Every lever that is monotone in the standard and in deductions. Separate registration is
 * not: it applies only to units NOT eligible as a whole, so a change that makes the whole unit
 * eligible can replace the separated members' benefits by a smaller joint one (see
 * separation_is_a_notch). */
#define LEVERS \
    "  top_ups: [{who: disability_1_2, share: 0.2}, {who: age_70_plus, share: 0.1}]\n" \
    "  support: {enabled: true}\n" \
    "tekun: {enabled: true}\n"
#define SEPARATION "  separate_registration: {enabled: true, households: edge}\n"

/* b never below a, household by household; returns how many rose. */
static int never_lower(const struct scenario_result *a, const struct scenario_result *b)
{
    int rose = 0;
    for (size_t h = 0; h < a->n_households; h++) {
        if (b->dibao_entitled[h] < a->dibao_entitled[h])
            fail_msg("household %lld: %lld fen, down from %lld", (long long)pop.household_id[h],
                     (long long)b->dibao_entitled[h], (long long)a->dibao_entitled[h]);
        rose += b->dibao_entitled[h] > a->dibao_entitled[h];
    }
    return rose;
}

static void raising_the_standard_never_lowers_entitlement(void **state)
{
    (void)state;
    struct scenario_result low, high;
    run("dibao:\n  standard: 320\n" LEVERS, 2, &low);
    run("dibao:\n  standard: 350\n" LEVERS, 2, &high);
    assert_true(never_lower(&low, &high) > 100);
    scenario_result_free(&low);
    scenario_result_free(&high);
}

static void enabling_a_deduction_never_lowers_entitlement(void **state)
{
    (void)state;
    struct scenario_result base, rigid, work;
    run("dibao:\n  standard: 320\n" LEVERS, 2, &base);
    run("dibao:\n  standard: 320\n  income:\n    rigid_expenses: {enabled: true}\n" LEVERS, 2, &rigid);
    run("dibao:\n  standard: 320\n  income:\n"
        "    work_cost: {mode: share_of_standard, share: 0.3}\n" LEVERS, 2, &work);
    assert_true(never_lower(&base, &rigid) > 100);
    assert_true(never_lower(&base, &work) > 100);
    scenario_result_free(&base);
    scenario_result_free(&rigid);
    scenario_result_free(&work);
}

/* With separate registration, raising the standard lowers some households' entitlement: the
 * rules' notch, reported rather than hidden. */
static void separation_is_a_notch(void **state)
{
    (void)state;
    struct scenario_result low, high;
    run("dibao:\n  standard: 320\n" SEPARATION LEVERS, 2, &low);
    run("dibao:\n  standard: 350\n" SEPARATION LEVERS, 2, &high);
    int lower = 0;
    for (size_t h = 0; h < low.n_households; h++) lower += high.dibao_entitled[h] < low.dibao_entitled[h];
    assert_true(lower > 0);
    scenario_result_free(&low);
    scenario_result_free(&high);
}

static void perfect_take_up_pays_the_entitlement(void **state)
{
    (void)state;
    struct scenario_result res;
    /* take-up 1 and no errors, written out (so the draws are taken): receipt = entitlement */
    run("dibao:\n  standard: 320\n" LEVERS
        "targeting: {take_up: {Loufan: 1, Yangqu: 1}, income_error_sigma: 0}\n", 1, &res);
    assert_memory_equal(res.paid[PROGRAM_DIBAO], res.dibao_entitled,
                        res.n_households * sizeof *res.dibao_entitled);
    const double *s = res.summary;
    for (size_t i = 0; i < 12 * summary_month_stride(&res) / N_MEASURES; i++, s += N_MEASURES) {
        assert_true(s[M_PAID_UNITS] == s[M_ENTITLED_UNITS]);
        assert_true(s[M_EXPENDITURE] == s[M_ENTITLED_EXPENDITURE]);
    }
    scenario_result_free(&res);
}

static void no_take_up_pays_nobody(void **state)
{
    (void)state;
    struct scenario_result res;
    run("dibao:\n  standard: 320\n" LEVERS "targeting: {take_up: 0}\n", 2, &res);
    double entitled = 0;
    for (size_t h = 0; h < res.n_households; h++) {
        assert_true(res.paid[PROGRAM_DIBAO][h] == 0);
        entitled += (double)res.dibao_entitled[h];
    }
    assert_true(entitled > 0);
    scenario_result_free(&res);
}

static void take_up_rate_and_same_draws(void **state)
{
    (void)state;
    struct scenario_result a, b;
    run("dibao:\n  standard: 320\ntargeting: {take_up: 0.6}\n", 2, &a);
    run("dibao:\n  standard: 360\ntargeting: {take_up: 0.6}\n", 1, &b);
    /* about 60 % of entitled units claim */
    double paid = 0, entitled = 0;
    for (int m = 0; m < 12; m++)
        for (int r = 0; r < a.n_regions; r++) {
            paid += summary_row(&a, m, r, PROGRAM_DIBAO)[M_PAID_UNITS];
            entitled += summary_row(&a, m, r, PROGRAM_DIBAO)[M_ENTITLED_UNITS];
        }
    assert_true(fabs(paid / entitled - 0.6) < 0.03);
    /* the same draws in both scenarios: a household claiming at 320 claims at 360 */
    for (size_t h = 0; h < a.n_households; h++)
        if (a.paid[PROGRAM_DIBAO][h] > 0) assert_true(b.paid[PROGRAM_DIBAO][h] > 0);
    scenario_result_free(&a);
    scenario_result_free(&b);
}

static void errors_and_wrongful_inclusion(void **state)
{
    (void)state;
    struct scenario_result res;
    run("dibao:\n  standard: 320\n"
        "targeting: {income_error_sigma: 0.5, wrongful_inclusion: 0.5}\n", 2, &res);
    int excluded = 0, included = 0;
    for (size_t h = 0; h < res.n_households; h++) {
        excluded += res.dibao_entitled[h] > 0 && res.paid[PROGRAM_DIBAO][h] == 0;
        included += res.dibao_entitled[h] == 0 && res.paid[PROGRAM_DIBAO][h] > 0;
    }
    assert_true(excluded > 50);   /* errors exclude some entitled households ... */
    assert_true(included > 50);   /* ... and include some others */
    scenario_result_free(&res);
}

static void same_for_1_and_2_threads(void **state)
{
    (void)state;
    struct scenario_result one, two;
    const char *text = "dibao:\n  standard: 320\n" SEPARATION LEVERS
                       "targeting: {take_up: 0.8, income_error_sigma: 0.3, wrongful_inclusion: 0.1}\n";
    run(text, 1, &one);
    run(text, 2, &two);
    size_t summary = 12 * summary_month_stride(&one);
    assert_memory_equal(one.summary, two.summary, summary * sizeof *one.summary);
    assert_memory_equal(one.paid[PROGRAM_DIBAO], two.paid[PROGRAM_DIBAO], one.n_households * sizeof *one.paid[PROGRAM_DIBAO]);
    scenario_result_free(&one);
    scenario_result_free(&two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raising_the_standard_never_lowers_entitlement),
        cmocka_unit_test(enabling_a_deduction_never_lowers_entitlement),
        cmocka_unit_test(separation_is_a_notch),
        cmocka_unit_test(perfect_take_up_pays_the_entitlement),
        cmocka_unit_test(no_take_up_pays_nobody),
        cmocka_unit_test(take_up_rate_and_same_draws),
        cmocka_unit_test(errors_and_wrongful_inclusion),
        cmocka_unit_test(same_for_1_and_2_threads),
    };
    return cmocka_run_group_tests_name("levers", tests, setup, teardown);
}

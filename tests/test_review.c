/* Reviews and the starting caseload (rules.md 3.8), worked by hand, then the invariants on a
 * generated population: reviews off give exactly the results of a scenario without them; 1 and
 * 2 threads give identical results; the steady-month shortcut gives what computing every month
 * gives; the alignment hook's shift moves review exits; aligned review exits hit their totals.
 *
 * Hand-worked cases: standard 320 (rural, region A), one-person households unless said, reviews
 * every December, coverage and application probability 1 unless said. Money in yuan.
 *   stale start        income 500 ≥ 320, receiving at the start: paid 0.3 × 320 = 96 a month
 *                      (two persons of 400 each: 0.3 × 320 × 2 = 192) until the December review
 *                      removes it: 0 in December.
 *   re-priced          income 100, receiving: 220; income 200 from April is not seen until the
 *                      review; the standard 350 from July re-prices with pc 100: 250; the
 *                      December review sees 200: 150. Entitlement follows true income: 120 in
 *                      April-June, 150 from July.
 *   application        not receiving, wage 500 until March: nothing; no wage from April: applies
 *                      and is paid 320 from April; wage 500 again from June is not seen: 320
 *                      until the December review removes it.
 *   coverage 0         nobody is reviewed: a stale unit keeps 96 and a unit whose income rose to
 *                      1000 keeps 320 through both Decembers.
 *   take-up 0          nobody claims: a starting recipient with no income keeps 320 through the
 *                      December review; a household not receiving, with no income, never
 *                      applies.
 *   review and taper   income 0, receiving: 320; wage 400 from June, unseen until December; the
 *                      December review finds it over the standard on income only with higher
 *                      wages: exit months 320, 320 (Dec, Jan), 256, 256, 192, 192, then 0. */
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


struct run {
    struct scenario scenario;
    struct population pop;
    struct simulation sim;
};

/* One household (id, receiving at the start, persons' business incomes in yuan) per line of
 * `households`: "id,receiving,income[,income...]". */
static void start(struct run *r, const char *scenario, const char *const *households, int n)
{
    char hh[4096] = TEST_HOUSEHOLDS_CSV, pp[8192] = TEST_PERSONS_CSV;
    int person = 1;
    for (int i = 0; i < n; i++) {
        int id, receiving, used;
        if (sscanf(households[i], "%d,%d%n", &id, &receiving, &used) != 2) fail();
        snprintf(hh + strlen(hh), sizeof hh - strlen(hh), "%d,A,rural,0,1,0,0,1,%d,0,0\n", id,
                 receiving);
        const char *rest = households[i] + used;
        double income;
        int more;
        while (sscanf(rest, ",%lf%n", &income, &more) == 1) {
            snprintf(pp + strlen(pp), sizeof pp - strlen(pp),
                     "%d,%d,1,%s,40,male,0,none,0,0,0,0,%.2f,0,0,0,0,0,0\n", person++, id,
                     rest == households[i] + used ? "head" : "other", income);
            rest += more;
        }
    }
    test_write("households.csv", hh);
    test_write("persons.csv", pp);
    test_simulation_open(test_write("scenario.yaml", scenario), test_dir(), &r->scenario,
                         &r->pop, &r->sim);
}

static void stop(struct run *r) { test_simulation_close(&r->scenario, &r->pop, &r->sim); }

/* Every household's month `index` in order (as a run would); household h's outcome in *out. */
static void month(struct run *r, int index, size_t h, struct household_month *out)
{
    for (size_t k = 0; k < r->pop.n_households; k++) {
        struct household_month hm;
        simulation_household_month(&r->sim, k, index, k == h ? out : &hm);
    }
}

static double yuan(int64_t fen) { return (double)fen / 100.0; }

/* Runs months [0, n) checking household h's payments (yuan) against expected[]. */
static void expect_payments(struct run *r, size_t h, const double *expected, int n,
                            void (*change)(struct run *, int))
{
    for (int i = 0; i < n; i++) {
        if (change) change(r, i);
        struct household_month hm;
        month(r, i, h, &hm);
        int64_t total = 0;
        for (int k = 0; k < hm.units.n; k++) total += hm.unit[k].payment;
        if (yuan(total) != expected[i])
            fail_msg("household %zu month %d: %.2f, expected %.2f", h, i, yuan(total), expected[i]);
    }
}

static void set_income(struct run *r, size_t h, double business, double wage)
{
    const uint32_t p = r->pop.first_person[h];
    r->pop.business_income[p] = (int32_t)llround(business * 100);
    r->pop.wage[p] = (int32_t)llround(wage * 100);
    r->pop.employed[p] = wage > 0;
}

#define REVIEW "dibao:\n  standard: 320\n  review: {enabled: true}\n"

static void stale_start_until_the_december_review(void **state)
{
    (void)state;
    struct run r;
    const char *const households[] = {"1,1,500", "2,1,400,400"};
    start(&r, "years: 2016:2017\n" REVIEW, households, 2);
    for (int i = 0; i < 13; i++) {
        struct household_month a, b;
        simulation_household_month(&r.sim, 0, i, &a);
        simulation_household_month(&r.sim, 1, i, &b);
        const int stale = i < 11;
        assert_true(yuan(a.unit[0].payment) == (stale ? 96 : 0));
        assert_true(yuan(b.unit[0].payment) == (stale ? 192 : 0));
        assert_int_equal(a.unit[0].paid, stale);
        assert_int_equal(a.unit[0].stale, stale);
        assert_int_equal(a.unit[0].review_exit, i == 11);   /* removed in December */
        assert_int_equal(a.unit[0].eligible, 0);             /* never entitled */
    }
    stop(&r);
}

static void reprice(struct run *r, int i)
{
    if (i == 3) set_income(r, 0, 200, 0);   /* April */
}

static void standard_reprices_with_the_last_assessed_pc(void **state)
{
    (void)state;
    struct run r;
    const char *const households[] = {"1,1,100"};
    start(&r, "dibao:\n  standard: {2016-01: 320, 2016-07: 350}\n  review: {enabled: true}\n",
          households, 1);
    const double paid[12] = {220, 220, 220, 220, 220, 220, 250, 250, 250, 250, 250, 150};
    const double entitled[12] = {220, 220, 220, 120, 120, 120, 150, 150, 150, 150, 150, 150};
    for (int i = 0; i < 12; i++) {
        reprice(&r, i);
        struct household_month hm;
        month(&r, i, 0, &hm);
        if (yuan(hm.unit[0].payment) != paid[i] || yuan(hm.unit[0].entitled) != entitled[i])
            fail_msg("month %d: paid %.2f entitled %.2f, expected %.2f and %.2f", i,
                     yuan(hm.unit[0].payment), yuan(hm.unit[0].entitled), paid[i], entitled[i]);
    }
    stop(&r);
}

static void job_until_march_and_from_june(struct run *r, int i)
{
    if (i == 0) set_income(r, 0, 0, 500);
    if (i == 3) set_income(r, 0, 0, 0);
    if (i == 5) set_income(r, 0, 0, 500);
}

static void application_paid_from_the_month_it_is_eligible(void **state)
{
    (void)state;
    struct run r;
    const char *const households[] = {"1,0,0"};
    start(&r, REVIEW, households, 1);
    const double expected[12] = {0, 0, 0, 320, 320, 320, 320, 320, 320, 320, 320, 0};
    expect_payments(&r, 0, expected, 12, job_until_march_and_from_june);
    stop(&r);
}

static void income_rises_in_march(struct run *r, int i)
{
    if (i == 2) set_income(r, 1, 1000, 0);
}

static void coverage_zero_keeps_everyone(void **state)
{
    (void)state;
    struct run r;
    const char *const households[] = {"1,1,500", "2,1,0"};
    start(&r, "years: 2016:2017\ndibao:\n  standard: 320\n  review: {enabled: true, coverage: 0}\n",
          households, 2);
    double stale[24], kept[24];
    for (int i = 0; i < 24; i++) {
        stale[i] = 96;
        kept[i] = 320;
    }
    for (int i = 0; i < 24; i++) {
        income_rises_in_march(&r, i);
        struct household_month a, b;
        simulation_household_month(&r.sim, 0, i, &a);
        simulation_household_month(&r.sim, 1, i, &b);
        assert_true(yuan(a.unit[0].payment) == stale[i]);
        assert_true(yuan(b.unit[0].payment) == kept[i]);
        assert_int_equal(a.unit[0].review_exit + b.unit[0].review_exit, 0);
    }
    stop(&r);
}

/* Take-up 0: nobody claims, so nobody applies; a unit on the caseload has claimed, and the
 * December review keeps it while it is eligible. */
static void take_up_gates_applications_not_reviews(void **state)
{
    (void)state;
    struct run r;
    const char *const households[] = {"1,1,0", "2,0,0"};
    start(&r, REVIEW "targeting: {take_up: 0}\n", households, 2);
    for (int i = 0; i < 12; i++) {
        struct household_month a, b;
        simulation_household_month(&r.sim, 0, i, &a);
        simulation_household_month(&r.sim, 1, i, &b);
        assert_true(yuan(a.unit[0].payment) == 320 && a.unit[0].paid);
        assert_true(yuan(b.unit[0].payment) == 0 && !b.unit[0].paid);
        assert_int_equal(b.unit[0].eligible, 1);   /* entitled all the same */
    }
    stop(&r);
}

static void wage_from_june(struct run *r, int i)
{
    if (i == 5) set_income(r, 0, 0, 400);
}

static void review_enters_gradual_exit(void **state)
{
    (void)state;
    struct run r;
    const char *const households[] = {"1,1,0"};
    start(&r, "years: 2016:2017\ndibao:\n  standard: 320\n  review: {enabled: true}\n"
              "  gradual_exit: {enabled: true, mode: taper}\n", households, 1);
    const double expected[24] = {320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320,
                                 320,                  /* Dec 2016: exit month 0 */
                                 320, 256, 256, 192, 192,   /* Jan-May 2017 */
                                 0, 0, 0, 0, 0, 0, 0};
    expect_payments(&r, 0, expected, 24, wage_from_june);
    stop(&r);
}

static void shift_moves_review_exits(void **state)
{
    (void)state;
    const char *const households[] = {"1,1,500"};
    for (int sign = -1; sign <= 1; sign += 2) {
        struct run r;
        start(&r, "dibao:\n  standard: 320\n  review: {enabled: true, coverage: 0.5}\n",
              households, 1);
        r.sim.review_shift[0] = 40.0 * sign;   /* coverage ≈ 0 or ≈ 1 for units a review removes */
        struct household_month hm;
        for (int i = 0; i < 12; i++) month(&r, i, 0, &hm);
        assert_int_equal(hm.unit[0].review_exit, sign > 0);
        assert_true(yuan(hm.unit[0].payment) == (sign > 0 ? 0 : 96));
        stop(&r);
    }
}

/* ---- invariants on a generated population ---- */

static struct population generated;

static void run(const struct scenario *s, int threads, struct scenario_result *res)
{
    struct simulation sim;
    struct run_options options = {.threads = threads, .seed = 9, .microdata = 1};
    struct error err = {0};
    if (simulation_init(&sim, s, &generated, &options, &err) || simulation_run(&sim, res, &err))
        fail_msg("%s", err.message);
    simulation_free(&sim);
}

static size_t summary_size(const struct scenario_result *res)
{
    return (size_t)res->n_years * 12 * summary_month_stride(res);
}

#define GENERATED "years: 2016:2017\ndibao:\n  standard: 320\n" \
    "  gradual_exit: {enabled: true, mode: taper}\n"
#define MOVING "projection: {jobs: {entry: 0.03, exit: 0.05}}\n" \
    "targeting: {take_up: 0.9, income_error_sigma: 0.3, wrongful_inclusion: 0.1}\n"
#define REVIEWED "  review: {enabled: true, coverage: {2016-01: 0.7, 2017-01: 0.9}, " \
    "application_probability: 0.4, interval_months: 6}\n"

static void disabled_equals_no_reviews(void **state)
{
    (void)state;
    struct scenario a, b;
    test_scenario_load(&a, GENERATED MOVING);
    test_scenario_load(&b, GENERATED "  review: {enabled: false, coverage: 0.2, month: 3}\n" MOVING);
    struct scenario_result x, y;
    run(&a, 2, &x);
    run(&b, 2, &y);
    assert_memory_equal(x.summary, y.summary, summary_size(&x) * sizeof *x.summary);
    for (size_t i = 0; i < summary_size(&x); i++) {
        const int m = (int)(i % N_MEASURES);
        if (m >= M_REVIEW_EXIT_UNITS) assert_true(x.summary[i] == 0);
    }
    scenario_result_free(&x);
    scenario_result_free(&y);
    scenario_free(&a);
    scenario_free(&b);
}

static void same_results_for_1_and_2_threads(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, GENERATED REVIEWED MOVING);
    struct scenario_result a, b;
    run(&s, 1, &a);
    run(&s, 2, &b);
    assert_memory_equal(a.summary, b.summary, summary_size(&a) * sizeof *a.summary);
    const size_t cells = (size_t)a.n_years * a.n_households;
    assert_memory_equal(a.paid[PROGRAM_DIBAO], b.paid[PROGRAM_DIBAO], cells * sizeof(int64_t));
    double exits = 0, stale = 0;
    for (int m = 0; m < a.n_years * 12; m++)
        for (int r = 0; r < a.n_regions; r++) {
            exits += summary_row(&a, m, r, PROGRAM_DIBAO)[M_REVIEW_EXIT_PERSONS];
            stale += summary_row(&a, m, r, PROGRAM_DIBAO)[M_PAID_STALE_PERSONS];
        }
    assert_true(exits > 0 && stale > 0);   /* the run exercised reviews and the stale caseload */
    scenario_result_free(&a);
    scenario_result_free(&b);
    scenario_free(&s);
}

/* The run's steady-month shortcut against computing every month of every household (with no
 * projection transitions, simulation_household_month is the whole month). */
static void steady_months_equal_computed_months(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, GENERATED REVIEWED
         "targeting: {take_up: 0.9, income_error_sigma: 0.3, wrongful_inclusion: 0.1}\n"
         "projection: {aging: false}\n");
    struct scenario_result res;
    run(&s, 2, &res);
    struct simulation sim;
    struct run_options options = {.threads = 1, .seed = 9};
    struct error err = {0};
    if (simulation_init(&sim, &s, &generated, &options, &err)) fail_msg("%s", err.message);
    const int months = sim.n_months;
    double *spent = calloc((size_t)months, sizeof *spent), *exits = calloc((size_t)months, sizeof *exits);
    for (size_t h = 0; h < generated.n_households; h++)
        for (int i = 0; i < months; i++) {
            struct household_month hm;
            simulation_household_month(&sim, h, i, &hm);
            for (int k = 0; k < hm.units.n; k++) {
                spent[i] += generated.weight[h] * (double)hm.unit[k].payment / 100.0;
                exits[i] += generated.weight[h] * hm.unit[k].review_exit;
            }
        }
    for (int i = 0; i < months; i++) {
        double total = 0, removed = 0;
        for (int r = 0; r < res.n_regions; r++) {
            total += summary_row(&res, i, r, PROGRAM_DIBAO)[M_EXPENDITURE];
            removed += summary_row(&res, i, r, PROGRAM_DIBAO)[M_REVIEW_EXIT_UNITS];
        }
        if (fabs(total - spent[i]) > 1e-6 * (1 + spent[i]) ||
            fabs(removed - exits[i]) > 1e-9 * (1 + exits[i]))
            fail_msg("month %d: run %.2f yuan and %.3f units removed, computed %.2f and %.3f", i,
                     total, removed, spent[i], exits[i]);
    }
    free(spent);
    free(exits);
    simulation_free(&sim);
    scenario_result_free(&res);
    scenario_free(&s);
}

/* Weighted persons removed at the reviews of year y (0: the first) in region r. */
static double removed(const struct scenario_result *res, int y, int r)
{
    double total = 0;
    for (int m = 12 * y; m < 12 * y + 12; m++)
        total += summary_row(res, m, r, PROGRAM_DIBAO)[M_REVIEW_EXIT_PERSONS];
    return total;
}

#define YEARLY "  review: {enabled: true, coverage: 0.5, application_probability: 0.4}\n"

/* review_exit aligned to 1.5 × the removals of an unaligned run in 2017, per region: sort hits
 * each total within half a candidate's weight (weight 20 × at most 10 members), logit_shift in
 * expectation (within 15 %: the unaligned value is 33 % off); 2016 is untouched; 1 and 2 threads
 * agree. */
static void aligned_review_exits_hit_their_totals(void **state)
{
    (void)state;
    struct scenario plain;
    test_scenario_load(&plain, GENERATED YEARLY MOVING);
    struct scenario_result base;
    run(&plain, 2, &base);
    const double loufan = 1.5 * removed(&base, 1, 0), yangqu = 1.5 * removed(&base, 1, 1);
    assert_true(loufan > 0 && yangqu > 0);
    for (int sort = 0; sort <= 1; sort++) {
        char text[1024];
        snprintf(text, sizeof text,
                 GENERATED YEARLY
                 "targeting: {take_up: 0.9, income_error_sigma: 0.3, wrongful_inclusion: 0.1}\n"
                 "projection:\n  jobs: {entry: 0.03, exit: 0.05}\n  alignment:\n"
                 "    - {transition: review_exit, by: region, method: %s,\n"
                 "       totals: {Loufan: {2017: %.0f}, Yangqu: {2017: %.0f}}}\n",
                 sort ? "sort" : "logit_shift", loufan, yangqu);
        struct scenario s;
        test_scenario_load(&s, text);
        struct scenario_result a, b;
        run(&s, 1, &a);
        run(&s, 2, &b);
        assert_memory_equal(a.summary, b.summary, summary_size(&a) * sizeof *a.summary);
        assert_memory_equal(a.summary, base.summary, summary_size(&a) / 2 * sizeof *a.summary);
        const double totals[2] = {round(loufan), round(yangqu)};
        for (int r = 0; r < 2; r++) {
            const double got = removed(&a, 1, r);
            if (sort ? fabs(got - totals[r]) > 0.5 * 20 * 10
                     : fabs(got - totals[r]) > 0.15 * totals[r])
                fail_msg("%s, region %d: %.0f persons removed for a total of %.0f",
                         sort ? "sort" : "logit_shift", r, got, totals[r]);
        }
        scenario_result_free(&a);
        scenario_result_free(&b);
        scenario_free(&s);
    }
    scenario_result_free(&base);
    scenario_free(&plain);
}

/* An aligned year with two review months cannot find its candidates before the first review:
 * ERR_INPUT at the total. */
static void aligned_reviews_need_one_review_a_year(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, GENERATED REVIEWED
         "projection:\n  alignment:\n    - {transition: review_exit, totals: {2017: 500}}\n");
    struct simulation sim;
    struct run_options options = {.threads = 1, .seed = 9};
    struct error err = {0};
    assert_int_equal(simulation_init(&sim, &s, &generated, &options, &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    assert_non_null(strstr(err.message, "scenario.yaml:8:48: projection.alignment: review_exit is "
                                        "aligned by year, and 2017 has 2 review months in Loufan"));
    scenario_free(&s);
}

static int setup(void **state)
{
    if (test_dir_create(state)) return -1;
    return test_generate("populations/taiyuan-rural-2016-calibrated.yaml", 0.05, 13, &generated);
}

static int teardown(void **state)
{
    population_free(&generated);
    return test_dir_remove(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stale_start_until_the_december_review),
        cmocka_unit_test(standard_reprices_with_the_last_assessed_pc),
        cmocka_unit_test(application_paid_from_the_month_it_is_eligible),
        cmocka_unit_test(coverage_zero_keeps_everyone),
        cmocka_unit_test(take_up_gates_applications_not_reviews),
        cmocka_unit_test(review_enters_gradual_exit),
        cmocka_unit_test(shift_moves_review_exits),
        cmocka_unit_test(disabled_equals_no_reviews),
        cmocka_unit_test(same_results_for_1_and_2_threads),
        cmocka_unit_test(steady_months_equal_computed_months),
        cmocka_unit_test(aligned_review_exits_hit_their_totals),
        cmocka_unit_test(aligned_reviews_need_one_review_a_year),
    };
    return cmocka_run_group_tests_name("review", tests, setup, teardown);
}

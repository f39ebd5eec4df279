/* Appropriations and fund balances (issue 16), worked by hand on a result whose spending is set
 * directly: two regions A and B, 2016-2017, three funds —
 *
 *   dibao                 1,200 a year released monthly (100 a month), nothing spent
 *   temporary_assistance  A: 1,200 a year from 0; B: 2,400 in 2016 then 1,200, from 500;
 *                         released quarterly (a quarter in Jan, Apr, Jul, Oct); A spends 150 a
 *                         month, B nothing
 *   medical_assistance    1,200 a year from 50, released half in January and half in June, no
 *                         carry-over; A spends 100 a month, B 150
 *
 * The balances, the year-end figures and every shortfall (first month, length, deepest deficit)
 * are checked against the hand calculation written beside each check; then carry-over on
 * against off, the risk of a shortfall over replications, and every bad input with its
 * file:line:col. */
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

#include "budget.h"
#include "sensitivity.h"

static char *REGIONS[] = {"A", "B"};
enum { FUND_DIBAO, FUND_TEMPORARY, FUND_MEDICAL };

#define BASE "years: 2016:2017\ndibao: {standard: 320}\n"
#define BUDGET BASE "budget:\n" \
    "  medical_assistance: {appropriation: 1200, opening_balance: 50, carry_over: false,\n" \
    "                       release: [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0]}\n" \
    "  dibao: {appropriation: 1200}\n" \
    "  temporary_assistance:\n" \
    "    appropriation: {A: 1200, B: {2016-01: 2400, 2017-01: 1200}}\n" \
    "    opening_balance: {A: 0, B: 500}\n" \
    "    release: quarterly\n"

/* A result of two regions over 2016-2017 whose only numbers are the spending described above. */
static void spending(struct scenario_result *res)
{
    memset(res, 0, sizeof *res);
    res->first_year = 2016;
    res->n_years = 2;
    res->n_regions = 2;
    res->summary = calloc(24 * summary_month_stride(res), sizeof *res->summary);
    assert_non_null(res->summary);
    for (int m = 0; m < 24; m++) {
        summary_row(res, m, 0, PROGRAM_TEMPORARY)[M_EXPENDITURE] = 150;
        summary_row(res, m, 0, PROGRAM_MEDICAL)[M_EXPENDITURE] = 100;
        summary_row(res, m, 1, PROGRAM_MEDICAL)[M_EXPENDITURE] = 150;
        summary_row(res, m, 0, PROGRAM_DIBAO)[M_EXPENDITURE] = 0;
    }
}

static void run(const struct scenario *s, const struct scenario_result *res,
                struct budget_result *b)
{
    struct error err = {0};
    if (budget_run(&s->budget, REGIONS, res, b, &err)) fail_msg("%s", err.message);
}

static double closing(const struct budget_result *b, int f, int r, int year, int month)
{
    return budget_at(b, f, r, (year - 2016) * 12 + month - 1)->closing;
}

static void assert_shortfall(const struct budget_shortfall *s, int fund, int region, int year,
                             int month, int months, double deficit)
{
    assert_int_equal(s->fund, fund);
    assert_int_equal(s->region, region);
    assert_int_equal(s->start, (year - 2016) * 12 + month - 1);
    assert_int_equal(s->months, months);
    assert_true(s->deficit == deficit);
}

static void balances(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, BUDGET);
    assert_int_equal(s.budget.n, 3);   /* in program order, whatever the file's */
    assert_int_equal(s.budget.funds[FUND_DIBAO].program, PROGRAM_DIBAO);
    assert_int_equal(s.budget.funds[FUND_TEMPORARY].program, PROGRAM_TEMPORARY);
    assert_int_equal(s.budget.funds[FUND_MEDICAL].program, PROGRAM_MEDICAL);
    struct scenario_result res;
    spending(&res);
    struct budget_result b;
    run(&s, &res, &b);
    assert_int_equal(b.n_funds, 3);

    /* monthly: a twelfth (100) each month, nothing spent: 100, 200, ..., 1200, then 2400 */
    for (int m = 0; m < 24; m++) {
        assert_true(fabs(budget_at(&b, FUND_DIBAO, 0, m)->released - 100) < 1e-9);
        assert_true(fabs(budget_at(&b, FUND_DIBAO, 1, m)->closing - 100 * (m + 1)) < 1e-9);
    }

    /* quarterly, A: 300 released in Jan, Apr, Jul, Oct, 150 spent a month from 0:
     * Jan 150, Feb 0, Mar -150, Apr 0, May -150, Jun -300, Jul -150, Aug -300, Sep -450,
     * Oct -300, Nov -450, Dec -600 = 0 + 1200 - 1800 */
    static const double A2016[12] = {150, 0, -150, 0, -150, -300, -150, -300, -450, -300, -450,
                                     -600};
    for (int m = 0; m < 12; m++) {
        const struct budget_month *x = budget_at(&b, FUND_TEMPORARY, 0, m);
        assert_true(x->released == (m % 3 == 0 ? 300 : 0));
        assert_true(x->spent == 150);
        assert_true(x->opening == (m ? A2016[m - 1] : 0));
        assert_true(x->closing == A2016[m]);
    }
    assert_true(closing(&b, FUND_TEMPORARY, 0, 2017, 12) == -1200);   /* -600 + 1200 - 1800 */
    /* B: 600 a quarter in 2016 (2,400), 300 in 2017 (1,200, dated from 2017-01), from 500 */
    assert_true(budget_at(&b, FUND_TEMPORARY, 1, 0)->released == 600);
    assert_true(budget_at(&b, FUND_TEMPORARY, 1, 12)->released == 300);
    assert_true(closing(&b, FUND_TEMPORARY, 1, 2016, 12) == 2900);
    assert_true(closing(&b, FUND_TEMPORARY, 1, 2017, 12) == 4100);

    /* shares, no carry-over, A: 600 in Jan and Jun, 100 spent a month from 50:
     * Jan 550, ..., May 150, Jun 650, ..., Dec 50; the 50 lapses: 2017 opens at 0 and ends
     * at 0 + 1200 - 1200 = 0 */
    assert_true(closing(&b, FUND_MEDICAL, 0, 2016, 1) == 550);
    assert_true(closing(&b, FUND_MEDICAL, 0, 2016, 5) == 150);
    assert_true(closing(&b, FUND_MEDICAL, 0, 2016, 6) == 650);
    assert_true(closing(&b, FUND_MEDICAL, 0, 2016, 12) == 50);
    assert_true(budget_at(&b, FUND_MEDICAL, 0, 12)->opening == 0);
    assert_true(closing(&b, FUND_MEDICAL, 0, 2017, 12) == 0);
    /* B spends 150: Jan 500, Feb 350, Mar 200, Apr 50, May -100, Jun 350, ..., Sep -100,
     * Dec -550; a deficit stays owed: 2017 opens at -550 and ends at -550 + 1200 - 1800 */
    assert_true(closing(&b, FUND_MEDICAL, 1, 2016, 5) == -100);
    assert_true(closing(&b, FUND_MEDICAL, 1, 2016, 6) == 350);
    assert_true(closing(&b, FUND_MEDICAL, 1, 2016, 12) == -550);
    assert_true(budget_at(&b, FUND_MEDICAL, 1, 12)->opening == -550);
    assert_true(closing(&b, FUND_MEDICAL, 1, 2017, 12) == -1150);

    /* the years */
    struct budget_year y;
    budget_year_of(&b, FUND_TEMPORARY, 0, 0, &y);
    assert_true(y.opening == 0 && y.released == 1200 && y.spent == 1800 && y.closing == -600);
    assert_true(y.lowest == -600);
    assert_int_equal(y.short_months, 9);    /* all but January, February and April */
    budget_year_of(&b, FUND_MEDICAL, 0, 1, &y);
    assert_true(y.opening == 0 && y.released == 1200 && y.spent == 1200 && y.closing == 0);
    assert_true(y.lowest == 0);              /* a balance of exactly 0 is not short */
    assert_int_equal(y.short_months, 0);
    budget_year_of(&b, FUND_MEDICAL, 1, 0, &y);
    assert_true(y.lowest == -550);
    assert_int_equal(y.short_months, 5);    /* May, Sep, Oct, Nov, Dec */

    /* the shortfalls, in fund, region and month order: temporary A from March 2016 (1 month,
     * 150) and from May 2016 to the end (20 months, deepest -1200 in December 2017); medical
     * B from May 2016 (1 month, 100) and from September 2016 to the end (16 months, -1150) */
    assert_int_equal(b.n_shortfalls, 4);
    assert_shortfall(&b.shortfalls[0], FUND_TEMPORARY, 0, 2016, 3, 1, 150);
    assert_shortfall(&b.shortfalls[1], FUND_TEMPORARY, 0, 2016, 5, 20, 1200);
    assert_shortfall(&b.shortfalls[2], FUND_MEDICAL, 1, 2016, 5, 1, 100);
    assert_shortfall(&b.shortfalls[3], FUND_MEDICAL, 1, 2016, 9, 16, 1150);

    budget_result_free(&b);
    scenario_result_free(&res);
    scenario_free(&s);
}

/* The same medical fund with carry-over: A's 50 stays (2017 opens at 50 and ends at 50), and
 * B is as before (a deficit is owed either way). */
static void carry_over(void **state)
{
    (void)state;
    struct scenario s;
    test_scenario_load(&s, BASE "budget:\n  medical_assistance: {appropriation: 1200, opening_balance: 50,\n"
                  "    release: [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0]}\n");
    assert_int_equal(s.budget.funds[0].carry_over, 1);   /* the default */
    struct scenario_result res;
    spending(&res);
    struct budget_result b;
    run(&s, &res, &b);
    assert_true(budget_at(&b, 0, 0, 12)->opening == 50);
    assert_true(closing(&b, 0, 0, 2017, 12) == 50);
    assert_true(closing(&b, 0, 1, 2017, 12) == -1150);
    budget_result_free(&b);
    scenario_result_free(&res);
    scenario_free(&s);
}

/* The risk of a shortfall: the share of replications whose year's lowest balance is below 0,
 * and the percentiles of that lowest balance (linear between order statistics). */
static void risk(void **state)
{
    (void)state;
    double lowest[5] = {-1, 5, -2, 10, 0};   /* 5 replications, 1 fund, 1 region, 1 year */
    struct sensitivity_result r = {.first_year = 2016, .n_years = 1, .n_replications = 5,
                                   .n_funds = 1, .n_regions = 1, .lowest = lowest};
    double out[4];
    sensitivity_budget_risk(&r, 0, 0, 0, out);
    assert_true(out[0] == 0.4);                       /* -1 and -2 (0 is not short) */
    assert_true(fabs(out[1] - (-2 + 0.2 * 1)) < 1e-12);   /* sorted -2 -1 0 5 10: at 0.2 */
    assert_true(out[2] == 0);                         /* the median */
    assert_true(fabs(out[3] - (5 + 0.8 * 5)) < 1e-12);    /* at 3.8 */
}

static void bad_input(void **state)
{
    (void)state;
    test_scenario_fails(BASE "budget:\n  medical_assistance:\n    release: [0.5, 0, 0, 0, 0, 0.4, 0, 0, 0, 0, "
                    "0, 0]\n",
               "bad.yaml:5:14: budget.medical_assistance.release: shares add up to 0.9, not 1");
    test_scenario_fails(BASE "budget:\n  medical_asistance: {appropriation: 1}\n",
               "bad.yaml:4:3: unknown key 'budget.medical_asistance'; did you mean "
               "`medical_assistance`?");
    test_scenario_fails(BASE "budget:\n  housing: {appropriation: 1}\n",
               "bad.yaml:4:3: unknown key 'budget.housing': not a program");
    test_scenario_fails(BASE "budget:\n  dibao: {appropriation: -5}\n",
               "bad.yaml:4:26: budget.dibao.appropriation: value -5 is out of range");
    test_scenario_fails(BASE "budget:\n  dibao: {appropriation: {A: 10, B: {2016-01: -1}}}\n",
               "bad.yaml:4:47: budget.dibao.appropriation.B: value -1 is out of range");
    test_scenario_fails(BASE "budget:\n  dibao: {release: montly}\n",
               "bad.yaml:4:20: budget.dibao.release: value 'montly' is not monthly, quarterly or "
               "a list of twelve shares adding up to 1; did you mean `monthly`?");
    test_scenario_fails(BASE "budget:\n  dibao: {release: [1]}\n",
               "bad.yaml:4:20: budget.dibao.release: expected a list of 12 numbers adding up to 1");
    test_scenario_fails(BASE "budget:\n  dibao: {opening_balance: {2016-01: 5}}\n",
               "bad.yaml:4:28: budget.dibao.opening_balance: dated values have no meaning here");
    test_scenario_fails(BASE "budget:\n  dibao: {apropriation: 5}\n",
               "bad.yaml:4:11: unknown key 'apropriation'; did you mean `appropriation`?");
    test_scenario_fails(BASE "budget:\n  dibao: {carry_over: maybe}\n",
               "bad.yaml:4:23: budget.dibao.carry_over: value 'maybe' is not true or false");
    test_scenario_fails(BASE "budget: [dibao]\n", "bad.yaml:3:9: budget: value '(list)' is not a map");

    /* a region the population has but a map leaves out, and a dated value not yet in force */
    struct scenario s;
    struct scenario_result res;
    struct budget_result b;
    struct error err = {0};
    spending(&res);
    test_scenario_load(&s, BASE "budget:\n  dibao: {appropriation: {A: 5}}\n");
    assert_int_equal(budget_run(&s.budget, REGIONS, &res, &b, &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    test_assert_contains(err.message, "scenario.yaml:4:26: budget.dibao.appropriation has no "
                                      "value for region 'B'");
    scenario_free(&s);
    err = (struct error){0};
    test_scenario_load(&s, BASE "budget:\n  dibao: {appropriation: {2016-02: 5}}\n");
    assert_int_equal(budget_run(&s.budget, REGIONS, &res, &b, &err), -1);
    test_assert_contains(err.message, "budget.dibao.appropriation has no value in force at "
                                      "2016-01");
    scenario_free(&s);
    scenario_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(balances),
        cmocka_unit_test(carry_over),
        cmocka_unit_test(risk),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests_name("budget", tests, test_dir_create, test_dir_remove);
}

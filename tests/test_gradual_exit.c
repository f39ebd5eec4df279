/* Gradual exit (rules.md 3.7), worked by hand: memory across months and years, driven month by
 * month with wages changed between months as a job would change them.
 *
 * Standard 320, one-person households in region A. Taper schedule [1, 1, 0.8, 0.8, 0.6, 0.6]:
 * a recipient (last normal payment 320) who starts earning 400 in November 2016 is paid 320,
 * 320 (Nov, Dec 2016), 256, 256 (Jan, Feb 2017), 192, 192 (Mar, Apr), then nothing. */
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

/* Households 1 (not registered poor) and 2 (registered poor), one person each, no income. */
static void start(struct run *r, const char *scenario)
{
    test_write("households.csv", TEST_HOUSEHOLDS_CSV "1,A,rural,0,1,0,0,1,1,0,0\n2,A,rural,1,1,0,0,1,1,0,0\n");
    test_write("persons.csv", TEST_PERSONS_CSV "101,1,1,head,40,male,0,none,0,0,0,0,0,0,0,0,0,0,0\n"
                                      "201,2,1,head,40,male,0,none,0,0,0,0,0,0,0,0,0,0,0\n");
    test_simulation_open(test_write("scenario.yaml", scenario), test_dir(), &r->scenario,
                         &r->pop, &r->sim);
}

static void stop(struct run *r) { test_simulation_close(&r->scenario, &r->pop, &r->sim); }

/* Household h's payment in month `index`, in yuan. */
static double paid(struct run *r, size_t h, int index)
{
    struct household_month hm;
    simulation_household_month(&r->sim, h, index, &hm);
    int64_t total = 0;
    for (int k = 0; k < hm.units.n; k++) total += hm.unit[k].payment;
    return total / 100.0;
}

static void set_wage(struct run *r, size_t h, double yuan)
{
    uint32_t p = r->pop.first_person[h];
    r->pop.wage[p] = (int32_t)(yuan * 100);
    r->pop.employed[p] = yuan > 0;
}

static const char *TAPER = "years: 2016:2017\n"
                           "dibao:\n  standard: 320\n"
                           "  gradual_exit: {enabled: true, mode: taper}\n";

static void taper_across_a_year_boundary(void **state)
{
    (void)state;
    struct run r;
    start(&r, TAPER);
    const double expected[24] = {320, 320, 320, 320, 320, 320, 320, 320, 320, 320,   /* 2016 */
                                 320, 320,          /* Nov, Dec: exit months 0 and 1 (× 1) */
                                 256, 256,          /* Jan, Feb 2017: × 0.8 */
                                 192, 192,          /* Mar, Apr: × 0.6 */
                                 0, 0, 0, 0, 0, 0, 0, 0};   /* schedule over: state cleared */
    for (int month = 0; month < 24; month++) {
        if (month == 10) set_wage(&r, 0, 400);   /* a job from November 2016 */
        double got = paid(&r, 0, month);
        if (got != expected[month]) fail_msg("month %d: %.2f, expected %.2f", month, got,
                                             expected[month]);
    }
    stop(&r);
}

static void taper_returns_to_normal_and_stops_on_assets(void **state)
{
    (void)state;
    struct run r;
    start(&r, TAPER);
    assert_true(paid(&r, 0, 0) == 320);
    set_wage(&r, 0, 400);                /* February: exit month 0 */
    assert_true(paid(&r, 0, 1) == 320);
    set_wage(&r, 0, 100);                /* March: pc 100 < 320: the normal benefit again */
    assert_true(paid(&r, 0, 2) == 220);
    set_wage(&r, 0, 500);                /* April: wages above March's: a new exit, × 1 of 220 */
    assert_true(paid(&r, 0, 3) == 220);
    r.pop.vehicles[0] = 1;               /* May: a car: the asset test fails, payment stops */
    assert_true(paid(&r, 0, 4) == 0);
    r.pop.vehicles[0] = 0;               /* June: no car, still earning 500: nothing, no exit */
    assert_true(paid(&r, 0, 5) == 0);
    stop(&r);
}

static void taper_needs_higher_wages(void **state)
{
    (void)state;
    struct run r;
    start(&r, TAPER);
    r.pop.business_income[0] = 10000;    /* 100 yuan of farm income: paid 220 */
    assert_true(paid(&r, 0, 0) == 220);
    r.pop.business_income[0] = 50000;    /* income rises, wages do not: no exit, stops */
    assert_true(paid(&r, 0, 1) == 0);
    stop(&r);
}

static void registered_poor_months_lengthen_the_schedule(void **state)
{
    (void)state;
    struct run r;
    start(&r, "years: 2016:2017\ndibao:\n  standard: 320\n"
              "  gradual_exit: {enabled: true, registered_poor_months: 12}\n");
    /* household 2 is registered poor: 12 exit months, the last share 0.6 repeated */
    const double poor[14] = {320, 320, 320, 256, 256, 192, 192, 192, 192, 192, 192, 192, 192, 0};
    const double other[14] = {320, 320, 320, 256, 256, 192, 192, 0, 0, 0, 0, 0, 0, 0};
    for (int month = 0; month < 14; month++) {
        if (month == 1) {
            set_wage(&r, 0, 400);
            set_wage(&r, 1, 400);
        }
        assert_true(paid(&r, 0, month) == other[month]);
        assert_true(paid(&r, 1, month) == poor[month]);
    }
    stop(&r);
}

static void disregard_up_to_the_cap(void **state)
{
    (void)state;
    struct run r;
    start(&r, "years: 2016:2017\ndibao:\n  standard: 320\n"
              "  gradual_exit: {enabled: true, mode: disregard, months: 6, cap_multiple: 3}\n");
    /* Household 1 earns 500 from February: all of it left out (cap 3 × 320 = 960) for six
     * months, Feb-Jul, then counted: nothing from August. Household 2 earns 1200 from
     * February: 960 left out, 240 counted: 80 a month for six months. */
    const double first[10] = {320, 320, 320, 320, 320, 320, 320, 0, 0, 0};
    const double second[10] = {320, 80, 80, 80, 80, 80, 80, 0, 0, 0};
    for (int month = 0; month < 10; month++) {
        if (month == 1) {
            set_wage(&r, 0, 500);
            set_wage(&r, 1, 1200);
        }
        double a = paid(&r, 0, month), b = paid(&r, 1, month);
        if (a != first[month] || b != second[month])
            fail_msg("month %d: %.2f and %.2f, expected %.2f and %.2f", month, a, b, first[month],
                     second[month]);
    }
    stop(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(taper_across_a_year_boundary),
        cmocka_unit_test(taper_returns_to_normal_and_stops_on_assets),
        cmocka_unit_test(taper_needs_higher_wages),
        cmocka_unit_test(registered_poor_months_lengthen_the_schedule),
        cmocka_unit_test(disregard_up_to_the_cap),
    };
    return cmocka_run_group_tests_name("gradual_exit", tests, test_dir_create, test_dir_remove);
}

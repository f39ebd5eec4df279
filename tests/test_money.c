/* Exact money arithmetic (money.h): money_div gives C's 128-bit quotient whether its operands
 * fit in 64 bits (where it divides in 64) or not, and money_round rounds half away from zero. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "money.h"

static void division_is_the_128_bit_quotient(void **state)
{
    (void)state;
    const money_wide big = (money_wide)INT64_MAX;
    const money_wide nums[] = {0, 1, -1, 7, -7, 11999999, big, -big, big + 1, -big - 1,
                               -big - 2, big * 1000 + 123, (money_wide)INT64_MIN};
    const money_wide dens[] = {1, -1, 2, 3, -3, 12, MONEY_MICRO, big, big + 1, -big - 1,
                               (money_wide)INT64_MIN};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        for (size_t j = 0; j < sizeof dens / sizeof dens[0]; j++) {
            const money_wide want = nums[i] / dens[j], got = money_div(nums[i], dens[j]);
            assert_true(got == want);
        }
}

static void rounding_is_half_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(money_round(2500000, MONEY_MICRO), 3);   /* 2.5 fen */
    assert_int_equal(money_round(2499999, MONEY_MICRO), 2);
    assert_int_equal(money_round(0, MONEY_MICRO), 0);
    assert_int_equal(money_round(17, 12), 1);                 /* 1.42 */
    assert_int_equal(money_round(18, 12), 2);                 /* 1.5 */
    /* beyond 64 bits: (2^63 + 5·10^5) / 10^6 */
    assert_int_equal(money_round((money_wide)INT64_MAX + 1 + 500000, MONEY_MICRO),
                     9223372036855LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(division_is_the_128_bit_quotient),
        cmocka_unit_test(rounding_is_half_away_from_zero),
    };
    return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}

/* Alignment numerics (alignment.h): the logit shift's δ makes Σ w·p' equal the total to 1e-9,
 * for one period and for twelve; probabilities 0 and 1 are left alone; unreachable totals are
 * reported; sort takes exactly the candidates with the smallest u/p until the total. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "alignment.h"

#define N 500

/* A fixed, varied set of candidates: weights 1-10, probabilities spread over (0, 1) with some
 * exactly 0 and 1. */
static void candidates(double *w, double *p, double *u)
{
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        w[i] = 1 + (double)(x % 10);
        p[i] = (double)((x >> 20) % 1000) / 1000.0 * 0.3;
        u[i] = ((double)(x >> 11) + 0.5) / 9007199254740992.0;
        if (i % 50 == 0) p[i] = 0;
        if (i % 77 == 0) p[i] = 1;
    }
}

static void logit_shift_hits_the_total(void **state)
{
    (void)state;
    double w[N], p[N], u[N];
    candidates(w, p, u);
    for (int periods = 1; periods <= 12; periods += 11) {
        const double before = alignment_expected(w, p, N, periods, 0);
        double low, high;
        alignment_reach(w, p, N, &low, &high);
        const double targets[] = {0.5 * (low + before), before, 0.5 * (before + high)};
        for (int k = 0; k < 3; k++) {
            double delta;
            assert_int_equal(alignment_logit_delta(w, p, N, periods, targets[k], &delta), 0);
            const double got = alignment_expected(w, p, N, periods, delta);
            assert_true(fabs(got - targets[k]) <= 1e-9 * targets[k]);
            if (k == 0) assert_true(delta < 0);
            if (k == 2) assert_true(delta > 0);
        }
    }
}

static void zero_and_one_stay(void **state)
{
    (void)state;
    for (double d = -30; d <= 30; d += 7.5) {
        assert_true(alignment_shift(0.0, d) == 0.0);
        assert_true(alignment_shift(1.0, d) == 1.0);
    }
    assert_true(fabs(alignment_shift(0.2, 0) - 0.2) < 1e-15);
    assert_true(fabs(alignment_shift(0.5, log(3.0)) - 0.75) < 1e-15);   /* odds 1 → 3 */
    /* only the 1s can be left at -∞; above every p > 0 nothing is reachable */
    const double w[] = {2, 3, 5}, p[] = {1, 0.5, 0};
    double delta, low, high;
    alignment_reach(w, p, 3, &low, &high);
    assert_true(low == 2 && high == 5);
    assert_int_equal(alignment_logit_delta(w, p, 3, 1, 1.0, &delta), 1);
    assert_true(delta < 0);
    assert_int_equal(alignment_logit_delta(w, p, 3, 1, 6.0, &delta), 1);
    assert_true(delta > 0);
    assert_int_equal(alignment_logit_delta(w, p, 3, 1, 4.0, &delta), 0);
    assert_true(fabs(alignment_shift(0.5, delta) - 2.0 / 3.0) < 1e-12);
}

static void sort_takes_the_smallest_u_over_p(void **state)
{
    (void)state;
    double w[N], p[N], u[N], one[N];
    uint8_t take[N];
    candidates(w, p, u);
    for (int i = 0; i < N; i++) one[i] = 1;
    /* equal weights: exactly `total` candidates, every one taken with u/p below every one left */
    double cutoff = -1;
    const double taken = alignment_sort(one, p, u, N, 120, take, &cutoff);
    assert_true(taken == 120);
    double max_taken = 0, min_left = INFINITY;
    int count = 0;
    for (int i = 0; i < N; i++) {
        count += take[i];
        if (p[i] == 0) {
            assert_int_equal(take[i], 0);
            continue;
        }
        if (take[i]) max_taken = fmax(max_taken, u[i] / p[i]);
        else min_left = fmin(min_left, u[i] / p[i]);
    }
    assert_int_equal(count, 120);
    assert_true(max_taken < min_left);
    assert_true(cutoff == max_taken);   /* the cut-off: the largest u/p taken */
    /* weights: the weight taken is within half a candidate's weight of the total */
    const double total = 777.0, got = alignment_sort(w, p, u, N, total, take, NULL);
    assert_true(fabs(got - total) <= 5.0);
    double sum = 0;
    for (int i = 0; i < N; i++) sum += take[i] * w[i];
    assert_true(sum == got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logit_shift_hits_the_total),
        cmocka_unit_test(zero_and_one_stay),
        cmocka_unit_test(sort_takes_the_smallest_u_over_p),
    };
    return cmocka_run_group_tests_name("alignment", tests, NULL, NULL);
}

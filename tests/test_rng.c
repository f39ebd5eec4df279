/* Random streams: Random123 known answers, determinism, independence of streams, GSL
 * distributions on top, and the same draws whatever the thread count. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <omp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rng.h"

static void philox_known_answers(void **state)
{
    (void)state;
    /* Random123's published known-answer vectors for philox4x64-10 (kat_vectors). */
    static const uint64_t cases[3][10] = {
        {0, 0, 0, 0, 0, 0,
         0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL},
        {~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL,
         0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL},
        {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL,
         0x082efa98ec4e6c89ULL, 0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL,
         0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL},
    };
    for (int i = 0; i < 3; i++) {
        uint64_t out[4];
        rng_philox(cases[i], cases[i] + 4, out);
        for (int j = 0; j < 4; j++) assert_true(out[j] == cases[i][6 + j]);
    }
}

static void same_key_same_draws(void **state)
{
    (void)state;
    struct rng_stream a, b;
    rng_stream_init(&a, 42, 1001, 2016, 3, RNG_TEST, 0);
    rng_stream_init(&b, 42, 1001, 2016, 3, RNG_TEST, 0);
    for (int i = 0; i < 100; i++) assert_true(rng_next(&a) == rng_next(&b));
    /* the first draw is the first word of philox(counter {0, year<<8|month, stream, rep}) */
    uint64_t counter[4] = {0, (uint64_t)2016 << 8 | 3, RNG_TEST, 0}, key[2] = {42, 1001}, out[4];
    rng_philox(counter, key, out);
    rng_stream_init(&a, 42, 1001, 2016, 3, RNG_TEST, 0);
    assert_true(rng_next(&a) == out[0]);
}

/* A block drawn without a stream is the stream's draws 4·index to 4·index + 3. */
static void block_is_the_streams_draws(void **state)
{
    (void)state;
    for (uint64_t entity = 0; entity < 1000; entity += 7) {
        struct rng_stream s;
        rng_stream_init(&s, 3, entity, 2019, 5, RNG_TRANSITION, 0);
        for (uint64_t index = 0; index < 3; index++) {
            double u[4];
            rng_uniform_block(3, entity, 2019, 5, RNG_TRANSITION, index, u);
            for (int j = 0; j < 4; j++) assert_true(u[j] == rng_uniform(&s));
        }
    }
}

/* Pearson correlation of the first uniform of two keyings over many entities. */
static double correlation(int field)
{
    const int n = 200000;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int e = 0; e < n; e++) {
        struct rng_stream a, b;
        rng_stream_init(&a, 7, (uint64_t)e, 2016, 1, RNG_TAKE_UP, 0);
        rng_stream_init(&b, 7 + (field == 0), (uint64_t)e + (field == 1), 2016 + (field == 2),
                        1 + (field == 3), RNG_TAKE_UP + (field == 4), field == 5);
        double x = rng_uniform(&a), y = rng_uniform(&b);
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
}

static void streams_are_independent(void **state)
{
    (void)state;
    /* changing any part of the key (seed, entity, year, month, stream, replication) gives an
     * uncorrelated stream: |r| well under 4 standard errors (1/sqrt(n) = 0.0022) */
    for (int field = 0; field < 6; field++) {
        double r = correlation(field);
        if (fabs(r) > 0.01) fail_msg("field %d: correlation %g", field, r);
    }
}

static void uniform_and_gsl_distributions(void **state)
{
    (void)state;
    const int n = 400000;
    double su = 0, sg = 0, sgg = 0;
    for (int e = 0; e < n; e++) {
        struct rng_stream s;
        rng_stream_init(&s, 1, (uint64_t)e, 2020, 12, RNG_TEST, 3);
        double u = rng_uniform(&s);
        assert_true(u > 0 && u < 1);
        double g = gsl_ran_gaussian(rng_gsl(&s), 1.0);
        su += u; sg += g; sgg += g * g;
    }
    assert_true(fabs(su / n - 0.5) < 0.003);
    assert_true(fabs(sg / n) < 0.008);
    assert_true(fabs(sgg / n - 1.0) < 0.01);
}

static void same_draws_for_any_thread_count(void **state)
{
    (void)state;
    const long n = 100000;
    double *one = malloc(n * sizeof *one), *two = malloc(n * sizeof *two);
    for (int pass = 0; pass < 2; pass++) {
        double *out = pass ? two : one;
#pragma omp parallel for schedule(dynamic, 97) num_threads(pass + 1)
        for (long e = 0; e < n; e++) {
            struct rng_stream s;
            rng_stream_init(&s, 99, (uint64_t)e, 2017, 6, RNG_INCOME_ERROR, 0);
            out[e] = gsl_ran_lognormal(rng_gsl(&s), 0.0, 0.5) + rng_uniform(&s);
        }
    }
    assert_memory_equal(one, two, n * sizeof *one);
    free(one);
    free(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(philox_known_answers),
        cmocka_unit_test(same_key_same_draws),
        cmocka_unit_test(block_is_the_streams_draws),
        cmocka_unit_test(streams_are_independent),
        cmocka_unit_test(uniform_and_gsl_distributions),
        cmocka_unit_test(same_draws_for_any_thread_count),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}

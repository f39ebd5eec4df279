/* philox_rate — `make bench`'s floor for the projection's draws: how many Philox4x64-10 blocks
 * one thread makes a second through the engine's own rng_uniform_block (the projection draws one
 * block per living person-month, and a second for persons who may take or leave a job), the best
 * of three runs of 2·10^7 blocks for consecutive persons. Prints the rate in million blocks/s. */
#include <stdio.h>
#include <time.h>

#include "rng.h"

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void)
{
    enum { BLOCKS = 20000000 };
    double best = 0;
    volatile double kept = 0;   /* so that the draws are made */
    for (int run = 0; run < 3; run++) {
        const double start = seconds();
        for (unsigned long i = 0; i < BLOCKS; i++) {
            double u[4];
            rng_uniform_block(12345, 1000000 + i, 2017, 3, RNG_TRANSITION, 0, u);
            kept = u[0];
        }
        const double rate = BLOCKS / (seconds() - start) / 1e6;
        if (rate > best) best = rate;
    }
    printf("%.1f\n", best);
    return kept < 0;
}

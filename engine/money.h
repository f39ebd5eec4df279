/* money — exact money arithmetic.
 *
 * Amounts are integers in fen (1/100 yuan); shares of a standard (min_share, tier bands, months
 * of the standard) are integers in millionths. A product such as share × standard × size is
 * then an exact integer in millionths of a fen, compared and rounded without binary-fraction
 * error: income exactly at the standard is never eligible, and a half fen always rounds away from
 * zero. Products are formed in 128 bits (GCC's __int128), so no bound on the inputs can make
 * them overflow. */
#ifndef DIBAOSIM_MONEY_H
#define DIBAOSIM_MONEY_H

#include <math.h>
#include <stdint.h>

#define MONEY_MICRO 1000000   /* millionths in one */

typedef __int128 money_wide;

/* Yuan (a parameter value) to fen, to the nearest fen. */
static inline int64_t money_fen(double yuan) { return (int64_t)llround(yuan * 100.0); }

/* A share or a multiple to millionths, to the nearest millionth. */
static inline int64_t money_micro(double share) { return (int64_t)llround(share * MONEY_MICRO); }

/* num / den truncated toward zero, as C divides; in 64 bits when both fit (the same quotient,
 * without a call to the 128-bit division). */
static inline money_wide money_div(money_wide num, money_wide den)
{
    if (num == (int64_t)num && den == (int64_t)den && den != -1)
        return (int64_t)num / (int64_t)den;
    return num / den;
}

/* num / den rounded half away from zero, for num >= 0 and den > 0. */
static inline int64_t money_round(money_wide num, int64_t den)
{
    return (int64_t)money_div(num + den / 2, den);
}

#endif

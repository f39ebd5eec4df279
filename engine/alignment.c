/* alignment — see alignment.h. */
#include "alignment.h"

#include <math.h>
#include <stdlib.h>

#include "memory.h"

double alignment_shift(double p, double delta)
{
    if (delta == 0 || p <= 0 || p >= 1) return p;
    const double odds = p * exp(delta);   /* logistic(logit(p) + δ) = p e^δ / (1 − p + p e^δ) */
    return odds / (1.0 - p + odds);
}

double alignment_expected(const double *w, const double *p, size_t n, int periods, double delta)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const double q = alignment_shift(p[i], delta);
        total += w[i] * (periods == 1 ? q : 1.0 - pow(1.0 - q, periods));
    }
    return total;
}

void alignment_reach(const double *w, const double *p, size_t n, double *low, double *high)
{
    *low = *high = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] >= 1) *low += w[i];
        if (p[i] > 0) *high += w[i];
    }
}

int alignment_logit_delta(const double *w, const double *p, size_t n, int periods, double total,
                          double *delta)
{
    double lo = -ALIGNMENT_MAX_DELTA, hi = ALIGNMENT_MAX_DELTA, low, high;
    alignment_reach(w, p, n, &low, &high);
    if (!(total > low && total < high)) {
        *delta = low == high ? 0.0 : total <= low ? lo : hi;
        return !(total == low || total == high);
    }
    for (;;) {   /* bisection until the bracket cannot shrink: far below 1e-9 */
        const double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        if (alignment_expected(w, p, n, periods, mid) < total) lo = mid;
        else hi = mid;
    }
    const double e_lo = alignment_expected(w, p, n, periods, lo);
    const double e_hi = alignment_expected(w, p, n, periods, hi);
    *delta = total - e_lo <= e_hi - total ? lo : hi;
    return 0;
}

/* Sorting by u/p with the index as tie-break, so the order is total and deterministic. */
struct key {
    double ratio;
    size_t index;
};

static int by_ratio(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    if (x->ratio != y->ratio) return x->ratio < y->ratio ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

double alignment_sort(const double *w, const double *p, const double *u, size_t n, double total,
                      uint8_t *take, double *cutoff)
{
    struct key *keys = xmalloc((n + 1) * sizeof *keys);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        take[i] = 0;
        if (p[i] > 0) keys[m++] = (struct key){u[i] / p[i], i};
    }
    qsort(keys, m, sizeof *keys, by_ratio);
    double taken = 0, last = 0;
    for (size_t k = 0; k < m; k++) {
        const size_t i = keys[k].index;
        if (taken + 0.5 * w[i] > total) break;
        taken += w[i];
        take[i] = 1;
        last = keys[k].ratio;
    }
    if (cutoff) *cutoff = last;
    free(keys);
    return taken;
}

/* alignment — the numerics of aligning a transition to an external total (rules.md 6,
 * `projection.alignment`; LIAM2's `align`, OpenM++'s alignment).
 *
 * Pure functions over arrays: candidate i has weight w[i] and probability p[i] of the event in
 * one period, and may have `periods` chances (a monthly probability over a year: periods 12).
 *   logit shift: every probability is moved on the logit scale by one δ,
 *     p(δ) = logistic(logit(p) + δ), so that Σ w · (1 − (1 − p(δ))^periods) equals the total;
 *     δ is found by bisection (to 1e-9 and beyond: until the bracket cannot shrink). A
 *     probability of 0 or 1 stays 0 or 1; a total outside what the shift can reach is clamped
 *     to the nearest reachable one (δ = ∓ALIGNMENT_MAX_DELTA) and reported.
 *   sort: candidates are taken in increasing order of u/p (u the candidate's uniform draw;
 *     p = 0 never taken) while the weight taken plus half the next candidate's weight is at
 *     most the total: with equal weights w the count taken is round(total / w) exactly.
 * Bins of candidates sharing a probability may be passed as one candidate with their summed
 * weight (the sums are linear in the weights). */
#ifndef DIBAOSIM_ALIGNMENT_H
#define DIBAOSIM_ALIGNMENT_H

#include <stddef.h>
#include <stdint.h>

#define ALIGNMENT_MAX_DELTA 700.0   /* exp(700) is still a finite double */

/* p moved by δ on the logit scale; 0 and 1 stay. */
double alignment_shift(double p, double delta);

/* Σ w[i] · (1 − (1 − shift(p[i], δ))^periods). */
double alignment_expected(const double *w, const double *p, size_t n, int periods, double delta);

/* The totals a shift can reach: *low = Σ w over p = 1 (δ → −∞), *high = Σ w over p > 0. */
void alignment_reach(const double *w, const double *p, size_t n, double *low, double *high);

/* The δ that makes alignment_expected equal `total`, into *delta. Returns 0, or 1 when the
 * total is out of reach (δ then clamped to ±ALIGNMENT_MAX_DELTA, or 0 without candidates). */
int alignment_logit_delta(const double *w, const double *p, size_t n, int periods, double total,
                          double *delta);

/* The sort method: take[i] = 1 for the candidates taken, 0 otherwise. Returns the weight taken;
 * *cutoff (when cutoff is not NULL) is the largest u/p taken, the sort's cut-off (0: none taken). */
double alignment_sort(const double *w, const double *p, const double *u, size_t n, double total,
                      uint8_t *take, double *cutoff);

/* A review's removals aligned (projection.alignment's review_exit) in one year, which is run
 * twice. The candidates are the units a review would remove (on the caseload, found no longer
 * eligible), known by their memory slot: 2 × slot, + 1 for a separated unit. While recording (the
 * first run) each candidate notes its weight (household weight × living members), its review
 * probability and its draw; when deciding (the second), `take` says which are reviewed under
 * `sort`, and the call's review_shift shifts their probability under `logit_shift`. */
struct review_alignment {
    int year;          /* the year aligned (0: the first simulated), or -1 */
    int deciding;      /* 0: recording the candidates; 1: deciding */
    int sort;          /* method sort: `take` decides */
    double *weight;    /* per slot: the candidate's weight, 0 for units that are not */
    double *prob, *u;  /* per slot: its review probability and draw */
    uint8_t *take;     /* per slot, under sort: reviewed (and so removed) */
    double *cutoff;    /* per region, under sort: its group's cut-off (NaN: no total) */
};

#endif

/* compare — see compare.h. Sums run over households in population order, so they are the same
 * for any thread count. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Household h's annual fen from program k (PROGRAM_ALL: every program) in cell. */
static int64_t received(const struct scenario_result *res, int k, size_t cell)
{
    if (k != PROGRAM_ALL) return res->paid[k][cell];
    int64_t total = 0;
    for (int j = 0; j < N_PROGRAMS; j++) total += res->paid[j][cell];
    return total;
}

struct ranked {
    double income;
    size_t household;
};

/* By income, ties by position, so the order is unique. */
static int by_income(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->income != y->income) return x->income < y->income ? -1 : 1;
    return x->household < y->household ? -1 : x->household > y->household;
}

/* The baseline's households ranked by pre-transfer income per member in every year (ties by
 * position, so the order is unique), into its income_order unless already there. -1 when out of
 * memory. */
static int rank_households(const struct scenario_result *baseline, size_t H)
{
    struct income_order *o = baseline->income_order;
    if (o->household) return 0;
    const int Y = baseline->n_years;
    struct ranked *order = malloc(H * sizeof *order + 1);
    o->household = malloc((size_t)Y * H * sizeof *o->household + 1);
    o->ranked = malloc((size_t)Y * sizeof *o->ranked + 1);
    if (!order || !o->household || !o->ranked) {
        free(order);
        free(o->household);
        free(o->ranked);
        o->household = NULL;
        o->ranked = NULL;
        return -1;
    }
    for (int y = 0; y < Y; y++) {
        const double *pc = baseline->pre_transfer_pc + (size_t)y * H;
        size_t n = 0;   /* households with a living member in the year */
        for (size_t h = 0; h < H; h++)
            if (!isnan(pc[h])) order[n++] = (struct ranked){pc[h], h};
        qsort(order, n, sizeof *order, by_income);
        for (size_t i = 0; i < n; i++) o->household[(size_t)y * H + i] = (uint32_t)order[i].household;
        o->ranked[y] = n;
    }
    free(order);
    return 0;
}

static void deciles(const struct scenario_result *baseline, const struct scenario_result *reform,
                    const struct population *pop, int y, struct decile_change *out)
{
    const size_t base = (size_t)y * pop->n_households, H = baseline->income_order->ranked[y];
    const uint32_t *order = baseline->income_order->household + base;
    double total = 0;   /* in population order */
    for (size_t h = 0; h < pop->n_households; h++)
        if (!isnan(baseline->pre_transfer_pc[base + h])) total += pop->weight[h];
    double below = 0;
    for (size_t i = 0; i < H; i++) {
        const size_t h = order[i];
        const double w = pop->weight[h];
        int d = (int)(COMPARE_DECILES * (below + w / 2) / total);   /* by the household's middle */
        if (d >= COMPARE_DECILES) d = COMPARE_DECILES - 1;
        below += w;
        const int64_t change = received(reform, PROGRAM_ALL, base + h) -
                               received(baseline, PROGRAM_ALL, base + h);
        out[d].households += w;
        out[d].winners += w * (change > COMPARE_THRESHOLD);
        out[d].losers += w * (change < -COMPARE_THRESHOLD);
        out[d].mean_change += w * (double)change / 100.0;
    }
    for (int d = 0; d < COMPARE_DECILES; d++)
        if (out[d].households > 0) out[d].mean_change /= out[d].households;
}

int compare_results(const struct scenario_result *baseline, const struct scenario_result *reform,
                    const struct population *pop, struct comparison *out)
{
    memset(out, 0, sizeof *out);
    out->first_year = baseline->first_year;
    out->n_years = baseline->n_years < reform->n_years ? baseline->n_years : reform->n_years;
    const size_t H = pop->n_households;
    out->program = calloc((size_t)out->n_years * N_PROGRAM_ROWS + 1, sizeof *out->program);
    out->decile = calloc((size_t)out->n_years * COMPARE_DECILES + 1, sizeof *out->decile);
    if (!out->program || !out->decile || rank_households(baseline, H)) {
        comparison_free(out);
        return -1;
    }
    for (int y = 0; y < out->n_years; y++) {
        for (int k = 0; k < N_PROGRAM_ROWS; k++) {
            struct program_change *c = &out->program[(size_t)y * N_PROGRAM_ROWS + k];
            for (size_t h = 0; h < H; h++) {
                const double w = pop->weight[h];
                const int64_t a = received(baseline, k, (size_t)y * H + h);
                const int64_t b = received(reform, k, (size_t)y * H + h);
                c->baseline += w * (double)a / 100.0;
                c->reform += w * (double)b / 100.0;
                c->baseline_households += w * (a > 0);
                c->reform_households += w * (b > 0);
                c->gained += w * (a == 0 && b > 0);
                c->lost += w * (a > 0 && b == 0);
            }
        }
        deciles(baseline, reform, pop, y, out->decile + (size_t)y * COMPARE_DECILES);
    }
    return 0;
}

void comparison_free(struct comparison *c)
{
    free(c->program);
    free(c->decile);
    memset(c, 0, sizeof *c);
}

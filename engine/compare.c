/* compare — see compare.h. Sums run over households in population order, so they are the same
 * for any thread count. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"

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

void income_ranking_init(struct income_ranking *r, int n_years, size_t n_households)
{
    memset(r, 0, sizeof *r);
    r->n_years = n_years;
    r->n_households = n_households;
    const size_t cells = (size_t)n_years * n_households;
    r->pc = xmalloc(cells * sizeof *r->pc + 1);
    r->weight = xmalloc(n_households * sizeof *r->weight + 1);
    r->household = xmalloc(cells * sizeof *r->household + 1);
    r->ranked = xcalloc((size_t)n_years + 1, sizeof *r->ranked);
}

void income_ranking_add(struct income_ranking *r, const struct scenario_result *baseline,
                        const struct population *pop, size_t offset)
{
    const size_t n = pop->n_households, H = r->n_households;
    memcpy(r->weight + offset, pop->weight, n * sizeof *r->weight);
    for (int y = 0; y < r->n_years; y++)
        memcpy(r->pc + (size_t)y * H + offset, baseline->pre_transfer_pc + (size_t)y * n,
               n * sizeof *r->pc);
}

void income_ranking_sort(struct income_ranking *r)
{
    const size_t H = r->n_households;
    struct ranked *order = xmalloc(H * sizeof *order + 1);
    for (int y = 0; y < r->n_years; y++) {
        const double *pc = r->pc + (size_t)y * H;
        size_t n = 0;   /* households with a living member in the year */
        for (size_t h = 0; h < H; h++)
            if (!isnan(pc[h])) order[n++] = (struct ranked){pc[h], h};
        qsort(order, n, sizeof *order, by_income);
        for (size_t i = 0; i < n; i++) r->household[(size_t)y * H + i] = (uint32_t)order[i].household;
        r->ranked[y] = n;
    }
    free(order);
}

void income_ranking_free(struct income_ranking *r)
{
    free(r->pc);
    free(r->weight);
    free(r->household);
    free(r->ranked);
    memset(r, 0, sizeof *r);
}

static void deciles(const struct comparison *c, const struct income_ranking *r, int y,
                    struct decile_change *out)
{
    const size_t H = c->n_households, base = (size_t)y * H, n = r->ranked[y];
    const uint32_t *order = r->household + base;
    const double *pc = r->pc + base;
    double total = 0;   /* in population order */
    for (size_t h = 0; h < H; h++)
        if (!isnan(pc[h])) total += r->weight[h];
    double below = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t h = order[i];
        const double w = r->weight[h];
        int d = (int)(COMPARE_DECILES * (below + w / 2) / total);   /* by the household's middle */
        if (d >= COMPARE_DECILES) d = COMPARE_DECILES - 1;
        below += w;
        const int64_t change = c->change[base + h];
        out[d].households += w;
        out[d].winners += w * (change > COMPARE_THRESHOLD);
        out[d].losers += w * (change < -COMPARE_THRESHOLD);
        out[d].mean_change += w * (double)change / 100.0;
    }
    for (int d = 0; d < COMPARE_DECILES; d++)
        if (out[d].households > 0) out[d].mean_change /= out[d].households;
}

void comparison_init(struct comparison *c, int first_year, int n_years, size_t n_households)
{
    memset(c, 0, sizeof *c);
    c->first_year = first_year;
    c->n_years = n_years;
    c->n_households = n_households;
    c->program = xcalloc((size_t)n_years * N_PROGRAM_ROWS + 1, sizeof *c->program);
    c->decile = xcalloc((size_t)n_years * COMPARE_DECILES + 1, sizeof *c->decile);
    c->change = xmalloc((size_t)n_years * n_households * sizeof *c->change + 1);
}

void comparison_add(struct comparison *c, const struct scenario_result *baseline,
                    const struct scenario_result *reform, const struct population *pop,
                    size_t offset)
{
    const size_t H = pop->n_households;
    /* each (year, program row) sums its households in order, whichever thread takes it, in a
     * copy of its own (the rows' sums share cache lines) */
#pragma omp parallel for schedule(dynamic, 1)
    for (int yk = 0; yk < c->n_years * N_PROGRAM_ROWS; yk++) {
        const int y = yk / N_PROGRAM_ROWS, k = yk % N_PROGRAM_ROWS;
        struct program_change p = c->program[yk];
        for (size_t h = 0; h < H; h++) {
            const double w = pop->weight[h];
            const int64_t a = received(baseline, k, (size_t)y * H + h);
            const int64_t b = received(reform, k, (size_t)y * H + h);
            p.baseline += w * (double)a / 100.0;
            p.reform += w * (double)b / 100.0;
            p.baseline_households += w * (a > 0);
            p.reform_households += w * (b > 0);
            p.gained += w * (a == 0 && b > 0);
            p.lost += w * (a > 0 && b == 0);
        }
        c->program[yk] = p;
    }
    for (int y = 0; y < c->n_years; y++)
        for (size_t h = 0; h < H; h++)
            c->change[(size_t)y * c->n_households + offset + h] =
                received(reform, PROGRAM_ALL, (size_t)y * H + h) -
                received(baseline, PROGRAM_ALL, (size_t)y * H + h);
}

void comparison_finish(struct comparison *c, const struct income_ranking *ranking)
{
    for (int y = 0; y < c->n_years; y++)
        deciles(c, ranking, y, c->decile + (size_t)y * COMPARE_DECILES);
    free(c->change);
    c->change = NULL;
}

void comparison_free(struct comparison *c)
{
    free(c->program);
    free(c->decile);
    free(c->change);
    memset(c, 0, sizeof *c);
}

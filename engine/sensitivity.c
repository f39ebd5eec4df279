/* sensitivity — see sensitivity.h. */
#include "sensitivity.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "parcel.h"
#include "policy.h"
#include "ranks.h"
#include "rng.h"

/* ---- draws ---- */

double uncertain_quantile(const struct uncertain *u, double p)
{
    switch (u->distribution) {
    case DIST_UNIFORM: return gsl_cdf_flat_Pinv(p, u->min, u->max);
    case DIST_NORMAL: return u->mean + gsl_cdf_gaussian_Pinv(p, u->sd);
    case DIST_LOGNORMAL: return gsl_cdf_lognormal_Pinv(p, log(u->median), u->sigma);
    case DIST_BETA: return u->min + (u->max - u->min) * gsl_cdf_beta_Pinv(p, u->alpha, u->beta);
    case DIST_TRIANGULAR: {
        const double a = u->min, b = u->max, c = u->mode, at_mode = (c - a) / (b - a);
        return p < at_mode ? a + sqrt(p * (b - a) * (c - a))
                           : b - sqrt((1 - p) * (b - a) * (b - c));
    }
    }
    return NAN;
}

double uncertain_draw(const struct uncertain *u, uint64_t seed, int k, int r)
{
    struct rng_stream s;
    rng_stream_init(&s, seed, (uint64_t)k + 1, 0, 0, RNG_SENSITIVITY, r);
    return uncertain_quantile(u, rng_uniform(&s));
}

/* ---- runs ---- */

/* One run: the scenario with `n` overrides; its headline measures into out[years][N] and, when
 * `lowest` is not NULL, each fund's lowest balance into lowest[funds][regions][years]. */
static int run_one(const struct scenario *s, const struct population *pop,
                   const struct run_options *options, const struct draw_memo *memo,
                   const struct policy_override *overrides, int n, double *out, double *lowest,
                   struct error *err)
{
    struct run_options one = {.threads = 1, .seed = options->seed, .overrides = overrides,
                              .n_overrides = n};
    struct simulation sim;
    struct scenario_result res;
    if (simulation_init(&sim, s, pop, &one, err)) return -1;
    sim.projection.memo = memo;
    int rc = simulation_run(&sim, &res, err);
    simulation_free(&sim);
    if (rc) return -1;
    for (int y = 0; y < res.n_years; y++)
        derived_headlines(&res, y, -1, out + (size_t)y * N_HEADLINES);
    struct budget_result b = {0};
    if (lowest && budget_run(&s->budget, pop->regions, &res, &b, err)) rc = -1;
    for (int f = 0; lowest && !rc && f < b.n_funds; f++)
        for (int r = 0; r < b.n_regions; r++)
            for (int y = 0; y < b.n_years; y++) {
                struct budget_year year;
                budget_year_of(&b, f, r, y, &year);
                lowest[((size_t)f * b.n_regions + r) * b.n_years + y] = year.lowest;
            }
    budget_result_free(&b);
    scenario_result_free(&res);
    return rc;
}

/* The overrides of run `job`: replications first, then the tornado (centre, then each
 * parameter low and high), then the grid points. Returns how many. */
static int job_overrides(const struct scenario *s, const struct sensitivity_result *res,
                         int job, struct policy_override *o)
{
    const int P = res->n_parameters, R = res->n_replications, tornado = P ? 1 + 2 * P : 0;
    if (job < R) {
        for (int k = 0; k < P; k++)
            o[k] = (struct policy_override){s->sensitivity.parameters[k].param,
                                            s->sensitivity.parameters[k].apply,
                                            res->draws[(size_t)job * P + k]};
        return P;
    }
    job -= R;
    if (job < tornado) {
        for (int k = 0; k < P; k++) {
            const struct uncertain *u = &s->sensitivity.parameters[k];
            double p = 0.5;
            if (job > 0 && (job - 1) / 2 == k) p = (job - 1) % 2 ? 0.95 : 0.05;
            o[k] = (struct policy_override){u->param, u->apply, uncertain_quantile(u, p)};
        }
        return P;
    }
    job -= tornado;
    for (int a = 0; a < res->n_axes; a++)
        o[a] = (struct policy_override){s->sweep.axes[a].param, s->sweep.axes[a].apply,
                                        res->grid[(size_t)job * res->n_axes + a]};
    return res->n_axes;
}

/* Where run `job`'s headline measures go. */
static double *job_output(const struct sensitivity_result *res, int job)
{
    const size_t year_block = (size_t)res->n_years * N_HEADLINES;
    const int P = res->n_parameters, R = res->n_replications, tornado = P ? 1 + 2 * P : 0;
    if (job < R) return res->replications + (size_t)job * year_block;
    job -= R;
    if (job == 0 && tornado) return res->centre;
    if (job < tornado) {
        const int k = (job - 1) / 2;
        return ((job - 1) % 2 ? res->high : res->low) + (size_t)k * year_block;
    }
    return res->sweep + (size_t)(job - tornado) * year_block;
}

/* Where run `job`'s lowest fund balances go: a replication's, with a budget; else NULL. */
static double *job_lowest(const struct sensitivity_result *res, int job)
{
    if (job >= res->n_replications || !res->n_funds) return NULL;
    return res->lowest + sensitivity_lowest_cell(res, job, 0, 0, 0);
}

/* The runs handed out over the ranks (ranks.h): run `job` on rank job mod N, its measures sent to
 * rank 0, which puts them in place, job by job in order. A run that failed fails the analysis
 * with its error: the first in job order. */
struct jobs {
    struct sensitivity_result *res;
    const int *failed;
    const struct error *errors;
};

static size_t job_cells(const struct sensitivity_result *res, int job)
{
    return job_lowest(res, job) ? (size_t)res->n_funds * res->n_regions * res->n_years : 0;
}

static int job_made(void *ctx, size_t i, struct parcel *out, struct error *err)
{
    const struct jobs *w = ctx;
    const int job = (int)i;
    if (w->failed[job])
        return err_set(err, w->errors[job].code ? w->errors[job].code : ERR_RUN, "%s",
                       w->errors[job].message);
    if (!out) return 0;   /* rank 0's: in place already */
    parcel_put(out, job_output(w->res, job), (size_t)w->res->n_years * N_HEADLINES * sizeof(double));
    parcel_put(out, job_lowest(w->res, job), job_cells(w->res, job) * sizeof(double));
    return 0;
}

static int job_taken(void *ctx, size_t i, struct parcel *in, struct error *err)
{
    const struct jobs *w = ctx;
    const int job = (int)i;
    if (!in) return 0;
    const size_t headlines = (size_t)w->res->n_years * N_HEADLINES * sizeof(double);
    const size_t lowest = job_cells(w->res, job) * sizeof(double);
    const void *h = parcel_take(in, headlines), *l = parcel_take(in, lowest);
    if (in->failed) return err_set(err, ERR_RUN, "a damaged parcel of sensitivity run %d", job);
    memcpy(job_output(w->res, job), h, headlines);
    if (lowest) memcpy(job_lowest(w->res, job), l, lowest);
    return 0;
}

int sensitivity_run(const struct scenario *s, const struct population *pop,
                    const struct run_options *options, struct sensitivity_result *res,
                    struct error *err)
{
    memset(res, 0, sizeof *res);
    res->first_year = s->first_year;
    res->n_years = s->last_year - s->first_year + 1;
    res->n_parameters = s->sensitivity.replications ? s->sensitivity.n : 0;
    res->n_replications = res->n_parameters ? s->sensitivity.replications : 0;
    res->n_axes = s->sweep.n;
    res->n_points = 1;
    for (int a = 0; a < res->n_axes; a++) res->n_points *= s->sweep.axes[a].n;
    if (!res->n_axes) res->n_points = 0;
    const int P = res->n_parameters, R = res->n_replications;
    const size_t year_block = (size_t)res->n_years * N_HEADLINES;
    const int jobs = R + (P ? 1 + 2 * P : 0) + res->n_points;
    if (!jobs) return 0;
    res->draws = xcalloc((size_t)R * P + 1, sizeof *res->draws);
    res->replications = xcalloc((size_t)R * year_block + 1, sizeof *res->replications);
    res->low = xcalloc((size_t)P * year_block + 1, sizeof *res->low);
    res->high = xcalloc((size_t)P * year_block + 1, sizeof *res->high);
    res->centre = xcalloc(year_block + 1, sizeof *res->centre);
    res->grid = xcalloc((size_t)res->n_points * res->n_axes + 1, sizeof *res->grid);
    res->sweep = xcalloc((size_t)res->n_points * year_block + 1, sizeof *res->sweep);
    if (R && s->budget.n) {   /* each replication's funds, for the risk of a shortfall */
        res->n_funds = s->budget.n;
        res->n_regions = pop->n_regions;
        res->fund_program = xcalloc((size_t)res->n_funds, sizeof *res->fund_program);
        res->lowest = xcalloc((size_t)R * res->n_funds * res->n_regions * res->n_years + 1,
                             sizeof *res->lowest);
        for (int f = 0; f < res->n_funds; f++)
            res->fund_program[f] = s->budget.funds[f].program;
    }
    int *failed = xcalloc((size_t)jobs, sizeof *failed);
    struct error *errors = xcalloc((size_t)jobs, sizeof *errors);
    for (int r = 0; r < R; r++)
        for (int k = 0; k < P; k++)
            res->draws[(size_t)r * P + k] =
                uncertain_draw(&s->sensitivity.parameters[k], options->seed, k, r);
    for (int i = 0; i < res->n_points; i++)   /* the last axis varies fastest */
        for (int a = res->n_axes - 1, rest = i; a >= 0; a--) {
            const struct sweep_axis *x = &s->sweep.axes[a];
            res->grid[(size_t)i * res->n_axes + a] = x->from + (rest % x->n) * x->step;
            rest /= x->n;
        }
    /* this rank's runs: job me, me + N, me + 2N, ... */
    const int me = ranks_rank(), N = ranks_size();
    const int mine = me >= jobs ? 0 : (jobs - me - 1) / N + 1;
    int done = 0;
    struct draw_memo memo;   /* every run draws the same blocks (drawmemo.h) */
    draw_memo_init(&memo, pop->n_persons, s->first_year, s->last_year);
#pragma omp parallel for schedule(dynamic, 1) num_threads(options->threads)
    for (int i = 0; i < mine; i++) {
        const int job = me + i * N;
        struct policy_override o[SCENARIO_MAX_UNCERTAIN];
        int n = job_overrides(s, res, job, o);
        failed[job] = run_one(s, pop, options, &memo, o, n, job_output(res, job),
                              job_lowest(res, job), &errors[job]);
        if (options->progress) {   /* a terminal: how many of the runs are done */
#pragma omp critical(sensitivity_progress)
            fprintf(options->progress, "\r%-40.40s %d of %d sensitivity and sweep runs",
                    s->name, ++done, mine);
        }
    }
    draw_memo_free(&memo);
    if (options->progress) fprintf(options->progress, "\r%70s\r", "");
    struct jobs gathered = {res, failed, errors};
    const struct ranks_work work = {job_made, job_taken, &gathered, NULL};
    const int rc = ranks_in_order((size_t)jobs, &work, 0, err);
    free(failed);
    free(errors);
    if (rc) sensitivity_result_free(res);
    return rc;
}

void sensitivity_result_free(struct sensitivity_result *res)
{
    free(res->draws);
    free(res->replications);
    free(res->low);
    free(res->high);
    free(res->centre);
    free(res->grid);
    free(res->sweep);
    free(res->fund_program);
    free(res->lowest);
    memset(res, 0, sizeof *res);
}

/* The mean, standard error, 5th, 50th and 95th percentiles of x[n] (sorted in place) into
 * out[5]; zeros when n is 0. */
static void describe(double *x, size_t n, double out[5])
{
    gsl_sort(x, 1, n);
    out[0] = n ? gsl_stats_mean(x, 1, n) : 0;
    out[1] = n > 1 ? gsl_stats_sd(x, 1, n) / sqrt((double)n) : 0;
    out[2] = n ? gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05) : 0;
    out[3] = n ? gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50) : 0;
    out[4] = n ? gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95) : 0;
}

void sensitivity_statistics(const struct sensitivity_result *res, int y, int h, double out[5])
{
    const int R = res->n_replications;
    double *x = xmalloc((size_t)(R ? R : 1) * sizeof *x);
    for (int r = 0; r < R; r++)
        x[r] = res->replications[((size_t)r * res->n_years + y) * N_HEADLINES + h];
    describe(x, (size_t)R, out);
    free(x);
}

void sensitivity_budget_risk(const struct sensitivity_result *res, int f, int r, int y,
                             double out[4])
{
    const int R = res->n_replications;
    double *x = xmalloc((size_t)(R ? R : 1) * sizeof *x), stats[5];
    int short_runs = 0;
    for (int rep = 0; rep < R; rep++) {
        x[rep] = res->lowest[sensitivity_lowest_cell(res, rep, f, r, y)];
        short_runs += x[rep] < 0;
    }
    describe(x, (size_t)R, stats);
    out[0] = R ? (double)short_runs / R : 0;
    out[1] = stats[2];
    out[2] = stats[3];
    out[3] = stats[4];
    free(x);
}

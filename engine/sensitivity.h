/* sensitivity — how much the answers move when uncertain inputs move (issue 6).
 *
 * A scenario's `sensitivity` block (read with the scenario: scenario.c) names uncertain numeric parameters, each with a distribution
 * (uniform, normal, lognormal, beta, triangular: GSL's inverse CDFs), and a number of
 * replications. Replication r draws every parameter once, from a counter-based stream keyed on
 * (seed, parameter number, replication r), so each replication is reproducible on its own from
 * the seed and its index. The drawn values replace the parameters (`apply: replace`, the default)
 * or multiply them (`apply: scale`); everything else — the population, the targeting draws, the
 * shocks, the projection's lives — stays the same in every replication (common random numbers),
 * so the spread of the results is the parameters' doing.
 *
 * Beside the replications, a one-at-a-time (tornado) analysis runs each parameter at its 5th and
 * 95th percentiles with the others at their medians, and a `sweep` block runs a grid over one or
 * two parameter paths. Every run is a full simulation of the scenario; the runs are spread over
 * the threads, each run on one thread, and under MPI over the ranks (ranks.h: run i on rank
 * i mod N, its measures gathered by rank 0 in run order), so results are identical for any
 * thread and rank count.
 *
 * Each run is summed up by headline measures per year (derived.h: costs by program, dibao
 * recipients, poverty after transfers, coverage, errors), kept per replication, as statistics (mean,
 * standard error, 5th, 50th and 95th percentiles), per tornado end and per grid point. */
#ifndef DIBAOSIM_SENSITIVITY_H
#define DIBAOSIM_SENSITIVITY_H

#include "derived.h"
#include "error.h"
#include "population.h"
#include "scenario.h"
#include "simulate.h"


/* The value at cumulative probability p of an uncertain parameter's distribution. */
double uncertain_quantile(const struct uncertain *u, double p);
/* Parameter k's draw in replication r. */
double uncertain_draw(const struct uncertain *u, uint64_t seed, int k, int r);

struct sensitivity_result {
    int first_year, n_years;
    int n_parameters, n_replications;
    double *draws;          /* [replications][parameters] */
    double *replications;   /* [replications][years][N_HEADLINES] */
    double *low, *centre, *high;   /* tornado: [parameters][years][N_HEADLINES], centre [years][..] */
    int n_axes, n_points;
    double *grid;           /* sweep: [points][axes] */
    double *sweep;          /* [points][years][N_HEADLINES] */
    /* with a budget block (budget.h): each replication's lowest month-end balance of each fund,
     * region and year, [replications][funds][regions][years] (yuan) */
    int n_funds, n_regions;
    int *fund_program;      /* [funds] enum program */
    double *lowest;
};

/* Runs the scenario's replications, tornado and sweep (whichever it has) on the population;
 * `options` gives the seed and threads. res is zeroed when the scenario has neither. Under MPI
 * ranks, collective: every rank holds the whole population, and rank 0 gets the whole of res
 * (the others their own runs' measures). */
int sensitivity_run(const struct scenario *s, const struct population *pop,
                    const struct run_options *options, struct sensitivity_result *res,
                    struct error *err);
void sensitivity_result_free(struct sensitivity_result *res);

/* Statistics of replications for headline h in year y: mean, standard error, 5th, 50th and
 * 95th percentiles, into out[5]. */
void sensitivity_statistics(const struct sensitivity_result *res, int y, int h, double out[5]);

/* The risk that fund f runs short in region r and year y over the replications: out[0] the
 * share of replications whose balance closes some month of the year below 0, out[1..3] the
 * 5th, 50th and 95th percentiles of the year's lowest balance (yuan). */
void sensitivity_budget_risk(const struct sensitivity_result *res, int f, int r, int y,
                             double out[4]);
/* The cell of replication `rep`, fund f, region r and year y in res->lowest. */
static inline size_t sensitivity_lowest_cell(const struct sensitivity_result *res, int rep, int f,
                                             int r, int y)
{
    return (((size_t)rep * res->n_funds + f) * res->n_regions + r) * res->n_years + y;
}

#endif

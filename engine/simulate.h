/* simulate — runs one scenario over a population, month by month, for a range of years.
 *
 * The population is cut into blocks of POPULATION_BLOCK households, a size fixed independently of
 * thread and rank counts. OpenMP hands blocks to threads; each block sums its households in
 * order into its own partial table, and partial tables are added to the totals in block order.
 * Floating-point sums are therefore formed in one fixed order, and results are bit-identical
 * for any number of threads.
 *
 * Each household runs through its year month by month: projection transitions, then the program
 * spine (programs/programs.h). A month in which neither the household nor the rules changed
 * repeats the month before, unless gradual exit or reviews carry something that month (an exit
 * under way, a review this month or last, a unit waiting to apply). Between years, serially,
 * simulation_end_year takes the registry exits decided in December and aligns the next year's
 * transitions (projection.h). Summary measures are weighted by household weight; microdata (per
 * household, annual) are not. Entitlement (the rules with full information) and receipt (after take-up and targeting
 * errors) are reported side by side. */
#ifndef DIBAOSIM_SIMULATE_H
#define DIBAOSIM_SIMULATE_H

#include <stdint.h>
#include <stdio.h>

#include "programs/programs.h"
#include "measures.h"
#include "population.h"
#include "projection.h"
#include "scenario.h"

struct run_options {
    int threads;          /* OpenMP threads (>= 1) */
    uint64_t seed;
    int microdata;        /* keep per-household annual amounts */
    const struct policy_override *overrides;   /* parameters varied (sensitivity), or NULL */
    int n_overrides;
    FILE *progress;       /* a terminal to show progress on, or NULL */
    int every_month;      /* tests: work out and measure every month on its own, none as a
                           * repeat of the month before (no steady month, no run of repeated
                           * months: household_year.repeats); the very same results */
};

struct scenario_result {
    char *warning;          /* what the caller should warn about (an alignment total out of
                             * reach), or NULL */
    int first_year, n_years, n_regions;
    size_t n_households;
    double *summary;        /* [n_years * 12][n_regions][N_PROGRAM_ROWS][N_MEASURES] */
    /* with microdata, each [n_years][n_households]: */
    int64_t *paid[N_PROGRAMS];   /* fen received from each program in the year */
    int64_t *dibao_entitled;     /* fen of dibao entitled */
    uint8_t *months_paid;        /* months with a paid dibao unit */
    double *pre_transfer_pc;     /* yuan/person/year: 12 × the mean over the months with living
                                  * members of income per living member; NaN with none */
    struct income_order *income_order;   /* allocated empty with the microdata; compare.c fills it */
};

/* The measures of one summary row (a year, month, region and program), all weighted: enum
 * measure (measures.h, one table row each). For a program "reached" means: paid by it (a dibao
 * unit's members, a tekun or allowance person, a medical-assistance person, a
 * temporary-assistance household's members); for the row `all`, reached by any program, and
 * units are households. Poverty compares the household's monthly income per living member
 * (wage, business, property, transfer income and basic pension; "after" adds the row's
 * transfers, medical assistance excepted: it reimburses spending) with poverty_line / 12.
 * The row of month index `month` (0 = January of the first year), region and program row
 * (enum program or PROGRAM_ALL). */
static inline double *summary_row(const struct scenario_result *res, int month, int region,
                                  int program)
{
    return res->summary +
           (((size_t)month * res->n_regions + region) * N_PROGRAM_ROWS + program) * N_MEASURES;
}

/* Distance in doubles from one month's row to the next month's. */
static inline size_t summary_month_stride(const struct scenario_result *res)
{
    return (size_t)res->n_regions * N_PROGRAM_ROWS * N_MEASURES;
}

/* One household's year kept as the run computes it (explain.h): dibao's units, outcomes and
 * steps, and every program's amounts, month by month. */
struct household_trace {
    size_t household;                  /* its index in the population */
    int year;                          /* 0 = the first simulated year */
    struct household_month dibao[12];
    struct dibao_steps steps[12];      /* recorded by dibao_household (a steady month: copied) */
    struct household_year months;
};

struct simulation {
    const struct scenario *scenario;
    const struct population *pop;    /* the projected population (projection.pop) */
    struct run_options options;
    int first_month, n_months;       /* months counted as year * 12 + month - 1 */
    struct policy_params params;
    struct policy_month *months;     /* [n_months]: the rules in force each month */
    uint8_t *steady;                 /* [n_months][n_regions]: rules as the month before, and
                                      * (with reviews) neither a review month */
    struct exit_state *exit;         /* gradual exit's memory across months, or NULL */
    struct review_state *review;     /* the caseload's memory across months, or NULL */
    double *review_shift;            /* with reviews, [n_years][n_regions]: δ on the logit of
                                      * review coverage for units a review would remove (an
                                      * alignment's hook; 0: plain coverage) */
    struct review_alignment *review_align;   /* a review's removals aligned (review_exit): the
                                              * candidates of the year run twice, or NULL */
    struct projection projection;
    struct household_trace *trace;   /* a household to keep (explain), or NULL */
};

/* Binds the scenario to the population (regions, dated values) for its years. ERR_INPUT when a
 * parameter does not cover a region or the first month. */
int simulation_init(struct simulation *sim, const struct scenario *s, const struct population *pop,
                    const struct run_options *options, struct error *err);
void simulation_free(struct simulation *sim);

/* Household h's dibao in month `index` (0 = January of the first year), without projection
 * transitions: its units and what each is entitled to and paid. With gradual exit or reviews,
 * months must come in order for each household, each once: the call carries the household's
 * state on to the next month. */
void simulation_household_month(struct simulation *sim, size_t h, int index,
                                struct household_month *out);

/* Household h through year `year` (0 = the first): the projection's transitions, then every
 * program of the spine each month. Years must come in order for each household, once each. */
void simulation_household_year(struct simulation *sim, size_t h, int year,
                               struct household_year *out);

/* After every household finished year `year` (0 = the first), in order: the projection's
 * registry exits of its December (added to res's December rows, when res is not NULL) and the
 * alignment of the next year's monthly transitions (projection_end_year). */
void simulation_end_year(struct simulation *sim, int year, struct scenario_result *res);

/* What the household received from `program` in the year, fen (an annual program's amount is
 * recorded in every month: counted once). */
int64_t household_year_paid(const struct household_year *hy, int program);

/* Runs every month once (the projection moves the population as it goes); fills res (free with
 * scenario_result_free). */
int simulation_run(struct simulation *sim, struct scenario_result *res, struct error *err);
void scenario_result_free(struct scenario_result *res);

/* A streamed run's sums carried from chunk to chunk (run.h): each year's summary is the sum over
 * blocks in block order, continued chunk after chunk, so it is formed in the one order of the
 * whole population; the registry exits are summed over households in population order and
 * added to the December rows after the last chunk (simulation_add_exits), as a run of the whole
 * population adds them after its last block. */
struct scenario_totals {
    double *summary;   /* [n_years × 12][n_regions][N_PROGRAM_ROWS][N_MEASURES] so far */
    double *exits;     /* [n_years][n_regions][2]: households and persons leaving the registry */
    int years;         /* run the first `years` years only (a pass gathering a decision), or 0 */
    double *blocks;    /* NULL, or [n_years][blocks of the chunk][one year's table]: each block's
                        * sums kept instead of added (summary unused), for rank 0 to add up in
                        * block order (run.h) with simulation_fold_blocks */
};
/* Adds n_blocks tables kept by a chunk's run (scenario_totals.blocks) of one year into that
 * year's totals, in order, as the run itself adds them. */
void simulation_fold_blocks(double *totals, const double *blocks, size_t n_blocks, size_t stride);
/* simulation_run over one chunk of households: its sums added into totals, res receiving the
 * chunk's microdata only (no summary). */
int simulation_run_chunk(struct simulation *sim, struct scenario_result *res,
                         const struct scenario_totals *totals, struct error *err);
/* Adds the carried registry exits (scenario_totals.exits) into res's December rows. */
void simulation_add_exits(struct scenario_result *res, const double *exits);
/* Frees the microdata only, keeping the summary. */
void scenario_result_drop_microdata(struct scenario_result *res);

#endif

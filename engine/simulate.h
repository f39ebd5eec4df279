/* simulate — runs one scenario over a population, month by month, for a range of years.
 *
 * The population is cut into blocks of SIMULATE_BLOCK households, a size fixed independently of
 * thread and rank counts. OpenMP hands blocks to threads; each block sums its households in
 * order into its own partial table, and partial tables are added to the totals in block order.
 * Floating-point sums are therefore formed in one fixed order, and results are bit-identical
 * for any number of threads.
 *
 * Summary measures are weighted by household weight; microdata (per household, annual) are not.
 * Entitlement (the rules with full information) and receipt (after take-up and targeting
 * errors) are reported side by side. */
#ifndef DIBAOSIM_SIMULATE_H
#define DIBAOSIM_SIMULATE_H

#include <stdint.h>

#include "programs/dibao.h"
#include "population.h"
#include "scenario.h"

#define SIMULATE_BLOCK 1024

enum measure {
    M_ENTITLED_UNITS,     /* units eligible with full information */
    M_ENTITLED_PERSONS,
    M_ENTITLED_EXPENDITURE,   /* yuan: what entitled units are due */
    M_PAID_UNITS,         /* units paid (receipt) */
    M_PAID_PERSONS,
    M_EXPENDITURE,        /* yuan */
    M_REGISTERED_POOR,    /* persons in registered-poor households (paid or not) */
    M_PAID_REGISTERED_POOR,   /* persons in paid units of registered-poor households */
    /* persons in paid units by the study's classification, first that applies: */
    M_PAID_ILL,           /* seriously ill */
    M_PAID_DISABILITY_1,  /* disability level 1 */
    M_PAID_DISABILITY_2,
    M_PAID_DISABILITY_3_4,
    N_MEASURES            /* (the rest of paid persons are able-bodied) */
};

/* A year's dibao per recipient (yuan/person/year): the year's expenditure over the mean monthly
 * number of paid persons. `january` points at January's measures of one region, `stride` steps
 * from a month to the next. */
double simulate_annual_per_recipient(const double *january, size_t stride);

/* Dataset names of the measures, in enum order. */
extern const char *const MEASURE_NAMES[N_MEASURES];

struct run_options {
    int threads;          /* OpenMP threads (>= 1) */
    uint64_t seed;
    int microdata;        /* keep per-household annual amounts */
};

struct scenario_result {
    int first_year, n_years, n_regions;
    size_t n_households;
    double *summary;        /* [n_years * 12][n_regions][N_MEASURES] */
    int64_t *dibao;         /* with microdata: [n_years][n_households] fen received */
    int64_t *dibao_entitled;   /* with microdata: [n_years][n_households] fen entitled */
    uint8_t *months_paid;   /* with microdata: [n_years][n_households] */
};

struct simulation {
    const struct scenario *scenario;
    const struct population *pop;
    struct run_options options;
    int first_month, n_months;       /* months counted as year * 12 + month - 1 */
    struct policy_params params;
    struct policy_month *months;      /* [n_months]: the rules in force each month */
    struct exit_state *exit;         /* gradual exit's memory across months, or NULL */
};

/* Binds the scenario to the population (regions, dated values) for its years. ERR_INPUT when a
 * parameter does not cover a region or the first month. */
int simulation_init(struct simulation *sim, const struct scenario *s, const struct population *pop,
                    const struct run_options *options, struct error *err);
void simulation_free(struct simulation *sim);

/* Household h in month `index` (0 = January of the first year): its units and what each is
 * entitled to and paid. With gradual exit, months must come in order for each household: the
 * call carries the household's state on to the next month. */
void simulation_household_month(const struct simulation *sim, size_t h, int index,
                                struct household_month *out);

/* Runs every month; fills res (free with scenario_result_free). */
int simulation_run(const struct simulation *sim, struct scenario_result *res, struct error *err);
void scenario_result_free(struct scenario_result *res);

#endif

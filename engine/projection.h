/* projection — the population moving through the projected years (rules.md 6).
 *
 * A simulation works on a projected copy of the population: the columns a transition changes
 * are copied (only those the scenario's projection changes), the rest shared with the input,
 * which is never modified. The first simulated year is the base year: the population is taken as
 * observed through it (the year a population is calibrated to). From January of the second year,
 * for each household and month, before the programs run:
 *   each January: everyone alive grows one year older (`aging`); wages grow by wage_growth, and
 *     business, property and transfer income and the basic pension by income_growth (rounded to
 *     the fen);
 *   each month: death (mortality by age band and sex), disability onset (the
 *     level drawn from disability_onset_levels), serious-illness onset, and for able-bodied
 *     adults (no disability, not seriously ill, not a student, aged jobs.min_age-max_age) job
 *     exit (wage 0) or job entry (a new wage, lognormal around wage_median grown by wage growth).
 * Annual probabilities become monthly ones as 1 − (1 − q)^(1/12). All draws of a person-month
 * come at fixed positions of one stream keyed on (seed, person id, year, month), so they do not
 * depend on threads, on other persons or on the scenario's other settings: the first Philox
 * block holds death, disability onset, its level and illness onset, the second job exit or
 * entry and the new wage, and a block is drawn only when a hazard it serves is above 0. The population is
 * closed except for deaths: nobody is born, marries, or moves.
 *
 * Registry dynamics (projection.registry): each January after the first year, the wages and
 * business, property and transfer income of households registered then grow again by
 * registry.income_growth (after wage_growth and income_growth; rounded to the fen). Each
 * December, the base year's included, projection_registry_candidate records whether a registered
 * household may leave (its year's income per December living member above
 * exit_income_multiple × the poverty line, no unit paid dibao in December) with probability
 * exit_probability; once every household has finished the year, projection_end_year draws
 * (one uniform per household-year, stream RNG_REGISTRY keyed on (seed, household id, year)) and
 * takes the leavers off the registry from January.
 *
 * Alignment (projection.alignment, alignment.h): registry exits are aligned in
 * projection_end_year over that December's candidates. The monthly transitions (job entry, job
 * exit, death) are aligned once a year, at the end of the year before, over the candidates at
 * the start of the year (the living; for jobs, the able-bodied with, or without, a job as they
 * stand then, aged one year more when aging is on) with the January rates: one δ per group
 * makes Σ weight × (1 − (1 − p_m(δ))^12) equal the total, and p_m(δ) then replaces the monthly
 * probability in every month of the year. The total therefore holds in expectation for the
 * start-of-year candidates (a person dying, falling ill or losing a job during the year leaves
 * the candidates early; a dated rate changing within the year is shifted by January's δ). An
 * unreachable total is an input error. */
#ifndef DIBAOSIM_PROJECTION_H
#define DIBAOSIM_PROJECTION_H

#include <stdint.h>

#include "alignment.h"
#include "drawmemo.h"
#include "error.h"
#include "policy.h"
#include "population.h"
#include "scenario.h"
#include "snapshot.h"

/* A streamed run's registry exits (run.h): households come in chunks, each through every year,
 * so a year whose exits are aligned over the whole population is decided from its candidates
 * gathered chunk by chunk (in population order: the candidates, and so the decision, are those
 * of the whole population at once), and the chunks run again reading the decision. */
struct registry_candidates {
    size_t n, cap;
    size_t *who;         /* the household's index in the whole population */
    uint16_t *region;
    int *persons;        /* living members in December */
    double *w;           /* [3][cap]: weight, probability, draw */
};
/* A chunk's registry leavers as they left, for rank 0 to add up in chunk order (run.h): year,
 * region, weight and living members, four doubles each. */
struct registry_leavers {
    size_t n, cap;
    double *values;
};
/* Adds n leavers (registry_leavers.values) into exits[year][region][2], in order. */
void registry_leavers_add(const double *values, size_t n, int n_regions, double *exits);

struct registry_plan {
    int gather_year;                    /* the year whose candidates are gathered, or -1 */
    struct registry_leavers *leavers;   /* NULL, or leavers noted instead of added up */
    size_t offset;                      /* the chunk's first household in the population */
    struct registry_candidates gathered;
    uint8_t **leave;                    /* [n_years]: a decided year's leavers, a bit per
                                         * household of the population; NULL: not decided */
};

/* The monthly transitions' rates of one month in one region, as the month's rules and the year's
 * alignment give them (projection_plan_month). */
struct transition_rates {
    double entry, exit;         /* job entry and exit, shifted */
    double death_shift;         /* NaN: not aligned */
    double wage_median;         /* of a new job, grown since year one */
    double wage_sigma;
    int min_age, max_age;       /* of a job */
    int below_memo;             /* every hazard at most the draw memo's threshold */
};

struct projection {
    struct population pop;        /* the projected population: owned columns + shared ones */
    const struct scenario *scenario;
    int first_year, n_years;
    int ages, grows_wages, grows_incomes;   /* what happens each January */
    int moves;                    /* some monthly transition is on */
    double monthly[4][256];       /* by age: death (male, female), disability, illness onset */
    double largest[4];            /* the largest of each over ages */
    double *wage_index;           /* [n_years][n_regions]: growth of new wages since year one */
    int grows_registry;           /* registry.income_growth is not 0 some year */
    int registry_exits;           /* registry.exit_income_multiple is set some year */
    double *exit_p;               /* [n_households]: the exit probability of this December's
                                   * candidates, -1 for the others */
    char *unreached;              /* the first alignment total out of reach (clamped), or "" */
    double *delta;                /* [3][n_years][n_regions]: logit shift of job entry, job exit
                                   * and death; NaN where not aligned */
    struct transition_rates *rates;   /* [n_years × 12][n_regions] */
    struct registry_plan *plan;   /* a streamed run's registry decisions, or NULL */
    const struct draw_memo *memo; /* the draws noted by the chunk's other scenarios, or NULL */
    void *owned[16];              /* columns allocated here */
    size_t owned_bytes[16];
    int n_owned;
};

/* Sets up the projection of `base` for the scenario's years; `params` gives growth rates.
 * ERR_INPUT when an alignment names a region not in `base` or a year the run does not have. */
int projection_init(struct projection *p, const struct scenario *s, const struct population *base,
                    const struct policy_params *params, struct error *err);
void projection_free(struct projection *p);

/* Registers the columns the months change (the owned columns, this December's registry
 * candidates) in a snapshot; -1 when it is full. */
int projection_snapshot(struct projection *p, struct snapshot *s);

/* Works out the rates of month `index` (0: January of the first year) in every region from its
 * rules `m` and its year's alignment: for every month after projection_init, and again for a
 * year's months once projection_end_year has aligned them. */
void projection_plan_month(struct projection *p, int index, const struct policy_month *m);
/* Applies household h's transitions at the start of month `index` (0: January of the first
 * year; the first year has none); `m` holds the rules in force. Months must come in order for each
 * household, once each. Returns whether any of its members changed. */
int projection_household_month(struct projection *p, size_t h, int index,
                               const struct policy_month *m, uint64_t seed);

/* December of a year: household h had `income` fen of wage, business,
 * property, transfer income and basic pension over the year's twelve months, `persons` living
 * members in December and `paid` dibao units paid in December; records whether it may leave the
 * registry. Only when p->registry_exits. */
void projection_registry_candidate(struct projection *p, size_t h, int64_t income,
                                   int persons, int paid, const struct policy_month *december);

/* Year y's review removals aligned (review_exit), from the candidates its first run recorded
 * in `align`: δ per region into shift[y * n_regions + r] under logit_shift, align->take under
 * sort; a total out of reach takes the nearest (p->unreached). */
void projection_align_reviews(struct projection *p, int y, struct review_alignment *align,
                              double *shift);

/* Between year `year` and the next, after every household finished the year: decides the
 * registry exits of its December (aligned when asked), adding the weighted households and
 * persons leaving into exits[region * 2 + 0 / 1] (may be NULL), and aligns the next year's
 * monthly transitions (`january`: the next year's January rules, or NULL after the last year).
 * Serial and in household order: deterministic. A total out of reach takes the nearest
 * (p->unreached). */
void projection_end_year(struct projection *p, int year, uint64_t seed,
                         const struct policy_month *january, double *exits);

/* Decides year y's registry exits over the candidates the plan gathered (those of every chunk,
 * in population order) into plan->leave[y], adding the weighted households and persons leaving
 * into exits[region * 2 + 0 / 1] (may be NULL); the gathering is emptied. An unreachable total
 * is described in `unreached` (512 bytes) unless it holds one. */
void projection_registry_decide(const struct scenario *s, char *const *regions, int n_regions,
                                int y, struct registry_plan *plan, size_t n_households,
                                double *exits, char *unreached);
void registry_plan_free(struct registry_plan *plan, int n_years);
/* Appends n candidates (households who[c] + offset of the population) to the plan's gathering:
 * a chunk's, in population order. */
void registry_plan_gather(struct registry_plan *plan, size_t offset, size_t n, const size_t *who,
                          const uint16_t *region, const double *w, const double *prob,
                          const double *u, const int *persons);

#endif

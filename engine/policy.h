/* policy — every parameter of every program and of the projection, bound to a population's
 * regions and resolved month by month into exact integers: the rules programs read.
 *
 * The parameters are the scenario keys declared with LEVER(id, exactness) (numeric: levers) or
 * SWITCH(id, kind) (yes/no and choices: switches) in scenario.c, their ids enum policy_param in
 * scenario.h. A lever may vary by region and over time (param.h); a switch is the same
 * everywhere. Before a run, each lever is bound to the population's regions (a region missing
 * from a map is an input error naming the population row); then, for each simulated month, the
 * values in force are resolved once into a `struct policy_month`: raw[] as written and exact[]
 * as integers (enum exactness: fen for money, millionths for shares, multiples, probabilities and
 * rates, whole numbers for counts, months and ages, a switch's value), so the programs' hot loops
 * only index arrays. The scenario's lists (dibao tiers, top-ups, the exit schedule, temporary
 * assistance tiers) are copied there exactly too. The dibao standard and the poverty line are
 * indexed here by the projection's indexation rates. */
#ifndef DIBAOSIM_POLICY_H
#define DIBAOSIM_POLICY_H

#include <stdint.h>

#include "param.h"
#include "population.h"
#include "scenario.h"

/* A parameter set to a value (VARY_REPLACE: everywhere, every month, indexed from the first
 * year) or multiplied by it (VARY_SCALE: every region and dated value), for sensitivity analyses
 * and sweeps. */
struct policy_override {
    int param;      /* enum policy_param */
    int apply;      /* enum vary */
    double value;
};

/* Scenario parameters bound to a population's regions: series[p][r] for a lever, setting[p] for
 * a switch. */
struct policy_params {
    const struct param_series **series[N_POLICY_PARAMS];   /* a switch: NULL */
    int setting[N_POLICY_PARAMS];                           /* a switch's value */
    int exact[N_POLICY_PARAMS];   /* enum exactness, from the parameters' key rows */
    int n_regions;
    int first_month;   /* the first simulated month: undated values are indexed from its year */
    const struct policy_override *overrides;
    int n_overrides;
};

/* The rules in force in one month, all that the programs read: every policy parameter by
 * region, raw[p * n_regions + r] as written (NaN: off; a switch: its value) and exact[] the same
 * as integers (by the parameter's exactness; -1 for NaN); and the scenario's lists, exact, the
 * same every month. */
struct policy_month {
    int n_regions;
    double *raw;
    int64_t *exact;
    int n_tiers;                       /* dibao tiers (benefit.mode tiers) */
    int64_t *tier_below, *tier_pays;   /* per tier: millionths of std */
    int n_top_ups;
    int64_t *top_up;                   /* per top-up: millionths of std */
    unsigned *top_up_for;              /* per top-up: bit (1 << enum category) of whom it pays */
    unsigned separation_for;           /* bit per enum category registered separately */
    int n_exit_schedule;
    int64_t *exit_schedule;            /* gradual exit's taper: millionths of the last benefit */
    int n_shock_tiers;
    int64_t *shock_multiple;           /* per temporary-assistance tier: millionths of income */
    int64_t *shock_pays;               /* per temporary-assistance tier: fen */
    int perfect_targeting;             /* per region flags folded: no draws needed anywhere */
};

/* The value of parameter p for region r in month m. */
#define POLICY_RAW(m, p, r) ((m)->raw[(p) * (m)->n_regions + (r)])
#define POLICY_EXACT(m, p, r) ((m)->exact[(p) * (m)->n_regions + (r)])

/* The key row of parameter k in the scenario key table (path, units, source), or NULL. */
struct config_key;
const struct config_key *policy_param_key(int k);
/* The lever a key path names (such as "dibao.standard"), or -1 (switches are not varied). */
int policy_param_index(const char *path);
/* Its exactness: 1 when money (resolved to the fen). */
int policy_param_is_money(int param);

/* Binds every parameter to the population's regions; `overrides` (n of them, may be NULL) stay
 * the caller's and apply to every month resolved. */
int policy_params_bind(struct policy_params *p, const struct scenario *s,
                       const struct population *pop, int first_month,
                       const struct policy_override *overrides, int n_overrides,
                       struct error *err);
void policy_params_free(struct policy_params *p);

/* Where the value of lever k for region r in force at `month` comes from: the value written
 * (after any override), the month it took effect, and the years whose indexation rate (each
 * January's value of lever `rate`) grew it: the standard and the poverty line are grown every
 * January after the value took effect, an undated or replaced value counting from the first
 * simulated year. */
struct policy_origin {
    double written;        /* the value as written, an override applied */
    int since;             /* the month it took effect, or PARAM_ALWAYS (undated) */
    int overridden;        /* a sensitivity or sweep override applies */
    int rate;              /* the lever of its indexation rate, or -1 (not indexed) */
    int first_indexed, last_indexed;   /* years grown by 1 + rate: none when first > last */
};
void policy_origin(const struct policy_params *p, int k, int r, int month,
                   struct policy_origin *o);

/* The value of parameter k for region r in force at `month`, overrides and indexation applied
 * (what policy_month_resolve puts in raw[]): written × Π (1 + rate) over the indexed years. */
double policy_value(const struct policy_params *p, int k, int r, int month);

void policy_month_init(struct policy_month *m, const struct scenario *s, int n_regions);
void policy_month_free(struct policy_month *m);
/* Fills m with the values in force at `month` (year * 12 + month - 1). */
void policy_month_resolve(struct policy_month *m, const struct policy_params *p, int month);

#endif

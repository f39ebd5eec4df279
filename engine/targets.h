/* targets — published figures a population and scenario should reproduce, and the validation
 * table that sets simulated beside published.
 *
 * A targets file (YAML) lists figures by measure and region, and optionally the spec parameters
 * `dibaosim calibrate` may tune to meet them:
 *
 *   year: 2016
 *   targets:
 *     - {measure: recipients, region: Loufan, value: 10827, source: "study table 1"}
 *     - {measure: registered_share_able_bodied, region: Yangqu, value: 0.012, tolerance: 0.02}
 *     - {measure: mean_annual_income, region: Loufan, min: 7000, max: 10500}
 *     - {measure: mean_annual_income, region: Loufan, below: Yangqu}
 *     - {measure: separated_persons, region: all, max: 1000}
 *   tune:
 *     - {key: income.zero_share, region: Loufan, min: 0, max: 0.5}
 *     - {key: disability.level_1, index: 1, region: Yangqu, min: 0, max: 0.05, stage: 2}
 *
 * A figure with a `value` is met within its tolerance: by default 2 % of the value for counts,
 * amounts and averages, 1 percentage point for shares (`tolerance` sets another: relative for
 * counts, absolute for shares). A figure with `min` and/or `max` is met inside the bounds; one
 * with `below: REGION` when the region's value is below that region's. Region `all` sums the
 * regions. Every measure is read from the run's summary (the targets' year), but for
 * registered_median_income, read from the population.
 *
 * `trends:` lists published indexes of a measure over years (the base year = 100), which runs
 * covering those years print beside the simulated index; bounds (`min`, `max`: {year: index})
 * make a trend a figure to meet:
 *
 *   trends:
 *     - {measure: recipients, region: all, base: 2016, index: {2017: 88.2, 2019: 75.3},
 *        min: {2019: 70}, max: {2019: 85}, source: "MCA, national rural"}
 */
#ifndef DIBAOSIM_TARGETS_H
#define DIBAOSIM_TARGETS_H

#include <stdio.h>

#include "error.h"
#include "population.h"
#include "yamltree.h"
#include "simulate.h"

enum target_measure {
#define TARGET_MEASURE(id, name, share, what) id,
#include "target_measures.h"
#undef TARGET_MEASURE
    N_TARGET_MEASURES
};

struct target {
    int measure;          /* enum target_measure */
    char *region;         /* a region, or "all" */
    double value;         /* published; NaN for a bound */
    double tolerance;     /* relative (counts) or absolute (shares) */
    double min, max;      /* bounds; NaN when none */
    char *below;          /* met when below this region's value, or NULL */
    char *source;
    double weight;        /* in the calibration objective (default 1) */
    struct ymark mark;    /* where the target is written (file owned) */
};

#define TREND_MAX_YEARS 32

/* A published index of a measure over years (base year = 100), with optional bounds by year. */
struct trend {
    int measure;
    char *region;
    int base;                        /* base year */
    int n;                           /* years given (the base year first) */
    int year[TREND_MAX_YEARS];
    double index[TREND_MAX_YEARS];   /* published, NaN when only bounded */
    double min[TREND_MAX_YEARS], max[TREND_MAX_YEARS];   /* NaN when none */
    char *source;
    struct ymark mark;
};

struct tuning {
    int key;              /* enum spec_key (a number or a list key) */
    int index;            /* list keys: the element; -1 for numbers */
    char *region;         /* NULL: every region */
    double min, max;
    int stage;            /* calibration stage (1 first, default 1) */
};

struct targets {
    char *path;
    char sha256[DIGEST_HEX_SIZE];   /* of the bytes read, hashed and parsed in one read */
    int year;             /* 0: the run's first year */
    struct ymark year_mark;   /* where `year` is written (file owned), or the file's start */
    int n;
    struct target *items;
    int n_tune;
    struct tuning *tune;
    int n_trends;
    struct trend *trends;
};

int targets_load(struct targets *t, const char *path, struct error *err);
void targets_free(struct targets *t);

/* Simulated values of every target (simulated[n]) from a scenario's result on pop; for a
 * `below` target, its value over the other region's. ERR_INPUT, at the target, when a target
 * names a region the population lacks or a year the run does not cover. */
int targets_evaluate(const struct targets *t, const struct scenario_result *res,
                     const struct population *pop, double *simulated, struct error *err);
/* The simulated index (base year = 100) of every trend year, into index[i * TREND_MAX_YEARS +
 * k] for trend i and its year k; NaN for a year the run does not cover. */
void targets_evaluate_trends(const struct targets *t, const struct scenario_result *res,
                             const struct population *pop, double *index);
/* Whether a trend year's simulated index meets its bounds (1 when it has none). */
int targets_trend_met(const struct trend *trend, int k, double simulated);
/* The gap in tolerances: |gap| <= 1 means met (a bound: 0 inside, above 1 outside). A target's
 * weight scales its squared gap in the calibration objective only. */
double targets_gap(const struct target *target, double simulated);
/* Name of a measure, and whether it is a share. */
const char *targets_measure_name(int measure);
int targets_measure_is_share(int measure);
/* The measure of a name, or -1. */
int targets_measure_index(const char *name);
/* The validation table: its header, and one row (a measure by name, its published value or
 * bounds: NaN when absent; `below` may be NULL); a row returns 1 when the target is met. */
void targets_print_header(FILE *out);
int targets_print_row(FILE *out, const struct target *target, const char *measure,
                      double simulated);
/* Prints published beside simulated with the gap; returns how many targets are missed. */
int targets_print(FILE *out, const struct targets *t, const double *simulated);
/* The reference of the measures (Markdown). */
void targets_measures_markdown(FILE *out);

#endif

/* targets — published figures a population and scenario should reproduce, and the validation
 * table that sets simulated beside published.
 *
 * A targets file (YAML) lists figures by measure and region, and optionally the spec parameters
 * `dibaosim calibrate` may tune to meet them:
 *
 *   year: 2016
 *   targets:
 *     - {measure: recipients, region: Loufan, value: 10827, source: "study table 1"}
 *     - {measure: share_disability_1, region: Yangqu, value: 0.626, weight: 0.01}
 *   tune:
 *     - {key: income.zero_share, region: Loufan, min: 0, max: 0.5}
 *     - {key: disability.level_1, index: 1, region: Yangqu, min: 0, max: 0.05}
 *
 * A count or an average is met within 2 % of the published value, a share within 1 percentage
 * point. */
#ifndef DIBAOSIM_TARGETS_H
#define DIBAOSIM_TARGETS_H

#include <stdio.h>

#include "error.h"
#include "population.h"
#include "simulate.h"

enum target_measure {
    T_REGISTERED_POOR,        /* persons in registered-poor households (December) */
    T_RECIPIENTS,             /* persons in paid units (December) */
    T_RECIPIENTS_POOR,        /* of whom in registered-poor households */
    T_AVERAGE_DIBAO,          /* yuan per recipient per year */
    T_SHARE_ILL,              /* shares of December recipients, by the study's classification */
    T_SHARE_DISABILITY_1,
    T_SHARE_DISABILITY_2,
    T_SHARE_DISABILITY_3_4,
    T_SHARE_ABLE_BODIED,
    N_TARGET_MEASURES
};

struct target {
    int measure;          /* enum target_measure */
    char *region;
    double value;         /* published */
    char *source;
    double weight;        /* in the calibration objective (default 1) */
};

struct tuning {
    int key;              /* enum spec_key (a number or a list key) */
    int index;            /* list keys: the element; -1 for numbers */
    char *region;         /* NULL: every region */
    double min, max;
};

struct targets {
    char *path;
    int year;             /* 0: the run's first year */
    int n;
    struct target *items;
    int n_tune;
    struct tuning *tune;
};

int targets_load(struct targets *t, const char *path, struct error *err);
void targets_free(struct targets *t);

/* Simulated values of every target (simulated[n]) from a scenario's result on pop. */
int targets_evaluate(const struct targets *t, const struct scenario_result *res,
                     const struct population *pop, double *simulated, struct error *err);
/* The gap in tolerances: |gap| <= 1 means met. A target's weight scales its squared gap in the
 * calibration objective only: a figure the model cannot reach can be kept in the validation table
 * without pulling the others off. */
double targets_gap(const struct target *target, double simulated);
/* Name of a measure. */
const char *targets_measure_name(int measure);
/* Prints published beside simulated with the gap; returns how many targets are missed. */
/* The table's header, and one row (measure by name); a row returns 1 when the target is met. */
void targets_print_header(FILE *out);
int targets_print_row(FILE *out, const char *measure, const char *region, double published,
                      double simulated);
int targets_print(FILE *out, const struct targets *t, const double *simulated);

#endif

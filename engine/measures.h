/* measures — the table of the summary's measures: name, units, description, how a year's value
 * is formed from its months, and whether the measure differs between program rows.
 *
 * The rows live in measure_list.h, one per measure; the enum below, the table, the summary's
 * datasets and their schema rows, and the report's reading of a results file all come from
 * it. Summed measures (the first N_MEASURES columns) are what the simulation adds up per row;
 * ratios (the next N_RATIOS) are derived from a row's summed measures by measure_value, the one
 * place a ratio is computed. Derived numbers of a result's year (headlines, a year's value,
 * amounts per recipient) are derived.h's. */
#ifndef DIBAOSIM_MEASURES_H
#define DIBAOSIM_MEASURES_H

/* How a year's value of a measure is formed from its twelve months. */
enum reduction {
    REDUCE_SUM,        /* the sum over the months (flows: money, exits) */
    REDUCE_DECEMBER,   /* December's value (stocks: persons, units) */
    REDUCE_RATIO       /* the ratio of the year's sums of numerator and denominator */
};

enum measure {
#define SUMMED(id, name, units, reduction, per_program, description) id,
#define RATIO(id, name, units, numerator, denominator, complement, description)
#include "measure_list.h"
#undef SUMMED
#undef RATIO
    N_MEASURES,   /* summed measures: the width of a summary row */
    M_BEFORE_RATIOS = N_MEASURES - 1,
#define SUMMED(id, name, units, reduction, per_program, description)
#define RATIO(id, name, units, numerator, denominator, complement, description) id,
#include "measure_list.h"
#undef SUMMED
#undef RATIO
    N_MEASURE_COLUMNS   /* summed measures, then ratios: the summary's datasets */
};
#define N_RATIOS (N_MEASURE_COLUMNS - N_MEASURES)

struct measure_info {
    const char *name;          /* the summary's dataset */
    const char *units;
    const char *description;
    enum reduction reduction;
    int per_program;           /* 0: the household's, the same in every program row */
    int numerator, denominator, complement;   /* ratios: enum measure of the summed measures */
};

/* Every column, summed measures first, in enum order. */
extern const struct measure_info MEASURE_TABLE[N_MEASURE_COLUMNS];

/* The value of `column` in a row of N_MEASURES summed measures (a summary row, or a year's
 * sums): the summed measure itself, or the ratio (0 when the denominator is not above 0). */
double measure_value(const double *row, int column);

/* The column named `name`, or -1. */
int measure_index(const char *name);

#endif

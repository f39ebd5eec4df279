/* derived — the numbers derived from a result's summary, computed here and nowhere else: a
 * year's sums and December values of a program row (one region or all), the value of any
 * measure in a year, the dibao a year per recipient, and the headline measures that the
 * sensitivity analysis, the sweep and the report print.
 *
 * Every caller — the writer of the results file, the sensitivity runs, the validation against
 * published figures, and `report`, which rebuilds a scenario_result from a results file — goes
 * through these functions, so a number shown in two places is one computation.
 *
 * Headlines: cost_<program> for every program row (the year's expenditure), then the rows of
 * HEADLINE_TABLE; their count follows the program table. */
#ifndef DIBAOSIM_DERIVED_H
#define DIBAOSIM_DERIVED_H

#include <stddef.h>
#include <stdio.h>

#include "measures.h"
#include "simulate.h"

/* A program row's year (one region or all): each summed measure's sum over the twelve months
 * and its December value. Regions are summed in order, each over its months in order. */
struct year_values {
    double sum[N_MEASURES], december[N_MEASURES];
};

/* Year y (0 = the first) of program row `program`, region r (-1: all regions). */
void derived_year(const struct scenario_result *res, int y, int r, int program,
                  struct year_values *out);

/* A measure's value in the year by `reduction`: the year's sum, December's value, or (a ratio)
 * the ratio of the year's sums; a ratio with REDUCE_DECEMBER is the ratio of December's
 * values. */
double derived_value(const struct year_values *v, int column, enum reduction reduction);
/* By the measure's own reduction (MEASURE_TABLE). */
double derived_annual(const struct year_values *v, int column);

/* Dibao a year per recipient (yuan/person/year): the year's expenditure over the mean monthly
 * persons reached, of a dibao row's year. */
double derived_annual_per_recipient(const struct year_values *dibao);

enum headline {
    H_COST,   /* cost_<program>: H_COST + program row (enum program, PROGRAM_ALL) */
    H_DIBAO_RECIPIENTS = H_COST + N_PROGRAM_ROWS,   /* persons in paid dibao units, December */
    H_DIBAO_UNITS,            /* paid dibao units, December */
    H_FGT0_BEFORE, H_FGT0_AFTER, H_FGT1_AFTER, H_FGT2_AFTER,   /* all programs, the year */
    H_COVERAGE, H_EXCLUSION_ERROR, H_INCLUSION_ERROR,          /* dibao, the year */
    H_REGISTERED_POOR_SHARE,  /* registered-poor persons in paid dibao units, December */
    N_HEADLINES
};

/* A headline: `column` of program row `program` by `reduction`. */
struct headline_info {
    const char *name;        /* NULL for the costs (cost_<program>) */
    const char *units;
    int program, column;
    enum reduction reduction;
};

/* Headline h's definition (the costs' filled in from the program table). */
struct headline_info headline_info(int h);
/* Headline h's name into name[size]. */
void headline_name(int h, char *name, size_t size);

/* The headlines as a Markdown table (for the README). */
void derived_headlines_markdown(FILE *out);

/* The headlines of year y (0 = the first) of a result, region r (-1: all regions). */
void derived_headlines(const struct scenario_result *res, int y, int r,
                       double out[N_HEADLINES]);

#endif

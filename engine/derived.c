/* derived — see derived.h. */
#include "derived.h"

#include <stdio.h>
#include <string.h>

void derived_year(const struct scenario_result *res, int y, int r, int program,
                  struct year_values *out)
{
    memset(out, 0, sizeof *out);
    for (int region = 0; region < res->n_regions; region++) {
        if (r >= 0 && region != r) continue;
        for (int m = 0; m < 12; m++) {
            const double *row = summary_row(res, y * 12 + m, region, program);
            for (int k = 0; k < N_MEASURES; k++) {
                out->sum[k] += row[k];
                if (m == 11) out->december[k] += row[k];
            }
        }
    }
}

double derived_value(const struct year_values *v, int column, enum reduction reduction)
{
    return measure_value(reduction == REDUCE_DECEMBER ? v->december : v->sum, column);
}

double derived_annual(const struct year_values *v, int column)
{
    return derived_value(v, column, MEASURE_TABLE[column].reduction);
}

double derived_annual_per_recipient(const struct year_values *dibao)
{
    const double recipients = dibao->sum[M_PAID_PERSONS] / 12.0;
    return recipients > 0 ? dibao->sum[M_EXPENDITURE] / recipients : 0.0;
}

/* The headlines after the costs, in enum order. */
static const struct headline_info HEADLINE_TABLE[] = {
    {"dibao_recipients", "persons", PROGRAM_DIBAO, M_PAID_PERSONS, REDUCE_DECEMBER},
    {"dibao_units", "units", PROGRAM_DIBAO, M_PAID_UNITS, REDUCE_DECEMBER},
    {"fgt0_before", "share", PROGRAM_ALL, M_FGT0_BEFORE, REDUCE_RATIO},
    {"fgt0_after", "share", PROGRAM_ALL, M_FGT0_AFTER, REDUCE_RATIO},
    {"fgt1_after", "share", PROGRAM_ALL, M_FGT1_AFTER, REDUCE_RATIO},
    {"fgt2_after", "share", PROGRAM_ALL, M_FGT2_AFTER, REDUCE_RATIO},
    {"coverage", "share", PROGRAM_DIBAO, M_COVERAGE, REDUCE_RATIO},
    {"exclusion_error", "share", PROGRAM_DIBAO, M_EXCLUSION_ERROR, REDUCE_RATIO},
    {"inclusion_error", "share", PROGRAM_DIBAO, M_INCLUSION_ERROR, REDUCE_RATIO},
    {"registered_poor_share", "share", PROGRAM_DIBAO, M_REGISTERED_POOR_SHARE, REDUCE_DECEMBER},
};

_Static_assert(sizeof HEADLINE_TABLE / sizeof HEADLINE_TABLE[0] == N_HEADLINES - H_DIBAO_RECIPIENTS,
               "one row of HEADLINE_TABLE per enum headline after the costs");

struct headline_info headline_info(int h)
{
    if (h >= H_DIBAO_RECIPIENTS) return HEADLINE_TABLE[h - H_DIBAO_RECIPIENTS];
    return (struct headline_info){NULL, "yuan/year", h - H_COST, M_EXPENDITURE, REDUCE_SUM};
}

void headline_name(int h, char *name, size_t size)
{
    const struct headline_info info = headline_info(h);
    if (info.name) snprintf(name, size, "%s", info.name);
    else snprintf(name, size, "cost_%s", PROGRAMS[info.program].name);
}

void derived_headlines(const struct scenario_result *res, int y, int r,
                       double out[N_HEADLINES])
{
    struct year_values rows[N_PROGRAM_ROWS];
    for (int k = 0; k < N_PROGRAM_ROWS; k++) derived_year(res, y, r, k, &rows[k]);
    for (int h = 0; h < N_HEADLINES; h++) {
        const struct headline_info info = headline_info(h);
        out[h] = derived_value(&rows[info.program], info.column, info.reduction);
    }
}

void derived_headlines_markdown(FILE *out)
{
    static const char *const OVER[] = {[REDUCE_SUM] = "the year's sum",
                                       [REDUCE_DECEMBER] = "December",
                                       [REDUCE_RATIO] = "the ratio of the year's sums"};
    fputs("| headline | units | summary measure | program row | a year's value |\n"
          "|---|---|---|---|---|\n", out);
    for (int h = 0; h < N_HEADLINES; h++) {
        const struct headline_info info = headline_info(h);
        char name[64];
        headline_name(h, name, sizeof name);
        const int ratio = MEASURE_TABLE[info.column].reduction == REDUCE_RATIO;
        fprintf(out, "| `%s` | %s | `%s` | %s | %s |\n", name, info.units,
                MEASURE_TABLE[info.column].name, PROGRAMS[info.program].name,
                ratio && info.reduction == REDUCE_DECEMBER ? "the ratio of December's values"
                                                           : OVER[info.reduction]);
    }
}

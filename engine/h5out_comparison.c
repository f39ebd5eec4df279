/* h5out_comparison — /comparison: the baseline's name, and for each reform the change in cost
 * and recipients by year and program (by_program) and winners and losers by year and decile
 * (by_decile), as long tables whose columns read struct comparison (compare.h). */
#include "h5out_parts.h"

/* by_program: rows by year, then program row. */
static const struct program_change *program_row(const void *table, size_t i)
{
    return &((const struct comparison *)table)->program[i];
}

static double program_row_year(const void *table, size_t i)
{
    return ((const struct comparison *)table)->first_year + (int)(i / N_PROGRAM_ROWS);
}

static const char *program_row_name(const void *table, size_t i)
{
    (void)table;
    return PROGRAMS[i % N_PROGRAM_ROWS].name;
}

#define PROGRAM_COLUMN(field, expression)                                   \
    static double program_##field(const void *table, size_t i)            \
    {                                                                       \
        const struct program_change *p = program_row(table, i);            \
        return expression;                                                  \
    }
PROGRAM_COLUMN(baseline, p->baseline)
PROGRAM_COLUMN(reform, p->reform)
PROGRAM_COLUMN(change, p->reform - p->baseline)
PROGRAM_COLUMN(baseline_households, p->baseline_households)
PROGRAM_COLUMN(reform_households, p->reform_households)
PROGRAM_COLUMN(gained, p->gained)
PROGRAM_COLUMN(lost, p->lost)
#undef PROGRAM_COLUMN

/* by_decile: rows by year, then decile. */
static double decile_row_year(const void *table, size_t i)
{
    return ((const struct comparison *)table)->first_year + (int)(i / COMPARE_DECILES);
}

static double decile_number(const void *table, size_t i)
{
    (void)table;
    return (double)(i % COMPARE_DECILES + 1);
}

#define DECILE_COLUMN(field)                                                    \
    static double decile_##field(const void *table, size_t i)                 \
    {                                                                           \
        return ((const struct comparison *)table)->decile[i].field;            \
    }
DECILE_COLUMN(households)
DECILE_COLUMN(winners)
DECILE_COLUMN(losers)
DECILE_COLUMN(mean_change)
#undef DECILE_COLUMN

static const struct output_field COMPARISON_FIELDS[] = {
    {"baseline", FIELD_TEXT, "text",
     "The scenario every other is compared with (the first).", NULL, NULL},
};
const struct output_group H5OUT_COMPARISON = OUTPUT_GROUP("/comparison", COMPARISON_FIELDS, NULL);

static const struct output_field BY_PROGRAM_FIELDS[] = {
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", program_row_year, NULL},
    {"program", FIELD_TEXT, "text",
     "Program of the row, or all.", NULL, program_row_name},
    {"baseline", FIELD_DOUBLE, "yuan",
     "Paid in the year under the baseline, weighted.", program_baseline, NULL},
    {"reform", FIELD_DOUBLE, "yuan",
     "Paid in the year under the reform, weighted.", program_reform, NULL},
    {"change", FIELD_DOUBLE, "yuan",
     "reform − baseline: the change in cost.", program_change, NULL},
    {"baseline_households", FIELD_DOUBLE, "households",
     "Households receiving something from the program in the year under the baseline, "
     "weighted.", program_baseline_households, NULL},
    {"reform_households", FIELD_DOUBLE, "households",
     "The same under the reform.", program_reform_households, NULL},
    {"gained", FIELD_DOUBLE, "households",
     "Households receiving under the reform but not the baseline (recipients gained), "
     "weighted.", program_gained, NULL},
    {"lost", FIELD_DOUBLE, "households",
     "Households receiving under the baseline but not the reform (recipients lost), "
     "weighted.", program_lost, NULL},
};
const struct output_group H5OUT_BY_PROGRAM =
    OUTPUT_GROUP("/comparison/<reform>/by_program", BY_PROGRAM_FIELDS, NULL);

static const struct output_field BY_DECILE_FIELDS[] = {
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", decile_row_year, NULL},
    {"decile", FIELD_INT, "decile",
     "Decile (1 poorest to 10) of households with a living member, weighted, by the "
     "baseline's pre_transfer_pc_income in the year.", decile_number, NULL},
    {"households", FIELD_DOUBLE, "households",
     "Households in the decile, weighted.", decile_households, NULL},
    {"winners", FIELD_DOUBLE, "households",
     "Households whose annual assistance from every program together rises by more than 1 "
     "yuan, weighted.", decile_winners, NULL},
    {"losers", FIELD_DOUBLE, "households",
     "Households whose annual assistance falls by more than 1 yuan, weighted.", decile_losers, NULL},
    {"mean_change", FIELD_DOUBLE, "yuan/household/year",
     "Mean change in annual assistance per household of the decile.", decile_mean_change, NULL},
};
const struct output_group H5OUT_BY_DECILE =
    OUTPUT_GROUP("/comparison/<reform>/by_decile", BY_DECILE_FIELDS, NULL);

int h5out_comparison_write(hid_t file, const struct scenario *scenarios, int n_scenarios,
                           const struct comparison *comparisons)
{
    int rc = h5schema_write(file, &H5OUT_COMPARISON, NULL, "baseline", NULL, NULL, 0, NULL,
                            scenarios[0].name);
    for (int k = 1; k < n_scenarios && !rc; k++) {
        const struct comparison *c = &comparisons[k - 1];
        rc = h5schema_write_table(file, &H5OUT_BY_PROGRAM, scenarios[k].name, c,
                                  (size_t)c->n_years * N_PROGRAM_ROWS) ||
             h5schema_write_table(file, &H5OUT_BY_DECILE, scenarios[k].name, c,
                                  (size_t)c->n_years * COMPARE_DECILES);
    }
    return rc;
}

/* h5out_scenario — a scenario's results: /scenarios/<name>/summary (one row per year, month,
 * region and program: the measures of MEASURE_TABLE), the monthly cash flow and the yearly fund
 * needs of each program (all regions), the monthly cash flow of each region, and with --microdata the per-household annual amounts
 * ([years × households]). */
#include <stdlib.h>
#include <string.h>

#include "h5out_parts.h"
#include "memory.h"

/* The summary's rows: year, month, region, program, program fastest. */
struct summary_table {
    const struct scenario_result *res;
    const struct population *pop;
};

static size_t summary_month_index(const struct summary_table *t, size_t i)
{
    return i / N_PROGRAM_ROWS / (size_t)t->res->n_regions;
}

static double summary_year(const void *table, size_t i)
{
    const struct summary_table *t = table;
    return t->res->first_year + (int)(summary_month_index(t, i) / 12);
}

static double summary_month(const void *table, size_t i)
{
    return (double)(summary_month_index(table, i) % 12 + 1);
}

static const char *summary_region(const void *table, size_t i)
{
    const struct summary_table *t = table;
    return t->pop->regions[i / N_PROGRAM_ROWS % (size_t)t->res->n_regions];
}

static const char *summary_program(const void *table, size_t i)
{
    (void)table;
    return PROGRAMS[i % N_PROGRAM_ROWS].name;
}

static const double *summary_measures(const void *table, size_t i)
{
    const struct summary_table *t = table;
    return t->res->summary + i * N_MEASURES;
}

/* The cash flow's rows are the months, the fund needs' the years, of a result. */
static double month_year(const void *table, size_t i)
{
    const struct scenario_result *res = table;
    return res->first_year + (int)(i / 12);
}

static double month_of_year(const void *table, size_t i)
{
    (void)table;
    return (double)(i % 12 + 1);
}

static double year_of_index(const void *table, size_t i)
{
    const struct scenario_result *res = table;
    return res->first_year + (int)i;
}

static const struct output_field SUMMARY_FIELDS[] = {
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", summary_year, NULL},
    {"month", FIELD_INT, "month",
     "Calendar month of the row (1-12).", summary_month, NULL},
    {"region", FIELD_TEXT, "text",
     "Region (county) of the row.", NULL, summary_region},
    {"program", FIELD_TEXT, "text",
     "Program of the row: tekun, dibao, elderly_allowance, temporary_assistance, "
     "medical_assistance, or all (every program; its units are households reached by any).", NULL, summary_program},
};
const struct output_group H5OUT_SUMMARY =
    OUTPUT_GROUP("/scenarios/<name>/summary", SUMMARY_FIELDS, summary_measures);

static const struct output_field CASH_FLOW_FIELDS[] = {
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", month_year, NULL},
    {"month", FIELD_INT, "month",
     "Calendar month of the row (1-12).", month_of_year, NULL},
    {"<program>", FIELD_DOUBLE, "yuan",
     "What the program pays in the month, all regions, weighted: the funds a budget "
     "officer must have (medical assistance: a twelfth of the year's). One dataset per "
     "program.", NULL, NULL},
    {"total", FIELD_DOUBLE, "yuan",
     "Every program together.", NULL, NULL},
};
const struct output_group H5OUT_CASH_FLOW =
    OUTPUT_GROUP("/scenarios/<name>/cash_flow", CASH_FLOW_FIELDS, NULL);

static const struct output_field FUND_NEEDS_FIELDS[] = {
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", year_of_index, NULL},
    {"<program>", FIELD_DOUBLE, "yuan",
     "What the program pays in the year, all regions, weighted. One dataset per program.", NULL, NULL},
    {"total", FIELD_DOUBLE, "yuan",
     "Every program together.", NULL, NULL},
};
const struct output_group H5OUT_FUND_NEEDS =
    OUTPUT_GROUP("/scenarios/<name>/fund_needs", FUND_NEEDS_FIELDS, NULL);

/* The cash flow by region's rows: month, then region (the summary's table, no program). */
static double region_flow_year(const void *table, size_t i)
{
    const struct summary_table *t = table;
    return t->res->first_year + (int)(i / (size_t)t->res->n_regions / 12);
}

static double region_flow_month(const void *table, size_t i)
{
    const struct summary_table *t = table;
    return (double)(i / (size_t)t->res->n_regions % 12 + 1);
}

static const char *region_flow_region(const void *table, size_t i)
{
    const struct summary_table *t = table;
    return t->pop->regions[i % (size_t)t->res->n_regions];
}

static const struct output_field CASH_FLOW_BY_REGION_FIELDS[] = {
    {"year", FIELD_INT, "year", "Calendar year of the row.", region_flow_year, NULL},
    {"month", FIELD_INT, "month", "Calendar month of the row (1-12).", region_flow_month, NULL},
    {"region", FIELD_TEXT, "text", "Region (county) of the row: each county's own budget.",
     NULL, region_flow_region},
    {"<program>", FIELD_DOUBLE, "yuan",
     "What the program pays in the month in the region, weighted (medical assistance: a "
     "twelfth of the year's). One dataset per program.", NULL, NULL},
    {"total", FIELD_DOUBLE, "yuan", "Every program together.", NULL, NULL},
};
const struct output_group H5OUT_CASH_FLOW_BY_REGION =
    OUTPUT_GROUP("/scenarios/<name>/cash_flow_by_region", CASH_FLOW_BY_REGION_FIELDS, NULL);

static const struct output_field HOUSEHOLDS_FIELDS[] = {
    {"household_id", FIELD_INT64, "id",
     "Household ids, in population order (the column order of the microdata).", NULL, NULL},
    {"<program>", FIELD_DOUBLE, "yuan/year",
     "[years × households] what each household received from the program in each year "
     "(dibao: the sum of its units' twelve rounded payments, after targeting), unweighted. "
     "One dataset per program.", NULL, NULL},
    {"dibao_entitled", FIELD_DOUBLE, "yuan/year",
     "[years × households] dibao each household is entitled to under the rules with full "
     "information, unweighted.", NULL, NULL},
    {"months_paid", FIELD_UINT8, "months",
     "[years × households] months in which the household had a paid dibao unit.", NULL, NULL},
    {"pre_transfer_pc_income", FIELD_DOUBLE, "yuan/person/year",
     "[years × households] income before transfers per living member: 12 × the mean, over "
     "the year's months with a living member, of the month's income per living member "
     "(NaN: nobody living).", NULL, NULL},
};
const struct output_group H5OUT_HOUSEHOLDS =
    OUTPUT_GROUP("/scenarios/<name>/households", HOUSEHOLDS_FIELDS, NULL);

/* Expenditure of program k (all regions) in month index m. */
static double spent(const struct scenario_result *res, int m, int k)
{
    double total = 0;
    for (int r = 0; r < res->n_regions; r++) total += summary_row(res, m, r, k)[M_EXPENDITURE];
    return total;
}

/* The monthly cash flow and the yearly fund needs (the sum of the year's cash flow) of each
 * program, all regions together, and the monthly cash flow of each region. */
static int write_funds(hid_t file, const char *name, const struct summary_table *table)
{
    const struct scenario_result *res = table->res;
    const int months = res->n_years * 12, R = res->n_regions;
    double *flow = xmalloc((size_t)months * sizeof *flow);
    double *needs = xmalloc((size_t)res->n_years * sizeof *needs);
    double *by_region = xmalloc((size_t)months * R * sizeof *by_region + 1);
    hsize_t by_month[1] = {(hsize_t)months}, by_year[1] = {(hsize_t)res->n_years};
    hsize_t by_month_region[1] = {(hsize_t)months * R};
    int rc = h5schema_write_table(file, &H5OUT_CASH_FLOW, name, res, (size_t)months) ||
             h5schema_write_table(file, &H5OUT_FUND_NEEDS, name, res, (size_t)res->n_years) ||
             h5schema_write_table(file, &H5OUT_CASH_FLOW_BY_REGION, name, table,
                                  (size_t)months * R);
    for (int k = 0; k < N_PROGRAM_ROWS && !rc; k++) {
        for (int y = 0; y < res->n_years; y++) needs[y] = 0;
        for (int m = 0; m < months; m++) {
            flow[m] = spent(res, m, k);
            needs[m / 12] += flow[m];
            for (int r = 0; r < R; r++)
                by_region[(size_t)m * R + r] = summary_row(res, m, r, k)[M_EXPENDITURE];
        }
        const char *field = k == PROGRAM_ALL ? "total" : "<program>";
        const char *dataset = k == PROGRAM_ALL ? "total" : PROGRAMS[k].name;
        rc = h5schema_write(file, &H5OUT_CASH_FLOW, name, field, dataset, NULL, 1, by_month,
                            flow) ||
             h5schema_write(file, &H5OUT_FUND_NEEDS, name, field, dataset, NULL, 1, by_year,
                            needs) ||
             h5schema_write(file, &H5OUT_CASH_FLOW_BY_REGION, name, field, dataset, NULL, 1,
                            by_month_region, by_region);
    }
    free(flow);
    free(needs);
    free(by_region);
    return rc;
}

/* The datasets of a scenario's microdata, in the order they are written: the ids ([households]),
 * each program's amounts, then the others ([years × households]). */
enum { N_MICRODATA = 1 + N_PROGRAMS + 3 };

struct microdata_column {
    const char *field, *dataset;   /* dataset NULL: the field's name */
    int rank;
};

static struct microdata_column microdata_column(int j)
{
    static const char *const after[] = {"dibao_entitled", "months_paid", "pre_transfer_pc_income"};
    if (j == 0) return (struct microdata_column){"household_id", NULL, 1};
    if (j <= N_PROGRAMS) return (struct microdata_column){"<program>", PROGRAMS[j - 1].name, 2};
    return (struct microdata_column){after[j - 1 - N_PROGRAMS], NULL, 2};
}

/* Column j's values of a chunk's results (pop its households), as written: fen as yuan, in
 * buffer (`cells` doubles). */
static const void *microdata_values(int j, const struct scenario_result *res,
                                    const struct population *pop, size_t cells, double *buffer)
{
    if (j == 0) return pop->household_id;
    if (j == N_PROGRAMS + 2) return res->months_paid;
    if (j == N_PROGRAMS + 3) return res->pre_transfer_pc;
    const int64_t *fen = j <= N_PROGRAMS ? res->paid[j - 1] : res->dibao_entitled;
    for (size_t i = 0; i < cells; i++) buffer[i] = (double)fen[i] / 100.0;
    return buffer;
}

int h5out_microdata_write(hid_t file, const char *name, const struct scenario_result *res,
                          const struct population *pop, size_t offset, size_t total)
{
    const size_t cells = (size_t)res->n_years * res->n_households;
    const hsize_t dims[2] = {(hsize_t)res->n_years, total}, ids[1] = {total};
    double *buffer = xmalloc((cells ? cells : 1) * sizeof *buffer);
    int rc = 0;
    for (int j = 0; j < N_MICRODATA && !rc; j++) {
        const struct microdata_column c = microdata_column(j);
        rc = h5schema_write_columns(file, &H5OUT_HOUSEHOLDS, name, c.field, c.dataset, c.rank,
                                    c.rank > 1 ? dims : ids, offset, res->n_households,
                                    microdata_values(j, res, pop, cells, buffer));
    }
    free(buffer);
    return rc;
}

int h5out_microdata_create(hid_t file, const char *name, int n_years, size_t total)
{
    struct scenario_result none;
    memset(&none, 0, sizeof none);
    none.n_years = n_years;
    const struct population nobody = {0};
    return h5out_microdata_write(file, name, &none, &nobody, 0, total);
}

int h5out_microdata_check(hid_t file, const char *name, int n_years, size_t offset, size_t count,
                          size_t total)
{
    const hsize_t dims[2] = {(hsize_t)n_years, total}, ids[1] = {total};
    double *buffer = xmalloc(((size_t)n_years * count + 1) * sizeof *buffer);   /* 8-byte cells */
    int rc = 0;
    for (int j = 0; j < N_MICRODATA && !rc; j++) {
        const struct microdata_column c = microdata_column(j);
        rc = h5schema_read_columns(file, &H5OUT_HOUSEHOLDS, name, c.field, c.dataset, c.rank,
                                   c.rank > 1 ? dims : ids, offset, count, buffer);
    }
    free(buffer);
    return rc;
}

int h5out_scenario_write(hid_t file, const char *name, const struct scenario_result *res,
                         const struct population *pop)
{
    const struct summary_table summary = {res, pop};
    const size_t rows = (size_t)res->n_years * 12 * res->n_regions * N_PROGRAM_ROWS;
    int rc = h5schema_write_table(file, &H5OUT_SUMMARY, name, &summary, rows) ||
             write_funds(file, name, &summary);
    return rc;
}

/* The tables that declare the outputs once, and that they agree: the measure table (names,
 * units, ratios of summed measures), the headlines (one cost per program row, then the
 * headline table), the results schema and the report. A run on the sample population is
 * written to a results file: every measure of the table is there under its name with its
 * units, `report` reads the summary back bit for bit and derives the same headlines, the
 * headline datasets carry their own units, and the per-year tables' `year` columns count the
 * years (fund_needs/year once read 2016 in every row). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "derived.h"
#include "h5io.h"
#include "h5out.h"
#include "measures.h"
#include "report.h"
#include "sensitivity.h"

static int setup(void **state) { return test_dir_create(state); }
static int teardown(void **state) { return test_dir_remove(state); }

static void measure_table_is_complete(void **state)
{
    (void)state;
    for (int c = 0; c < N_MEASURE_COLUMNS; c++) {
        const struct measure_info *m = &MEASURE_TABLE[c];
        assert_non_null(m->name);
        assert_true(m->units && *m->units && m->description && *m->description);
        assert_int_equal(measure_index(m->name), c);   /* names are unique */
        assert_int_equal(m->reduction == REDUCE_RATIO, c >= N_MEASURES);
        if (c >= N_MEASURES) {
            assert_in_range(m->numerator, 0, N_MEASURES - 1);
            assert_in_range(m->denominator, 0, N_MEASURES - 1);
        }
    }
    /* a ratio is computed from its row: 3 / 4 and 1 − 3 / 4; 0 without a denominator */
    double row[N_MEASURES] = {0};
    row[M_EXPENDITURE] = 3;
    row[M_PAID_PERSONS] = 4;
    row[M_POOR_REACHED] = 3;
    assert_true(measure_value(row, M_AVERAGE_BENEFIT) == 0.75);
    assert_true(measure_value(row, M_INCLUSION_ERROR) == 0.25);
    assert_true(measure_value(row, M_COVERAGE) == 0.0);
    assert_true(measure_value(row, M_EXCLUSION_ERROR) == 0.0);
}

static void headlines_follow_the_program_rows(void **state)
{
    (void)state;
    char names[N_HEADLINES][64];
    for (int h = 0; h < N_HEADLINES; h++) {
        const struct headline_info info = headline_info(h);
        headline_name(h, names[h], sizeof names[h]);
        assert_true(*names[h] && info.units && *info.units);
        assert_in_range(info.column, 0, N_MEASURE_COLUMNS - 1);
        assert_in_range(info.program, 0, N_PROGRAM_ROWS - 1);
        for (int j = 0; j < h; j++) assert_string_not_equal(names[j], names[h]);
    }
    for (int k = 0; k < N_PROGRAM_ROWS; k++) {
        char cost[64];
        snprintf(cost, sizeof cost, "cost_%s", PROGRAMS[k].name);
        assert_string_equal(names[H_COST + k], cost);
        assert_int_equal(headline_info(H_COST + k).program, k);
    }
    assert_int_equal(H_DIBAO_RECIPIENTS, H_COST + N_PROGRAM_ROWS);
}

static const char *SCENARIO =
    "name: measured\nyears: 2016:2018\npoverty_line: 3026\n"
    "dibao: {standard: {2015-01: 288, 2016-01: 320}}\n"
    "elderly_allowance: {enabled: true}\n"
    "temporary_assistance: {enabled: true}\n"
    "medical_assistance: {enabled: true}\n"
    "projection: {wage_growth: 0.07, standard_indexation: 0.1}\n"
    "sweep:\n  - {path: dibao.standard, from: 300, to: 340, step: 40}\n";

/* The `units` attribute of dataset `path`, into units[size]. */
static void units_of(hid_t file, const char *path, char *units, size_t size)
{
    hid_t attr = H5Aopen_by_name(file, path, "units", H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0) fail_msg("%s has no units", path);
    hid_t type = H5Aget_type(attr);
    assert_true(H5Tget_size(type) < size);
    memset(units, 0, size);
    assert_true(H5Aread(attr, type, units) >= 0);
    H5Tclose(type);
    H5Aclose(attr);
}

/* Dataset `path` of ints, `n` values, into out. */
static void ints(hid_t file, const char *path, int *out, size_t n)
{
    assert_int_equal(h5io_elements(file, path), (long long)n);
    assert_int_equal(h5io_read(file, path, H5T_NATIVE_INT, out), 0);
}

static void results_file_round_trip(void **state)
{
    (void)state;
    struct scenario s;
    struct population pop;
    struct simulation sim;
    test_simulation_open(test_write("scenario.yaml", SCENARIO), "populations/sample", &s, &pop,
                         &sim);
    struct scenario_result res;
    struct sensitivity_result sweep;
    struct error err = {0};
    if (simulation_run(&sim, &res, &err) ||
        sensitivity_run(&s, &pop, &sim.options, &sweep, &err))
        fail_msg("%s", err.message);
    struct run_record record = {"test", "populations/sample", 0, 1, "2026-01-01T00:00:00Z",
                                s.files.n, s.files.paths, s.files.sha256, 1};
    struct run_output output = {&s, &res, 1, &pop, NULL, &sweep, 0, NULL, NULL};
    char results[512];
    snprintf(results, sizeof results, "%s/results.h5", test_dir());
    if (h5out_write(results, &record, &output, &err)) fail_msg("%s", err.message);

    /* the report reads back every summed measure, bit for bit, and derives the same numbers */
    struct scenario_result back;
    if (report_read_summary(results, "measured", &back, &err)) fail_msg("%s", err.message);
    assert_int_equal(back.first_year, 2016);
    assert_int_equal(back.n_years, 3);
    assert_int_equal(back.n_regions, res.n_regions);
    const size_t cells = (size_t)res.n_years * 12 * summary_month_stride(&res);
    assert_memory_equal(back.summary, res.summary, cells * sizeof *res.summary);
    for (int y = 0; y < res.n_years; y++) {
        double a[N_HEADLINES], b[N_HEADLINES];
        derived_headlines(&res, y, -1, a);
        derived_headlines(&back, y, -1, b);
        assert_memory_equal(a, b, sizeof a);
        /* a headline taken by its measure's own reduction is that measure's year value */
        for (int h = 0; h < N_HEADLINES; h++) {
            const struct headline_info info = headline_info(h);
            struct year_values row;
            derived_year(&res, y, -1, info.program, &row);
            if (info.reduction == MEASURE_TABLE[info.column].reduction)
                assert_true(derived_annual(&row, info.column) == a[h]);
        }
    }
    scenario_result_free(&back);

    hid_t file = H5Fopen(results, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    char path[512], units[128];
    /* every column of the measure table, under its name, with its units */
    for (int c = 0; c < N_MEASURE_COLUMNS; c++) {
        snprintf(path, sizeof path, "/scenarios/measured/summary/%s", MEASURE_TABLE[c].name);
        assert_int_equal(h5io_elements(file, path), (long long)(cells / N_MEASURES));
        units_of(file, path, units, sizeof units);
        assert_string_equal(units, MEASURE_TABLE[c].units);
    }
    /* every headline of the sweep, with the headline's units */
    for (int h = 0; h < N_HEADLINES; h++) {
        char name[64];
        headline_name(h, name, sizeof name);
        snprintf(path, sizeof path, "/sweep/measured/%s", name);
        units_of(file, path, units, sizeof units);
        assert_string_equal(units, headline_info(h).units);
    }
    /* the per-year and per-month tables count their years */
    int years[3], months[36];
    ints(file, "/scenarios/measured/fund_needs/year", years, 3);
    for (int y = 0; y < 3; y++) assert_int_equal(years[y], 2016 + y);
    ints(file, "/scenarios/measured/cash_flow/year", months, 36);
    for (int m = 0; m < 36; m++) assert_int_equal(months[m], 2016 + m / 12);
    ints(file, "/sweep/measured/year", years, 3);
    for (int y = 0; y < 3; y++) assert_int_equal(years[y], 2016 + y);
    H5Fclose(file);

    /* a measure that is the household's (per_program 0) is the same in every program row, or
     * (the registry's exits) only in row all */
    for (int m = 0; m < res.n_years * 12; m++)
        for (int r = 0; r < res.n_regions; r++)
            for (int c = 0; c < N_MEASURES; c++) {
                if (MEASURE_TABLE[c].per_program) continue;
                const double all = summary_row(&res, m, r, PROGRAM_ALL)[c];
                for (int k = 0; k < N_PROGRAMS; k++) {
                    const double v = summary_row(&res, m, r, k)[c];
                    assert_true(v == all || v == 0);
                }
            }
    sensitivity_result_free(&sweep);
    scenario_result_free(&res);
    test_simulation_close(&s, &pop, &sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(measure_table_is_complete),
        cmocka_unit_test(headlines_follow_the_program_rows),
        cmocka_unit_test(results_file_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

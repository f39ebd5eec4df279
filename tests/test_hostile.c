/* Hostile HDF5 files (issue 15): a dataset of rank 6 where a column or a list of texts should be
 * (read without overrunning the dimensions), a column declaring 10^12 rows (refused before
 * anything is allocated), a weight of 1e308, and results files whose summary holds a NaN year, a
 * year of 2e9 or columns of different lengths (report refuses them, exit 2, without printing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include <hdf5.h>
#include <math.h>

#include "h5io.h"
#include "population.h"
#include "report.h"

static const char *HOUSEHOLDS = TEST_HOUSEHOLDS_CSV
    "10,Loufan,rural,1,1.5,1000.50,0,1,1,2,900\n"
    "20,Yangqu,urban,0,1,0,1,2,0,0,0\n";
static const char *PERSONS = TEST_PERSONS_CSV
    "201,20,1,head,40,male,0,none,0,0,1,1500.25,0,0,0,0,0,0,0\n"
    "101,10,1,head,70,female,2,physical,1,0,0,0,10,0,0,120,3000,0,1\n";

/* A population file written by the engine, at `path`. */
static void write_population(const char *path)
{
    test_write("households.csv", HOUSEHOLDS);
    test_write("persons.csv", PERSONS);
    struct population pop;
    struct error err = {0};
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), 0);
    assert_int_equal(population_save_h5(&pop, path, &err), 0);
    population_free(&pop);
}

/* Replaces dataset `name` of the file with an empty-valued one of the given type and dims
 * (chunked, so that no storage is allocated for huge declarations). */
static void replace_dataset(const char *path, const char *name, hid_t type, int rank,
                            const hsize_t *dims)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    if (H5Lexists(file, name, H5P_DEFAULT) > 0) assert_true(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t props = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk[8];
    for (int i = 0; i < rank; i++) chunk[i] = 1;
    H5Pset_chunk(props, rank, chunk);
    hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT);
    assert_true(set >= 0);
    H5Dclose(set);
    H5Pclose(props);
    H5Sclose(space);
    H5Fclose(file);
}

static const char *population_error(const char *path)
{
    static struct error err;
    memset(&err, 0, sizeof err);
    struct population pop;
    assert_int_equal(population_load_h5(&pop, path, &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    return err.message;
}

static void rank_six_column(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/rank6.h5", test_dir());
    write_population(path);
    const hsize_t dims[6] = {2, 1, 1, 1, 1, 1};
    replace_dataset(path, "/population/households/household_id", H5T_NATIVE_INT64, 6, dims);
    test_assert_contains(population_error(path),
                         "/population/households/household_id is missing or not a "
                         "one-dimensional dataset");
}

static void rank_six_texts(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/texts6.h5", test_dir());
    write_population(path);
    const hsize_t dims[6] = {1, 1, 1, 1, 1, 1};
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    replace_dataset(path, "/texts", type, 6, dims);
    H5Tclose(type);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    char **texts = NULL;
    size_t n = 0;
    assert_int_equal(h5io_read_texts(file, "/texts", &texts, &n), -1);
    assert_int_equal(h5io_length(file, "/texts"), -1);
    H5Fclose(file);
}

/* Texts are checksummed: a short list in the dataset's object header (compact), one beyond
 * H5IO_COMPACT_BYTES in chunks with Fletcher-32; both read back as written. */
static void texts_are_checksummed(void **state)
{
    (void)state;
    char path[512], tmp[4096];
    snprintf(path, sizeof path, "%s/texts.h5", test_dir());
    struct error err = {0};
    hid_t file = h5io_create_temp(path, tmp, &err);
    assert_true(file >= 0);
    enum { SHORT = 3, LONG = 5000 };
    char *texts[LONG];
    for (int i = 0; i < LONG; i++) {
        texts[i] = malloc(16);
        snprintf(texts[i], 16, "region %d", i);
    }
    assert_int_equal(h5io_write_texts(file, "short", texts, SHORT, "short"), 0);
    assert_int_equal(h5io_write_texts(file, "long", texts, LONG, "long"), 0);
    /* a scalar text: in the header when short; a list of one, chunked, when 40 KiB long */
    char *scalar[2] = {texts[0], malloc(40 * 1024 + 1)};
    memset(scalar[1], 'y', 40 * 1024);
    scalar[1][40 * 1024] = 0;
    assert_int_equal(h5io_write_text(file, "scalar", scalar[0], "scalar"), 0);
    assert_int_equal(h5io_write_text(file, "long scalar", scalar[1], "long scalar"), 0);
    const size_t wanted[4] = {SHORT, LONG, 1, 1};
    const char *names[4] = {"short", "long", "scalar", "long scalar"};
    for (int k = 0; k < 4; k++) {
        hid_t set = H5Dopen2(file, names[k], H5P_DEFAULT);
        hid_t props = H5Dget_create_plist(set);
        if (k % 2 == 0) assert_int_equal(H5Pget_layout(props), H5D_COMPACT);
        else assert_true(H5Pget_layout(props) == H5D_CHUNKED &&
                         H5Pget_filter_by_id2(props, H5Z_FILTER_FLETCHER32, NULL, NULL, NULL, 0,
                                              NULL, NULL) >= 0);
        hid_t space = H5Dget_space(set);
        assert_int_equal(H5Sget_simple_extent_type(space), k == 2 ? H5S_SCALAR : H5S_SIMPLE);
        H5Sclose(space);
        H5Pclose(props);
        H5Dclose(set);
        if (k == 2) continue;   /* h5io reads lists only */
        char **read = NULL;
        size_t n = 0;
        assert_int_equal(h5io_read_texts(file, names[k], &read, &n), 0);
        assert_int_equal(n, wanted[k]);
        for (size_t i = 0; i < n; i++) assert_string_equal(read[i], k == 3 ? scalar[1] : texts[i]);
        h5io_free_texts(read, n);
    }
    free(scalar[1]);
    for (int i = 0; i < LONG; i++) free(texts[i]);
    H5Fclose(file);
    remove(tmp);
}

static void a_trillion_rows(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/huge.h5", test_dir());
    write_population(path);
    const hsize_t dims[1] = {1000000000000ULL};
    replace_dataset(path, "/population/households/household_id", H5T_NATIVE_INT64, 1, dims);
    test_assert_contains(population_error(path), "1000000000000 households declared: at most");
}

static void an_unbounded_weight(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/weight.h5", test_dir());
    write_population(path);
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t set = H5Dopen2(file, "/population/households/weight", H5P_DEFAULT);
    const double weights[2] = {1e308, 1};
    assert_true(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, weights) >= 0);
    H5Dclose(set);
    H5Fclose(file);
    test_assert_contains(population_error(path),
                         "/population/households/weight[0]: value 1e+308 is "
                         "larger than 1000000");
}

/* A results file holding one scenario's summary of `n` rows with these years and `months` rows
 * of months; returns the message of report_file, which must fail with ERR_INPUT. */
static const char *report_error(const double *years, size_t n, size_t months)
{
    static struct error err;
    memset(&err, 0, sizeof err);
    char path[512];
    snprintf(path, sizeof path, "%s/results.h5", test_dir());
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    char *names[1] = {"s"};
    hid_t meta = h5io_group(file, "/meta");
    assert_int_equal(h5io_write_texts(meta, "scenario_names", names, 1, "names"), 0);
    hid_t summary = h5io_group(file, "/scenarios/s/summary");
    double month[8];
    char *region[8], *program[8];
    for (size_t i = 0; i < 8; i++) month[i] = 1, region[i] = "all", program[i] = "dibao";
    hsize_t dims[1] = {n}, month_dims[1] = {months};
    assert_int_equal(h5io_write(summary, "year", H5T_NATIVE_DOUBLE, 1, dims, years, "year", "y"), 0);
    assert_int_equal(h5io_write(summary, "month", H5T_NATIVE_DOUBLE, 1, month_dims, month, "m",
                                "m"), 0);
    assert_int_equal(h5io_write_texts(summary, "region", region, n, "r"), 0);
    assert_int_equal(h5io_write_texts(summary, "program", program, n, "p"), 0);
    H5Gclose(summary);
    H5Gclose(meta);
    H5Fclose(file);
    FILE *out = tmpfile();
    assert_int_equal(report_file(out, path, 0, &err), -1);
    assert_true(ftell(out) < 1000);   /* no millions of lines */
    fclose(out);
    assert_int_equal(err.code, ERR_INPUT);
    return err.message;
}

static void report_nan_year(void **state)
{
    (void)state;
    const double years[2] = {2016, NAN};
    test_assert_contains(report_error(years, 2, 2), "/scenarios/s/summary/year[1]: value nan is "
                                                    "not a year");
}

static void report_huge_year(void **state)
{
    (void)state;
    const double years[2] = {2016, 2e9};
    test_assert_contains(report_error(years, 2, 2), "year[1]: value 2e+09 is not a year");
}

static void report_mismatched_columns(void **state)
{
    (void)state;
    const double years[3] = {2016, 2016, 2016};
    test_assert_contains(report_error(years, 3, 2), "the columns differ in length (year 3, month 2)");
}

int main(void)
{
    h5io_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rank_six_column),   cmocka_unit_test(rank_six_texts),
        cmocka_unit_test(texts_are_checksummed),
        cmocka_unit_test(a_trillion_rows),   cmocka_unit_test(an_unbounded_weight),
        cmocka_unit_test(report_nan_year),   cmocka_unit_test(report_huge_year),
        cmocka_unit_test(report_mismatched_columns),
    };
    return cmocka_run_group_tests(tests, test_dir_create, test_dir_remove);
}

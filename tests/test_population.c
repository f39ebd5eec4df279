/* Populations: CSV loading with sorting, every validation error path (file, row, column,
 * value), the HDF5 round trip, HDF5 columns read straight into their storage types, and files
 * written by earlier versions (deflated). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "support.h"

#include <hdf5.h>

#include "population.h"


static const char *GOOD_HOUSEHOLDS = TEST_HOUSEHOLDS_CSV
    "10,Loufan,rural,1,1.5,1000.50,0,1,1,2,900\n"
    "20,Yangqu,urban,0,1,0,1,2,0,0,0\n";
static const char *GOOD_PERSONS = TEST_PERSONS_CSV
    "201,20,1,head,40,male,0,none,0,0,1,1500.25,0,0,0,0,0,0,0\n"
    "101,10,1,head,70,female,2,physical,1,0,0,0,10,0,0,120,3000,0,1\n"
    "102,10,2,child,17,male,0,none,0,1,0,0,0,0,0,0,0,4000.5,0\n";

static const char *load_error(const char *households, const char *persons)
{
    static struct error err;
    memset(&err, 0, sizeof err);
    test_write("households.csv", households);
    test_write("persons.csv", persons);
    struct population pop;
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    return err.message;
}

static void loads_and_sorts(void **state)
{
    (void)state;
    test_write("households.csv", GOOD_HOUSEHOLDS);
    test_write("persons.csv", GOOD_PERSONS);
    struct population pop;
    struct error err = {0};
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), 0);
    assert_int_equal(pop.n_households, 2);
    assert_int_equal(pop.n_persons, 3);
    assert_int_equal(pop.n_regions, 2);
    assert_string_equal(pop.regions[pop.region[1]], "Yangqu");
    /* households keep file order; persons follow their household, file order within it */
    assert_int_equal(pop.first_person[0], 0);
    assert_int_equal(pop.first_person[1], 2);
    assert_int_equal(pop.first_person[2], 3);
    assert_true(pop.person_id[0] == 101 && pop.person_id[1] == 102 && pop.person_id[2] == 201);
    /* money in fen, exactly */
    assert_true(pop.financial_assets[0] == 100050);
    assert_true(pop.support_children_pc_income[0] == 90000);
    assert_int_equal(pop.wage[2], 150025);
    assert_int_equal(pop.education_expense[1], 400050);
    assert_int_equal(pop.basic_pension[0], 12000);
    assert_int_equal(pop.hukou[1], 1);
    assert_int_equal(pop.sex[0], SEX_FEMALE);
    assert_int_equal(pop.relation[1], REL_CHILD);
    assert_int_equal(pop.disability_type[0], 1);
    assert_true(pop.weight[0] == 1.5);
    population_free(&pop);
}

/* Households out of id order, found through the sorted copy of their ids: persons already
 * grouped in row order are not permuted, others are. */
static void loads_grouped_out_of_order(void **state)
{
    (void)state;
    test_write("households.csv", TEST_HOUSEHOLDS_CSV
               "20,Yangqu,urban,0,1,0,1,2,0,0,0\n"
               "10,Loufan,rural,1,1.5,1000.50,0,1,1,2,900\n");
    test_write("persons.csv", TEST_PERSONS_CSV
               "201,20,1,head,40,male,0,none,0,0,1,1500.25,0,0,0,0,0,0,0\n"
               "102,10,2,child,17,male,0,none,0,1,0,0,0,0,0,0,0,4000.5,0\n"
               "101,10,1,head,70,female,2,physical,1,0,0,0,10,0,0,120,3000,0,1\n");
    struct population pop;
    struct error err = {0};
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), 0);
    assert_int_equal(pop.first_person[1], 1);
    assert_int_equal(pop.first_person[2], 3);
    assert_true(pop.person_id[0] == 201 && pop.person_id[1] == 102 && pop.person_id[2] == 101);
    assert_int_equal(pop.wage[0], 150025);
    assert_int_equal(pop.education_expense[1], 400050);
    population_free(&pop);
    /* and persons not grouped either: sorted by household row, file order within it */
    test_write("persons.csv", TEST_PERSONS_CSV
               "102,10,2,child,17,male,0,none,0,1,0,0,0,0,0,0,0,4000.5,0\n"
               "201,20,1,head,40,male,0,none,0,0,1,1500.25,0,0,0,0,0,0,0\n"
               "101,10,1,head,70,female,2,physical,1,0,0,0,10,0,0,120,3000,0,1\n");
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), 0);
    assert_int_equal(pop.first_person[1], 1);
    assert_true(pop.person_id[0] == 201 && pop.person_id[1] == 102 && pop.person_id[2] == 101);
    assert_int_equal(pop.disability_type[2], 1);
    population_free(&pop);
}

/* Fails unless two populations hold the same households, persons and regions. */
static void assert_same_population(const struct population *a, const struct population *b)
{
    assert_int_equal(a->n_households, b->n_households);
    assert_int_equal(a->n_persons, b->n_persons);
    assert_int_equal(a->n_regions, b->n_regions);
    for (int r = 0; r < a->n_regions; r++) assert_string_equal(a->regions[r], b->regions[r]);
    size_t H = a->n_households, P = a->n_persons;
#define SAME(col, n) assert_memory_equal(a->col, b->col, (n) * sizeof *a->col)
    SAME(household_id, H); SAME(region, H); SAME(hukou, H); SAME(registered_poor, H);
    SAME(weight, H); SAME(financial_assets, H); SAME(vehicles, H); SAME(houses, H);
    SAME(receiving_dibao, H); SAME(support_children, H); SAME(support_children_pc_income, H);
    SAME(first_person, H + 1);
    SAME(person_id, P); SAME(family_id, P); SAME(relation, P); SAME(age, P); SAME(sex, P);
    SAME(disability_level, P); SAME(disability_type, P); SAME(serious_illness, P);
    SAME(student, P); SAME(employed, P); SAME(wage, P); SAME(business_income, P);
    SAME(property_income, P); SAME(transfer_income, P); SAME(basic_pension, P);
    SAME(medical_oop, P); SAME(education_expense, P); SAME(no_supporter, P);
#undef SAME
}

static void h5_round_trip(void **state)
{
    (void)state;
    test_write("households.csv", GOOD_HOUSEHOLDS);
    test_write("persons.csv", GOOD_PERSONS);
    struct population a, b;
    struct error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/pop.h5", test_dir());
    assert_int_equal(population_load_csv(&a, test_dir(), &err), 0);
    assert_int_equal(population_save_h5(&a, path, &err), 0);
    assert_int_equal(population_load(&b, path, NULL, &err), 0);
    assert_same_population(&a, &b);
    population_free(&a);
    population_free(&b);
    assert_int_equal(population_load(&b, "/nonexistent/pop.h5", NULL, &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
}

/* The filters of a dataset, and whether it is stored contiguously. */
static int dataset_filters(const char *path, const char *name, int *contiguous)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
    hid_t props = H5Dget_create_plist(set);
    int filters = H5Pget_nfilters(props);
    *contiguous = H5Pget_layout(props) == H5D_CONTIGUOUS;
    H5Pclose(props);
    H5Dclose(set);
    H5Fclose(file);
    return filters;
}

/* tests/populations/deflated.h5 was written by dibaosim before issue 12 (commit 0fa373f,
 * `dibaosim synth populations/taiyuan-rural-2016-calibrated.yaml --scale 0.02`): person columns
 * chunked through shuffle and deflate, no checksums. It still loads, and saving it writes
 * uncompressed columns, chunked for their Fletcher-32 checksums (the one filter), that load to
 * the same population. */
static void reads_deflated_files(void **state)
{
    (void)state;
    const char *old = "tests/populations/deflated.h5";
    int contiguous;
    assert_int_equal(dataset_filters(old, "/population/persons/wage", &contiguous), 2);
    assert_false(contiguous);
    struct population a, b;
    struct error err = {0};
    assert_int_equal(population_load(&a, old, NULL, &err), 0);
    assert_int_equal(a.n_households, 1690);
    assert_int_equal(a.n_persons, 4841);
    char path[512];
    snprintf(path, sizeof path, "%s/resaved.h5", test_dir());
    assert_int_equal(population_save_h5(&a, path, &err), 0);
    assert_int_equal(dataset_filters(path, "/population/persons/wage", &contiguous), 1);
    assert_false(contiguous);
    assert_int_equal(population_load(&b, path, NULL, &err), 0);
    assert_same_population(&a, &b);
    population_free(&a);
    population_free(&b);
}

static void column_errors(void **state)
{
    (void)state;
    test_assert_contains(load_error("household_id,region,hukou\n1,A,rural\n", GOOD_PERSONS),
                    "households.csv: line 1: missing column 'registered_poor'");
    char extra[1024];
    snprintf(extra, sizeof extra, "%.*s,color%s", (int)strlen(TEST_HOUSEHOLDS_CSV) - 1,
             TEST_HOUSEHOLDS_CSV, GOOD_HOUSEHOLDS + strlen(TEST_HOUSEHOLDS_CSV) - 1);
    test_assert_contains(load_error(extra, GOOD_PERSONS),
                    "households.csv: line 1, column 12: unknown column 'color'");
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV "10,Loufan,rural,1,1,0,0,1,1,0\n", GOOD_PERSONS),
                    "households.csv: row 1 (line 2): 10 fields, the header has 11");
}

static void value_errors(void **state)
{
    (void)state;
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,70,female,0,none,0,0,0,abc,0,0,0,0,0,0,0\n"),
                    "persons.csv: row 1 (line 2), column wage: value 'abc' is not a number");
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,70,female,0,none,0,0,0,0,-5,0,0,0,0,0,0\n"),
                    "column business_income: value '-5' is negative");
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV "10,Loufan,town,1,1,0,0,1,1,0,0\n",
                               GOOD_PERSONS),
                    "households.csv: row 1 (line 2), column hukou: value 'town' is not one of "
                    "rural|urban");
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV "10,,rural,1,1,0,0,1,1,0,0\n", GOOD_PERSONS),
                    "column region: value '' is empty");
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV "10,Loufan,rural,2,1,0,0,1,1,0,0\n",
                               GOOD_PERSONS),
                    "column registered_poor: value '2' is out of range [0, 1]");
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV "10,Loufan,rural,1,0,0,0,1,1,0,0\n",
                               GOOD_PERSONS),
                    "column weight: value '0' is not positive");
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,130,female,0,none,0,0,0,0,0,0,0,0,0,0,0\n"),
                    "column age: value '130' is out of range [0, 120]");
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,70,female,2,none,0,0,0,0,0,0,0,0,0,0,0\n"),
                    "column disability_level: value '2' does not agree with disability_type");
}

static void link_errors(void **state)
{
    (void)state;
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,70,female,0,none,0,0,0,0,0,0,0,0,0,0,0\n"
                               "201,20,1,head,40,male,0,none,0,0,1,0,0,0,0,0,0,0,0\n"
                               "301,30,1,head,40,male,0,none,0,0,1,0,0,0,0,0,0,0,0\n"),
                    "persons.csv: row 3 (line 4), column household_id: value '30' names no "
                    "household");
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV "10,Loufan,rural,1,1,0,0,1,1,0,0\n"
                                                 "10,Loufan,rural,1,1,0,0,1,1,0,0\n",
                               GOOD_PERSONS),
                    "households.csv: row 2 (line 3), column household_id: value '10' is a "
                    "duplicate id (first at row 1)");
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,70,female,0,none,0,0,0,0,0,0,0,0,0,0,0\n"
                               "101,20,1,head,40,male,0,none,0,0,1,0,0,0,0,0,0,0,0\n"),
                    "persons.csv: row 2 (line 3), column person_id: value '101' is a duplicate");
    test_assert_contains(load_error(GOOD_HOUSEHOLDS, TEST_PERSONS_CSV
                               "101,10,1,head,70,female,0,none,0,0,0,0,0,0,0,0,0,0,0\n"),
                    "households.csv: row 2 (line 3), column household_id: value '20' has 0 "
                    "persons");
}

static void awkward_files(void **state)
{
    (void)state;
    /* empty population */
    test_assert_contains(load_error(TEST_HOUSEHOLDS_CSV, TEST_PERSONS_CSV), "no households");
    /* line numbers count blank lines; a BOM is skipped */
    char text[2048];
    snprintf(text, sizeof text, "\xEF\xBB\xBF%s\n\n10,Loufan,rural,1,1,0,0,1,1,0,x\n",
             TEST_HOUSEHOLDS_CSV);
    test_assert_contains(load_error(text, GOOD_PERSONS),
                    "households.csv: row 1 (line 4), column support_children_pc_income: value 'x'");
    /* a quote inside an unquoted field is a character like any other: no row is hidden */
    test_write("households.csv", TEST_HOUSEHOLDS_CSV "10,A\"x,rural,1,1,0,0,1,1,0,0\n"
                                                   "20,Yangqu,urban,0,1,0,1,2,0,0,0\n");
    test_write("persons.csv", GOOD_PERSONS);
    struct population pop;
    struct error err = {0};
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), 0);
    assert_int_equal(pop.n_households, 2);
    assert_string_equal(pop.regions[0], "A\"x");
    population_free(&pop);
}

/* Replaces a 3-row column of the file with `values` of HDF5 type `type`. */
static void replace_column(const char *path, const char *name, hid_t type, const void *values)
{
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    H5Ldelete(file, name, H5P_DEFAULT);
    hsize_t dims[1] = {3};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    H5Dclose(set);
    H5Sclose(space);
    H5Fclose(file);
}

static void h5_type_checks(void **state)
{
    (void)state;
    test_write("households.csv", GOOD_HOUSEHOLDS);
    test_write("persons.csv", GOOD_PERSONS);
    struct population pop;
    struct error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/typed.h5", test_dir());
    assert_int_equal(population_load_csv(&pop, test_dir(), &err), 0);
    assert_int_equal(population_save_h5(&pop, path, &err), 0);
    population_free(&pop);
    /* a wage stored as floating point, and one too large for 32 bits: errors, not conversions */
    replace_column(path, "/population/persons/wage", H5T_NATIVE_DOUBLE, (double[]){1.5, 0, 0});
    assert_int_equal(population_load(&pop, path, NULL, &err), -1);
    test_assert_contains(err.message, "/population/persons/wage[0]: value (dataset type) holds "
                                 "floating-point numbers");
    replace_column(path, "/population/persons/wage", H5T_NATIVE_INT64,
                   (int64_t[]){0, (int64_t)1 << 40, 0});
    assert_int_equal(population_load(&pop, path, NULL, &err), -1);
    test_assert_contains(err.message, "/population/persons/wage[1]: value 1099511627776 is out of range");
    /* read straight into storage: an age stored as 8 bits is still range-checked, and a wage
     * stored in 16 bits (narrower than its storage) is widened */
    replace_column(path, "/population/persons/age", H5T_NATIVE_UINT8, (uint8_t[]){70, 17, 200});
    assert_int_equal(population_load(&pop, path, NULL, &err), -1);
    test_assert_contains(err.message, "/population/persons/age[2]: value 200 is out of range");
    replace_column(path, "/population/persons/age", H5T_NATIVE_UINT8, (uint8_t[]){70, 17, 40});
    replace_column(path, "/population/persons/wage", H5T_NATIVE_INT32, (int32_t[]){0, -5, 0});
    assert_int_equal(population_load(&pop, path, NULL, &err), -1);
    test_assert_contains(err.message, "/population/persons/wage[1]: value -5 is out of range");
    replace_column(path, "/population/persons/wage", H5T_NATIVE_UINT16,
                   (uint16_t[]){0, 65535, 7});
    assert_int_equal(population_load(&pop, path, NULL, &err), 0);
    assert_int_equal(pop.wage[1], 65535);
    assert_int_equal(pop.wage[2], 7);
    population_free(&pop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_and_sorts), cmocka_unit_test(loads_grouped_out_of_order),
        cmocka_unit_test(h5_round_trip),   cmocka_unit_test(reads_deflated_files),
        cmocka_unit_test(column_errors),   cmocka_unit_test(value_errors),
        cmocka_unit_test(link_errors),     cmocka_unit_test(awkward_files),
        cmocka_unit_test(h5_type_checks),
    };
    return cmocka_run_group_tests_name("population", tests, test_dir_create, test_dir_remove);
}

/* support — what the unit tests share: a scratch folder for the test program (created by the
 * group set-up, removed by the tear-down), files written into it, a substring assertion that
 * prints both texts when it fails, a generated population, and the runner of the hand-worked
 * case folders. Include after <cmocka.h>. */
#ifndef DIBAOSIM_TEST_SUPPORT_H
#define DIBAOSIM_TEST_SUPPORT_H

#include <stdint.h>

/* cmocka group set-up and tear-down. */
int test_dir_create(void **state);
int test_dir_remove(void **state);
/* The scratch folder. */
const char *test_dir(void);
/* Writes text to a file of the scratch folder; returns its path (valid for the next 3 calls). */
const char *test_write(const char *name, const char *text);
/* Fails the test unless part occurs in text. */
void test_assert_contains(const char *text, const char *part);

#include "csv.h"
#include "simulate.h"

/* The header lines of households.csv and persons.csv, for tests that write populations. */
#define TEST_HOUSEHOLDS_CSV "household_id,region,hukou,registered_poor,weight,financial_assets," \
    "vehicles,houses,receiving_dibao,support_children,support_children_pc_income\n"
#define TEST_PERSONS_CSV "person_id,household_id,family_id,relation,age,sex,disability_level," \
    "disability_type,serious_illness,student,employed,wage,business_income,property_income," \
    "transfer_income,basic_pension,medical_oop,education_expense,no_supporter\n"

/* Loads a scenario file and the CSV population of a folder and sets up their simulation (1
 * thread, seed 0); fails the test on any error. test_simulation_close frees all three. */
void test_simulation_open(const char *scenario_path, const char *population_dir,
                          struct scenario *s, struct population *pop, struct simulation *sim);
void test_simulation_close(struct scenario *s, struct population *pop, struct simulation *sim);

/* Opens hand-worked case set folder/set: its scenario.yaml, its CSV population, a simulation
 * of them (1 thread, seed 0) and expected.csv, whose header must have `columns` columns; fails
 * the test on any error. test_case_close frees all four. */
void test_case_open(const char *folder, const char *set, struct scenario *s,
                    struct population *pop, struct simulation *sim, struct csv *expected,
                    int columns);
void test_case_close(struct scenario *s, struct population *pop, struct simulation *sim,
                     struct csv *expected);

/* Loads a scenario from `text` (written to scenario.yaml); fails the test on any error. */
void test_scenario_load(struct scenario *s, const char *text);
/* Loads a scenario from `text` (written to bad.yaml), which must fail with ERR_INPUT and a
 * message holding `part`. */
void test_scenario_fails(const char *text, const char *part);

/* Loads a population spec from `text` (written to bad.yaml), which must fail with ERR_INPUT;
 * returns the message (valid until the next call). */
const char *test_spec_error(const char *text);

/* Generates a population from a spec file (2 threads); 0 on success. */
int test_generate(const char *spec, double scale, uint64_t seed, struct population *pop);

/* Runs `run` once per subfolder of `folder` (its state the subfolder's name), in name order, as
 * the cmocka group `group`; returns the number of failures (1 when folder cannot be read). */
int test_run_case_sets(const char *group, const char *folder, void (*run)(void **state));

#endif

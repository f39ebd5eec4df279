/* Rule cases: households in, expected dibao out, worked by hand from rules.md.
 *
 * Each folder under tests/rules/ holds a scenario, a small CSV population and expected.csv
 * (household_id, month YYYY-MM, dibao yuan that month, paid_units, note). One cmocka test per
 * folder runs the engine's own household-month path and compares to the fen. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"
#include "simulate.h"

#define RULES_DIR "tests/rules"

static void run_case_set(void **state)
{
    const char *dir = *state;
    char path[1024];
    struct error err = {0};
    struct scenario s;
    struct population pop;
    snprintf(path, sizeof path, "%s/%s/scenario.yaml", RULES_DIR, dir);
    if (scenario_load(&s, path, &err)) fail_msg("%s", err.message);
    snprintf(path, sizeof path, "%s/%s", RULES_DIR, dir);
    if (population_load_csv(&pop, path, &err)) fail_msg("%s", err.message);
    struct run_options options = {.threads = 1};
    struct simulation sim;
    if (simulation_init(&sim, &s, &pop, &options, &err)) fail_msg("%s", err.message);

    struct csv csv;
    snprintf(path, sizeof path, "%s/%s/expected.csv", RULES_DIR, dir);
    if (csv_open(&csv, path, &err)) fail_msg("%s", err.message);
    char *f[8];
    assert_int_equal(csv_next_row(&csv, f, 8, &err), 5);
    int rows = 0, failures = 0;
    int seen[4096] = {0};
    while (csv_next_row(&csv, f, 8, &err) == 5) {
        long long id = atoll(f[0]);
        size_t h = 0;
        while (h < pop.n_households && pop.household_id[h] != id) h++;
        assert_true(h < pop.n_households);
        seen[h < 4096 ? h : 0] = 1;
        int month = month_parse(f[1]) - sim.first_month;
        assert_true(month >= 0 && month < sim.n_months);
        struct household_month hm;
        simulation_household_month(&sim, h, month, &hm);
        int64_t total = 0;
        int paid = 0;
        for (int k = 0; k < hm.units.n; k++) {
            total += hm.unit[k].payment;
            paid += hm.unit[k].paid;
        }
        int64_t expected = llround(atof(f[2]) * 100.0);
        if (total != expected || paid != atoi(f[3])) {
            print_error("%s: household %lld %s: got %.2f yuan in %d units, expected %s in %s (%s)\n",
                        dir, id, f[1], total / 100.0, paid, f[2], f[3], f[4]);
            failures++;
        }
        rows++;
    }
    for (size_t h = 0; h < pop.n_households && h < 4096; h++)
        if (!seen[h]) print_error("%s: household %lld has no expected row\n", dir,
                                  (long long)pop.household_id[h]);
    csv_close(&csv);
    simulation_free(&sim);
    population_free(&pop);
    scenario_free(&s);
    assert_true(rows > 0);
    assert_int_equal(failures, 0);
}

int main(void)
{
    DIR *d = opendir(RULES_DIR);
    if (!d) { fprintf(stderr, "%s: cannot open\n", RULES_DIR); return 1; }
    struct CMUnitTest tests[128];
    char *names[128];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 128) {
        if (e->d_name[0] == '.' || e->d_type != DT_DIR) continue;
        names[n] = strdup(e->d_name);
        tests[n] = (struct CMUnitTest){names[n], run_case_set, NULL, NULL, names[n]};
        n++;
    }
    closedir(d);
    /* a fixed order, whatever readdir returns */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(tests[j - 1].name, tests[j].name) > 0; j--) {
            struct CMUnitTest t = tests[j];
            tests[j] = tests[j - 1];
            tests[j - 1] = t;
        }
    int failed = _cmocka_run_group_tests("rules", tests, (size_t)n, NULL, NULL);
    for (int i = 0; i < n; i++) free(names[i]);
    return failed;
}

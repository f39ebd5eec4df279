/* Rule cases: households in, expected dibao out, worked by hand from rules.md.
 *
 * Each folder under tests/rules/ holds a scenario, a small CSV population and expected.csv
 * (household_id, month YYYY-MM, dibao yuan that month, paid_units, note). One cmocka test per
 * folder runs the engine's own household-month path and compares to the fen. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "csv.h"
#include "simulate.h"

#define RULES_DIR "tests/rules"

static void run_case_set(void **state)
{
    const char *dir = *state;
    struct error err = {0};
    struct scenario s;
    struct population pop;
    struct simulation sim;
    struct csv csv;
    test_case_open(RULES_DIR, dir, &s, &pop, &sim, &csv, 5);

    char *f[8];
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
    test_case_close(&s, &pop, &sim, &csv);
    assert_true(rows > 0);
    assert_int_equal(failures, 0);
}

int main(void) { return test_run_case_sets("rules", RULES_DIR, run_case_set); }

/* Program cases: households in, each program's annual amounts out, worked by hand from
 * rules.md section 4 (and 6 for projections).
 *
 * Each folder under tests/programs/ holds a scenario, a small CSV population and expected.csv
 * (household_id, year, program, yuan received in that year, note). One cmocka test per folder
 * runs every household through every year of the scenario on the engine's own path
 * (simulation_household_year: projection, then the program spine; simulation_end_year between
 * years) and compares to the fen. */
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

#define CASES_DIR "tests/programs"

static int program_index(const char *name)
{
    for (int k = 0; k < N_PROGRAMS; k++)
        if (!strcmp(PROGRAMS[k].name, name)) return k;
    return -1;
}

static void run_case_set(void **state)
{
    const char *dir = *state;
    struct error err = {0};
    struct scenario s;
    struct population pop;
    struct simulation sim;
    struct csv csv;
    test_case_open(CASES_DIR, dir, &s, &pop, &sim, &csv, 5);

    /* every household through every year, in order: amounts[year][household][program] */
    const int years = sim.n_months / 12;
    int64_t *amounts = calloc((size_t)years * pop.n_households * N_PROGRAMS, sizeof *amounts);
    struct household_year *hy = malloc(sizeof *hy);
    for (int y = 0; y < years; y++) {
        for (size_t h = 0; h < pop.n_households; h++) {
            simulation_household_year(&sim, h, y, hy);
            for (int k = 0; k < N_PROGRAMS; k++)
                amounts[((size_t)y * pop.n_households + h) * N_PROGRAMS + k] =
                    household_year_paid(hy, k);
        }
        simulation_end_year(&sim, y, NULL);
    }

    char *f[8];
    int rows = 0, failures = 0;
    while (csv_next_row(&csv, f, 8, &err) == 5) {
        long long id = atoll(f[0]);
        size_t h = 0;
        while (h < pop.n_households && pop.household_id[h] != id) h++;
        const int y = atoi(f[1]) - s.first_year, k = program_index(f[2]);
        if (h == pop.n_households || y < 0 || y >= years || k < 0)
            fail_msg("%s: bad expected row %s,%s,%s", dir, f[0], f[1], f[2]);
        const int64_t got = amounts[((size_t)y * pop.n_households + h) * N_PROGRAMS + k];
        const int64_t expected = llround(atof(f[3]) * 100.0);
        if (got != expected) {
            print_error("%s: household %lld %s %s: got %.2f yuan, expected %s (%s)\n", dir, id,
                        f[1], f[2], got / 100.0, f[3], f[4]);
            failures++;
        }
        rows++;
    }
    free(hy);
    free(amounts);
    test_case_close(&s, &pop, &sim, &csv);
    assert_true(rows > 0);
    assert_int_equal(failures, 0);
}

int main(void) { return test_run_case_sets("programs", CASES_DIR, run_case_set); }

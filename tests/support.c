/* support — see support.h. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "synthspec.h"

#include "synth.h"

static char dir[] = "/tmp/dibaosim-test-XXXXXX";

int test_dir_create(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

int test_dir_remove(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

const char *test_dir(void) { return dir; }

const char *test_write(const char *name, const char *text)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

void test_assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part)) {
        print_error("expected \"%s\" in: %s\n", part, text ? text : "(null)");
        fail();
    }
}

void test_simulation_open(const char *scenario_path, const char *population_dir,
                          struct scenario *s, struct population *pop, struct simulation *sim)
{
    struct error err = {0};
    struct run_options options = {.threads = 1};
    if (scenario_load(s, scenario_path, &err) || population_load_csv(pop, population_dir, &err) ||
        simulation_init(sim, s, pop, &options, &err))
        fail_msg("%s", err.message);
}

void test_simulation_close(struct scenario *s, struct population *pop, struct simulation *sim)
{
    simulation_free(sim);
    population_free(pop);
    scenario_free(s);
}

void test_case_open(const char *folder, const char *set, struct scenario *s,
                    struct population *pop, struct simulation *sim, struct csv *expected,
                    int columns)
{
    char path[1024], population[1024];
    struct error err = {0};
    snprintf(path, sizeof path, "%s/%s/scenario.yaml", folder, set);
    snprintf(population, sizeof population, "%s/%s", folder, set);
    test_simulation_open(path, population, s, pop, sim);
    snprintf(path, sizeof path, "%s/%s/expected.csv", folder, set);
    if (csv_open(expected, path, &err)) fail_msg("%s", err.message);
    char *header[16];
    assert_int_equal(csv_next_row(expected, header, 16, &err), columns);
}

void test_case_close(struct scenario *s, struct population *pop, struct simulation *sim,
                     struct csv *expected)
{
    csv_close(expected);
    test_simulation_close(s, pop, sim);
}

int test_generate(const char *spec_path, double scale, uint64_t seed, struct population *pop)
{
    struct synth_spec spec;
    struct error err = {0};
    if (synthspec_load(&spec, spec_path, &err)) return -1;
    struct synth_options options = {scale, seed, 2};
    int rc = synth_generate(&spec, &options, pop, &err);
    synthspec_free(&spec);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct CMUnitTest *)a)->name, ((const struct CMUnitTest *)b)->name);
}

int test_run_case_sets(const char *group, const char *folder, void (*run)(void **state))
{
    DIR *d = opendir(folder);
    if (!d) {
        fprintf(stderr, "%s: cannot open\n", folder);
        return 1;
    }
    struct CMUnitTest tests[128];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 128) {
        if (e->d_name[0] == '.' || e->d_type != DT_DIR) continue;
        char *name = strdup(e->d_name);
        tests[n++] = (struct CMUnitTest){name, run, NULL, NULL, name};
    }
    closedir(d);
    qsort(tests, (size_t)n, sizeof tests[0], by_name);   /* a fixed order, whatever readdir says */
    int failed = _cmocka_run_group_tests(group, tests, (size_t)n, NULL, NULL);
    for (int i = 0; i < n; i++) free((char *)tests[i].name);
    return failed;
}

void test_scenario_load(struct scenario *s, const char *text)
{
    struct error err = {0};
    if (scenario_load(s, test_write("scenario.yaml", text), &err)) fail_msg("%s", err.message);
}

void test_scenario_fails(const char *text, const char *part)
{
    struct scenario s;
    struct error err = {0};
    assert_int_not_equal(scenario_load(&s, test_write("bad.yaml", text), &err), 0);
    assert_int_equal(err.code, ERR_INPUT);
    test_assert_contains(err.message, part);
}

const char *test_spec_error(const char *text)
{
    static struct error err;
    struct synth_spec spec;
    memset(&err, 0, sizeof err);
    assert_int_equal(synthspec_load(&spec, test_write("bad.yaml", text), &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    return err.message;
}

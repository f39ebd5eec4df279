/* Tables that must stay in step: the scenario key table and the policy parameters (levers and
 * switches), the program spine and the scenario's program sections.
 *
 * A policy parameter is an id (enum policy_param) and a key row in scenario.c that names it with
 * LEVER(id, exactness) or SWITCH(id, kind); policy.c takes every parameter's path, field and
 * exactness from those rows. These tests fail when an id has no row or two, when a row names no
 * id or a field two rows share, when a numeric, yes/no or choice key is not a parameter (the
 * programs could not read it), when a money key is not exact to the fen or a probability is cut
 * to a whole number. For the programs: every program has a name, a step and its own section of
 * scenario keys, and the row "all" comes last. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "policy.h"
#include "programs/programs.h"
#include "scenario.h"

static int is_parameter(const struct config_key *key) { return key->exact != EXACT_NONE; }

static void each_parameter_has_exactly_one_key(void **state)
{
    (void)state;
    const struct config_table *keys = scenario_keys();
    for (int k = 0; k < N_POLICY_PARAMS; k++) {
        int rows = 0;
        for (size_t i = 0; i < keys->n; i++)
            rows += is_parameter(&keys->keys[i]) && keys->keys[i].param == k;
        if (rows != 1)
            fail_msg("policy parameter %d has %d key rows (LEVER(id, ...) in scenario.c)", k, rows);
    }
}

static void each_setting_is_one_parameter(void **state)
{
    (void)state;
    const struct config_table *keys = scenario_keys();
    for (size_t i = 0; i < keys->n; i++) {
        const struct config_key *key = &keys->keys[i];
        const int numeric = key->type == CFG_PARAM;
        const int setting = key->type == CFG_BOOL || key->type == CFG_CHOICE;
        if (numeric != (is_parameter(key) && key->exact != EXACT_SWITCH))
            fail_msg("%s: a numeric key is declared with LEVER(id, exactness), and only it",
                     key->path);
        if (setting != (key->exact == EXACT_SWITCH))
            fail_msg("%s: a yes/no or choice key is declared with SWITCH(id, kind), and only it",
                     key->path);
        if (!is_parameter(key)) continue;
        if (key->param < 0 || key->param >= N_POLICY_PARAMS)
            fail_msg("%s: parameter id %d is not an enum policy_param", key->path, key->param);
        for (size_t j = 0; j < i; j++)
            if (is_parameter(&keys->keys[j]) && keys->keys[j].offset == key->offset)
                fail_msg("%s and %s read into the same field", keys->keys[j].path, key->path);
        /* levers may be varied by sensitivity analyses and sweeps; switches may not */
        assert_int_equal(policy_param_index(key->path), numeric ? key->param : -1);
    }
    assert_int_equal(policy_param_index("dibao.no_such_key"), -1);
}

/* Money (a unit in yuan) is exact to the fen; a probability to the millionth, never cut to a
 * whole number. */
static void exactness_follows_the_unit(void **state)
{
    (void)state;
    const struct config_table *keys = scenario_keys();
    for (size_t i = 0; i < keys->n; i++) {
        const struct config_key *key = &keys->keys[i];
        if (!is_parameter(key)) continue;
        const int money = strncmp(key->unit, "yuan", 4) == 0;
        if (money != (key->exact == EXACT_FEN))
            fail_msg("%s (%s): money and only money is exact to the fen", key->path, key->unit);
        assert_int_equal(policy_param_is_money(key->param), money);
        if (strstr(key->unit, "probability") && key->exact != EXACT_MICRO)
            fail_msg("%s (%s): a probability is exact to the millionth", key->path, key->unit);
    }
}

static const struct config_key *key_at(const char *path)
{
    const struct config_table *keys = scenario_keys();
    for (size_t i = 0; i < keys->n; i++)
        if (strcmp(keys->keys[i].path, path) == 0) return &keys->keys[i];
    return NULL;
}

static void each_program_has_a_step_and_its_keys(void **state)
{
    (void)state;
    for (int k = 0; k < N_PROGRAMS; k++) {
        assert_non_null(PROGRAMS[k].name);
        assert_non_null(PROGRAMS[k].step);
        if (!PROGRAMS[k].label || !*PROGRAMS[k].label || strlen(PROGRAMS[k].label) > 8)
            fail_msg("program %s needs a label of 1 to 8 characters for printed tables",
                     PROGRAMS[k].name);
        const struct config_key *section = key_at(PROGRAMS[k].name);
        if (!section || section->type != CFG_SECTION)
            fail_msg("program %s has no section of scenario keys of that name", PROGRAMS[k].name);
        for (int j = 0; j < k; j++)
            if (strcmp(PROGRAMS[j].name, PROGRAMS[k].name) == 0)
                fail_msg("two programs are named %s", PROGRAMS[k].name);
    }
    assert_string_equal(PROGRAMS[PROGRAM_ALL].name, "all");
    assert_string_equal(PROGRAMS[PROGRAM_ALL].label, "total");
    assert_null(PROGRAMS[PROGRAM_ALL].step);
    assert_string_equal(PROGRAMS[PROGRAM_DIBAO].name, "dibao");   /* rows sit at their ids */
    assert_string_equal(PROGRAMS[PROGRAM_TEKUN].name, "tekun");
    assert_true(PROGRAMS[PROGRAM_TEKUN].step == tekun_step);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_parameter_has_exactly_one_key),
        cmocka_unit_test(each_setting_is_one_parameter),
        cmocka_unit_test(exactness_follows_the_unit),
        cmocka_unit_test(each_program_has_a_step_and_its_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Scenario parsing: dated and regional parameters, extends with deep merge and cycles, and every
 * validation error path (the message names file:line:col and the value). */
#include <math.h>
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

#include "scenario.h"

/* Loads text as a scenario that must fail; returns the message. */
static const char *load_error(const char *text)
{
    static struct error err;
    struct scenario s;
    memset(&err, 0, sizeof err);
    const char *path = test_write("bad.yaml", text);
    assert_int_equal(scenario_load(&s, path, &err), -1);
    assert_int_equal(err.code, ERR_INPUT);
    return err.message;
}

static void dated_and_regional_lookup(void **state)
{
    (void)state;
    struct error err = {0};
    struct scenario s;
    const char *path = test_write("ok.yaml",
        "dibao:\n"
        "  standard:\n"
        "    Loufan: {2015-01: 288, 2016-01: 320, 2017-07: 350}\n"
        "    Yangqu: 300\n");
    assert_int_equal(scenario_load(&s, path, &err), 0);
    char *regions[2] = {"Yangqu", "Loufan"};
    const struct param_series *out[2];
    int missing;
    assert_int_equal(param_bind(&s.dibao.standard, "dibao.standard", regions, 2, 2016 * 12, out,
                                &missing, &err), 0);
    assert_true(param_series_at(out[0], 2016 * 12) == 300);
    assert_true(param_series_at(out[1], 2015 * 12 + 11) == 288);   /* 2015-12 */
    assert_true(param_series_at(out[1], 2016 * 12) == 320);        /* 2016-01 */
    assert_true(param_series_at(out[1], 2017 * 12 + 5) == 320);    /* 2017-06 */
    assert_true(param_series_at(out[1], 2017 * 12 + 6) == 350);    /* 2017-07 */
    assert_true(param_series_at(out[1], 2030 * 12) == 350);
    /* before the first dated value: an error at binding, naming the first month */
    assert_int_equal(param_bind(&s.dibao.standard, "dibao.standard", regions, 2, 2014 * 12, out,
                                &missing, &err), -1);
    test_assert_contains(err.message, "no value in force at 2014-01");
    /* a region the map does not name */
    char *other[1] = {"Xinzhou"};
    assert_int_equal(param_bind(&s.dibao.standard, "dibao.standard", other, 1, 2016 * 12, out,
                                &missing, &err), -1);
    assert_int_equal(missing, 0);
    test_assert_contains(err.message, "region 'Xinzhou'");
    /* a region the map names that is nearly one of the population's: a misspelling, with the
     * place it was written */
    char *near[2] = {"Yangqu", "Loufang"};
    assert_int_equal(param_bind(&s.dibao.standard, "dibao.standard", near, 2, 2016 * 12, out,
                                &missing, &err), -1);
    test_assert_contains(err.message, "'Loufan' is not a region of the population; did you mean "
                                      "`Loufang`?");
    /* defaults */
    assert_string_equal(s.name, "ok");
    assert_int_equal(s.first_year, 2016);
    assert_int_equal(s.dibao.unit, UNIT_HOUSEHOLD);
    assert_int_equal(s.dibao.income.exempt_basic_pension, 1);
    assert_true(s.dibao.assets.financial_months.series[0].points[0].value == 24);
    scenario_free(&s);
}

static void null_switches_a_test_off(void **state)
{
    (void)state;
    struct error err = {0};
    struct scenario s;
    const char *path = test_write("null.yaml", "dibao:\n  standard: 320\n  assets:\n"
                                               "    max_vehicles: null\n"
                                               "    max_houses: {2016-01: 1, 2017-01: ~}\n");
    assert_int_equal(scenario_load(&s, path, &err), 0);
    assert_true(isnan(s.dibao.assets.max_vehicles.series[0].points[0].value));
    assert_true(s.dibao.assets.max_houses.series[0].points[0].value == 1);
    assert_true(isnan(s.dibao.assets.max_houses.series[0].points[1].value));
    scenario_free(&s);
}

static void extends_deep_merge(void **state)
{
    (void)state;
    test_write("base.yaml",
        "name: base\n"
        "years: 2016:2018\n"
        "dibao:\n"
        "  unit: household\n"
        "  standard: {Loufan: {2016-01: 320}, Yangqu: 320}\n"
        "  benefit:\n"
        "    min_share: 0.1\n"
        "    tiers: [{below: 0.5, pays: 0.6}, {below: 1, pays: 0.3}]\n");
    const char *reform = test_write("reform.yaml",
        "extends: base.yaml\n"
        "name: reform\n"
        "dibao:\n"
        "  unit: family\n"
        "  standard: {Loufan: {2017-01: 360}}\n"
        "  benefit:\n"
        "    tiers: [{below: 1, pays: 0.5}]\n");
    struct error err = {0};
    struct scenario s;
    assert_int_equal(scenario_load(&s, reform, &err), 0);
    assert_string_equal(s.name, "reform");
    assert_int_equal(s.first_year, 2016);                 /* from the base */
    assert_int_equal(s.last_year, 2018);
    assert_int_equal(s.dibao.unit, UNIT_FAMILY);           /* overridden */
    assert_true(s.dibao.benefit.min_share.series[0].points[0].value == 0.1);   /* kept */
    assert_int_equal(s.dibao.benefit.n_tiers, 1);          /* a list replaces a list */
    assert_true(s.dibao.benefit.tiers[0].pays == 0.5);
    assert_int_equal(s.dibao.standard.n, 2);               /* maps merge key by key */
    assert_int_equal(s.dibao.standard.series[0].n, 2);     /* Loufan: 2016-01 and 2017-01 */
    assert_true(s.dibao.standard.series[0].points[1].value == 360);
    assert_int_equal((int)s.files.n, 2);
    char *yaml = scenario_resolved_yaml(&s);
    test_assert_contains(yaml, "financial_months: 24");        /* defaults are filled in */
    assert_true(strstr(yaml, "extends") == NULL);
    free(yaml);
    scenario_free(&s);
}

static void extends_cycle(void **state)
{
    (void)state;
    test_write("a.yaml", "extends: b.yaml\ndibao: {standard: 1}\n");
    test_write("b.yaml", "extends: a.yaml\n");
    struct error err = {0};
    struct scenario s;
    char path[600];
    snprintf(path, sizeof path, "%s/a.yaml", test_dir());
    assert_int_equal(scenario_load(&s, path, &err), -1);
    test_assert_contains(err.message, "cycle");
    test_assert_contains(load_error("extends: missing.yaml\n"), "missing.yaml: cannot open");
}

static void unknown_key_suggests(void **state)
{
    (void)state;
    const char *m = load_error("dibao:\n  standrad: 320\n");
    test_assert_contains(m, "bad.yaml:2:3: unknown key 'dibao.standrad'; did you mean `standard`?");
    m = load_error("dibao:\n  standard: 320\n  benefit:\n    mode: gap\n    minshare: 0.2\n");
    test_assert_contains(m, "bad.yaml:5:5:");
    test_assert_contains(m, "did you mean `min_share`?");
    m = load_error("dibao:\n  standard: 320\nzzzzzzzzzz: 1\n");
    test_assert_contains(m, "bad.yaml:3:1: unknown key 'zzzzzzzzzz'; valid keys here:");
}

static void wrong_types_and_ranges(void **state)
{
    (void)state;
    test_assert_contains(load_error("dibao:\n  standard: abc\n"),
                    "bad.yaml:2:13: dibao.standard: value 'abc' is not a number");
    test_assert_contains(load_error("dibao:\n  standard: -5\n"),
                    "dibao.standard: value -5 is out of range [0,");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  benefit: {min_share: 1.5}\n"),
                    "dibao.benefit.min_share: value 1.5 is out of range [0, 1]");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  unit: person\n"),
                    "bad.yaml:3:9: dibao.unit: value 'person' is not one of household|family");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  unit: famly\n"),
                    "dibao.unit: value 'famly' is not one of household|family; did you mean "
                    "`family`?");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  income: {exempt_basic_pension: yes}\n"),
                    "value 'yes' is not true or false");
    test_assert_contains(load_error("years: 2020:2016\ndibao: {standard: 320}\n"),
                    "years: value '2020:2016' is not a year or a range");
    test_assert_contains(load_error("dibao:\n  standard: null\n"), "null is not allowed here");
    test_assert_contains(load_error("dibao:\n  standard: [1, 2]\n"), "not a list");
    test_assert_contains(load_error("dibao: 3\n"), "bad.yaml:1:8: dibao: value '3' is not a mapping of keys");
    test_assert_contains(load_error("dibao: {hukou: rural}\n"), "required key 'dibao.standard'");
}

static void review_errors(void **state)
{
    (void)state;
    test_assert_contains(load_error("dibao:\n  standard: 320\n  review: {enabled: true, month: 13}\n"),
                    "bad.yaml:3:34: dibao.review.month: value 13 is out of range [1, 12]");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  review:\n    enabled: yes\n"),
                    "bad.yaml:4:14: dibao.review.enabled: value 'yes' is not true or false");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  review: {coverage: 1.5}\n"),
                    "bad.yaml:3:22: dibao.review.coverage: value 1.5 is out of range [0, 1]");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  review: {interval_months: 0}\n"),
                    "dibao.review.interval_months: value 0 is out of range [1, 120]");
    test_assert_contains(load_error("dibao:\n  standard: 320\n"
                                    "  review: {application_probability: {2016-01: abc}}\n"),
                    "bad.yaml:3:47: dibao.review.application_probability: value 'abc' is not a "
                    "number");
    test_assert_contains(load_error("dibao:\n  standard: 320\n"
                                    "  review: {stale_benefit_share: {A: 0.3, B: -1}}\n"),
                    "bad.yaml:3:45: dibao.review.stale_benefit_share.B: value -1 is out of range [0, 1]");
    test_assert_contains(load_error("dibao:\n  standard: 320\n"
                                    "  review: {month: {2016-01: 12, 2017-01: 6.5}}\n"),
                    "bad.yaml:3:19: dibao.review.month: value 6.5 is not a whole number");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  review: {intervals: 6}\n"),
                    "bad.yaml:3:12: unknown key 'dibao.review.intervals'");
}

static void dated_map_errors(void **state)
{
    (void)state;
    test_assert_contains(load_error("dibao:\n  standard: {2017-01: 350, 2016-01: 320}\n"),
                    "bad.yaml:2:28: dibao.standard: months must increase: 2016-01 comes after "
                    "2017-01");
    test_assert_contains(load_error("dibao:\n  standard: {2016-13: 350}\n"),
                    "'2016-13' is not a month (write YYYY-MM");
    test_assert_contains(load_error("dibao:\n  standard: {2016-01: 350, Loufan: 3}\n"),
                    "'Loufan' is not a month");
    test_assert_contains(load_error("dibao:\n  standard: {Loufan: 3, 2016-01: 350}\n"),
                    "is neither a region name nor a month");
}

static void tier_errors(void **state)
{
    (void)state;
    test_assert_contains(load_error("dibao:\n  standard: 320\n  benefit:\n    mode: tiers\n"),
                    "lists no bands");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  benefit:\n"
                               "    tiers: [{below: 0.5, pays: 0.6}, {below: 0.4, pays: 0.2}]\n"),
                    "bands must increase");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  benefit:\n"
                               "    tiers: [{below: 0.5, pays: 0.6}]\n"),
                    "the last band's `below` must be at least 1");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  benefit:\n"
                               "    tiers: [{below: 1, pay: 0.6}]\n"),
                    "unknown key 'dibao.benefit.tiers[0].pay'; did you mean `pays`?");
}

static void strictness(void **state)
{
    (void)state;
    struct error err = {0};
    struct scenario s;
    /* a null section is an empty section */
    const char *path = test_write("null_section.yaml", "dibao:\n  standard: 320\n  assets:\n");
    assert_int_equal(scenario_load(&s, path, &err), 0);
    assert_true(s.dibao.assets.financial_months.series[0].points[0].value == 24);
    scenario_free(&s);
    test_assert_contains(load_error("dibao:\n"), "required key 'dibao.standard'");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  assets.max_houses: 0\n"),
                    "bad.yaml:3:3: key 'assets.max_houses' holds a dot");
    test_assert_contains(load_error("dibao: {standard: 320}\n---\ndibao: {standard: 1}\n"),
                    "a second YAML document");
    test_assert_contains(load_error("dibao:\n  standard: \"320\"\n"), "quotes make it text");
    test_assert_contains(load_error("dibao:\n  standard: 0x140\n"), "is not a number");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  benefit:\n"
                               "    tiers: [{below: {A: 1}, pays: 0.5}]\n"),
                    "dibao.benefit.tiers[0].below: value '(map)' is not a plain number");
    test_assert_contains(load_error("name: a/b\ndibao: {standard: 320}\n"), "name: value 'a/b'");
    test_assert_contains(load_error("- 1\n- 2\n"), "expected a mapping of keys at the top level");
    test_assert_contains(load_error("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
                               "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                               "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                               "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                               "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
                    "more than 100000 values");
    /* region names need not be ASCII */
    path = test_write("hanzi.yaml", "dibao:\n  standard: {娄烦: 320}\n");
    assert_int_equal(scenario_load(&s, path, &err), 0);
    assert_string_equal(s.dibao.standard.series[0].region, "娄烦");
    scenario_free(&s);
}

static void extends_adds_a_month_between(void **state)
{
    (void)state;
    test_write("dated_base.yaml", "dibao:\n  standard: {Loufan: {2015-01: 288, 2016-01: 320}}\n");
    const char *reform = test_write("dated_reform.yaml", "extends: dated_base.yaml\n"
                                    "dibao:\n  standard: {Loufan: {2015-07: 300}}\n");
    struct error err = {0};
    struct scenario s;
    if (scenario_load(&s, reform, &err)) fail_msg("%s", err.message);
    const struct param_series *loufan = &s.dibao.standard.series[0];
    assert_int_equal(loufan->n, 3);
    assert_int_equal(loufan->points[1].month, 2015 * 12 + 6);
    assert_true(loufan->points[1].value == 300 && loufan->points[2].value == 320);
    scenario_free(&s);
}

static void lever_keys(void **state)
{
    (void)state;
    struct error err = {0};
    struct scenario s;
    const char *path = test_write("levers.yaml",
        "dibao:\n  standard: 320\n"
        "  top_ups: [{who: disability_1_2, share: 0.2}, {who: minor, share: 0.05}]\n"
        "  top_up_stacking: sum\n"
        "  separate_registration: {enabled: true, who: [intellectual_mental_3], households: edge}\n"
        "  income:\n    work_cost: {mode: share_of_wage, share: 0.2, cap: 300}\n"
        "  gradual_exit: {enabled: true, schedule: [1, 0.5]}\n"
        "targeting: {take_up: 0.8}\n");
    if (scenario_load(&s, path, &err)) fail_msg("%s", err.message);
    assert_int_equal(s.dibao.n_top_ups, 2);
    assert_int_equal(s.dibao.top_ups[1].who, CAT_MINOR);
    assert_int_equal(s.dibao.top_up_stacking, STACK_SUM);
    assert_int_equal(s.dibao.separate_registration.who, 1u << CAT_INTELLECTUAL_MENTAL_3);
    assert_int_equal(s.dibao.separate_registration.households, SEPARATE_EDGE);
    assert_int_equal(s.dibao.income.work_cost.mode, WORK_SHARE_OF_WAGE);
    assert_int_equal(s.dibao.gradual_exit.n_schedule, 2);
    assert_true(s.targeting.take_up.series[0].points[0].value == 0.8);
    scenario_free(&s);
    test_assert_contains(load_error("dibao:\n  standard: 320\n  top_ups: [{who: blind, share: 0.1}]\n"),
                         "bad.yaml:3:19: dibao.top_ups[0].who: value 'blind' is not a category");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  top_ups: [{who: minor}]\n"),
                         "`who` and `share` are both needed");
    test_assert_contains(load_error("dibao:\n  standard: 320\n"
                                    "  top_ups: [{who: intellectual_mental_3, share: 0.1}]\n"),
                         "is not a category: disability_1_2|");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  gradual_exit: {schedule: [1, 1.5]}\n"),
                         "dibao.gradual_exit.schedule[1]: value '1.5' is not a share in [0, 1]");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  income:\n"
                                    "    work_cost: {mode: percent}\n"),
                         "value 'percent' is not one of none|fixed|share_of_standard|share_of_wage");
    test_assert_contains(load_error("dibao: {standard: 320}\ntargeting: {take_up: 1.2}\n"),
                         "targeting.take_up: value 1.2 is out of range [0, 1]");
    test_assert_contains(load_error("dibao: {standard: 320}\ntargeting: {takeup: 1}\n"),
                         "unknown key 'targeting.takeup'; did you mean `take_up`?");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  support: {enabeld: true}\n"),
                         "unknown key 'dibao.support.enabeld'; did you mean `enabled`?");
}

static void syntax_and_duplicates(void **state)
{
    (void)state;
    test_assert_contains(load_error("dibao:\n  standard: [320\n"), "YAML syntax error");
    test_assert_contains(load_error("dibao:\n  standard: 320\n  standard: 330\n"),
                    "bad.yaml:3:3: key 'standard' appears twice");
}

static void alignment_errors(void **state)
{
    (void)state;
    static const struct {
        const char *items, *message;
    } CASES[] = {
        {"[{transition: job_entr, totals: {2017: 5}}]",
         "bad.yaml:3:39: projection.alignment[0].transition: value 'job_entr'"},
        {"[{transition: job_entry, totals: {2017: -5}}]",
         "bad.yaml:3:65: projection.alignment[0].totals.2017: value -5 is out of range"},
        {"[{transition: job_entry, by: all, totals: {A: {2017: 5}}}]",
         "bad.yaml:3:68: projection.alignment[0].totals: 'A' holds a map: with `by: all` totals "
         "are {year: total}"},
        {"[{transition: job_entry, by: region, totals: {2017: 5}}]",
         "bad.yaml:3:71: projection.alignment[0].totals: '2017' holds a number: with `by: region`"},
        {"[{transition: job_entry, totals: {Loufan: 5}}]",
         "bad.yaml:3:59: projection.alignment[0].totals: 'Loufan' is not a year"},
        {"[{transition: death, method: sort, totals: {2017: 5}}]",
         "bad.yaml:3:54: projection.alignment[0].method: 'sort' applies to registry_exit and "
         "review_exit"},
        {"[{transition: death, totals: {2017: 5}}, {transition: death, totals: {2018: 5}}]",
         "projection.alignment[1]: value 'death' is not a transition aligned once"},
        {"[{transition: death, total: {2017: 5}}]",
         "bad.yaml:3:46: unknown key 'total'; did you mean `totals`?"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "years: 2016:2018\ndibao: {standard: 320}\n"
                 "projection: {alignment: %s}\n", CASES[i].items);
        test_assert_contains(load_error(text), CASES[i].message);
    }
    test_assert_contains(load_error("dibao: {standard: 320}\n"
                                    "projection: {registry: {exit_probability: 1.5}}\n"),
                         "projection.registry.exit_probability");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dated_and_regional_lookup), cmocka_unit_test(null_switches_a_test_off),
        cmocka_unit_test(extends_deep_merge),        cmocka_unit_test(extends_cycle),
        cmocka_unit_test(unknown_key_suggests),      cmocka_unit_test(wrong_types_and_ranges),
        cmocka_unit_test(review_errors),
        cmocka_unit_test(dated_map_errors),          cmocka_unit_test(tier_errors),
        cmocka_unit_test(syntax_and_duplicates),      cmocka_unit_test(strictness),
        cmocka_unit_test(extends_adds_a_month_between), cmocka_unit_test(lever_keys),
        cmocka_unit_test(alignment_errors),
    };
    return cmocka_run_group_tests_name("scenario", tests, test_dir_create, test_dir_remove);
}

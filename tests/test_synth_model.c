/* The population spec's model of the counties (synth.c): persons living alone with their own
 * disability and illness, disability shared in couples, vulnerability scaling the vulnerable
 * person's income (and carers'), and the registry's terms — each checked on a generated
 * population where the key decides the outcome (probabilities 0 or 1, coefficients of ±100) or
 * against its share within 5 standard errors; and the new keys' bad values. */
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

#include "synth.h"

/* Generates a population of 20,000 persons in one region A from the spec text below BASE. */
static void generate(const char *text, struct population *pop)
{
    char spec[4096];
    snprintf(spec, sizeof spec, "persons: {A: 20000}\n%s", text);
    if (test_generate(test_write("model.yaml", spec), 1.0, 11, pop)) fail_msg("generation failed");
}

static int size_of(const struct population *pop, size_t h)
{
    return (int)(pop->first_person[h + 1] - pop->first_person[h]);
}

static void assert_share(const char *what, double count, double n, double p)
{
    double se = sqrt(p * (1 - p) / n);
    if (fabs(count / n - p) > 5 * se + 1e-12)
        fail_msg("%s: %.5f observed, %.5f expected (n %.0f)", what, count / n, p, n);
}

static const char *NO_DISABILITY =
    "disability: {level_1: [0, 0, 0], level_2: [0, 0, 0], level_3: [0, 0, 0], "
    "level_4: [0, 0, 0]}\nserious_illness: [0, 0, 0]\n";

static void living_alone_has_its_own_disability_and_illness(void **state)
{
    (void)state;
    struct population pop;
    char text[1024];
    snprintf(text, sizeof text, "%shousehold_size: [0.5, 0.5, 0, 0, 0, 0]\n"
             "living_alone: {disability: [0.1, 0.2, 0.3, 0.2], serious_illness: 0.25}\n",
             NO_DISABILITY);
    generate(text, &pop);
    double alone = 0, level[5] = {0}, ill = 0, others_disabled = 0;
    for (size_t h = 0; h < pop.n_households; h++) {
        const uint32_t p = pop.first_person[h];
        if (size_of(&pop, h) == 1) {
            alone++;
            level[pop.disability_level[p]]++;
            ill += pop.serious_illness[p];
        } else {
            for (uint32_t q = p; q < pop.first_person[h + 1]; q++)
                others_disabled += pop.disability_level[q] > 0 || pop.serious_illness[q];
        }
    }
    assert_true(alone > 3000);
    const double expected[5] = {0.2, 0.1, 0.2, 0.3, 0.2};
    for (int l = 0; l < 5; l++) assert_share("living alone, level", level[l], alone, expected[l]);
    assert_share("living alone, ill", ill, alone, 0.25);
    assert_true(others_disabled == 0);   /* only persons living alone */
    population_free(&pop);
}

static void disability_is_shared_in_couples(void **state)
{
    (void)state;
    struct population pop;
    generate("household_size: [0, 1, 0, 0, 0, 0]\nfamily: {married_child: 0, elderly_parents: 0}\n"
             "disability: {level_1: [0, 0.1, 0.1], level_2: [0, 0, 0], level_3: [0, 0.1, 0.1], "
             "level_4: [0, 0, 0], couple: 1}\n", &pop);
    double disabled_heads = 0, spouses_of_disabled = 0, other_spouses = 0, disabled_spouses = 0;
    for (size_t h = 0; h < pop.n_households; h++) {
        const uint32_t head = pop.first_person[h], spouse = head + 1;
        assert_int_equal(pop.relation[spouse], REL_SPOUSE);
        if (pop.disability_level[head]) {
            disabled_heads++;
            spouses_of_disabled += pop.disability_level[spouse] > 0;
        } else {
            other_spouses++;
            disabled_spouses += pop.disability_level[spouse] > 0;
        }
    }
    assert_true(disabled_heads > 1000 && spouses_of_disabled == disabled_heads);   /* couple: 1 */
    assert_share("spouses of heads not disabled", disabled_spouses, other_spouses, 0.2);
    population_free(&pop);
}

/* Sum of a person's wage, business, property and transfer income, fen. */
static int64_t own_income(const struct population *pop, uint32_t p)
{
    return (int64_t)pop->wage[p] + pop->business_income[p] + pop->property_income[p] +
           pop->transfer_income[p];
}

static void vulnerability_scales_the_vulnerable_person_and_carers(void **state)
{
    (void)state;
    struct population pop;
    /* Everyone 16+ has a transfer income; severe persons (level 1-2, ill) earn nothing, level 3-4
     * persons and carers keep theirs. */
    generate("household_size: [0, 0.5, 0.5, 0, 0, 0]\n"
             "disability: {level_1: [0.05, 0.05, 0.05], level_3: [0.1, 0.1, 0.1]}\n"
             "income: {zero_share: 0, transfer_share: 1, vulnerable_multiplier: 0, "
             "vulnerable_3_4_multiplier: 1, carer_multiplier: 1}\n", &pop);
    int severe_with_income = 0, level_3_4_with = 0, level_3_4 = 0, carers_with = 0;
    for (size_t h = 0; h < pop.n_households; h++)
        for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++) {
            if (pop.age[p] < 16) continue;
            const int level = pop.disability_level[p];
            if (level == 1 || level == 2 || pop.serious_illness[p]) {
                severe_with_income += own_income(&pop, p) > 0;
            } else if (level >= 3) {
                level_3_4++;
                level_3_4_with += own_income(&pop, p) > 0;
            } else {
                carers_with += own_income(&pop, p) > 0;
            }
        }
    assert_int_equal(severe_with_income, 0);
    assert_true(level_3_4 > 100 && level_3_4_with == level_3_4);
    assert_true(carers_with > 1000);
    population_free(&pop);

    /* The factor for levels 3-4, and carers beside a severe member, at 0. */
    generate("household_size: [0, 0.5, 0.5, 0, 0, 0]\n"
             "disability: {level_1: [0.05, 0.05, 0.05], level_3: [0.1, 0.1, 0.1]}\n"
             "income: {zero_share: 0, transfer_share: 1, vulnerable_multiplier: 1, "
             "vulnerable_3_4_multiplier: 0, carer_multiplier: 0}\n", &pop);
    int checked = 0;
    for (size_t h = 0; h < pop.n_households; h++) {
        int severe = 0;
        for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++)
            severe |= pop.disability_level[p] == 1 || pop.disability_level[p] == 2 ||
                      pop.serious_illness[p];
        for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++) {
            if (pop.age[p] < 16) continue;
            const int level = pop.disability_level[p];
            const int is_severe = level == 1 || level == 2 || pop.serious_illness[p];
            if (level >= 3 && !pop.serious_illness[p]) assert_true(own_income(&pop, p) == 0);
            if (!is_severe && !level && severe) assert_true(own_income(&pop, p) == 0);
            if (is_severe) checked += own_income(&pop, p) > 0;
        }
    }
    assert_true(checked > 50);   /* the vulnerable person's own factor is 1 here */
    population_free(&pop);
}

/* Share of households registered, among those where `has` holds and where it does not. */
static void registry_follows(const char *spec, int (*has)(const struct population *, size_t))
{
    struct population pop;
    generate(spec, &pop);
    int with = 0, with_registered = 0, without_registered = 0;
    for (size_t h = 0; h < pop.n_households; h++) {
        if (has(&pop, h)) {
            with++;
            with_registered += pop.registered_poor[h];
        } else {
            without_registered += pop.registered_poor[h];
        }
    }
    assert_true(with > 50);
    assert_int_equal(with_registered, with);
    assert_int_equal(without_registered, 0);
    population_free(&pop);
}

static int alone(const struct population *pop, size_t h) { return size_of(pop, h) == 1; }
static int three_or_more(const struct population *pop, size_t h) { return size_of(pop, h) >= 3; }
static int any_member(const struct population *pop, size_t h, int what)
{
    for (uint32_t p = pop->first_person[h]; p < pop->first_person[h + 1]; p++)
        if ((what == 0 && pop->disability_level[p] >= 3) || (what == 1 && pop->age[p] >= 80))
            return 1;
    return 0;
}
static int level_3_4(const struct population *pop, size_t h) { return any_member(pop, h, 0); }
static int aged_80(const struct population *pop, size_t h) { return any_member(pop, h, 1); }

static void registry_terms_decide_when_large(void **state)
{
    (void)state;
    const char *common = "registered_poor: {intercept: -50, income: 0, disabled: 0, ill: 0, ";
    char spec[512];
    snprintf(spec, sizeof spec, "%sliving_alone: 100}\n", common);
    registry_follows(spec, alone);
    snprintf(spec, sizeof spec, "%ssize: 35}\n", common);   /* -50 + 35 (n - 1) > 0 from 3 */
    registry_follows(spec, three_or_more);
    snprintf(spec, sizeof spec, "%sdisabled_3_4: 100}\n", common);
    registry_follows(spec, level_3_4);
    snprintf(spec, sizeof spec, "%sage_80: 100}\n", common);
    registry_follows(spec, aged_80);
}

/* Households of two persons aged 70+ (nobody able to farm, business_max_age 69) with no other
 * income: land worth 2 x 500 yuan a month, given up with probability land_given_up (no land
 * income at all) and otherwise kept at no_farmer_multiplier 0.5: 500 yuan, in the head's
 * business income. */
static void land_given_up_leaves_the_old_without_land_income(void **state)
{
    (void)state;
    const double shares[] = {0, 0.3, 1};
    for (int k = 0; k < 3; k++) {
        char spec[1024];
        snprintf(spec, sizeof spec,
                 "household_size: [0, 1, 0, 0, 0, 0]\nfamily: {married_child: 0, elderly_parents: 0}\n"
                 "age: {head: [0, 0, 0, 0, 0, 0, 1]}\n%s"
                 "employment: {rate: [0, 0, 0]}\n"
                 "income: {zero_share: 0, farm_median: 500, farm_sigma: 0, no_farmer_multiplier: 0.5, "
                 "land_given_up: %g, business_share: 0, property_share: 0, transfer_share: 0}\n",
                 NO_DISABILITY, shares[k]);
        struct population pop;
        generate(spec, &pop);
        double given_up = 0;
        for (size_t h = 0; h < pop.n_households; h++) {
            const uint32_t head = pop.first_person[h];
            assert_true(pop.age[head] >= 80 && pop.age[head + 1] >= 77);
            assert_int_equal(own_income(&pop, head + 1), 0);
            if (pop.business_income[head] == 0) given_up++;
            else assert_int_equal(pop.business_income[head], 50000);   /* fen */
        }
        assert_share("land given up", given_up, (double)pop.n_households, shares[k]);
        population_free(&pop);
    }
}

static void bad_values_of_the_new_keys(void **state)
{
    (void)state;
    test_assert_contains(test_spec_error("persons: {A: 100}\nliving_alone: {disability: [0.5, 0.4, 0.2, 0]}\n"),
                         "bad.yaml:2:28: living_alone.disability adds up to 1.1 > 1 in region A");
    test_assert_contains(test_spec_error("persons: {A: 100}\nliving_alone: {disability: [0.5, 0.4]}\n"),
                         "living_alone.disability: expected a list of 4 numbers");
    test_assert_contains(test_spec_error("persons: {A: 100}\nliving_alone: {serious_ilness: 0.1}\n"),
                         "bad.yaml:2:16: unknown key 'living_alone.serious_ilness'; did you mean "
                         "`serious_illness`?");
    test_assert_contains(test_spec_error("persons: {A: 100}\ndisability: {couple: 1.5}\n"),
                         "bad.yaml:2:22: disability.couple: value 1.5 is out of range [0, 1]");
    test_assert_contains(test_spec_error("persons: {A: 100}\nincome: {carer_multiplier: -1}\n"),
                         "income.carer_multiplier: value -1 is out of range [0, 10]");
    test_assert_contains(test_spec_error("persons: {A: 100}\nregistered_poor: {age_80: x}\n"),
                         "bad.yaml:2:27: registered_poor.age_80");
    test_assert_contains(test_spec_error("persons: {A: 100}\ndisability: {living_alone: 0.2}\n"),
                         "unknown key 'disability.living_alone'");
    /* every new number key: out of its range, at its value */
    static const struct { const char *section, *key, *value, *message; } RANGES[] = {
        {"income", "vulnerable_3_4_multiplier", "11", "[0, 10]"},
        {"income", "farm_median", "-5", "[0, "},
        {"income", "farm_sigma", "20", "[0, 10]"},
        {"income", "no_farmer_multiplier", "-0.5", "[0, 10]"},
        {"income", "land_given_up", "1.5", "[0, 1]"},
        {"registered_poor", "disabled_3_4", "101", "[-100, 100]"},
        {"registered_poor", "living_alone", "-101", "[-100, 100]"},
        {"registered_poor", "size", "1000", "[-100, 100]"},
        {"living_alone", "serious_illness", "2", "[0, 1]"},
    };
    for (size_t i = 0; i < sizeof RANGES / sizeof RANGES[0]; i++) {
        char text[256], expected[256];
        snprintf(text, sizeof text, "persons: {A: 100}\n%s:\n  %s: %s\n", RANGES[i].section,
                 RANGES[i].key, RANGES[i].value);
        snprintf(expected, sizeof expected, "bad.yaml:3:%zu: %s.%s: value %s is out of range %s",
                 strlen(RANGES[i].key) + 5, RANGES[i].section, RANGES[i].key, RANGES[i].value,
                 RANGES[i].message);
        test_assert_contains(test_spec_error(text), expected);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(living_alone_has_its_own_disability_and_illness),
        cmocka_unit_test(disability_is_shared_in_couples),
        cmocka_unit_test(vulnerability_scales_the_vulnerable_person_and_carers),
        cmocka_unit_test(registry_terms_decide_when_large),
        cmocka_unit_test(land_given_up_leaves_the_old_without_land_income),
        cmocka_unit_test(bad_values_of_the_new_keys),
    };
    return cmocka_run_group_tests_name("synth_model", tests, test_dir_create, test_dir_remove);
}

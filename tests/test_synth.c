/* Synthetic populations: the generated population follows its spec (shares and means within
 * sampling tolerance at a million persons), is identical for 1 and 2 threads, keeps household k
 * the same at every scale, rejects bad specs with clear errors; and calibration recovers a known
 * parameter. */
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

#include "calibrate.h"
#include "synth.h"

static void load_spec(struct synth_spec *spec, const char *text)
{
    struct error err = {0};
    if (synthspec_load(spec, test_write("spec.yaml", text), &err)) fail_msg("%s", err.message);
}

static void generate(const struct synth_spec *spec, double scale, int threads,
                     struct population *pop)
{
    struct synth_options options = {scale, 7, threads};
    struct error err = {0};
    if (synth_generate(spec, &options, pop, &err)) fail_msg("%s", err.message);
}

/* |observed - p| within 5 standard errors of a proportion over n trials. */
static void assert_share(const char *what, double count, double n, double p)
{
    double se = sqrt(p * (1 - p) / n);
    if (fabs(count / n - p) > 5 * se + 1e-12)
        fail_msg("%s: %.5f observed, %.5f expected (n %.0f, se %.5f)", what, count / n, p, n, se);
}

static const char *MILLION =
    "persons: {North: 600000, South: 400000}\n"
    "urban: {North: 0.1, South: 0.3}\n"
    "household_size: [0.1, 0.2, 0.3, 0.2, 0.1, 0.1]\n"
    "disability:\n"
    "  level_1: [0.01, 0.02, 0.03]\n"
    "  level_2: [0.01, 0.01, 0.05]\n"
    "employment: {rate: [0.4, 0.2, 0.05], wage_median: 2000, wage_sigma: 0.5}\n"
    "income: {zero_share: 0}\n"
    "assets: {vehicle: 0.07}\n";

static void follows_the_spec_at_a_million(void **state)
{
    (void)state;
    struct synth_spec spec;
    struct population pop;
    load_spec(&spec, MILLION);
    generate(&spec, 1.0, 2, &pop);
    assert_true(fabs((double)pop.n_persons - 1e6) < 0.01 * 1e6);   /* persons / mean size */
    double sizes[7] = {0}, urban[2] = {0}, households[2] = {0}, vehicles = 0;
    double in_group[3] = {0}, level_1[3] = {0}, level_2[3] = {0};
    double workers = 0, employed = 0, earners = 0, log_wage = 0, log_wage2 = 0;
    for (size_t h = 0; h < pop.n_households; h++) {
        size_t size = pop.first_person[h + 1] - pop.first_person[h];
        sizes[size]++;
        households[pop.region[h]]++;
        urban[pop.region[h]] += pop.hukou[h];
        vehicles += pop.vehicles[h];
        for (uint32_t p = pop.first_person[h]; p < pop.first_person[h + 1]; p++) {
            int g = pop.age[p] < 16 ? 0 : pop.age[p] < 60 ? 1 : 2;
            in_group[g]++;
            level_1[g] += pop.disability_level[p] == 1;
            level_2[g] += pop.disability_level[p] == 2;
            if (pop.age[p] >= 16 && pop.age[p] <= 64 && !pop.student[p] &&
                !pop.disability_level[p] && !pop.serious_illness[p]) {
                workers++;
                employed += pop.employed[p];
            }
            if (pop.employed[p]) {
                double l = log(pop.wage[p] / 100.0);
                earners++;
                log_wage += l;
                log_wage2 += l * l;
            }
        }
    }
    const double shares[6] = {0.1, 0.2, 0.3, 0.2, 0.1, 0.1};
    for (int s = 1; s <= 6; s++) assert_share("household size", sizes[s], pop.n_households, shares[s - 1]);
    assert_share("urban North", urban[0], households[0], 0.1);
    assert_share("urban South", urban[1], households[1], 0.3);
    assert_share("vehicles", vehicles, pop.n_households, 0.07);
    const double l1[3] = {0.01, 0.02, 0.03}, l2[3] = {0.01, 0.01, 0.05};
    for (int g = 0; g < 3; g++) {
        assert_share("disability level 1", level_1[g], in_group[g], l1[g]);
        assert_share("disability level 2", level_2[g], in_group[g], l2[g]);
    }
    assert_share("employment of able adults", employed, workers, 0.4);
    double mean = log_wage / earners, sd = sqrt(log_wage2 / earners - mean * mean);
    if (fabs(mean - log(2000)) > 0.01) fail_msg("mean log wage %g sd %g", mean, sd);
    assert_true(fabs(sd - 0.5) < 0.01);
    population_free(&pop);
    synthspec_free(&spec);
}

#define SAME(col, n) assert_memory_equal(a->col, b->col, (n) * sizeof *a->col)
static void assert_same_persons(const struct population *a, const struct population *b,
                                size_t ha, size_t hb)
{
    uint32_t pa = a->first_person[ha], pb = b->first_person[hb];
    size_t n = a->first_person[ha + 1] - pa;
    assert_int_equal(n, b->first_person[hb + 1] - pb);
    const struct population *x = a, *y = b;
#define SAME_AT(col) assert_memory_equal(x->col + pa, y->col + pb, n * sizeof *x->col)
    SAME_AT(person_id); SAME_AT(family_id); SAME_AT(relation); SAME_AT(age); SAME_AT(sex);
    SAME_AT(disability_level); SAME_AT(disability_type); SAME_AT(serious_illness);
    SAME_AT(student); SAME_AT(employed); SAME_AT(wage); SAME_AT(business_income);
    SAME_AT(property_income); SAME_AT(transfer_income); SAME_AT(basic_pension);
    SAME_AT(medical_oop); SAME_AT(education_expense); SAME_AT(no_supporter);
#undef SAME_AT
}

static void same_for_1_and_2_threads(void **state)
{
    (void)state;
    struct synth_spec spec;
    struct population one, two;
    load_spec(&spec, "persons: {North: 60000, South: 40000}\n");
    generate(&spec, 1.0, 1, &one);
    generate(&spec, 1.0, 2, &two);
    const struct population *a = &one, *b = &two;
    assert_int_equal(a->n_households, b->n_households);
    assert_int_equal(a->n_persons, b->n_persons);
    size_t H = a->n_households;
    SAME(household_id, H); SAME(region, H); SAME(hukou, H); SAME(registered_poor, H);
    SAME(weight, H); SAME(financial_assets, H); SAME(vehicles, H); SAME(houses, H);
    SAME(receiving_dibao, H); SAME(support_children, H); SAME(support_children_pc_income, H);
    SAME(first_person, H + 1);
    for (size_t h = 0; h < H; h++) assert_same_persons(a, b, h, h);
    population_free(&one);
    population_free(&two);
    synthspec_free(&spec);
}

static void household_k_is_the_same_at_every_scale(void **state)
{
    (void)state;
    struct synth_spec spec;
    struct population small, large;
    load_spec(&spec, "persons: {North: 20000, South: 10000}\n");
    generate(&spec, 1.0, 2, &small);
    generate(&spec, 3.0, 2, &large);
    assert_true(large.n_households > 2.9 * small.n_households);
    for (size_t h = 0; h < small.n_households; h++) {
        /* the same id, region and household columns (but the weight, 1/scale) ... */
        size_t k = 0;
        int64_t id = small.household_id[h];
        int r = (int)(id / SYNTH_REGION_IDS) - 1;
        while (large.region[k] != r) k++;
        k += (size_t)(id % SYNTH_REGION_IDS) - 1;
        assert_true(large.household_id[k] == id);
        assert_int_equal(large.hukou[k], small.hukou[h]);
        assert_true(large.financial_assets[k] == small.financial_assets[h]);
        assert_int_equal(large.registered_poor[k], small.registered_poor[h]);
        assert_int_equal(large.support_children[k], small.support_children[h]);
        assert_true(small.weight[h] == 1.0 && large.weight[k] == 1.0 / 3.0);
        /* ... and the same persons */
        assert_same_persons(&small, &large, h, k);
    }
    population_free(&small);
    population_free(&large);
    synthspec_free(&spec);
}

/* Past 10^8 households in a region (the national size) ids widen to (r + 1) × 10^10 + k + 1, still
 * ascending across regions; below it they stay (r + 1) × 10^8 + k + 1. Generated as a range
 * around the regions' border, so no region is generated whole. */
static void ids_widen_past_a_hundred_million_households(void **state)
{
    (void)state;
    struct synth_spec spec;
    load_spec(&spec, "persons: {North: 20000, South: 10000}\n"
                     "household_size: [0, 1, 0, 0, 0, 0]\n");   /* 10,000 and 5,000 households */
    const double scales[2] = {1, 11000};   /* North: 10^4, then 1.1 × 10^8 households */
    const int64_t ids[2] = {100000000LL, 10000000000LL};
    for (int i = 0; i < 2; i++) {
        struct synth_options options = {scales[i], 7, 1};
        struct error err = {0};
        struct population pop;
        size_t north = (size_t)(10000 * scales[i]);
        if (synth_generate_range(&spec, &options, north - 2, 4, &pop, &err))
            fail_msg("%s", err.message);
        assert_int_equal(pop.n_households, 4);
        const int64_t want[4] = {ids[i] + (int64_t)north - 1, ids[i] + (int64_t)north,
                                 2 * ids[i] + 1, 2 * ids[i] + 2};
        for (int h = 0; h < 4; h++) {
            assert_true(pop.household_id[h] == want[h]);
            assert_int_equal(pop.region[h], h < 2 ? 0 : 1);
            assert_true(pop.person_id[2 * h] == want[h] * 100 + 1);
        }
        population_free(&pop);
    }
    synthspec_free(&spec);
}

static void bad_specs(void **state)
{
    (void)state;
    test_assert_contains(test_spec_error("persons: {A: 100}\nhousehold_sise: [1, 0, 0, 0, 0, 0]\n"),
                    "bad.yaml:2:1: unknown key 'household_sise'; did you mean `household_size`?");
    test_assert_contains(test_spec_error("persons: {A: 100}\nurban: -0.1\n"),
                    "bad.yaml:2:8: urban: value -0.1 is out of range [0, 1]");
    test_assert_contains(test_spec_error("persons: {A: 100}\nhousehold_size: [0.5, 0.4, 0, 0, 0, 0]\n"),
                    "bad.yaml:2:17: household_size: shares add up to 0.9, not 1");
    test_assert_contains(test_spec_error("persons: {A: 100}\nhousehold_size: [0.5, 0.5]\n"),
                    "household_size: expected a list of 6 numbers adding up to 1");
    test_assert_contains(test_spec_error("persons: {A: 100, B: 0}\n"), "region 'B' is empty");
    test_assert_contains(test_spec_error("households: {A: 10}\npersons: {A: 100}\n"),
                    "give exactly one of `persons` and `households`");
    test_assert_contains(test_spec_error("persons: 100\n"), "write a {region: count} map");
    test_assert_contains(test_spec_error("persons: {A: 100}\nfamily: {married_child: {2016-01: 0.1}}\n"),
                    "dated values have no meaning here");
    test_assert_contains(test_spec_error("persons: {A: 100}\ndisability:\n  level_1: [0.5, 0.5, 0.5]\n"
                               "  level_2: [0.5, 0.5, 0.6]\n"),
                    "disability.level_1..4 add up to 1.004 > 1 for age group 1 in region A");
    test_assert_contains(test_spec_error("persons: {A: 100}\nurban: {Xinzhou: 0.1}\n"),
                    "urban has no value for region 'A'");
    test_assert_contains(test_spec_error("persons: {Loufan: 100}\nurban: {Loufna: 0.1}\n"),
                    "urban: 'Loufna' is not a region of the population; did you mean `Loufan`?");
}

static void calibration_recovers_a_known_parameter(void **state)
{
    (void)state;
    /* Truth: a population whose zero-income share is 0.2; its recipients are the target. */
    const char *truth_text = "persons: {North: 30000, South: 20000}\n"
                             "income: {zero_share: {North: 0.2, South: 0.1}}\n";
    const char *start_text = "persons: {North: 30000, South: 20000}\n"
                             "income: {zero_share: {North: 0.05, South: 0.3}}\n";
    struct error err = {0};
    struct synth_spec truth, spec;
    struct scenario scenario;
    load_spec(&truth, truth_text);
    if (scenario_load(&scenario, test_write("scenario.yaml", "dibao: {standard: 320}\n"), &err))
        fail_msg("%s", err.message);
    struct targets t;
    const char *targets_text = "targets:\n"
                               "  - {measure: recipients, region: North, value: 1}\n"
                               "  - {measure: recipients, region: South, value: 1}\n"
                               "tune:\n"
                               "  - {key: income.zero_share, region: North, min: 0, max: 0.5}\n"
                               "  - {key: income.zero_share, region: South, min: 0, max: 0.5}\n";
    if (targets_load(&t, test_write("targets.yaml", targets_text), &err))
        fail_msg("%s", err.message);
    struct calibrate_options options = {1.0, 3, 2, 400, NULL};
    double truth_values[2], simulated[2];
    if (calibrate_evaluate(&truth, &scenario, &t, &options, truth_values, &err))
        fail_msg("%s", err.message);
    t.items[0].value = truth_values[0];
    t.items[1].value = truth_values[1];
    synthspec_free(&truth);

    struct synth_spec *s = &spec;
    load_spec(s, start_text);
    if (calibrate(s, &scenario, &t, &options, simulated, &err)) fail_msg("%s", err.message);
    for (int i = 0; i < 2; i++) assert_true(fabs(targets_gap(&t.items[i], simulated[i])) <= 1);
    assert_true(fabs(synthspec_get(s, SK_ZERO_INCOME, -1, 0) - 0.2) < 0.01);
    assert_true(fabs(synthspec_get(s, SK_ZERO_INCOME, -1, 1) - 0.1) < 0.01);

    /* the calibrated spec, written and read back, extends the start and gives the same values */
    const char *start = test_write("start.yaml", start_text);
    char out[600];
    snprintf(out, sizeof out, "%s/calibrated.yaml", test_dir());
    assert_int_equal(calibrate_write(s, &t, start, out, "a test", &err), 0);
    struct synth_spec back;
    if (synthspec_load(&back, out, &err)) fail_msg("%s", err.message);
    assert_true(synthspec_get(&back, SK_ZERO_INCOME, -1, 0) ==
                (double)(float)synthspec_get(s, SK_ZERO_INCOME, -1, 0) ||
                fabs(synthspec_get(&back, SK_ZERO_INCOME, -1, 0) -
                     synthspec_get(s, SK_ZERO_INCOME, -1, 0)) < 1e-5);
    assert_string_equal(back.targets, "targets.yaml");
    synthspec_free(&back);
    synthspec_free(s);
    targets_free(&t);
    scenario_free(&scenario);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(follows_the_spec_at_a_million),
        cmocka_unit_test(same_for_1_and_2_threads),
        cmocka_unit_test(household_k_is_the_same_at_every_scale),
        cmocka_unit_test(ids_widen_past_a_hundred_million_households),
        cmocka_unit_test(bad_specs),
        cmocka_unit_test(calibration_recovers_a_known_parameter),
    };
    return cmocka_run_group_tests_name("synth", tests, test_dir_create, test_dir_remove);
}

/* synthspec — see synthspec.h. Every default below is an assumption for rural North China,
 * meant to be overridden by a spec file that cites its sources. */
#include "synthspec.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "memory.h"

#define P(k) offsetof(struct synth_spec, param[k])
#define V(k) offsetof(struct synth_spec, vector[k])
#define NOLIMIT 1e12
#define PROB {0, 1, 0, 1}
#define COUNT {0, NOLIMIT, 1, 1}
#define AMOUNT {0, NOLIMIT, 0, 1}
#define SIGMA {0, 10, 0, 1}
#define COEF {-100, 100, 0, 1}
#define FACTOR {0, 10, 0, 1}
#define AGE {16, 120, 0, 1}

#define NUMBER(key, path_, bounds_, def, unit_, text) \
    [key] = {.path = path_, .type = CFG_PARAM, .offset = P(key), .bounds = bounds_,        \
             .default_yaml = def, .unit = unit_, .description = text, .source = "assumption"}
#define LIST(key, path_, len, is_shares, bounds_, def, unit_, text)                           \
    [key] = {.path = path_, .type = CFG_VECTOR, .offset = V(key), .bounds = bounds_,        \
             .length = len, .shares = is_shares, .default_yaml = def, .unit = unit_,        \
             .description = text, .source = "assumption"}
#define SECTION(key, path_, text) \
    [key] = {.path = path_, .type = CFG_SECTION, .unit = "", .description = text, .source = ""}

static const struct config_key KEYS[N_SPEC_KEYS] = {
    [SK_NAME] = {.path = "name", .type = CFG_TEXT, .offset = offsetof(struct synth_spec, name),
                 .unit = "", .source = "", .description = "Population name. Default: the file "
                                                          "name without `.yaml`."},
    [SK_DESCRIPTION] = {.path = "description", .type = CFG_TEXT, .default_yaml = "\"\"",
                        .offset = offsetof(struct synth_spec, description), .unit = "",
                        .source = "", .description = "Free text."},
    [SK_EXTENDS] = {.path = "extends", .type = CFG_TEXT, .unit = "", .source = "",
                    .description = "A spec this one overrides (deep merge)."},
    [SK_TARGETS] = {.path = "targets", .type = CFG_TEXT, .default_yaml = "\"\"",
                    .offset = offsetof(struct synth_spec, targets), .unit = "", .source = "",
                    .description = "Published figures this spec was calibrated to (path relative "
                                   "to the spec); runs on it report simulated beside published."},
    NUMBER(SK_PERSONS, "persons", COUNT, "null", "persons",
           "Persons per region (a `{region: count}` map names the regions); or give `households`."),
    NUMBER(SK_HOUSEHOLDS, "households", COUNT, "null", "households",
           "Households per region, instead of `persons`."),
    NUMBER(SK_URBAN, "urban", PROB, "0", "share", "Share of households with urban hukou."),
    LIST(SK_HOUSEHOLD_SIZE, "household_size", SPEC_MAX_SIZE, 1, PROB,
         "[0.15, 0.25, 0.25, 0.2, 0.1, 0.05]", "shares", "Shares of households of 1 to 6 persons."),
    SECTION(SK_FAMILY, "family", "Families inside households (rules.md 1)."),
    NUMBER(SK_MARRIED_CHILD, "family.married_child", PROB, "0.15", "probability",
           "A household of 4 or more holds a married child's family (spouse, children) as a "
           "second family."),
    NUMBER(SK_ELDERLY_PARENTS, "family.elderly_parents", PROB, "0.1", "probability",
           "A household of 3 or more (not holding a married child) holds the head's elderly "
           "parents as a second family."),
    SECTION(SK_AGE, "age", "Ages and sexes: the head's age by band; others follow from it "
                           "(spouse ±3, children 20-38 younger, parents 22-32 older)."),
    LIST(SK_HEAD_AGE, "age.head", SPEC_AGE_BANDS, 1, PROB,
         "[0.08, 0.15, 0.22, 0.22, 0.18, 0.11, 0.04]", "shares",
         "Heads of households of 2 or more, by age band 18-29, 30-39, ..., 70-79, 80-95."),
    LIST(SK_SINGLE_AGE, "age.single", SPEC_AGE_BANDS, 1, PROB,
         "[0.05, 0.05, 0.05, 0.1, 0.25, 0.3, 0.2]", "shares",
         "Persons living alone, by the same age bands."),
    NUMBER(SK_MALE_HEAD, "age.male_head", PROB, "0.85", "share",
           "Heads (and persons living alone) who are men; spouses have the other sex, others "
           "are men with probability 0.5."),
    SECTION(SK_DISABILITY, "disability", "Disability by level (1 most severe) and age group "
                                         "(under 16, 16-59, 60+)."),
    LIST(SK_DISABILITY_1, "disability.level_1", SPEC_AGE_GROUPS, 0, PROB,
         "[0.002, 0.004, 0.01]", "probability", "Level 1, by age group."),
    LIST(SK_DISABILITY_2, "disability.level_2", SPEC_AGE_GROUPS, 0, PROB,
         "[0.002, 0.005, 0.012]", "probability", "Level 2, by age group."),
    LIST(SK_DISABILITY_3, "disability.level_3", SPEC_AGE_GROUPS, 0, PROB,
         "[0.002, 0.006, 0.02]", "probability", "Level 3, by age group."),
    LIST(SK_DISABILITY_4, "disability.level_4", SPEC_AGE_GROUPS, 0, PROB,
         "[0.002, 0.008, 0.03]", "probability", "Level 4, by age group."),
    LIST(SK_DISABILITY_TYPES, "disability.types", SPEC_DISABILITY_TYPES, 1, PROB,
         "[0.5, 0.12, 0.1, 0.03, 0.1, 0.08, 0.07]", "shares",
         "Types of disability: physical, visual, hearing, speech, intellectual, mental, multiple."),
    NUMBER(SK_DISABILITY_COUPLE, "disability.couple", PROB, "0", "probability",
           "The spouse of a disabled head is disabled too (a level drawn in the proportions of "
           "the spouse's age group), whatever the prevalence above: disability clusters in "
           "couples (shared age, poverty and care)."),
    LIST(SK_ILLNESS, "serious_illness", SPEC_AGE_GROUPS, 0, PROB, "[0.005, 0.02, 0.06]",
         "probability", "Serious illness by age group."),
    SECTION(SK_LIVING_ALONE, "living_alone", "Persons living alone (households of one): "
                                             "disability and illness beyond their age group's."),
    LIST(SK_ALONE_DISABILITY, "living_alone.disability", 4, 0, PROB, "[0, 0, 0, 0]",
         "probability", "A person living alone not disabled by the age prevalence is disabled at "
                        "level 1, 2, 3 or 4 with these probabilities (adding up to at most 1)."),
    NUMBER(SK_ALONE_ILLNESS, "living_alone.serious_illness", PROB, "0", "probability",
           "A person living alone not seriously ill by the age prevalence is seriously ill with "
           "this probability."),
    SECTION(SK_STUDENTS, "students", "Students."),
    NUMBER(SK_STUDENT_COMPULSORY, "students.compulsory", PROB, "0.98", "probability",
           "Ages 6-15 in (compulsory, free) school."),
    NUMBER(SK_STUDENT_UPPER, "students.upper", PROB, "0.4", "probability",
           "Ages 16-22 in non-compulsory education, with education spending."),
    NUMBER(SK_EDUCATION_MEDIAN, "students.expense_median", AMOUNT, "3000", "yuan/year",
           "Median education spending of upper students (lognormal)."),
    NUMBER(SK_EDUCATION_SIGMA, "students.expense_sigma", SIGMA, "0.6", "log sd",
           "Spread of education spending."),
    SECTION(SK_EMPLOYMENT, "employment", "Wage employment of ages 16-64 not in education."),
    LIST(SK_EMPLOYMENT_RATE, "employment.rate", 3, 0, PROB, "[0.3, 0.12, 0.02]", "probability",
         "By disability: none, level 3-4, level 1-2 (and serious illness)."),
    LIST(SK_EMPLOYMENT_AGE, "employment.age_factor", 3, 0, FACTOR, "[1, 1, 1]", "factor",
         "Multiplies the rate at ages 16-29, 30-49 and 50-64 (capped at probability 1)."),
    NUMBER(SK_WAGE_MEDIAN, "employment.wage_median", AMOUNT, "1500", "yuan/month",
           "Median wage (lognormal)."),
    NUMBER(SK_WAGE_SIGMA, "employment.wage_sigma", SIGMA, "0.5", "log sd", "Spread of wages."),
    SECTION(SK_INCOME, "income", "Other incomes (monthly yuan)."),
    NUMBER(SK_ZERO_INCOME, "income.zero_share", PROB, "0.05", "share",
           "Households with no wage, business, property or transfer income at all."),
    NUMBER(SK_VULNERABLE_MULTIPLIER, "income.vulnerable_multiplier", FACTOR, "1",
           "factor", "Multiplies every income (wage, business, property, transfer) of a person "
                     "disabled at level 1-2 or seriously ill."),
    NUMBER(SK_VULNERABLE_3_4_MULTIPLIER, "income.vulnerable_3_4_multiplier", FACTOR, "1",
           "factor", "Multiplies every income of a person disabled at level 3-4."),
    NUMBER(SK_CARER_MULTIPLIER, "income.carer_multiplier", FACTOR, "1", "factor",
           "Multiplies every income of the other members of a household with a member disabled "
           "at level 1-2 or seriously ill (time spent caring)."),
    NUMBER(SK_FARM_MEDIAN, "income.farm_median", AMOUNT, "0", "yuan/month per person",
           "Farm income of the household's contracted land, which is allotted per person "
           "(家庭联产承包): each household with any income gets persons × a lognormal of this "
           "median (one draw per household), counted as the head's business income, scaled by "
           "carer_multiplier beside a severely vulnerable member. 0: none."),
    NUMBER(SK_FARM_SIGMA, "income.farm_sigma", SIGMA, "0.5", "log sd",
           "Spread of land income between households."),
    NUMBER(SK_NO_FARMER, "income.no_farmer_multiplier", FACTOR, "1", "factor",
           "Multiplies the land income of a household with nobody able to farm (aged 16 to "
           "business_max_age, not disabled at level 1-2 nor seriously ill): the land is rented "
           "out or farmed little."),
    NUMBER(SK_LAND_GIVEN_UP, "income.land_given_up", PROB, "0", "probability",
           "A household with nobody able to farm earns nothing from its land with this "
           "probability (the land left to relatives or the village, or idle); the others get "
           "no_farmer_multiplier of it."),
    NUMBER(SK_BUSINESS_SHARE, "income.business_share", PROB, "0.7", "probability",
           "Further farm and business income of ages 16 to business_max_age not employed, not "
           "studying, not disabled at level 1-2 nor seriously ill."),
    NUMBER(SK_BUSINESS_MEDIAN, "income.business_median", AMOUNT, "300", "yuan/month",
           "Median farm and business income."),
    NUMBER(SK_BUSINESS_SIGMA, "income.business_sigma", SIGMA, "0.8", "log sd", "Its spread."),
    NUMBER(SK_BUSINESS_MAX_AGE, "income.business_max_age", AGE, "69", "years",
           "Oldest age still farming."),
    NUMBER(SK_PROPERTY_SHARE, "income.property_share", PROB, "0.03", "probability",
           "Property income of the head."),
    NUMBER(SK_PROPERTY_MEDIAN, "income.property_median", AMOUNT, "100", "yuan/month",
           "Median property income."),
    NUMBER(SK_PROPERTY_SIGMA, "income.property_sigma", SIGMA, "1", "log sd", "Its spread."),
    NUMBER(SK_TRANSFER_SHARE, "income.transfer_share", PROB, "0.15", "probability",
           "Transfer income (other than assistance) of persons 16 and over."),
    NUMBER(SK_TRANSFER_MEDIAN, "income.transfer_median", AMOUNT, "80", "yuan/month",
           "Median transfer income."),
    NUMBER(SK_TRANSFER_SIGMA, "income.transfer_sigma", SIGMA, "0.7", "log sd", "Its spread."),
    SECTION(SK_PENSION, "pension", "Residents' basic pension, ages 60 and over."),
    NUMBER(SK_PENSION_SHARE, "pension.share", PROB, "0.9", "probability", "Drawing it."),
    NUMBER(SK_PENSION_AMOUNT, "pension.amount", AMOUNT, "80", "yuan/month", "Its amount."),
    SECTION(SK_MEDICAL, "medical", "Annual out-of-pocket medical spending after insurance."),
    LIST(SK_MEDICAL_SHARE, "medical.share", 3, 0, PROB, "[0.08, 0.3, 0.8]", "probability",
         "Any spending: healthy, disabled (any level), seriously ill."),
    NUMBER(SK_MEDICAL_MEDIAN, "medical.median", AMOUNT, "2000", "yuan/year",
           "Median spending of those with any (lognormal)."),
    NUMBER(SK_MEDICAL_SIGMA, "medical.sigma", SIGMA, "1", "log sd", "Its spread."),
    SECTION(SK_ASSETS, "assets", "Household assets."),
    NUMBER(SK_FINANCIAL_SHARE, "assets.financial_share", PROB, "0.3", "probability",
           "Households with financial assets."),
    NUMBER(SK_FINANCIAL_MEDIAN, "assets.financial_median", AMOUNT, "5000", "yuan",
           "Median financial assets of those with any (lognormal)."),
    NUMBER(SK_FINANCIAL_SIGMA, "assets.financial_sigma", SIGMA, "1.2", "log sd", "Its spread."),
    NUMBER(SK_VEHICLE, "assets.vehicle", PROB, "0.06", "probability", "Households with a vehicle."),
    NUMBER(SK_SECOND_HOUSE, "assets.second_house", PROB, "0.03", "probability",
           "Households with a second house (all have one)."),
    SECTION(SK_SUPPORT, "support", "Adult children outside the household, liable to support "
                                   "members aged 60+ (rules.md 3.6)."),
    LIST(SK_SUPPORT_CHILDREN, "support.children", SPEC_MAX_CHILDREN + 1, 1, PROB,
         "[0.15, 0.25, 0.3, 0.2, 0.1]", "shares",
         "Households with a member 60+: shares with 0, 1, 2, 3, 4 such children."),
    NUMBER(SK_SUPPORT_INCOME_MEDIAN, "support.income_median", AMOUNT, "1200", "yuan/month",
           "Median per-capita income of those children's households (lognormal)."),
    NUMBER(SK_SUPPORT_INCOME_SIGMA, "support.income_sigma", SIGMA, "0.6", "log sd", "Its spread."),
    NUMBER(SK_NO_SUPPORTER, "support.no_supporter", PROB, "0.5", "probability",
           "A member 60+ or disabled at level 1-2, in a household with no support children and "
           "no other member aged 16-59 able to work, has no supporter."),
    SECTION(SK_REGISTERED_POOR, "registered_poor",
            "Poverty registry (建档立卡): logit p = intercept + disabled·[member at level 1-2] + "
            "disabled_3_4·[member at level 3-4] + ill·[member seriously ill] + "
            "living_alone·[household of one] + size·(persons − 1) + age_80·[member aged 80+] + "
            "no_income·[no wage, business, property or transfer income] + income·(per-capita income / "
            "100 yuan), the income being the household's wage, business, property and transfer "
            "income per person a month."),
    NUMBER(SK_POOR_INTERCEPT, "registered_poor.intercept", COEF, "-1.5", "logit", "Intercept."),
    NUMBER(SK_POOR_DISABLED, "registered_poor.disabled", COEF, "1.5", "logit",
           "A member disabled at level 1-2."),
    NUMBER(SK_POOR_DISABLED_3_4, "registered_poor.disabled_3_4", COEF, "0", "logit",
           "A member disabled at level 3-4."),
    NUMBER(SK_POOR_ILL, "registered_poor.ill", COEF, "1", "logit", "A member seriously ill."),
    NUMBER(SK_POOR_ALONE, "registered_poor.living_alone", COEF, "0", "logit",
           "A household of one."),
    NUMBER(SK_POOR_SIZE, "registered_poor.size", COEF, "0", "logit per person",
           "Each member beyond the first."),
    NUMBER(SK_POOR_OLD, "registered_poor.age_80", COEF, "0", "logit", "A member aged 80 or more."),
    NUMBER(SK_POOR_NO_INCOME, "registered_poor.no_income", COEF, "0", "logit",
           "A household with no income but pensions: those already on dibao were often left out "
           "of the registry (the study's low overlap, sec. 三)."),
    NUMBER(SK_POOR_INCOME, "registered_poor.income", COEF, "-0.5", "logit per 100 yuan",
           "Per-capita monthly income."),
    SECTION(SK_DIBAO_STATUS, "dibao_status",
            "Baseline dibao status (receiving_dibao): logit p = intercept + registered_poor·[in "
            "the registry] + income·(per-capita income / 100 yuan)."),
    NUMBER(SK_DIBAO_INTERCEPT, "dibao_status.intercept", COEF, "-1", "logit", "Intercept."),
    NUMBER(SK_DIBAO_POOR, "dibao_status.registered_poor", COEF, "1", "logit", "Registry."),
    NUMBER(SK_DIBAO_INCOME, "dibao_status.income", COEF, "-1", "logit per 100 yuan",
           "Per-capita monthly income."),
};
static const struct config_table TABLE = {KEYS, N_SPEC_KEYS};

int synthspec_key(const char *path)
{
    for (int k = 0; k < N_SPEC_KEYS; k++)
        if (strcmp(KEYS[k].path, path) == 0) return k;
    return -1;
}

const char *synthspec_key_path(int key) { return KEYS[key].path; }

int synthspec_is_number(int key) { return key >= 0 && KEYS[key].type == CFG_PARAM; }

/* Checks across keys: the regions, the disability levels' total. */
static int check_spec(struct synth_spec *spec, struct error *err)
{
    const struct param *persons = &spec->param[SK_PERSONS], *households = &spec->param[SK_HOUSEHOLDS];
    int given_p = !isnan(persons->series[0].points[0].value);
    int given_h = !isnan(households->series[0].points[0].value);
    if (given_p == given_h)
        return err_set(err, ERR_INPUT, "%s: give exactly one of `persons` and `households`, as a "
                       "{region: count} map", spec->files.paths[0]);
    const struct param *count = given_p ? persons : households;
    const char *what = given_p ? "persons" : "households";
    if (!count->series[0].region)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: write a {region: count} map, which names "
                       "the regions", count->mark.file, count->mark.line, count->mark.column, what);
    spec->n_regions = count->n;
    spec->regions = xcalloc((size_t)count->n, sizeof *spec->regions);
    for (int r = 0; r < count->n; r++) {
        spec->regions[r] = xstrdup(count->series[r].region);
        double v = count->series[r].points[0].value;
        if (!(v >= 1) || v != floor(v))
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s.%s: region '%s' is empty: %g %s (a "
                           "whole number of at least 1 is needed)", count->mark.file,
                           count->mark.line, count->mark.column, what, spec->regions[r],
                           spec->regions[r], v, what);
    }
    struct synth_region *regions = xcalloc((size_t)spec->n_regions, sizeof *regions);
    int rc = synthspec_resolve(spec, regions, err);
    for (int r = 0; r < spec->n_regions && !rc; r++)
        for (int g = 0; g < SPEC_AGE_GROUPS && !rc; g++) {
            double total = 0;
            for (int k = SK_DISABILITY_1; k <= SK_DISABILITY_4; k++) total += regions[r].list[k][g];
            if (total > 1)
                rc = err_set(err, ERR_INPUT, "%s: disability.level_1..4 add up to %g > 1 for age "
                             "group %d in region %s", spec->files.paths[0], total, g + 1,
                             spec->regions[r]);
        }
    for (int r = 0; r < spec->n_regions && !rc; r++) {
        double total = 0;
        for (int l = 0; l < 4; l++) total += regions[r].list[SK_ALONE_DISABILITY][l];
        if (total > 1 + 1e-9) {
            const struct ymark *at = &spec->vector[SK_ALONE_DISABILITY].mark;
            rc = err_set(err, ERR_INPUT, "%s:%d:%d: living_alone.disability adds up to %g > 1 in "
                         "region %s", at->file, at->line, at->column, total, spec->regions[r]);
        }
    }
    free(regions);
    return rc;
}

int synthspec_load(struct synth_spec *spec, const char *path, struct error *err)
{
    memset(spec, 0, sizeof *spec);
    if (config_load(&TABLE, spec, path, &spec->resolved, &spec->files, err) ||
        check_spec(spec, err)) {
        synthspec_free(spec);
        return -1;
    }
    return 0;
}

void synthspec_free(struct synth_spec *spec)
{
    config_free(&TABLE, spec);
    for (int r = 0; r < spec->n_regions; r++) free(spec->regions[r]);
    free(spec->regions);
    ytree_free(spec->resolved);
    yfiles_free(&spec->files);
    memset(spec, 0, sizeof *spec);
}

int synthspec_resolve(const struct synth_spec *spec, struct synth_region *out, struct error *err)
{
    const struct param_series **series = xcalloc((size_t)spec->n_regions, sizeof *series);
    const double **lists = xcalloc((size_t)spec->n_regions, sizeof *lists);
    int rc = 0, missing;
    for (int k = 0; k < N_SPEC_KEYS && !rc; k++) {
        if (KEYS[k].type == CFG_PARAM) {
            rc = param_bind(&spec->param[k], KEYS[k].path, spec->regions, spec->n_regions, 0,
                            series, &missing, err);
            for (int r = 0; r < spec->n_regions && !rc; r++)
                out[r].value[k] = param_series_at(series[r], 0);
        } else if (KEYS[k].type == CFG_VECTOR) {
            rc = vector_bind(&spec->vector[k], KEYS[k].path, spec->regions, spec->n_regions,
                             lists, &missing, err);
            for (int r = 0; r < spec->n_regions && !rc; r++) out[r].list[k] = lists[r];
        }
    }
    free(series);
    free(lists);
    return rc;
}

/* The entry of a param or vector that serves region r (an entry for every region, or r's). */
static int entry_for(char *const *entry_regions, int n, const char *region)
{
    for (int i = 0; i < n; i++)
        if (!entry_regions[i] || strcmp(entry_regions[i], region) == 0) return i;
    return -1;
}

double synthspec_get(const struct synth_spec *spec, int key, int index, int r)
{
    const char *region = spec->regions[r];
    if (index < 0) {
        const struct param *p = &spec->param[key];
        for (int i = 0; i < p->n; i++)
            if (!p->series[i].region || strcmp(p->series[i].region, region) == 0)
                return p->series[i].points[0].value;
        return NAN;
    }
    const struct vector_param *v = &spec->vector[key];
    int i = entry_for(v->region, v->n, region);
    return i < 0 ? NAN : v->values[(size_t)i * v->length + index];
}

int synthspec_set(struct synth_spec *spec, int key, int index, const char *region, double value,
                  struct error *err)
{
    int is_list = KEYS[key].type == CFG_VECTOR;
    if ((KEYS[key].type != CFG_PARAM && !is_list) || is_list != (index >= 0) ||
        (is_list && index >= KEYS[key].length))
        return err_set(err, ERR_INPUT, "%s%s cannot be set", KEYS[key].path,
                       is_list ? " (index out of range)" : "");
    /* A value for one region of a key given for every region: make it a region map first. */
    int found = 0;
    if (!is_list) {
        struct param *p = &spec->param[key];
        if (region && p->n == 1 && !p->series[0].region) {   /* split "all regions" per region */
            double all = p->series[0].points[0].value;
            param_free(p);
            p->n = spec->n_regions;
            p->series = xcalloc((size_t)p->n, sizeof *p->series);
            for (int r = 0; r < p->n; r++) {
                p->series[r].region = xstrdup(spec->regions[r]);
                p->series[r].n = 1;
                p->series[r].points = xcalloc(1, sizeof *p->series[r].points);
                p->series[r].points[0] = (struct param_point){PARAM_ALWAYS, all};
            }
        }
        for (int i = 0; i < p->n; i++)
            if (!region || !p->series[i].region || strcmp(p->series[i].region, region) == 0) {
                p->series[i].points[0].value = value;
                found = 1;
            }
    } else {
        struct vector_param *v = &spec->vector[key];
        if (region && v->n == 1 && !v->region[0]) {   /* split "all regions" per region */
            double *all = v->values;
            v->n = spec->n_regions;
            v->values = xcalloc((size_t)v->n * v->length, sizeof *v->values);
            free(v->region);
            v->region = xcalloc((size_t)v->n, sizeof *v->region);
            for (int r = 0; r < v->n; r++) {
                v->region[r] = xstrdup(spec->regions[r]);
                memcpy(v->values + (size_t)r * v->length, all, (size_t)v->length * sizeof *all);
            }
            free(all);
        }
        for (int i = 0; i < v->n; i++)
            if (!region || !v->region[i] || strcmp(v->region[i], region) == 0) {
                v->values[(size_t)i * v->length + index] = value;
                found = 1;
            }
    }
    if (!found)
        return err_set(err, ERR_INPUT, "%s has no value for region '%s'", KEYS[key].path, region);
    return 0;
}

/* A scalar node holding a number. */
static struct ynode *number_node(double value, const struct ymark *mark)
{
    char text[64];
    snprintf(text, sizeof text, "%.9g", value);
    return ytree_new_scalar(text, 1, mark);
}

void synthspec_write_overrides(const struct synth_spec *spec, const int *keys, int n_keys,
                               const char *base, const char *targets, FILE *out)
{
    struct ymark mark = {"calibrate", 1, 1};
    struct ynode *root = ytree_new_map(&mark);
    ytree_set(root, "extends", ytree_new_scalar(base, 1, &mark));
    ytree_set(root, "targets", ytree_new_scalar(targets, 1, &mark));
    for (int k = 0; k < n_keys; k++) {
        const struct config_key *key = &KEYS[keys[k]];
        struct ynode *section = root;   /* create the sections on the path */
        char path[256];
        snprintf(path, sizeof path, "%s", key->path);
        char *leaf_name = strrchr(path, '.');
        if (leaf_name) {
            *leaf_name++ = '\0';
            for (char *part = strtok(path, "."); part; part = strtok(NULL, ".")) {
                struct ynode *next = ytree_get(section, part);
                if (!next) {
                    next = ytree_new_map(&mark);
                    ytree_set(section, part, next);
                }
                section = next;
            }
        } else {
            leaf_name = path;
        }
        struct ynode *by_region = ytree_new_map(&mark);
        for (int r = 0; r < spec->n_regions; r++) {
            struct ynode *value;
            if (key->type == CFG_PARAM) {
                value = number_node(synthspec_get(spec, keys[k], -1, r), &mark);
            } else {   /* a list of shares is written adding up to 1 (calibration moves one) */
                double sum = 0;
                for (int i = 0; i < key->length; i++) sum += synthspec_get(spec, keys[k], i, r);
                const double scale = key->shares && sum > 0 ? 1.0 / sum : 1.0;
                value = ytree_new_list(&mark);
                for (int i = 0; i < key->length; i++)
                    ytree_append(value, number_node(scale * synthspec_get(spec, keys[k], i, r),
                                                    &mark));
            }
            ytree_set(by_region, spec->regions[r], value);
        }
        ytree_set(section, leaf_name, by_region);
    }
    ytree_write(root, out);
    ytree_free(root);
}

void synthspec_keys_markdown(FILE *out) { config_markdown(&TABLE, out); }

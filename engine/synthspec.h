/* synthspec — the population spec: what a synthetic population should look like, per region.
 *
 * A spec is strict YAML read through a key table (config.c), like scenarios. Its regions are the
 * keys of `persons:` (or `households:`); every number may be one value for all regions or a
 * `{region: value}` map, every list one list or a `{region: list}` map. Keys are identified by
 * `enum spec_key`; numbers land in param[key], lists in vector[key], and synthspec_resolve turns
 * them into plain per-region values for the generator. */
#ifndef DIBAOSIM_SYNTHSPEC_H
#define DIBAOSIM_SYNTHSPEC_H

#include <stdio.h>

#include "error.h"
#include "param.h"
#include "yamltree.h"

enum spec_key {
    SK_NAME, SK_DESCRIPTION, SK_EXTENDS, SK_TARGETS,
    SK_PERSONS, SK_HOUSEHOLDS, SK_URBAN,
    SK_HOUSEHOLD_SIZE,
    SK_FAMILY, SK_MARRIED_CHILD, SK_ELDERLY_PARENTS,
    SK_AGE, SK_HEAD_AGE, SK_SINGLE_AGE, SK_MALE_HEAD,
    SK_DISABILITY, SK_DISABILITY_1, SK_DISABILITY_2, SK_DISABILITY_3, SK_DISABILITY_4,
    SK_DISABILITY_TYPES, SK_DISABILITY_COUPLE,
    SK_ILLNESS,
    SK_LIVING_ALONE, SK_ALONE_DISABILITY, SK_ALONE_ILLNESS,
    SK_STUDENTS, SK_STUDENT_COMPULSORY, SK_STUDENT_UPPER, SK_EDUCATION_MEDIAN,
    SK_EDUCATION_SIGMA,
    SK_EMPLOYMENT, SK_EMPLOYMENT_RATE, SK_EMPLOYMENT_AGE, SK_WAGE_MEDIAN, SK_WAGE_SIGMA,
    SK_INCOME, SK_ZERO_INCOME, SK_VULNERABLE_MULTIPLIER, SK_VULNERABLE_3_4_MULTIPLIER,
    SK_CARER_MULTIPLIER, SK_FARM_MEDIAN, SK_FARM_SIGMA, SK_NO_FARMER,
    SK_LAND_GIVEN_UP,
    SK_BUSINESS_SHARE, SK_BUSINESS_MEDIAN, SK_BUSINESS_SIGMA, SK_BUSINESS_MAX_AGE,
    SK_PROPERTY_SHARE, SK_PROPERTY_MEDIAN, SK_PROPERTY_SIGMA,
    SK_TRANSFER_SHARE, SK_TRANSFER_MEDIAN, SK_TRANSFER_SIGMA,
    SK_PENSION, SK_PENSION_SHARE, SK_PENSION_AMOUNT,
    SK_MEDICAL, SK_MEDICAL_SHARE, SK_MEDICAL_MEDIAN, SK_MEDICAL_SIGMA,
    SK_ASSETS, SK_FINANCIAL_SHARE, SK_FINANCIAL_MEDIAN, SK_FINANCIAL_SIGMA, SK_VEHICLE,
    SK_SECOND_HOUSE,
    SK_SUPPORT, SK_SUPPORT_CHILDREN, SK_SUPPORT_INCOME_MEDIAN, SK_SUPPORT_INCOME_SIGMA,
    SK_NO_SUPPORTER,
    SK_REGISTERED_POOR, SK_POOR_INTERCEPT, SK_POOR_DISABLED, SK_POOR_DISABLED_3_4, SK_POOR_ILL,
    SK_POOR_ALONE, SK_POOR_SIZE, SK_POOR_OLD, SK_POOR_NO_INCOME, SK_POOR_INCOME,
    SK_DIBAO_STATUS, SK_DIBAO_INTERCEPT, SK_DIBAO_POOR, SK_DIBAO_INCOME,
    N_SPEC_KEYS
};

#define SPEC_MAX_SIZE 6        /* household sizes 1..6 */
#define SPEC_AGE_BANDS 7       /* 18-29, 30-39, 40-49, 50-59, 60-69, 70-79, 80-95 */
#define SPEC_AGE_GROUPS 3      /* under 16, 16-59, 60 and over */
#define SPEC_DISABILITY_TYPES 7
#define SPEC_MAX_CHILDREN 4    /* support children 0..4 */

struct synth_spec {
    char *name;
    char *description;
    char *targets;                             /* calibration targets file, or NULL */
    struct param param[N_SPEC_KEYS];           /* number keys */
    struct vector_param vector[N_SPEC_KEYS];   /* list keys */
    int n_regions;
    char **regions;                            /* from the keys of persons/households */
    struct ynode *resolved;                    /* merged tree with defaults */
    struct yfiles files;
};

/* The spec's values for one region, as plain numbers. */
struct synth_region {
    double value[N_SPEC_KEYS];         /* number keys */
    const double *list[N_SPEC_KEYS];   /* list keys */
};

int synthspec_load(struct synth_spec *spec, const char *path, struct error *err);
void synthspec_free(struct synth_spec *spec);
/* Values for every region: out[n_regions]. */
int synthspec_resolve(const struct synth_spec *spec, struct synth_region *out, struct error *err);

/* The key of a dotted path (-1 when none). */
int synthspec_key(const char *path);
/* The dotted path of a key. */
const char *synthspec_key_path(int key);
/* Whether a path names a number key (calibration can tune only those). */
int synthspec_is_number(int key);

/* Sets a number key (index -1) or element `index` of a list key to `value`, for one region (or
 * every region when region is NULL). */
int synthspec_set(struct synth_spec *spec, int key, int index, const char *region, double value,
                  struct error *err);
/* The value of a number key (index -1) or of a list element, for region r. */
double synthspec_get(const struct synth_spec *spec, int key, int index, int r);
/* Writes a spec that extends `base` (a path relative to the written file) and sets `targets`,
 * holding the current values of the given keys for every region. */
void synthspec_write_overrides(const struct synth_spec *spec, const int *keys, int n_keys,
                               const char *base, const char *targets, FILE *out);

void synthspec_keys_markdown(FILE *out);

#endif

/* scenario — a policy scenario read from YAML into typed, validated settings.
 *
 * Every key a scenario may hold is declared once, in the key table of scenario.c: its path,
 * type, bounds, default, unit and description (with its source). The same table drives
 * validation (unknown keys rejected with the nearest valid key, types and ranges checked, all
 * with file:line:col), defaults, the fully resolved YAML written into results files, and the
 * README's scenario key reference (`dibaosim doc keys`). */
#ifndef DIBAOSIM_SCENARIO_H
#define DIBAOSIM_SCENARIO_H

#include <stdio.h>

#include "budget.h"
#include "error.h"
#include "param.h"
#include "yamltree.h"

enum unit_mode { UNIT_HOUSEHOLD, UNIT_FAMILY };
enum benefit_mode { BENEFIT_GAP, BENEFIT_TIERS };
enum rounding { ROUND_FEN, ROUND_YUAN };
enum work_cost_mode { WORK_NONE, WORK_FIXED, WORK_SHARE_OF_STANDARD, WORK_SHARE_OF_WAGE };
enum stacking { STACK_MAX, STACK_SUM };
enum separation_households { SEPARATE_REGISTERED_POOR, SEPARATE_EDGE, SEPARATE_ANY };
enum exit_mode { EXIT_TAPER, EXIT_DISREGARD };

/* Person categories of top-ups and separate registration (rules.md 3.3, 3.4), in the order of
 * CATEGORY_NAMES. */
enum category {
    CAT_DISABILITY_1_2, CAT_DISABILITY_3_4, CAT_SERIOUS_ILLNESS, CAT_AGE_70_PLUS, CAT_AGE_80_PLUS,
    CAT_MINOR, CAT_INTELLECTUAL_MENTAL_3, N_CATEGORIES
};
#define CATEGORY_NAMES "disability_1_2|disability_3_4|serious_illness|age_70_plus|age_80_plus|" \
                       "minor|intellectual_mental_3"

struct top_up {
    int who;        /* enum category (not intellectual_mental_3) */
    double share;   /* of the standard, per member per month */
};

/* A rate by age band: `rate` applies from `from_age` up to the next band's from_age. */
struct age_band {
    int from_age;
    double rate;    /* annual probability */
};

struct age_schedule {
    int n;                  /* 0: no such transition */
    struct age_band *bands; /* from_age increasing, the first 0 */
};

/* A temporary-assistance tier (rules.md 4.2). */
struct shock_tier {
    double multiple_at_least;   /* cost / annual household income */
    double pays;                /* yuan */
};

/* An uncertain parameter of a sensitivity analysis (sensitivity.parameters[i]); at most
 * SCENARIO_MAX_UNCERTAIN of them. */
#define SCENARIO_MAX_UNCERTAIN 64
enum distribution { DIST_UNIFORM, DIST_NORMAL, DIST_LOGNORMAL, DIST_BETA, DIST_TRIANGULAR };
#define DISTRIBUTION_NAMES "uniform|normal|lognormal|beta|triangular"
enum vary { VARY_REPLACE, VARY_SCALE };   /* the value replaces the parameter, or scales it */
struct uncertain {
    char *path;             /* a numeric parameter's key path, such as dibao.standard */
    int param;              /* its enum policy_param */
    int distribution;       /* enum distribution */
    int apply;              /* enum vary */
    double min, max, mode, mean, sd, median, sigma, alpha, beta;   /* NaN: not given */
};

/* One axis of a sweep (sweep[i]): from, from + step, ... up to `to`. */
struct sweep_axis {
    char *path;
    int param;
    int apply;
    double from, to, step;
    int n;                  /* grid points */
};

/* Transitions an alignment may name (rules.md 6), in the order of TRANSITION_NAMES. */
enum transition { T_JOB_ENTRY, T_JOB_EXIT, T_REGISTRY_EXIT, T_REVIEW_EXIT, T_DEATH, N_TRANSITIONS };
#define TRANSITION_NAMES "job_entry|job_exit|registry_exit|review_exit|death"
enum align_method { ALIGN_LOGIT_SHIFT, ALIGN_SORT };

/* One total of an alignment: weighted persons (households for registry_exit). */
struct alignment_total {
    char *region;           /* NULL: all regions (by: all) */
    int year;
    double value;
    struct ymark mark;      /* where the value was written */
    struct ymark region_mark;
};

/* An item of projection.alignment. */
struct alignment_item {
    int transition;         /* enum transition */
    int by_region;          /* by: region (1) or all (0) */
    int method;             /* enum align_method */
    int n;
    struct alignment_total *totals;
    struct ymark mark;      /* the item */
};

struct tier {
    double below;   /* share of the standard: the band holds pc < below × std */
    double pays;    /* share of the standard paid per unit member */
};

/* The policy parameters: every numeric key of a scenario (a lever: a `struct param` field of
 * struct scenario below, its key row in scenario.c declared with LEVER(id, exactness)) and
 * every yes/no or choice key (a switch: an int field, its row declared with SWITCH(id, kind)).
 * From those rows the policy layer (policy.h) binds and resolves every parameter into the rules
 * of each month, which is all the programs read. The order is free (nothing is positional);
 * tests/test_tables.c checks one key row per id and one id per row. */
enum policy_param {
    /* dibao (rules.md 2, 3) */
    P_STANDARD, P_MIN_SHARE, P_FINANCIAL_MONTHS, P_MAX_VEHICLES, P_MAX_HOUSES,
    P_EDUCATION_THRESHOLD, P_RIGID_SHARE, P_RIGID_CAP,
    P_WORK_AMOUNT, P_WORK_SHARE, P_WORK_CAP, P_WORK_DISABLED_SHARE,
    P_EDGE_MULTIPLE, P_FLOOR_SHARE,
    P_PARENT_MIN_AGE, P_SUPPORT_SHARE, P_SUPPORT_SHARE_3, P_SUPPORT_BASE,
    P_EXIT_POOR_MONTHS, P_DISREGARD_MONTHS, P_DISREGARD_CAP,
    P_REVIEW_INTERVAL, P_REVIEW_MONTH, P_REVIEW_COVERAGE, P_APPLICATION, P_STALE_SHARE,
    /* targeting (5) */
    P_TAKE_UP, P_ERROR_SIGMA, P_WRONGFUL, P_INCLUSION_MULTIPLE, P_WRONGFUL_SHARE,
    /* the other programs (4) */
    P_TEKUN_MULTIPLE,
    P_MEDICAL_PRIORITY, P_MEDICAL_ILLNESS, P_MEDICAL_LOW_INCOME, P_MEDICAL_LOW_MULTIPLE,
    P_MEDICAL_CAP, P_MEDICAL_DEDUCTIBLE,
    P_SHOCK_POOR, P_SHOCK_OTHER, P_SHOCK_MEDIAN, P_SHOCK_SIGMA, P_SHOCK_PAYOUT_SHARE,
    P_ELDERLY_80, P_ELDERLY_DISABLED,
    /* measures (7) and projection (6) */
    P_POVERTY_LINE,
    P_WAGE_GROWTH, P_INCOME_GROWTH, P_STANDARD_INDEXATION, P_LINE_INDEXATION,
    P_JOB_ENTRY, P_JOB_EXIT, P_JOB_WAGE_MEDIAN, P_JOB_WAGE_SIGMA, P_JOB_MIN_AGE, P_JOB_MAX_AGE,
    P_REGISTRY_EXIT_MULTIPLE, P_REGISTRY_EXIT_PROBABILITY, P_REGISTRY_GROWTH,
    /* switches: yes/no and choices, the same in every region and month */
    P_UNIT, P_HUKOU, P_EXEMPT_PENSION, P_RIGID_ENABLED, P_RIGID_MEDICAL, P_RIGID_EDUCATION,
    P_WORK_MODE, P_TOP_UP_STACKING, P_SEPARATION_ENABLED, P_SEPARATION_HOUSEHOLDS,
    P_EXIT_ENABLED, P_EXIT_MODE, P_REVIEW_ENABLED, P_SUPPORT_ENABLED, P_BENEFIT_MODE, P_ROUNDING,
    P_TEKUN_ENABLED, P_MEDICAL_ENABLED, P_TEMPORARY_ENABLED, P_ELDERLY_ENABLED,
    P_ELDERLY_STACKING, P_AGING,
    N_POLICY_PARAMS
};

struct scenario {
    char *name;
    char *description;
    int first_year, last_year;                  /* the years run (--years may change them) */
    int declared_first_year, declared_last_year;   /* the years the file declares */
    struct param poverty_line;                  /* yuan/person/year */
    struct {
        int unit;                               /* enum unit_mode */
        int hukou;                              /* enum hukou */
        struct param standard;                  /* yuan/person/month */
        struct {
            int exempt_basic_pension;
            struct {
                int enabled, medical, education;
                struct param education_threshold;   /* yuan/year */
                struct param share;
                struct param cap_share_of_income;
            } rigid_expenses;
            struct {
                int mode;                           /* enum work_cost_mode */
                struct param amount;                /* yuan/month (fixed) */
                struct param share;                 /* of std or of the wage */
                struct param cap;                   /* yuan/month; NaN: none */
                struct param disabled_share;        /* NaN: as `share` */
            } work_cost;
        } income;
        int n_top_ups;
        struct top_up *top_ups;
        int top_up_stacking;                        /* enum stacking */
        struct {
            int enabled;
            unsigned who;                           /* bit per enum category */
            int households;                         /* enum separation_households */
            struct param edge_multiple;
            struct param floor_share;
        } separate_registration;
        struct {
            int enabled;
            int mode;                               /* enum exit_mode */
            int n_schedule;
            double *schedule;                       /* taper: shares of the last benefit */
            struct param registered_poor_months;    /* NaN: as the schedule */
            struct param months;                    /* disregard: months */
            struct param cap_multiple;              /* disregard: × std a month */
        } gradual_exit;
        struct {
            int enabled;
            struct param interval_months;           /* months between reviews */
            struct param month;                     /* reviews in months ≡ month (mod interval) */
            struct param coverage;                  /* probability a unit is reviewed */
            struct param application_probability;   /* a month, per eligible unit off the caseload */
            struct param stale_benefit_share;       /* × std × size: starting units not eligible */
        } review;
        struct {
            int enabled;
            struct param parent_min_age;            /* years */
            struct param share, share_three_or_more, base_multiple;
        } support;
        struct {
            int mode;                           /* enum benefit_mode */
            struct param min_share;             /* share of std */
            int rounding;                       /* enum rounding */
            int n_tiers;
            struct tier *tiers;
        } benefit;
        struct {
            struct param financial_months;      /* months of std per capita; NaN: off */
            struct param max_vehicles;          /* NaN: off */
            struct param max_houses;            /* NaN: off */
        } assets;
    } dibao;
    struct {
        int enabled;
        struct param standard_multiple;
    } tekun;
    struct {
        struct param take_up, income_error_sigma, wrongful_inclusion, inclusion_multiple;
        struct param wrongful_benefit_share;
    } targeting;
    struct {
        int enabled;
        struct param priority, serious_illness, low_income;    /* reimbursement ratios */
        struct param low_income_multiple;                       /* × std */
        struct param cap, deductible;                           /* yuan/year */
    } medical_assistance;
    struct {
        int enabled;
        struct param probability_poor, probability_other;      /* a year */
        struct param cost_median;                               /* yuan */
        struct param cost_sigma;                                /* log sd */
        int n_tiers;
        struct shock_tier *tiers;                               /* multiples increasing */
        struct param payout_share;
    } temporary_assistance;
    struct {
        int enabled;
        struct param age_80_99, disabled_60_99;                /* yuan/person/month */
        int stacking;                                           /* enum stacking */
    } elderly_allowance;
    struct {
        struct param wage_growth, income_growth;                /* a year */
        struct param standard_indexation, poverty_line_indexation;   /* a year */
        int aging;
        struct age_schedule mortality_male, mortality_female;
        struct age_schedule disability_onset, illness_onset;
        double onset_levels[4];                                 /* shares of levels 1-4 */
        struct {
            struct param entry, exit;                           /* probability a month */
            struct param wage_median;                           /* yuan/month */
            struct param wage_sigma;                            /* log sd */
            struct param min_age, max_age;                      /* years */
        } jobs;
        struct {
            struct param exit_income_multiple;  /* × poverty line; NaN: nobody leaves */
            struct param exit_probability;      /* per household-year */
            struct param income_growth;         /* a year, registered households only */
        } registry;
        int n_alignments;
        struct alignment_item *alignments;
    } projection;

    struct budget_settings budget;              /* appropriations and fund balances */

    struct {
        int replications;                       /* 0: no sensitivity analysis */
        int n;
        struct uncertain *parameters;
    } sensitivity;
    struct {
        int n;                                  /* 0, 1 or 2 axes */
        struct sweep_axis *axes;
    } sweep;

    struct ynode *resolved;     /* the merged tree with every default filled in */
    struct yfiles files;        /* the file and every file it extends */
};

/* Reads and validates a scenario file (following `extends`). On failure returns -1 with err
 * set (ERR_INPUT) and leaves nothing to free. */
int scenario_load(struct scenario *s, const char *path, struct error *err);
void scenario_free(struct scenario *s);

/* Overrides the years (as from the command line), in the resolved tree too. */
void scenario_set_years(struct scenario *s, int first_year, int last_year);

/* "2016" or "2016:2020" → first and last year; -1 when malformed or outside 1950..2200. */
int years_parse(const char *text, int *first, int *last);

/* The resolved scenario as YAML text (caller frees). */
char *scenario_resolved_yaml(const struct scenario *s);

/* The key table: every key a scenario may hold, the policy parameters among them. */
struct config_table;
const struct config_table *scenario_keys(void);
/* The lever a key path names (such as "dibao.standard"), or -1 (a switch or no lever). */
int scenario_lever_index(const char *path);

/* The key reference as a Markdown table (for the README). */
void scenario_keys_markdown(FILE *out);

#endif

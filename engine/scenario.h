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

#include "error.h"
#include "param.h"
#include "yamltree.h"

enum unit_mode { UNIT_HOUSEHOLD, UNIT_FAMILY };
enum hukou { HUKOU_RURAL, HUKOU_URBAN };
enum benefit_mode { BENEFIT_GAP, BENEFIT_TIERS };
enum rounding { ROUND_FEN, ROUND_YUAN };

struct tier {
    double below;   /* share of the standard: the band holds pc < below × std */
    double pays;    /* share of the standard paid per unit member */
};

struct scenario {
    char *name;
    char *description;
    int first_year, last_year;
    struct param poverty_line;                  /* yuan/person/year */
    struct {
        int unit;                               /* enum unit_mode */
        int hukou;                              /* enum hukou */
        struct param standard;                  /* yuan/person/month */
        struct {
            int exempt_basic_pension;
        } income;
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

/* The key reference as a Markdown table (for the README). */
void scenario_keys_markdown(FILE *out);

#endif

/* programs — the program spine: every assistance program of the study, in the order they run
 * for a household each month (rules.md 4, 2).
 *
 *   tekun                 persons with no work capacity, income or supporter (4.4); they leave
 *                         their dibao unit, so tekun runs first
 *   dibao                 the minimum living guarantee (2, 3; programs/dibao.c)
 *   elderly_allowance     members of dibao units aged 80+ or 60+ with disability 1-2 (4.3)
 *   temporary_assistance  a shock's payout in the month it happens (4.2)
 *   medical_assistance    annual, after December: it needs the year's dibao receipt and
 *                         December's income (4.1); its amount is spread evenly over the months
 *
 * A household's year is kept in a `struct household_year`: per month and program the units,
 * amounts and which members each program reaches (entitled and paid), plus the pre-transfer
 * income the poverty measures need. The simulation fills it month by month through the spine
 * and then adds it into the summary tables. Entitlement applies the rules with full information;
 * only dibao has take-up and targeting errors, so for the other programs entitlement and receipt
 * differ only through dibao membership (elderly allowance, medical priority). */
#ifndef DIBAOSIM_PROGRAMS_H
#define DIBAOSIM_PROGRAMS_H

#include <stdint.h>

#include "policy.h"
#include "population.h"
#include "programs/dibao.h"

enum program {
    PROGRAM_TEKUN, PROGRAM_DIBAO, PROGRAM_ELDERLY, PROGRAM_TEMPORARY, PROGRAM_MEDICAL,
    N_PROGRAMS,
    PROGRAM_ALL = N_PROGRAMS,   /* summary rows of all programs together */
    N_PROGRAM_ROWS
};


/* One program for one household in one month (an annual program: its year's amount). */
struct program_month {
    int entitled_units, paid_units;   /* the program's own units: dibao units, persons, households */
    int64_t entitled, paid;           /* fen */
    int separated_units;              /* dibao: paid units of one registered separately (3.4) */
    int64_t separated_paid;           /* dibao: fen paid to them */
    /* dibao with reviews (rules.md 3.8), 0 for the other programs: units removed at a review this
     * month and their living members; living members of units paid a stale benefit */
    int review_exit_units, review_exit_persons, stale_persons;
};

/* Per member and month: bit (1 << program) set in `entitled` / `paid` when the program reaches
 * the member; `alive`; the study's classification of the member that month (`kind`: 0
 * able-bodied, 1 seriously ill, 2 disability level 1, 3 level 2, 4 levels 3-4). */
struct member_month {
    uint8_t entitled, paid, alive, kind;
};

struct household_year {
    int year;
    struct program_month program[12][N_PROGRAMS];
    struct member_month member[12][POPULATION_MAX_HOUSEHOLD];
    int64_t income[12];    /* pre-transfer income of the living members, fen/month */
    int persons[12];       /* living members */
    uint8_t low_income[POPULATION_MAX_HOUSEHOLD];   /* December: 1 ≤ pc/std < multiple */
    int shock_month;       /* temporary assistance: month of the year's shock (0-11), or -1 */
    int64_t shock_cost;    /* fen */
    uint8_t repeats[12];   /* month m is month m - 1 again in every respect (m >= 1) */
};

/* What a program step sees: the population (as projected), the rules in force, the draws' seed,
 * the calendar year and month (0-11) and the household. */
struct program_context {
    const struct population *pop;
    const struct policy_month *rules;
    uint64_t seed;
    int year, month;
    size_t household;
};

/* Tekun (4.4): whether person p is served by it. */
int tekun_serves(const struct population *pop, uint32_t p);

/* The steps, in spine order; each fills its program's entries of `out` for the context's
 * month (medical: every month of the year). `dibao` is the household's dibao outcome this
 * month. */
void dibao_step(const struct program_context *c, const struct household_month *dibao,
                struct household_year *out);
void tekun_step(const struct program_context *c, const struct household_month *dibao,
                struct household_year *out);
void elderly_step(const struct program_context *c, const struct household_month *dibao,
                  struct household_year *out);
void temporary_step(const struct program_context *c, const struct household_month *dibao,
                    struct household_year *out);
void medical_step(const struct program_context *c, const struct household_month *dibao,
                  struct household_year *out);

/* The spine: each program's name (as in scenario files and results) and step, in enum order,
 * then the row "all". An annual step runs once after December's monthly steps. In a steady
 * month — nothing about the household or the rules changed since the month before — a step that
 * `repeats` is not run again: its outcome is the month before's; the others run every month. */
struct program_info {
    const char *name;
    void (*step)(const struct program_context *c, const struct household_month *dibao,
                 struct household_year *out);
    int annual;
    int repeats;
};
extern const struct program_info PROGRAMS[N_PROGRAM_ROWS];

#endif

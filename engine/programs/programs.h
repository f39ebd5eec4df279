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

#include <limits.h>
#include <stdint.h>

#include "policy.h"
#include "population.h"
#include "programs/dibao.h"

/* The spine: one row per program, in the order they run for a household each month. Each row
 * is the program's id, its name (as in scenario files and results), its label in printed tables
 * (at most 8 characters), its step (in its own file),
 * whether it is annual (runs once after December's monthly steps) and whether it repeats (in a
 * steady month — nothing about the household or the rules changed since the month before — its
 * outcome is the month before's and its step is not run again). The enum, the steps'
 * declarations and the table PROGRAMS are all expanded from these rows, so they cannot drift
 * apart; adding a program is a row here, its step's file and its scenario keys. */
#define PROGRAM_ROWS(ROW)                                                                         \
    ROW(PROGRAM_TEKUN, "tekun", "tekun", tekun_step, 0, 1)                                        \
    ROW(PROGRAM_DIBAO, "dibao", "dibao", dibao_step, 0, 1)                                        \
    ROW(PROGRAM_ELDERLY, "elderly_allowance", "elderly", elderly_step, 0, 1)                      \
    ROW(PROGRAM_TEMPORARY, "temporary_assistance", "tempor.", temporary_step, 0, 0)               \
    ROW(PROGRAM_MEDICAL, "medical_assistance", "medical", medical_step, 1, 0)

#define PROGRAM_ENUM_ENTRY(id, name, label, step, annual, repeats) id,
enum program {
    PROGRAM_ROWS(PROGRAM_ENUM_ENTRY)
    N_PROGRAMS,
    PROGRAM_ALL = N_PROGRAMS,   /* summary rows of all programs together */
    N_PROGRAM_ROWS
};
#undef PROGRAM_ENUM_ENTRY

/* A set of programs: bit (1 << program) per program. */
typedef uint8_t program_set;
_Static_assert(N_PROGRAMS <= CHAR_BIT * sizeof(program_set),
               "program_set has a bit per program: widen it for more programs");

/* One program for one household in one month (an annual program: its year's amount). */
struct program_month {
    int64_t entitled, paid;           /* fen */
    int64_t separated_paid;           /* dibao: fen paid to units of one registered separately */
    int entitled_units, paid_units;   /* the program's own units: dibao units, persons, households */
    int separated_units;              /* dibao: paid units of one registered separately (3.4) */
    /* dibao with reviews (rules.md 3.8), 0 for the other programs: units removed at a review this
     * month and their living members; living members of units paid a stale benefit */
    int review_exit_units, review_exit_persons, stale_persons;
};   /* the 64-bit fields first: no padding (48 bytes), copied whole when a month repeats */

/* Per member and month: bit (1 << program) set in `entitled` / `paid` when the program reaches
 * the member; `alive`; the study's classification of the member that month (`kind`: 0
 * able-bodied, 1 seriously ill, 2 disability level 1, 3 level 2, 4 levels 3-4). */
struct member_month {
    program_set entitled, paid;
    uint8_t alive, kind;
};

/* What a program keeps of a household's year beyond its months: written by that program's step
 * alone, which starts it afresh in January; read by the programs after it and by explain. */
struct dibao_year {
    /* per member, as of its last month in a dibao unit (December's when it was in one then):
     * 1 ≤ pc/std < low_income_multiple, medical assistance's low-income ratio */
    uint8_t low_income[POPULATION_MAX_HOUSEHOLD];
};
struct temporary_year {
    int shock_month;       /* the month of the year's shock (0-11), or -1 */
    int64_t shock_cost;    /* fen */
    int64_t shock_income;  /* the household's annual income in the shock's month, fen */
};

struct household_year {
    int year;
    struct program_month program[12][N_PROGRAMS];
    struct member_month member[12][POPULATION_MAX_HOUSEHOLD];
    int64_t income[12];    /* pre-transfer income of the living members, fen/month */
    int persons[12];       /* living members */
    uint8_t repeats[12];   /* month m's measures are month m - 1's (m >= 1): its programs,
                            * members, persons, income and poverty line are as the month
                            * before's */
    struct dibao_year dibao;
    struct temporary_year temporary;
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

/* Tekun (4.4): whether person p is served by it; a person's monthly payment in region r. */
int tekun_serves(const struct population *pop, uint32_t p);
int64_t tekun_payment(const struct policy_month *m, int r);

/* Elderly allowance (4.3) of a member of a dibao unit of this age and disability, fen a month. */
int64_t elderly_allowance(const struct policy_month *m, int r, int age, int disability_level);

/* Temporary assistance (4.2): the year's shock of a household (its id `household`) in region
 * r, decided in January by the rules m of January: the probability for a household registered
 * poor or not, and the three uniform draws at fixed positions of the stream keyed on (seed,
 * household, year) — whether (a shock when below the probability), the cost's normal quantile
 * (z = Φ⁻¹(u), cost = cost_median × exp(cost_sigma × z), to the fen) and when (month u × 12).
 * A draw not needed is not made (NaN): none when the probability is 0, only the first when no
 * shock happens. */
struct temporary_shock {
    double probability;
    double whether, cost_draw, when;   /* the uniform draws, or NaN */
    double z;                          /* Φ⁻¹(cost_draw), or NaN */
    int month;                         /* 0-11, or -1: no shock */
    int64_t cost;                      /* fen, 0 without a shock */
};
void temporary_shock(const struct policy_month *m, int r, int registered_poor, uint64_t seed,
                     uint64_t household, int year, struct temporary_shock *out);

/* Temporary assistance (4.2): the payout for a shock costing `cost` fen to a household with
 * `income` fen a year, fen; *tier the highest tier met, or -1. */
int64_t temporary_payout(const struct policy_month *m, int r, int64_t cost, int64_t income,
                         int *tier);

/* Medical assistance (4.1) of member i in the year `out`: whether it is a priority person (a
 * registered-poor household, or supported by dibao or tekun in some month: received when `paid`,
 * entitled otherwise), its ratio (millionths) and the reimbursement of `oop` fen, fen. */
int medical_priority(int registered_poor, const struct household_year *out, uint32_t i, int paid);
int64_t medical_ratio(const struct policy_month *m, int r, int serious_illness, int priority,
                      int low_income);
int64_t medical_reimbursement(const struct policy_month *m, int r, int64_t oop, int64_t ratio_micro);
/* The reimbursement's parts, fen: spending above the deductible (oop − deductible, <= 0: nothing),
 * that × ratio rounded (before the cap), the cap, and the reimbursement (also returned). */
struct medical_parts {
    int64_t deductible, spending, uncapped, cap, amount;
};
int64_t medical_reimbursement_parts(const struct policy_month *m, int r, int64_t oop,
                                    int64_t ratio_micro, struct medical_parts *out);

/* The steps, declared from the spine's rows; each fills its program's entries of `out` for the
 * context's month (medical: every month of the year). `dibao` is the household's dibao outcome
 * this month. */
#define PROGRAM_STEP_DECLARATION(id, name, label, step, annual, repeats)                                 \
    void step(const struct program_context *c, const struct household_month *dibao,               \
              struct household_year *out);
PROGRAM_ROWS(PROGRAM_STEP_DECLARATION)
#undef PROGRAM_STEP_DECLARATION

/* A row of the spine (see PROGRAM_ROWS). */
struct program_info {
    const char *name;
    const char *label;   /* in printed tables, at most 8 characters */
    void (*step)(const struct program_context *c, const struct household_month *dibao,
                 struct household_year *out);
    int annual;
    int repeats;
};
/* The spine's rows in enum order, then the row "all" (no step). */
extern const struct program_info PROGRAMS[N_PROGRAM_ROWS];

#endif

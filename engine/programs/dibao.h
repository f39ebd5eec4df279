/* dibao — the minimum living guarantee for one household and month (rules.md 2, 3.1-3.8, 4.4,
 * 5).
 *
 * For a household: members served by tekun leave their unit; each unit's counted income (the
 * members' wage, business, property and transfer income, the basic pension unless exempt, and
 * the imputed support of its members aged parent_min_age+), the work-cost and rigid-expense
 * deductions, the assessed and per-capita income, and the tests (hukou, income strictly below
 * the standard, assets). A unit not eligible as a whole may have members registered separately
 * as units of one, the rest reassessed without them. An eligible unit's benefit (gap with its
 * floor, or tiers) plus classified top-ups, rounded, is its entitlement. Receipt then applies
 * targeting: take-up, the assessor's income error, wrongful inclusion, each drawn once a year per
 * unit from streams keyed on (seed, household, unit key, year), so every scenario of a
 * comparison sees the same draws.
 *
 * With reviews on (3.8), receipt is decided only at assessments — the starting caseload in the
 * first month, reviews of the units on the caseload, applications of units off it — and kept in
 * between in `struct review_state` (re-priced with the standard, or tapered by gradual exit);
 * review and application draws are monthly, keyed on (seed, household, unit key, year, month).
 * Entitlement is the same either way.
 *
 * Parameters in force in a month are resolved once per month and region into a
 * `struct policy_month` as exact integers (money.h): money in fen, shares in millionths. */
#ifndef DIBAOSIM_DIBAO_H
#define DIBAOSIM_DIBAO_H

#include <stdint.h>

#include "alignment.h"
#include "money.h"
#include "policy.h"
#include "population.h"
#include "scenario.h"
#include "snapshot.h"
#include "units.h"

/* A unit's memory for the taper, as columns over persons (one slot per person). */
struct unit_memory {
    uint8_t *paid_normal;      /* paid its normal benefit last month */
    int16_t *exit_month;       /* the next exit month, or -1 */
    int32_t *last_benefit;     /* last normal payment, fen */
    int32_t *wage_at_normal;   /* members' wages when last paid normally, fen */
};

/* Memory across months for gradual exit (rules.md 3.7), as columns over persons, carried from
 * month to month and across years; one per scenario. A unit is known by its household and key
 * (rules.md 3.7), so its memory must not move when members die or leave: a household or family
 * unit keeps it in `joint` at the household's first person with its key (living or not, in the
 * unit or not), a separated unit of one in `separated` at its person. */
struct exit_state {
    uint8_t *in_paid_unit;     /* per person: its unit was paid last month */
    int32_t *previous_wage;    /* per person: last month's wage, fen */
    uint8_t *disregard_left;   /* per person: months of wage disregard left */
    struct unit_memory joint, separated;
};

/* Allocates the columns (zeroed; exit months -1) for n_persons. */
void exit_state_init(struct exit_state *state, size_t n_persons);
void exit_state_free(struct exit_state *state);
/* True when no member of the persons [first, first + n) counts down a disregard and no unit of
 * theirs is in an exit: a month with nothing changed then leaves the state as it is. */
int exit_state_quiet(const struct exit_state *state, uint32_t first, uint32_t n);
/* Registers its columns (n_persons long) in a snapshot; -1 when it is full. */
int exit_state_snapshot(struct exit_state *state, size_t n_persons, struct snapshot *s);

/* Reviews and the starting caseload (rules.md 3.8): the caseload's memory across months and
 * years, as columns over persons, one per scenario. Slots as in struct exit_state: a household
 * or family unit at the household's first person with its key, a separated unit at its person.
 * A unit on the caseload is paid on its `basis` until a review (or its exit's end) changes it. */
enum review_basis {
    REVIEW_OFF,        /* not on the caseload */
    REVIEW_NORMAL,     /* its benefit, re-priced each month from the assessed income last seen */
    REVIEW_STALE,      /* a starting recipient not eligible: stale_benefit_share × std × size */
    REVIEW_WRONGFUL,   /* wrongly included (5): wrongful_benefit_share × std × size */
    REVIEW_EXIT,       /* leaving by gradual exit (3.7): schedule × its last normal payment */
};

struct review_memory {
    uint8_t *basis;           /* enum review_basis */
    uint8_t *size;            /* unit size at its last assessment */
    int16_t *exit_month;      /* REVIEW_EXIT: the next exit month */
    int64_t *assessed;        /* assessed income seen at its last assessment, micro-fen */
    int32_t *last_payment;    /* last payment on REVIEW_NORMAL, fen */
    int32_t *wages;           /* members' wages at its last assessment, fen */
};

struct review_state {
    struct review_memory joint, separated;
    uint8_t *waiting;         /* at a household's first person: a unit of it would be paid but
                               * did not apply last month (it may apply this month) */
};

/* Allocates the columns (zeroed: nobody on the caseload) for n_persons. */
void review_state_init(struct review_state *state, size_t n_persons);
void review_state_free(struct review_state *state);
/* True when no unit of the household whose persons are [first, first + n) is in an exit or
 * waiting to apply: a month with nothing changed (and no review) then repeats the month before. */
int review_state_quiet(const struct review_state *state, uint32_t first, uint32_t n);
/* True when no unit of that household is on the caseload, in an exit or waiting to apply: a
 * review has nothing to act on, so a review month with nothing else changed repeats the month
 * before. */
int review_state_off(const struct review_state *state, uint32_t first, uint32_t n);
/* Registers its columns (n_persons long) in a snapshot; -1 when it is full. */
int review_state_snapshot(struct review_state *state, size_t n_persons, struct snapshot *s);


/* Whether month (0-11) of calendar year `year` is a review month in region r. */
int dibao_review_month(const struct policy_month *m, int r, int year, int month);

/* A unit's assessment (rules.md 2.1-2.4, 3.1, 3.2), micro-fen. */
struct dibao_assessment {
    money_wide counted;       /* members' counted income (support in, disregarded wage out) */
    money_wide work_cost;     /* work-cost deduction (3.2) */
    money_wide rigid_claim;   /* rigid expenses: share × annual expenses / 12 (3.1) */
    money_wide rigid_cap;     /* their cap: cap_share × (counted − work cost) */
    money_wide rigid;         /* rigid expenses deducted (0 when the lever is off) */
    money_wide assessed;      /* max(0, counted − work cost − rigid), >= 0 */
    money_wide line;          /* std × size */
    int hukou;                /* the household's hukou is the program's */
    int other_tests;          /* hukou and (for units holding assets) assets pass */
    int eligible;
};

/* A unit's benefit before top-ups (2.5, 3.4), micro-fen. */
struct dibao_benefit {
    money_wide gap;               /* gap mode: line − assessed */
    money_wide floor;             /* gap mode: min_share × line */
    int tier;                     /* tiers mode: the band paid, or -1 (none: nothing) */
    money_wide separated_floor;   /* a separated unit: floor_share × std, else 0 */
    money_wide benefit;           /* the benefit */
};

/* The household's asset test (3.5): each test 1 passed, 0 failed, -1 switched off. */
struct dibao_assets {
    int64_t persons;   /* living persons the financial assets are divided by */
    int financial, vehicles, houses;
    int pass;
};

/* The assessor's decision on a unit (5). */
enum dibao_receipt { RECEIPT_NONE, RECEIPT_BENEFIT, RECEIPT_WRONGFUL };

/* What explain shows (explain.h) of a household-month of dibao: each step as the rules computed
 * it. Filled by dibao_household only when the call asks for it (dibao_call.steps), never in a
 * normal run. Money in micro-fen, as the rules hold it, unless said otherwise. */
struct dibao_member_steps {
    /* the member as the month saw it (the population moves with the projection) */
    int64_t person_id;
    int32_t family_id;
    int32_t wage, business, property, transfer, pension;   /* fen a month */
    int32_t medical_oop, education_expense;                 /* fen a year */
    uint8_t alive, age, disability_level, employed, serious_illness, no_supporter;
    uint8_t in_no_unit;       /* served by tekun, or dead */
    /* what the rules made of it */
    money_wide counted;       /* counted income, support in, disregarded wage out */
    money_wide support;       /* its share of the imputed family support (3.6) */
    money_wide disregard;     /* wage left out by gradual exit's disregard (3.7) */
    int disregard_left;       /* disregard months left after this one */
    money_wide work_cost;     /* its work-cost deduction (3.2) */
    int64_t expenses;         /* rigid expenses counted, fen a year (3.1) */
    unsigned categories;      /* bit per enum category */
    int64_t top_up_share;     /* millionths of std its top-ups come to (3.3) */
};

struct dibao_unit_steps {
    int assessed_whole;                /* separation (3.4) was tried: `whole` holds the unit as
                                        * a whole, not eligible; members may have left it */
    struct dibao_assessment whole;
    struct dibao_assessment a;         /* the unit as assessed (after any separation) */
    struct dibao_benefit b;            /* its benefit on true income */
    money_wide top_ups;                /* members' top-ups (paid with a normal benefit) */
    money_wide unrounded;              /* benefit + top-ups before rounding */
    /* gradual exit's memory before this month (3.7 taper) */
    int taper;
    int paid_normal, exit_month;       /* exit_month: the exit month due, or -1 */
    int64_t last_benefit, wage_at_normal, wages;   /* fen */
    /* targeting (5): what the assessor saw and decided */
    int drawn;                         /* 0: perfect targeting, nothing drawn */
    money_wide seen;
    int eligible_seen;
    int decision;                      /* enum dibao_receipt */
    double take_up_draw, wrongful_draw;   /* the year's uniform draws (NaN: not drawn) */
    struct dibao_benefit paid_benefit; /* the benefit on the seen income (RECEIPT_BENEFIT) */
    /* reviews and the caseload (3.8) */
    int reviews;                       /* reviews are on */
    int review_month;
    int basis_before, basis_after;     /* enum review_basis */
    int review_exit_month;             /* REVIEW_EXIT before: the exit month due */
    int64_t review_last_payment;       /* its last payment on a normal basis, fen */
    double application_draw, review_draw;   /* this month's draws (NaN: not drawn) */
    money_wide basis_assessed;         /* REVIEW_NORMAL after: its last assessed income, scaled */
    /* the review's draw as it was decided (recorded by the review itself, only when reviewed) */
    int review_decided;                /* a review month decided whether the unit is reviewed */
    int review_removes;                /* a review would remove it: the alignment applies to it */
    int review_year_aligned;           /* this year's review removals are aligned (review_exit) */
    double review_delta;               /* δ added to logit(coverage) (0: not shifted) */
    double review_probability;         /* coverage shifted by δ: what the draw was compared with */
    int review_sorted;                 /* method sort decided it: `review_taken`, no comparison */
    int review_taken;                  /* sort: the unit was among the candidates taken */
    double review_cutoff;              /* sort: the group's cut-off (largest draw / coverage taken) */
    int reviewed;                      /* the outcome: reviewed this month */
};

struct dibao_steps {
    int registered_poor;   /* the household's registry status this month */
    struct dibao_assets assets;
    struct dibao_member_steps member[POPULATION_MAX_HOUSEHOLD];
    struct dibao_unit_steps unit[POPULATION_MAX_HOUSEHOLD];
};

/* A household-year's draws that are the same in every month of the year (keyed on the year:
 * each unit's income error, take-up and wrongful inclusion), kept as first drawn so that later
 * months take them again instead of drawing: the values are the draws' own, so keeping them
 * changes nothing. Empty (n = 0) at the start of each household-year; when full, a draw is
 * made and not kept. */
#define UNIT_DRAWS_KEPT 16
struct unit_draws {
    int n;
    uint64_t key[UNIT_DRAWS_KEPT];   /* the unit's key (household_units.key) */
    int stream[UNIT_DRAWS_KEPT];     /* enum rng_purpose */
    double value[UNIT_DRAWS_KEPT];   /* the uniform; the income error: its normal quantile */
};

/* Where a household-month sits and the memory it reads and updates. */
struct dibao_call {
    uint64_t seed;                 /* keys the targeting, review and application draws */
    int year, month;               /* calendar year, month 0-11 */
    int first;                     /* the first simulated month: the starting caseload */
    struct exit_state *exit;       /* NULL when gradual exit is off */
    struct review_state *review;   /* NULL when reviews are off */
    double review_shift;           /* δ added to logit(coverage) for units a review removes */
    struct review_alignment *align;   /* NULL unless this year's removals are aligned */
    struct dibao_steps *steps;        /* explain's record of the steps, or NULL (a normal run) */
    struct unit_draws *draws;         /* the household-year's yearly draws kept, or NULL */
};

/* Gradual exit's schedule (3.7) in region r: the share (millionths) of its last normal payment a
 * unit is paid in exit month `month` (0: the first), or -1 when the schedule is over; the
 * schedule's length into *length when not NULL (dibao.gradual_exit.schedule's, lengthened for a
 * registered-poor household to registered_poor_months, repeating its last share). */
int64_t dibao_exit_share(const struct policy_month *m, int r, int registered_poor, int month,
                         int *length);

/* A unit's outcome in one month. */
struct unit_outcome {
    int review_exit;     /* reviewed this month and found no longer to be paid (leaves or exits) */
    int stale;           /* paid a stale benefit (REVIEW_STALE) */
    int exiting;         /* paid an exit month of gradual exit, not its normal benefit */
    int eligible;        /* entitled under the rules with full information */
    int64_t entitled;    /* fen: its entitlement (benefit plus top-ups) */
    int64_t pc_ratio;    /* assessed pc / std in millionths (true income, before any exit) */
    int paid;            /* paid after take-up and targeting errors */
    int64_t payment;     /* fen: what it is paid */
};

/* What one household gets in one month. */
struct household_month {
    struct household_units units;
    struct unit_outcome unit[POPULATION_MAX_HOUSEHOLD];
};

/* A monthly payment in micro-fen rounded as region r's rules in m say (benefit.rounding: to the
 * fen or the yuan), half away from zero; fen. */
int64_t dibao_round(const struct policy_month *m, int r, money_wide micro_fen);

/* The uniform draw of `stream` for a unit (household id, unit key) in `year`: the year's draw
 * (month < 0) or the month's (0-11); what the targeting, review and application draws compare. */
double dibao_unit_draw(uint64_t seed, uint64_t household, uint64_t key, int year, int month,
                       int stream);

/* Assesses household h in the month m; `call` says which month it is and holds the memory
 * (gradual exit's, the caseload's) read and updated for the household's members. */
void dibao_household(const struct population *pop, size_t h, const struct policy_month *m,
                     const struct dibao_call *call, struct household_month *out);

#endif

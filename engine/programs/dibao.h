/* dibao — the minimum living guarantee for one household and month (rules.md 2, 3.1-3.6, 4.4,
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
 * Parameters in force in a month are resolved once per month and region into a
 * `struct policy_month` as exact integers (money.h): money in fen, shares in millionths. */
#ifndef DIBAOSIM_DIBAO_H
#define DIBAOSIM_DIBAO_H

#include <stdint.h>

#include "money.h"
#include "policy.h"
#include "population.h"
#include "scenario.h"
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

/* Allocates the columns (zeroed; exit months -1) for n_persons; returns -1 when out of memory. */
int exit_state_init(struct exit_state *state, size_t n_persons);
void exit_state_free(struct exit_state *state);
/* True when no member of the persons [first, first + n) counts down a disregard and no unit of
 * theirs is in an exit: a month with nothing changed then leaves the state as it is. */
int exit_state_quiet(const struct exit_state *state, uint32_t first, uint32_t n);

/* A unit's outcome in one month. */
struct unit_outcome {
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

/* A monthly payment in micro-fen rounded to `rounding` (enum rounding), half away from zero;
 * fen. */
int64_t dibao_round(money_wide micro_fen, int rounding);

/* Assesses household h in the month m (of calendar `year`); `seed` keys the targeting draws;
 * `state` (NULL when gradual exit is off) is read and updated for the household's members. */
void dibao_household(const struct population *pop, size_t h, const struct policy_month *m,
                     uint64_t seed, int year, struct exit_state *state,
                     struct household_month *out);

#endif

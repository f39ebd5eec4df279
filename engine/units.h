/* units — assessment units (低保家庭) formed inside one household.
 *
 * `household` mode: one unit holding every member; `family` mode: one unit per family_id, in
 * order of each family's first member. Members served by tekun are left out (rules.md 4.4), and
 * separate registration (3.4) can move a member into a unit of one. A unit is identified across
 * months and scenarios by its household and its key: the family id (or 0 for the whole
 * household), or the separated person's id. */
#ifndef DIBAOSIM_UNITS_H
#define DIBAOSIM_UNITS_H

#include <stdint.h>

#include "population.h"

#define UNIT_NONE 255   /* unit_of a member in no unit */

struct household_units {
    int n;                                          /* units in the household */
    uint8_t unit_of[POPULATION_MAX_HOUSEHOLD];      /* per member (offset from first_person) */
    uint8_t size[POPULATION_MAX_HOUSEHOLD];         /* per unit: members */
    uint8_t separated[POPULATION_MAX_HOUSEHOLD];    /* per unit: a unit of one split off */
    int64_t key[POPULATION_MAX_HOUSEHOLD];          /* per unit: see above */
};

/* Forms the units of household h under `mode` (enum unit_mode); members whose `excluded` flag is
 * set (may be NULL) belong to no unit. */
void units_form(const struct population *pop, size_t h, int mode, const uint8_t *excluded,
                struct household_units *u);

/* Moves member i (offset) out of its unit into a new separated unit of one; returns that unit. */
int units_separate(const struct population *pop, size_t h, struct household_units *u, int i);

#endif

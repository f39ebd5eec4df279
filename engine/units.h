/* units — assessment units (低保家庭) formed inside one household.
 *
 * `household` mode: one unit holding every member. `family` mode: one unit per family_id, in
 * order of each family's first member. A unit is identified across months by its household and
 * its key (the family id, or 0 for the whole household). */
#ifndef DIBAOSIM_UNITS_H
#define DIBAOSIM_UNITS_H

#include <stdint.h>

#include "population.h"

struct household_units {
    int n;                                          /* units in the household */
    uint8_t unit_of[POPULATION_MAX_HOUSEHOLD];      /* per member (offset from first_person) */
    uint8_t size[POPULATION_MAX_HOUSEHOLD];         /* per unit: members */
    int32_t key[POPULATION_MAX_HOUSEHOLD];          /* per unit: family id, or 0 */
};

/* Forms the units of household h under `mode` (enum unit_mode). */
void units_form(const struct population *pop, size_t h, int mode, struct household_units *u);

#endif

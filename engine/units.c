/* units — see units.h. */
#include "units.h"

#include "scenario.h"

void units_form(const struct population *pop, size_t h, int mode, struct household_units *u)
{
    uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    u->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        int unit = 0;
        if (mode == UNIT_FAMILY) {
            int32_t family = pop->family_id[first + i];
            while (unit < u->n && u->key[unit] != family) unit++;
        }
        if (unit == u->n) {
            u->key[unit] = mode == UNIT_FAMILY ? pop->family_id[first + i] : 0;
            u->size[unit] = 0;
            u->n++;
        }
        u->unit_of[i] = (uint8_t)unit;
        u->size[unit]++;
    }
}

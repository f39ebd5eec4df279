/* units — see units.h. */
#include "units.h"

#include "scenario.h"

void units_form(const struct population *pop, size_t h, int mode, const uint8_t *excluded,
                struct household_units *u)
{
    uint32_t first = pop->first_person[h], n = pop->first_person[h + 1] - first;
    u->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (excluded && excluded[i]) {
            u->unit_of[i] = UNIT_NONE;
            continue;
        }
        int unit = 0;
        int64_t key = mode == UNIT_FAMILY ? pop->family_id[first + i] : 0;
        while (unit < u->n && u->key[unit] != key) unit++;
        if (unit == u->n) {
            u->key[unit] = key;
            u->size[unit] = 0;
            u->separated[unit] = 0;
            u->n++;
        }
        u->unit_of[i] = (uint8_t)unit;
        u->size[unit]++;
    }
}

int units_separate(const struct population *pop, size_t h, struct household_units *u, int i)
{
    int unit = u->n++;
    u->size[u->unit_of[i]]--;
    u->unit_of[i] = (uint8_t)unit;
    u->size[unit] = 1;
    u->separated[unit] = 1;
    u->key[unit] = pop->person_id[pop->first_person[h] + (uint32_t)i];
    return unit;
}

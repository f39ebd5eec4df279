/* measures — see measures.h. */
#include "measures.h"

#include <string.h>

const struct measure_info MEASURE_TABLE[N_MEASURE_COLUMNS] = {
#define SUMMED(id, name, units, reduction, per_program, description) \
    [id] = {name, units, description, reduction, per_program, -1, -1, 0},
#define RATIO(id, name, units, numerator, denominator, complement, description) \
    [id] = {name, units, description, REDUCE_RATIO, 1, numerator, denominator, complement},
#include "measure_list.h"
#undef SUMMED
#undef RATIO
};

double measure_value(const double *row, int column)
{
    const struct measure_info *m = &MEASURE_TABLE[column];
    if (m->reduction != REDUCE_RATIO) return row[column];
    const double denominator = row[m->denominator];
    const double ratio = denominator > 0 ? row[m->numerator] / denominator : 0.0;
    return denominator > 0 && m->complement ? 1.0 - ratio : ratio;
}

int measure_index(const char *name)
{
    for (int i = 0; i < N_MEASURE_COLUMNS; i++)
        if (strcmp(MEASURE_TABLE[i].name, name) == 0) return i;
    return -1;
}

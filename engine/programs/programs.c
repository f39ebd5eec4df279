/* programs — the spine's table (see programs.h), expanded from PROGRAM_ROWS so that each entry
 * sits at its enum position. */
#include "programs/programs.h"

#define PROGRAM_TABLE_ENTRY(id, name, label, step, annual, repeats)                              \
    [id] = {name, label, step, annual, repeats},
const struct program_info PROGRAMS[] = {
    PROGRAM_ROWS(PROGRAM_TABLE_ENTRY)
    [PROGRAM_ALL] = {"all", "total", NULL, 0, 0},
};
#undef PROGRAM_TABLE_ENTRY

_Static_assert(sizeof PROGRAMS / sizeof PROGRAMS[0] == N_PROGRAM_ROWS,
               "PROGRAMS holds a row per program and the row \"all\", last");

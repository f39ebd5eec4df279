/* programs — the spine's table (see programs.h). */
#include "programs/programs.h"

const struct program_info PROGRAMS[N_PROGRAM_ROWS] = {
    [PROGRAM_TEKUN] = {"tekun", tekun_step, 0, 1},
    [PROGRAM_DIBAO] = {"dibao", dibao_step, 0, 1},
    [PROGRAM_ELDERLY] = {"elderly_allowance", elderly_step, 0, 1},
    [PROGRAM_TEMPORARY] = {"temporary_assistance", temporary_step, 0, 0},   /* a shock's month */
    [PROGRAM_MEDICAL] = {"medical_assistance", medical_step, 1, 0},
    [PROGRAM_ALL] = {"all", NULL, 0, 0},
};

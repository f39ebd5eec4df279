/* drawmemo — see drawmemo.h. */
#include "drawmemo.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"

void draw_memo_init(struct draw_memo *m, size_t n_persons, int first_year, int last_year)
{
    m->n_persons = n_persons;
    m->first_year = first_year + 1;
    m->n_months = last_year > first_year ? (last_year - first_year) * 12 : 0;
    m->notes = xcalloc((size_t)m->n_months * n_persons + 1, 1);
}

void draw_memo_free(struct draw_memo *m)
{
    free((void *)m->notes);
    memset(m, 0, sizeof *m);
}

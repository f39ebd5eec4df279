/* snapshot — a copy of a simulation's state across months, to run a year twice.
 *
 * Aligning a review's removals (projection.alignment's review_exit, rules.md 6) needs the year's
 * candidates before any household reaches its review month: the year is run once to find them,
 * the state put back, and the year run again to decide. The state is a list of columns, each
 * registered by the module that owns it (the projected population, gradual exit's and the
 * caseload's memory); a snapshot copies them all and puts them back. */
#ifndef DIBAOSIM_SNAPSHOT_H
#define DIBAOSIM_SNAPSHOT_H

#include <stddef.h>

#define SNAPSHOT_MAX_COLUMNS 48

struct snapshot {
    int n;
    void *data[SNAPSHOT_MAX_COLUMNS];   /* the columns, owned by their modules */
    size_t bytes[SNAPSHOT_MAX_COLUMNS];
    void *copy[SNAPSHOT_MAX_COLUMNS];   /* their copies, owned here */
};

/* Registers a column of `bytes` bytes (NULL is skipped); -1 when the list is full. */
int snapshot_add(struct snapshot *s, void *data, size_t bytes);
/* Copies every registered column. */
void snapshot_take(struct snapshot *s);
/* Puts the copies back. */
void snapshot_restore(const struct snapshot *s);
void snapshot_free(struct snapshot *s);

#endif

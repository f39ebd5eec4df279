/* choices — lists of named values written "a|b|c", as used for scenario choices (`gap|tiers`)
 * and coded population columns (`rural|urban`): the name's position is its code. */
#ifndef DIBAOSIM_CHOICES_H
#define DIBAOSIM_CHOICES_H

#include <stddef.h>

/* The position of `name` in the list, or -1. */
int choices_index(const char *list, const char *name);
/* How many names the list holds. */
int choices_count(const char *list);
/* The name at `index` (0-based) into out; empty past the end. */
void choices_name(const char *list, int index, char *out, size_t size);
/* "`a`, `b` or `c`" (no pipes: they would split a Markdown table cell). */
void choices_markdown(const char *list, char *out, size_t size);
/* The edit distance between two names (64 or more for names of 64 characters or more); for
 * "did you mean" suggestions. */
size_t choices_distance(const char *a, const char *b);
/* The name of the list nearest to `name` when it is near enough to suggest (an edit distance of
 * at most a third of its length plus 2), copied into out; 0 when none is. */
int choices_nearest(const char *list, const char *name, char *out, size_t size);

#endif

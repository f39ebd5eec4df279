/* parcel — bytes packed to travel between MPI ranks (ranks.h): values put one after the other,
 * each padded to 8 bytes so that what is taken out is aligned for any number type, and taken
 * out in the same order as views into the parcel. */
#ifndef DIBAOSIM_PARCEL_H
#define DIBAOSIM_PARCEL_H

#include <stddef.h>

struct parcel {
    char *data;
    size_t n, cap, at;   /* bytes held, allocated, taken */
    int failed;          /* taking past the end */
};

/* Appends `bytes` bytes (data may be NULL when bytes is 0). */
void parcel_put(struct parcel *p, const void *data, size_t bytes);
/* The next `bytes` bytes, or NULL (and p->failed) past the end. */
const void *parcel_take(struct parcel *p, size_t bytes);
void parcel_free(struct parcel *p);

#endif

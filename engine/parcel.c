/* parcel — see parcel.h. */
#include "parcel.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"

static size_t padded(size_t bytes) { return (bytes + 7) / 8 * 8; }

void parcel_put(struct parcel *p, const void *data, size_t bytes)
{
    const size_t need = p->n + padded(bytes);
    if (need > p->cap) {
        p->cap = 2 * need + 4096;
        p->data = xrealloc(p->data, p->cap, 1);
    }
    if (bytes) memcpy(p->data + p->n, data, bytes);
    memset(p->data + p->n + bytes, 0, padded(bytes) - bytes);
    p->n = need;
}

const void *parcel_take(struct parcel *p, size_t bytes)
{
    if (p->failed || padded(bytes) > p->n - p->at) {
        p->failed = 1;
        return NULL;
    }
    const void *at = p->data + p->at;
    p->at += padded(bytes);
    return at;
}

void parcel_free(struct parcel *p)
{
    free(p->data);
    memset(p, 0, sizeof *p);
}

/* snapshot — see snapshot.h. */
#include "snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "memory.h"

int snapshot_add(struct snapshot *s, void *data, size_t bytes)
{
    if (!data) return 0;
    if (s->n == SNAPSHOT_MAX_COLUMNS) return -1;
    s->data[s->n] = data;
    s->bytes[s->n] = bytes;
    s->copy[s->n++] = NULL;
    return 0;
}

void snapshot_take(struct snapshot *s)
{
    for (int i = 0; i < s->n; i++) {
        if (!s->copy[i]) s->copy[i] = xmalloc(s->bytes[i] + 1);
        memcpy(s->copy[i], s->data[i], s->bytes[i]);
    }
}

void snapshot_restore(const struct snapshot *s)
{
    for (int i = 0; i < s->n; i++) memcpy(s->data[i], s->copy[i], s->bytes[i]);
}

void snapshot_free(struct snapshot *s)
{
    for (int i = 0; i < s->n; i++) free(s->copy[i]);
    memset(s, 0, sizeof *s);
}

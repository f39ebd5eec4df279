/* memory — see memory.h. */
#include "memory.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "tempfile.h"

/* Set by the first thread to run out of memory: it alone prints, removes and exits; any other
 * thread that fails meanwhile waits for the process to end, so the line is printed once. */
static atomic_flag ending = ATOMIC_FLAG_INIT;

_Noreturn void memory_exhausted(size_t n, size_t size)
{
    if (atomic_flag_test_and_set(&ending))
        for (;;) pause();
    char line[128];
    int length = size && n > SIZE_MAX / size
        ? snprintf(line, sizeof line, "dibaosim: out of memory (allocating %zu x %zu bytes)\n", n,
                   size)
        : snprintf(line, sizeof line, "dibaosim: out of memory (allocating %zu bytes)\n",
                   n * size);
    if (write(STDERR_FILENO, line, (size_t)length) < 0) { /* nothing more to be done */ }
    tempfile_remove();
    /* _exit, not exit: no atexit handler runs in a process without memory (HDF5's would flush
     * the file just removed, allocating as it goes), nor while other threads still run. */
    _exit(ERR_RUN);
}

void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) memory_exhausted(1, bytes);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) memory_exhausted(n, size);
    void *p = n && size ? calloc(n, size) : calloc(1, 1);
    if (!p) memory_exhausted(n, size);
    return p;
}

void *xrealloc(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) memory_exhausted(n, size);
    const size_t bytes = n * size;
    void *grown = realloc(p, bytes ? bytes : 1);   /* never realloc(p, 0), which frees p */
    if (!grown) memory_exhausted(n, size);
    return grown;
}

char *xstrdup(const char *s)
{
    const size_t bytes = strlen(s) + 1;
    return memcpy(xmalloc(bytes), s, bytes);
}

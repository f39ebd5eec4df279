/* memory — the one allocation policy: every allocation of the engine goes through xmalloc,
 * xcalloc, xrealloc or xstrdup, which never return NULL. When the system has no memory to give,
 * they print one line, `dibaosim: out of memory (allocating N bytes)`, remove the temporary output
 * file the process is writing (tempfile.h) and end the process with exit code 1 (ERR_RUN), as
 * git's xmalloc and Redis's zmalloc do; so no function below main() has an out-of-memory error
 * to report. This is the one exception to "no exit() below main": a failure that can happen at
 * any allocation, and that nothing the caller could do would mend.
 *
 * A request of 0 bytes gets a valid pointer to free (1 byte), never NULL, so an empty array is
 * not mistaken for a failure. Sizes that input decides (rows of a population file, values of a
 * YAML file) are still bounded by their readers before anything is allocated, with errors of
 * their own (exit 2): this policy is for memory the system lacks, not for sizes an input makes
 * up. Libraries (libyaml, HDF5, GSL) allocate for themselves and report their own failures. */
#ifndef DIBAOSIM_MEMORY_H
#define DIBAOSIM_MEMORY_H

#include <stddef.h>

/* `bytes` bytes, uninitialised. */
void *xmalloc(size_t bytes);
/* n elements of `size` bytes, zeroed; n * size is checked for overflow. */
void *xcalloc(size_t n, size_t size);
/* p (NULL, or from these functions) resized to n elements of `size` bytes, checked for
 * overflow; the contents kept up to the smaller size. */
void *xrealloc(void *p, size_t n, size_t size);
/* A copy of the string s (not NULL). */
char *xstrdup(const char *s);

/* The end of the process when an allocation the functions above do not make (open_memstream)
 * failed, for n elements of `size` bytes: the line, the temporary file removed, exit 1. */
_Noreturn void memory_exhausted(size_t n, size_t size);

#endif

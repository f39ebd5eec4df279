/* tempfile — the one temporary output file the process is writing (`<out>.tmp.<pid>`, h5io.h),
 * removed when SIGINT or SIGTERM stops the process, which then exits 130 or 143, and when it
 * runs out of memory (memory.h), which ends it with exit 1.
 *
 * This is process-wide state (with memory.c's flag of the process ending, the project's only),
 * and it has to be: a signal handler, or an allocation failing anywhere, can reach nothing else.
 * The path sits in a fixed buffer, guarded by a sig_atomic_t flag, so that the handler does only
 * async-signal-safe work (unlink, _exit). SIGXFSZ is ignored too, so that a file size limit
 * (ulimit -f) makes the write fail with EFBIG, reported like any failed write, instead
 * of killing the process with the temporary file left behind. */
#ifndef DIBAOSIM_TEMPFILE_H
#define DIBAOSIM_TEMPFILE_H

/* Installs the handlers (once, from main). */
void tempfile_install_handlers(void);
/* The temporary file now being written (copied); replaces any earlier one. */
void tempfile_register(const char *path);
/* It has been renamed into place or removed: nothing to clean up. */
void tempfile_forget(void);
/* Removes the temporary file, if there is one, and forgets it: for a process about to end. */
void tempfile_remove(void);

#endif

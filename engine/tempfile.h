/* tempfile — the one temporary output file the process is writing (`<out>.tmp.<pid>`, h5io.h),
 * removed when SIGINT or SIGTERM stops the process, which then exits 130 or 143.
 *
 * This is the project's one piece of process-wide state, and it has to be: a signal handler can
 * reach nothing else. The path sits in a fixed buffer, guarded by a sig_atomic_t flag, so that the
 * handler does only async-signal-safe work (unlink, _exit). SIGXFSZ is ignored too, so that a file
 * size limit (ulimit -f) makes the write fail with EFBIG, reported like any failed write, instead
 * of killing the process with the temporary file left behind. */
#ifndef DIBAOSIM_TEMPFILE_H
#define DIBAOSIM_TEMPFILE_H

/* Installs the handlers (once, from main). */
void tempfile_install_handlers(void);
/* The temporary file now being written (copied); replaces any earlier one. */
void tempfile_register(const char *path);
/* It has been renamed into place or removed: nothing to clean up. */
void tempfile_forget(void);

#endif

/* error — one failure report carried up the call chain.
 *
 * Functions below main() never exit: they fill a `struct error` and return a nonzero status.
 * Each caller may prefix context (err_prefix) before passing it up; main() prints the message
 * and exits with `code`: 2 for bad input or usage, 1 for a failure while running. Running out
 * of memory is not reported this way: memory.h ends the process at once, with exit 1. */
#ifndef DIBAOSIM_ERROR_H
#define DIBAOSIM_ERROR_H

enum { ERR_RUN = 1, ERR_INPUT = 2 };

struct error {
    int code;          /* 0 while nothing failed; ERR_RUN or ERR_INPUT after */
    char message[2048];
};

/* Sets the error (code and printf-style message) and returns -1, so callers can write
 * `return err_set(err, ERR_INPUT, "...")`. */
int err_set(struct error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Puts "context: " in front of the current message and returns -1. */
int err_prefix(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

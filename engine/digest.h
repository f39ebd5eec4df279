/* digest — SHA-256 of the files a run reads, through OpenSSL's EVP interface, for the provenance
 * recorded in results files (/meta/inputs).
 *
 * Each input is hashed once, as it is read: YAML and CSV files are read whole by
 * digest_read_file, which hashes the very bytes then parsed; an HDF5 population is streamed
 * through a digest_job from when it is opened, beside HDF5's own reading, and digest_unchanged
 * then tells whether it changed meanwhile (so that the digest recorded is that of what was
 * read). */
#ifndef DIBAOSIM_DIGEST_H
#define DIBAOSIM_DIGEST_H

#include <pthread.h>
#include <stddef.h>
#include <sys/stat.h>

#define DIGEST_HEX_SIZE 65   /* 64 lowercase hex digits and a NUL */

/* SHA-256 of n bytes; 0, or -1 when OpenSSL fails. */
int digest_bytes(const void *data, size_t n, char hex[DIGEST_HEX_SIZE]);

/* Reads a whole file into *text (malloc'ed, NUL-terminated; *size bytes before the NUL) and
 * writes its SHA-256 into hex. -1 with errno set when it cannot be read (EISDIR for a folder,
 * EINVAL for anything else that is not a regular file). */
int digest_read_file(const char *path, char **text, size_t *size, char hex[DIGEST_HEX_SIZE]);

/* SHA-256 of a whole file, streamed in large pieces; *stamp (may be NULL) receives the file's
 * status as it was hashed. -1 with errno set when it cannot be read. */
int digest_file(const char *path, char hex[DIGEST_HEX_SIZE], struct stat *stamp);

/* A file's SHA-256 taken on a thread of its own while the caller reads the file too (the page
 * cache serves both): digest_start opens it and starts, digest_finish waits for the digest. */
struct digest_job {
    pthread_t thread;
    int fd, running;
    long long bytes;   /* hashed, or -1 when reading failed */
    int error;         /* errno of the failure */
    char hex[DIGEST_HEX_SIZE];
};
/* Opens the file and starts hashing it; *stamp receives its status as opened. -1 with errno set
 * (and nothing started) when it cannot be opened. */
int digest_start(struct digest_job *job, const char *path, struct stat *stamp);
/* Waits for a started digest and writes it into hex: 0, or -1 with errno set when the file could
 * not be read. Once finished, a job is not running; finishing it again returns -1 (EINVAL). */
int digest_finish(struct digest_job *job, char hex[DIGEST_HEX_SIZE]);

/* True when the file still has the size, modification time and inode of *stamp. */
int digest_unchanged(const char *path, const struct stat *stamp);

#endif

/* digest — SHA-256 of the files a run reads, through OpenSSL's EVP interface, for the provenance
 * recorded in results files (/meta/inputs).
 *
 * Each input is hashed once, as it is read: YAML and CSV files are read whole by
 * digest_read_file, which hashes the very bytes then parsed; an HDF5 population is streamed
 * through digest_file when it is opened, and digest_unchanged then tells whether it changed
 * while HDF5 read it (so that the digest recorded is that of what was read). */
#ifndef DIBAOSIM_DIGEST_H
#define DIBAOSIM_DIGEST_H

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

/* True when the file still has the size, modification time and inode of *stamp. */
int digest_unchanged(const char *path, const struct stat *stamp);

#endif

/* sha256 — SHA-256 (FIPS 180-4) of a file, for the provenance recorded in results files. */
#ifndef DIBAOSIM_SHA256_H
#define DIBAOSIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t length;      /* bytes hashed so far */
    unsigned char block[64];
    size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL into hex. */
void sha256_final_hex(struct sha256 *s, char hex[65]);
/* Hashes a whole file; -1 when it cannot be read. */
int sha256_file(const char *path, char hex[65]);

#endif

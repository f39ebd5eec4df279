/* digest — see digest.h. */
#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memory.h"

static void to_hex(const unsigned char *md, unsigned length, char hex[DIGEST_HEX_SIZE])
{
    static const char DIGITS[] = "0123456789abcdef";
    for (unsigned i = 0; i < length && i < 32; i++) {
        hex[2 * i] = DIGITS[md[i] >> 4];
        hex[2 * i + 1] = DIGITS[md[i] & 15];
    }
    hex[64] = '\0';
}

int digest_bytes(const void *data, size_t n, char hex[DIGEST_HEX_SIZE])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (!EVP_Digest(data, n, md, &length, EVP_sha256(), NULL)) return -1;
    to_hex(md, length, hex);
    return 0;
}

/* Reads the open descriptor to its end, hashing as it goes; when `keep` is not NULL the bytes
 * are also kept there (it holds at least `capacity` bytes; reading stops at capacity). Returns
 * the number of bytes read, or -1. */
static long long hash_descriptor(int fd, char *keep, size_t capacity, char hex[DIGEST_HEX_SIZE])
{
    enum { PIECE = 1 << 20 };
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    char *piece = keep ? NULL : xmalloc(PIECE);
    long long total = 0;
    int ok = context && EVP_DigestInit_ex(context, EVP_sha256(), NULL);
    while (ok) {
        char *into = keep ? keep + total : piece;
        size_t want = keep ? capacity - (size_t)total : PIECE;
        if (want == 0) break;
        ssize_t got = read(fd, into, want);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) { ok = got == 0; break; }
        ok = EVP_DigestUpdate(context, into, (size_t)got);
        total += got;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (ok) ok = EVP_DigestFinal_ex(context, md, &length);
    if (ok) to_hex(md, length, hex);
    EVP_MD_CTX_free(context);
    free(piece);
    return ok ? total : -1;
}

int digest_read_file(const char *path, char **text, size_t *size, char hex[DIGEST_HEX_SIZE])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    char *buffer = NULL;
    long long got = -1;
    if (fstat(fd, &st) != 0) {
        /* errno says why */
    } else if (!S_ISREG(st.st_mode)) {   /* a folder, a device, a pipe */
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    } else {
        buffer = xmalloc((size_t)st.st_size + 1);
        got = hash_descriptor(fd, buffer, (size_t)st.st_size, hex);
    }
    int saved = errno;
    close(fd);
    if (got < 0) {
        free(buffer);
        errno = saved ? saved : EIO;
        return -1;
    }
    buffer[got] = '\0';
    *text = buffer;
    *size = (size_t)got;
    return 0;
}

static void *hash_job(void *arg)
{
    struct digest_job *job = arg;
    job->bytes = hash_descriptor(job->fd, NULL, 0, job->hex);
    job->error = job->bytes < 0 ? (errno ? errno : EIO) : 0;
    close(job->fd);
    return NULL;
}

int digest_start(struct digest_job *job, const char *path, struct stat *stamp)
{
    memset(job, 0, sizeof *job);
    job->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (job->fd < 0) return -1;
    int rc = fstat(job->fd, stamp) == 0 ? pthread_create(&job->thread, NULL, hash_job, job) : errno;
    if (rc) {
        close(job->fd);
        errno = rc;
        return -1;
    }
    job->running = 1;
    return 0;
}

int digest_finish(struct digest_job *job, char hex[DIGEST_HEX_SIZE])
{
    if (!job->running) {
        errno = EINVAL;
        return -1;
    }
    pthread_join(job->thread, NULL);
    job->running = 0;
    if (job->bytes < 0) {
        errno = job->error;
        return -1;
    }
    memcpy(hex, job->hex, DIGEST_HEX_SIZE);
    return 0;
}

int digest_file(const char *path, char hex[DIGEST_HEX_SIZE], struct stat *stamp)
{
    struct digest_job job;
    struct stat st;
    if (digest_start(&job, path, &st) || digest_finish(&job, hex)) return -1;
    if (stamp) *stamp = st;
    return 0;
}

int digest_unchanged(const char *path, const struct stat *stamp)
{
    struct stat now;
    return stat(path, &now) == 0 && now.st_size == stamp->st_size &&
           now.st_ino == stamp->st_ino && now.st_dev == stamp->st_dev &&
           now.st_mtim.tv_sec == stamp->st_mtim.tv_sec &&
           now.st_mtim.tv_nsec == stamp->st_mtim.tv_nsec;
}

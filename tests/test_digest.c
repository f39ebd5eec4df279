/* digest: SHA-256 through OpenSSL against the FIPS 180-4 examples, of whole files read in one
 * piece and streamed in several, the change check, and the inputs' digests recorded as they are
 * read (YAML with what it extends, CSV and HDF5 populations). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "digest.h"
#include "population.h"
#include "yamltree.h"

#define ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

static void known_vectors(void **state)
{
    (void)state;
    char hex[DIGEST_HEX_SIZE];
    assert_int_equal(digest_bytes("", 0, hex), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(digest_bytes("abc", 3, hex), 0);
    assert_string_equal(hex, ABC);
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(digest_bytes(two_blocks, strlen(two_blocks), hex), 0);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    assert_int_equal(digest_bytes(million, 1000000, hex), 0);
    assert_string_equal(hex, MILLION_A);
    free(million);
}

static void file_digests(void **state)
{
    (void)state;
    char hex[DIGEST_HEX_SIZE], *text;
    size_t size;
    const char *path = test_write("abc.txt", "abc");
    assert_int_equal(digest_read_file(path, &text, &size, hex), 0);
    assert_int_equal(size, 3);
    assert_string_equal(text, "abc");
    assert_string_equal(hex, ABC);
    free(text);
    struct stat stamp;
    assert_int_equal(digest_file(path, hex, &stamp), 0);
    assert_string_equal(hex, ABC);
    assert_true(digest_unchanged(path, &stamp));
    test_write("abc.txt", "abcd");
    assert_false(digest_unchanged(path, &stamp));
    /* a file of several streamed pieces: the same digest as its bytes in one piece */
    const size_t n = ((size_t)1 << 21) + 7;
    char *bytes = malloc(n), expected[DIGEST_HEX_SIZE];
    for (size_t i = 0; i < n; i++) bytes[i] = (char)(i * 2654435761u >> 13);
    char big[512];
    snprintf(big, sizeof big, "%s/big.bin", test_dir());
    FILE *out = fopen(big, "wb");
    fwrite(bytes, 1, n, out);
    fclose(out);
    assert_int_equal(digest_bytes(bytes, n, expected), 0);
    assert_int_equal(digest_file(big, hex, NULL), 0);
    assert_string_equal(hex, expected);
    assert_int_equal(digest_read_file(big, &text, &size, hex), 0);
    assert_int_equal(size, n);
    assert_memory_equal(text, bytes, n);
    assert_string_equal(hex, expected);
    free(text);
    free(bytes);
    char missing[512];
    snprintf(missing, sizeof missing, "%s/none.txt", test_dir());
    assert_int_equal(digest_file(missing, hex, NULL), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(digest_read_file(missing, &text, &size, hex), -1);
    assert_int_equal(errno, ENOENT);
}

/* The digest recorded for each file a load reads is that of the file's bytes. */
static void assert_recorded(const struct yfiles *files, size_t i, const char *path)
{
    char hex[DIGEST_HEX_SIZE];
    assert_true(i < files->n);
    assert_string_equal(files->paths[i], path);
    assert_int_equal(digest_file(path, hex, NULL), 0);
    assert_string_equal(files->sha256[i], hex);
}

static void inputs_hashed_as_read(void **state)
{
    (void)state;
    struct error err = {0};
    struct yfiles files = {0, NULL, NULL};
    char base[512], reform[512];
    snprintf(base, sizeof base, "%s", test_write("base.yaml", "name: base\nyears: [2016]\n"));
    snprintf(reform, sizeof reform, "%s", test_write("reform.yaml", "extends: base.yaml\nname: r\n"));
    struct ynode *tree = ytree_load_extending(reform, &files, &err);
    assert_non_null(tree);
    ytree_free(tree);
    assert_int_equal(files.n, 2);
    assert_recorded(&files, 0, reform);
    assert_recorded(&files, 1, base);
    yfiles_free(&files);

    struct population pop;
    assert_int_equal(population_load(&pop, "populations/sample", &files, &err), 0);
    assert_int_equal(files.n, 2);
    assert_recorded(&files, 0, "populations/sample/households.csv");
    assert_recorded(&files, 1, "populations/sample/persons.csv");
    yfiles_free(&files);
    char h5[512];
    snprintf(h5, sizeof h5, "%s/pop.h5", test_dir());
    assert_int_equal(population_save_h5(&pop, h5, &err), 0);
    population_free(&pop);
    assert_int_equal(population_load(&pop, h5, &files, &err), 0);
    assert_int_equal(files.n, 1);
    assert_recorded(&files, 0, h5);
    yfiles_free(&files);
    population_free(&pop);

    /* read a chunk at a time (a file synth wrote, in the order streaming needs): the digest,
     * taken beside the reading, is recorded when sealed */
    const char *fixture = "tests/populations/deflated.h5";
    struct population_file file;
    assert_int_equal(population_file_open(&file, fixture, &err), 0);
    struct population chunk;
    assert_int_equal(population_file_read(&file, 0, 2, &chunk, &err), 0);
    population_free(&chunk);
    assert_int_equal(population_file_seal(&file, &files, &err), 0);
    assert_recorded(&files, 0, fixture);
    yfiles_free(&files);
    population_file_close(&file);

    /* a file changed after it was opened is refused when sealed, and nothing is recorded */
    char copy[512];
    snprintf(copy, sizeof copy, "%s/copy.h5", test_dir());
    FILE *in = fopen(fixture, "rb"), *out = fopen(copy, "wb");
    for (int c; (c = fgetc(in)) != EOF;) fputc(c, out);
    fclose(in);
    fclose(out);
    assert_int_equal(population_file_open(&file, copy, &err), 0);
    test_write("copy.h5", "changed");
    assert_int_equal(population_file_seal(&file, &files, &err), -1);
    assert_non_null(strstr(err.message, "changed while being read"));
    assert_int_equal(files.n, 0);
    population_file_close(&file);
}

/* A digest taken on a thread of its own gives its errors back when finished. */
static void digest_jobs(void **state)
{
    (void)state;
    struct digest_job job;
    struct stat stamp;
    char hex[DIGEST_HEX_SIZE];
    const char *path = test_write("abc.txt", "abc");
    assert_int_equal(digest_start(&job, path, &stamp), 0);
    assert_int_equal(digest_finish(&job, hex), 0);
    assert_string_equal(hex, ABC);
    assert_int_equal(digest_finish(&job, hex), -1);   /* finished already */
    assert_int_equal(errno, EINVAL);
    assert_int_equal(digest_start(&job, test_dir(), &stamp), 0);   /* a folder opens... */
    assert_int_equal(digest_finish(&job, hex), -1);                /* ...but cannot be read */
    assert_int_equal(errno, EISDIR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_vectors), cmocka_unit_test(file_digests),
        cmocka_unit_test(inputs_hashed_as_read), cmocka_unit_test(digest_jobs),
    };
    return cmocka_run_group_tests_name("digest", tests, test_dir_create, test_dir_remove);
}

/* SHA-256 against the FIPS 180-4 examples, and of a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void hash_text(const char *text, size_t repeat, char hex[65])
{
    struct sha256 s;
    sha256_init(&s);
    for (size_t i = 0; i < repeat; i++) sha256_update(&s, text, strlen(text));
    sha256_final_hex(&s, hex);
}

static void known_vectors(void **state)
{
    (void)state;
    char hex[65];
    hash_text("", 1, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hash_text("abc", 1, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    hash_text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    hash_text("a", 1000000, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void file_hash(void **state)
{
    (void)state;
    const char *path = "/tmp/dibaosim-test-sha256.txt";
    FILE *f = fopen(path, "w");
    fputs("abc", f);
    fclose(f);
    char hex[65];
    assert_int_equal(sha256_file(path, hex), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    remove(path);
    assert_int_equal(sha256_file(path, hex), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(known_vectors), cmocka_unit_test(file_hash)};
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}

/* support — what the unit tests share: a scratch folder for the test program (created by the
 * group set-up, removed by the tear-down), files written into it, and a substring assertion that
 * prints both texts when it fails. Include after <cmocka.h>. */
#ifndef DIBAOSIM_TEST_SUPPORT_H
#define DIBAOSIM_TEST_SUPPORT_H

/* cmocka group set-up and tear-down. */
int test_dir_create(void **state);
int test_dir_remove(void **state);
/* The scratch folder. */
const char *test_dir(void);
/* Writes text to a file of the scratch folder; returns its path (valid for the next 3 calls). */
const char *test_write(const char *name, const char *text);
/* Fails the test unless part occurs in text. */
void test_assert_contains(const char *text, const char *part);

#endif

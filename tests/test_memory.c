/* The allocation policy (memory.h): requests of 0 bytes give pointers to free, never NULL;
 * xrealloc keeps the contents, xstrdup copies; a request the system cannot meet (SIZE_MAX / 2
 * bytes) and a count whose n × size overflows end the process, here a forked child, with exit 1,
 * the one line `dibaosim: out of memory (allocating N bytes)` on stderr and the temporary output
 * file it registered (tempfile.h) removed. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "memory.h"
#include "support.h"
#include "tempfile.h"

#ifdef __SANITIZE_ADDRESS__
/* ASan would end the process itself on the SIZE_MAX / 2 request; let it return NULL instead, as
 * malloc does (make test's ASAN_OPTIONS set other options only). It then warns on stderr, in a
 * line of its own beginning "==", which child_ending leaves out. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }
#endif

static void zero_bytes_give_pointers_to_free(void **state)
{
    (void)state;
    void *p[5] = {xmalloc(0), xcalloc(0, 8), xcalloc(8, 0), xrealloc(NULL, 0, 8), xmalloc(16)};
    p[4] = xrealloc(p[4], 0, 4);   /* not realloc(p, 0), which frees and may return NULL */
    for (int i = 0; i < 5; i++) {
        assert_non_null(p[i]);
        free(p[i]);
    }
}

static void contents_are_kept(void **state)
{
    (void)state;
    int *a = xcalloc(100, sizeof *a);
    for (int i = 0; i < 100; i++) assert_int_equal(a[i], 0);
    for (int i = 0; i < 100; i++) a[i] = i * i;
    a = xrealloc(a, 100000, sizeof *a);
    for (int i = 0; i < 100; i++) assert_int_equal(a[i], i * i);
    free(a);
    char *copy = xstrdup("dibao 低保");
    assert_string_equal(copy, "dibao 低保");
    free(copy);
}

/* Runs allocate() in a child whose stderr goes to a file, with a temporary output file
 * registered; returns its exit status (128 + the signal when one ended it), with what it printed
 * in `said` (but a sanitizer's lines) and whether the temporary file is still there in *left. */
static int child_ending(void (*allocate)(void), char *said, size_t size, int *left)
{
    char temporary[4096], errors[4096];
    snprintf(temporary, sizeof temporary, "%s/results.h5.tmp.1", test_dir());
    snprintf(errors, sizeof errors, "%s/stderr", test_dir());
    FILE *f = fopen(temporary, "w");
    assert_non_null(f);
    fputs("half a results file", f);
    fclose(f);
    fflush(NULL);
    const pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        const int fd = open(errors, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, STDERR_FILENO) < 0) _exit(98);
        tempfile_register(temporary);
        allocate();
        _exit(99);   /* it returned */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    f = fopen(errors, "r");
    assert_non_null(f);
    char line[1024];
    said[0] = '\0';
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "==", 2) != 0) strncat(said, line, size - strlen(said) - 1);
    fclose(f);
    *left = access(temporary, F_OK) == 0;
    unlink(temporary);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void huge(void) { free(xmalloc(SIZE_MAX / 2)); }
static void overflowing_calloc(void) { free(xcalloc(SIZE_MAX / 2, 4)); }
static void overflowing_realloc(void) { free(xrealloc(NULL, SIZE_MAX / 2, 4)); }

static void out_of_memory_ends_the_process(void **state)
{
    (void)state;
    char said[4096], expected[128];
    int left = -1;
    assert_int_equal(child_ending(huge, said, sizeof said, &left), 1);
    snprintf(expected, sizeof expected, "dibaosim: out of memory (allocating %zu bytes)\n",
             SIZE_MAX / 2);
    assert_string_equal(said, expected);
    assert_int_equal(left, 0);
}

static void an_overflowing_count_ends_the_process(void **state)
{
    (void)state;
    void (*const fails[2])(void) = {overflowing_calloc, overflowing_realloc};
    char said[4096], expected[128];
    snprintf(expected, sizeof expected, "dibaosim: out of memory (allocating %zu x 4 bytes)\n",
             SIZE_MAX / 2);
    for (int i = 0; i < 2; i++) {
        int left = -1;
        assert_int_equal(child_ending(fails[i], said, sizeof said, &left), 1);
        assert_string_equal(said, expected);
        assert_int_equal(left, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_bytes_give_pointers_to_free),
        cmocka_unit_test(contents_are_kept),
        cmocka_unit_test(out_of_memory_ends_the_process),
        cmocka_unit_test(an_overflowing_count_ends_the_process),
    };
    return cmocka_run_group_tests_name("memory", tests, test_dir_create, test_dir_remove);
}

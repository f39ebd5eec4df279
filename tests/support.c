/* support — see support.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

static char dir[] = "/tmp/dibaosim-test-XXXXXX";

int test_dir_create(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

int test_dir_remove(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

const char *test_dir(void) { return dir; }

const char *test_write(const char *name, const char *text)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

void test_assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part)) {
        print_error("expected \"%s\" in: %s\n", part, text ? text : "(null)");
        fail();
    }
}

/* choices — see choices.h. */
#include "choices.h"

#include <stdio.h>
#include <string.h>

int choices_index(const char *list, const char *name)
{
    int index = 0;
    for (const char *c = list; *c; index++) {
        size_t len = strcspn(c, "|");
        if (strlen(name) == len && strncmp(name, c, len) == 0) return index;
        c += len + (c[len] == '|');
    }
    return -1;
}

void choices_name(const char *list, int index, char *out, size_t size)
{
    const char *c = list;
    for (; *c && index > 0; index--) c += strcspn(c, "|") + (c[strcspn(c, "|")] == '|');
    snprintf(out, size, "%.*s", (int)strcspn(c, "|"), c);
}

int choices_count(const char *list)
{
    int n = 1;
    for (const char *c = list; *c; c++) n += *c == '|';
    return n;
}

void choices_markdown(const char *list, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *c = list; *c && used < size;) {
        size_t len = strcspn(c, "|");
        const char *sep = c == list ? "" : c[len] ? ", " : " or ";
        used += (size_t)snprintf(out + used, size - used, "%s`%.*s`", sep, (int)len, c);
        c += len + (c[len] == '|');
    }
}

size_t choices_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (lb >= 64) return 64;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}


int choices_nearest(const char *list, const char *name, char *out, size_t size)
{
    size_t best = (size_t)-1;
    for (const char *c = list; *c;) {
        const size_t len = strcspn(c, "|");
        char candidate[64];
        snprintf(candidate, sizeof candidate, "%.*s", (int)len, c);
        const size_t d = choices_distance(name, candidate);
        if (d < best) {
            best = d;
            snprintf(out, size, "%s", candidate);
        }
        c += len + (c[len] == '|');
    }
    return best <= strlen(name) / 3 + 2;
}

/* csv — see csv.h. */
#include "csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "memory.h"

int csv_open(struct csv *csv, const char *path, struct error *err)
{
    memset(csv, 0, sizeof *csv);
    size_t size;
    if (digest_read_file(path, &csv->buffer, &size, csv->sha256))
        return err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    const char *nul = memchr(csv->buffer, '\0', size);   /* the text would end there */
    const char *lone_cr = csv->buffer;   /* a CR line ending without LF reads as one long line */
    while ((lone_cr = memchr(lone_cr, '\r', size - (size_t)(lone_cr - csv->buffer))) &&
           lone_cr[1] == '\n')
        lone_cr++;
    const char *bad = nul && (!lone_cr || nul < lone_cr) ? nul : lone_cr;
    if (bad) {
        int line = 1, column = 1;
        for (const char *p = csv->buffer; p < bad; p++) {
            if (*p == '\n') line++, column = 1;
            else column++;
        }
        free(csv->buffer);
        csv->buffer = NULL;
        return err_set(err, ERR_INPUT, "%s:%d: character %d is %s", path, line, column,
                       bad == nul ? "a NUL byte (not a text file?)"
                                  : "a carriage return without a line feed (lines must end in LF "
                                    "or CRLF)");
    }
    csv->cursor = csv->buffer;
    if (size >= 3 && memcmp(csv->buffer, "\xEF\xBB\xBF", 3) == 0) csv->cursor += 3;   /* UTF-8 BOM */
    csv->path = xstrdup(path);
    return 0;
}

size_t csv_count_rows(const struct csv *csv)
{
    /* the same reading as csv_next_row: a quote opens a quoted field only at a field's start */
    size_t rows = 0;
    int content = 0, quoted = 0, field_start = 1;
    for (const char *p = csv->cursor; *p; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') p++;
            else if (*p == '"') quoted = 0;
            continue;
        }
        if (*p == '"' && field_start) quoted = 1;
        field_start = *p == ',' || *p == '\n';
        if (*p == '\n') {
            rows += content;
            content = 0;
        } else if (*p != '\r') {
            content = 1;
        }
    }
    return rows + content;
}

int csv_next_row(struct csv *csv, char **fields, int max, struct error *err)
{
    char *p = csv->cursor;
    for (;;) {   /* skip blank lines */
        if (*p == '\0') return 0;
        csv->line++;
        if (*p == '\n') { p++; continue; }
        if (p[0] == '\r' && p[1] == '\n') { p += 2; continue; }
        break;
    }
    csv->first_line = csv->line;
    int n = 0;
    for (;;) {
        if (n == max)
            return err_set(err, ERR_INPUT, "%s:%d: more than %d fields", csv->path, csv->line, max);
        char *out = p;
        fields[n++] = out;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return err_set(err, ERR_INPUT, "%s:%d: unterminated quote", csv->path,
                                   csv->line);
                if (*p == '"' && p[1] == '"') { *out++ = '"'; p += 2; continue; }
                if (*p == '"') { p++; break; }
                if (*p == '\n') csv->line++;
                *out++ = *p++;
            }
        } else {
            while (*p && *p != ',' && *p != '\n' && !(p[0] == '\r' && p[1] == '\n')) *out++ = *p++;
        }
        char end = *p;
        if (end == '\r') p++, end = *p;
        *out = '\0';
        if (end == ',') { p++; continue; }
        if (end == '\n') p++;
        else if (end != '\0')
            return err_set(err, ERR_INPUT, "%s:%d: unexpected text after a quoted field",
                           csv->path, csv->line);
        break;
    }
    csv->cursor = p;
    return n;
}

void csv_close(struct csv *csv)
{
    free(csv->buffer);
    free(csv->path);
    memset(csv, 0, sizeof *csv);
}

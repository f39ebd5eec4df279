/* csv — a minimal reader of comma-separated files: a header row, then rows of fields.
 * Fields may be double-quoted ("" inside quotes is one quote); lines end in \n or \r\n.
 * The whole file is read into memory (and hashed, digest.h) and split in place: fields point
 * into the buffer. */
#ifndef DIBAOSIM_CSV_H
#define DIBAOSIM_CSV_H

#include <stddef.h>

#include "digest.h"
#include "error.h"

struct csv {
    char *path;
    char *buffer;    /* the file's text, split in place */
    char *cursor;    /* where the next row starts */
    int line;        /* line number where the row last read ends (1 = header) */
    int first_line;  /* line number where it starts */
    char sha256[DIGEST_HEX_SIZE];   /* SHA-256 of the file as read */
};

/* Opens and reads the file; ERR_INPUT when it cannot be read, is not a regular file, or holds a
 * NUL byte or a carriage return without a line feed (line and character given). */
int csv_open(struct csv *csv, const char *path, struct error *err);
/* Reads the next row into fields[0..max); returns the field count, 0 at the end of the file
 * (blank lines are skipped), or -1 (with err) when a row has more than max fields or an
 * unterminated quote. */
int csv_next_row(struct csv *csv, char **fields, int max, struct error *err);
/* Counts the data rows left (without consuming them). */
size_t csv_count_rows(const struct csv *csv);
void csv_close(struct csv *csv);

#endif

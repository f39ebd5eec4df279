/* h5schema — the results file's schema, declared once, and the one writer that walks it.
 *
 * Like SWIFT's output fields, each dataset is a row: name, type, units, description and, for
 * the columns of a long table, an accessor that gives row i's value. A group of the file is a
 * table of such rows (struct output_group); each writer module (h5out_*.c, one per noun)
 * declares its groups beside the code that fills them, and h5out.c lists every group in the
 * order of the docs (`dibaosim doc schema` prints that list). The writer takes every type,
 * units and description from the rows, and a dataset missing from them is a programming error
 * (abort).
 *
 * A group of the summary also holds one dataset per measure of MEASURE_TABLE (measures.h),
 * which gives their names, units and descriptions. */
#ifndef DIBAOSIM_H5SCHEMA_H
#define DIBAOSIM_H5SCHEMA_H

#include <hdf5.h>
#include <stddef.h>
#include <stdio.h>

enum field_type { FIELD_TEXT, FIELD_INT, FIELD_INT64, FIELD_UINT8, FIELD_UINT64, FIELD_DOUBLE };

struct output_field {
    const char *name;          /* the dataset; <program>, <measure>, <name>: one per item */
    enum field_type type;
    const char *units;
    const char *description;
    /* a long table's column: row i's value (numbers converted to `type`), or NULL when the
     * writer gives the data */
    double (*number)(const void *table, size_t row);
    const char *(*text)(const void *table, size_t row);
};

struct output_group {
    const char *path;          /* <name> or <reform> stands for a scenario's name */
    const struct output_field *fields;
    size_t n_fields;
    /* a summary: also a double dataset per column of MEASURE_TABLE, from the summed row i */
    const double *(*measure_row)(const void *table, size_t row);
};

#define OUTPUT_GROUP(path, fields, measure_row) \
    {path, fields, sizeof fields / sizeof fields[0], measure_row}

/* The groups as a Markdown table (for the README), `n` of them in order. */
void h5schema_markdown(FILE *out, const struct output_group *const *groups, size_t n);

/* Writes every column of group g that has an accessor (and, for a summary, every measure),
 * `rows` rows of `table`, into g's path with `name` for its placeholder. */
int h5schema_write_table(hid_t file, const struct output_group *g, const char *name,
                         const void *table, size_t rows);

/* Writes dataset `dataset` (NULL: the field's name) of field `field` of group g, `name` for the
 * path's placeholder, from `data` of the field's type: numbers of `rank` dims, a text
 * (rank 0, data a char *) or texts (rank 1, data a char *const *). `units`: NULL for the
 * field's (the headlines have their own). */
int h5schema_write(hid_t file, const struct output_group *g, const char *name,
                   const char *field, const char *dataset, const char *units, int rank,
                   const hsize_t *dims, const void *data);
/* The same for columns [offset, offset + count) of a numeric dataset of `dims` written in parts
 * (h5io_write_columns), the part's rows one after the other in `data`. */
int h5schema_write_columns(hid_t file, const struct output_group *g, const char *name,
                           const char *field, const char *dataset, int rank,
                           const hsize_t *dims, hsize_t offset, hsize_t count, const void *data);
/* Reads back such columns (h5io_read_columns) into `data`, as the field's type: -1 when the
 * dataset is missing, has other dims, or a chunk fails its checksum. */
int h5schema_read_columns(hid_t file, const struct output_group *g, const char *name,
                          const char *field, const char *dataset, int rank,
                          const hsize_t *dims, hsize_t offset, hsize_t count, void *data);

#endif

/* h5schema — see h5schema.h. */
#include "h5schema.h"

#include <stdlib.h>
#include <string.h>

#include "h5io.h"
#include "memory.h"
#include "measures.h"

void h5schema_markdown(FILE *out, const struct output_group *const *groups, size_t n)
{
    fputs("| dataset | units | description |\n|---|---|---|\n", out);
    for (size_t i = 0; i < n; i++) {
        const struct output_group *g = groups[i];
        for (size_t f = 0; f < g->n_fields; f++)
            fprintf(out, "| `%s/%s` | %s | %s |\n", g->path, g->fields[f].name,
                    g->fields[f].units, g->fields[f].description);
        for (int c = 0; g->measure_row && c < N_MEASURE_COLUMNS; c++)
            fprintf(out, "| `%s/%s` | %s | %s |\n", g->path, MEASURE_TABLE[c].name,
                    MEASURE_TABLE[c].units, MEASURE_TABLE[c].description);
    }
}

/* The field of g named `name`; a missing one is a programming error. */
static const struct output_field *field(const struct output_group *g, const char *name)
{
    for (size_t f = 0; f < g->n_fields; f++)
        if (strcmp(g->fields[f].name, name) == 0) return &g->fields[f];
    fprintf(stderr, "dibaosim: internal error: %s/%s is not in the results schema\n", g->path,
            name);
    abort();
}

/* Opens g's group in the file, its placeholder (the first <...>) replaced by `name`. */
static hid_t open_group(hid_t file, const struct output_group *g, const char *name)
{
    char path[1024];
    const char *open = strchr(g->path, '<'), *close = open ? strchr(open, '>') : NULL;
    if (open && close && name)
        snprintf(path, sizeof path, "%.*s%s%s", (int)(open - g->path), g->path, name, close + 1);
    else
        snprintf(path, sizeof path, "%s", g->path);
    return h5io_group(file, path);
}

static hid_t native(enum field_type type)
{
    switch (type) {
    case FIELD_INT: return H5T_NATIVE_INT;
    case FIELD_INT64: return H5T_NATIVE_INT64;
    case FIELD_UINT8: return H5T_NATIVE_UINT8;
    case FIELD_UINT64: return H5T_NATIVE_UINT64;
    default: return H5T_NATIVE_DOUBLE;
    }
}

/* Writes one dataset into an open group. */
static int put(hid_t group, const struct output_field *f, const char *dataset, const char *units,
               int rank, const hsize_t *dims, const void *data)
{
    if (f->type == FIELD_TEXT && rank == 0)
        return h5io_write_text(group, dataset, data, f->description);
    if (f->type == FIELD_TEXT) return h5io_write_texts(group, dataset, data, dims[0], f->description);
    return h5io_write(group, dataset, native(f->type), rank, dims, data, units ? units : f->units,
                      f->description);
}

int h5schema_write(hid_t file, const struct output_group *g, const char *name,
                   const char *field_name, const char *dataset, const char *units, int rank,
                   const hsize_t *dims, const void *data)
{
    const struct output_field *f = field(g, field_name);
    hid_t group = open_group(file, g, name);
    if (group < 0) return -1;
    int rc = put(group, f, dataset ? dataset : f->name, units, rank, dims, data);
    H5Gclose(group);
    return rc;
}

int h5schema_write_columns(hid_t file, const struct output_group *g, const char *name,
                           const char *field_name, const char *dataset, int rank,
                           const hsize_t *dims, hsize_t offset, hsize_t count, const void *data)
{
    const struct output_field *f = field(g, field_name);
    hid_t group = open_group(file, g, name);
    if (group < 0) return -1;
    int rc = h5io_write_columns(group, dataset ? dataset : f->name, native(f->type), rank, dims,
                                offset, count, data, f->units, f->description, H5IO_COMPRESSED);
    H5Gclose(group);
    return rc;
}

int h5schema_read_columns(hid_t file, const struct output_group *g, const char *name,
                          const char *field_name, const char *dataset, int rank,
                          const hsize_t *dims, hsize_t offset, hsize_t count, void *data)
{
    const struct output_field *f = field(g, field_name);
    hid_t group = open_group(file, g, name);
    if (group < 0) return -1;
    int rc = h5io_read_columns(group, dataset ? dataset : f->name, native(f->type), rank, dims,
                               offset, count, data);
    H5Gclose(group);
    return rc;
}

/* Row i's value of a numeric column, stored as the field's type at column + i. */
static void store(const struct output_field *f, void *column, size_t i, double value)
{
    switch (f->type) {
    case FIELD_INT: ((int *)column)[i] = (int)value; break;
    case FIELD_INT64: ((int64_t *)column)[i] = (int64_t)value; break;
    case FIELD_UINT8: ((uint8_t *)column)[i] = (uint8_t)value; break;
    case FIELD_UINT64: ((uint64_t *)column)[i] = (uint64_t)value; break;
    default: ((double *)column)[i] = value; break;
    }
}

/* A column's buffer holds `rows` values of any field type: 8 bytes each at most. */
_Static_assert(sizeof(double) == 8 && sizeof(uint64_t) == 8 && sizeof(char *) <= 8,
               "a column holds 8-byte cells");

int h5schema_write_table(hid_t file, const struct output_group *g, const char *name,
                         const void *table, size_t rows)
{
    hid_t group = open_group(file, g, name);
    if (group < 0) return -1;
    void *column = xmalloc((rows + 1) * 8);
    int rc = 0;
    hsize_t dims[1] = {rows};
    for (size_t f = 0; f < g->n_fields && !rc; f++) {
        const struct output_field *x = &g->fields[f];
        if (x->text) {
            const char **texts = column;
            for (size_t i = 0; i < rows; i++) texts[i] = x->text(table, i);
            rc = put(group, x, x->name, NULL, 1, dims, texts);
        } else if (x->number) {
            for (size_t i = 0; i < rows; i++) store(x, column, i, x->number(table, i));
            rc = put(group, x, x->name, NULL, 1, dims, column);
        }
    }
    double *values = column;
    for (int c = 0; g->measure_row && c < N_MEASURE_COLUMNS && !rc; c++) {
        for (size_t i = 0; i < rows; i++) values[i] = measure_value(g->measure_row(table, i), c);
        rc = h5io_write(group, MEASURE_TABLE[c].name, H5T_NATIVE_DOUBLE, 1, dims, values,
                        MEASURE_TABLE[c].units, MEASURE_TABLE[c].description);
    }
    free(column);
    H5Gclose(group);
    return rc;
}

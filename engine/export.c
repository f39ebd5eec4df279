/* export — see export.h.
 *
 * The file is walked group by group; a group whose datasets are all one-dimensional and of one
 * length is a table (a summary, a cash flow, fund needs, a comparison, the validation, the
 * sensitivity statistics...), written as <group path with dots>.csv: one column per dataset,
 * the row keys first (scenario-independent names: year, month, region, program, decile,
 * measure), the header naming each column with its units. Money (units starting with "yuan")
 * is printed to the fen, other numbers as they are (whole numbers without decimals). Scalars
 * (the provenance in /meta), per-household microdata (two-dimensional) and groups of one
 * dataset are left to the HDF5 file. */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h5io.h"
#include "memory.h"

#define MAX_COLUMNS 256

struct column {
    char name[256];
    char units[64];
    int text;            /* a column of strings */
    double *numbers;
    char **texts;
};

/* The row keys, printed first in this order. */
static const char *const KEYS[] = {"year", "month", "region", "program", "decile", "measure"};

static int key_rank(const char *name)
{
    for (size_t k = 0; k < sizeof KEYS / sizeof KEYS[0]; k++)
        if (strcmp(name, KEYS[k]) == 0) return (int)k;
    return (int)(sizeof KEYS / sizeof KEYS[0]);
}

static int by_key_then_name(const void *a, const void *b)
{
    const struct column *x = a, *y = b;
    const int rx = key_rank(x->name), ry = key_rank(y->name);
    return rx != ry ? rx - ry : strcmp(x->name, y->name);
}

/* A dataset's scalar string attribute `name` into out ("" when absent). */
static void text_attribute(hid_t set, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    if (H5Aexists(set, name) <= 0) return;
    const hid_t attr = H5Aopen(set, name, H5P_DEFAULT), type = H5Aget_type(attr);
    const size_t n = H5Tget_size(type);
    char *buffer = xcalloc(n + 1, 1);
    if (!H5Tis_variable_str(type) && H5Aread(attr, type, buffer) >= 0)
        snprintf(out, size, "%s", buffer);
    free(buffer);
    H5Tclose(type);
    H5Aclose(attr);
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void put_text(FILE *f, const char *text)
{
    if (!strpbrk(text, ",\"\n")) {
        fputs(text, f);
        return;
    }
    fputc('"', f);
    for (const char *c = text; *c; c++) {
        if (*c == '"') fputc('"', f);
        fputc(*c, f);
    }
    fputc('"', f);
}

static void put_number(FILE *f, double x, int money)
{
    if (x != x) return;   /* NaN: an empty cell */
    if (money) fprintf(f, "%.2f", x);
    else if (x == (double)(long long)x && x > -1e15 && x < 1e15) fprintf(f, "%lld", (long long)x);
    else fprintf(f, "%.10g", x);
}

/* Writes the table to dir/<name>.csv through a temporary name. */
static int write_table(const char *dir, const char *name, struct column *c, int n, size_t rows,
                       struct error *err)
{
    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) return err_set(err, ERR_RUN, "%s: %s", tmp, strerror(errno));
    qsort(c, (size_t)n, sizeof *c, by_key_then_name);
    for (int k = 0; k < n; k++) {
        char header[256];
        /* units that say more than the name or the kind of value */
        if (c[k].units[0] && strcmp(c[k].units, c[k].name) && strcmp(c[k].units, "text"))
            snprintf(header, sizeof header, "%s (%s)", c[k].name, c[k].units);
        else snprintf(header, sizeof header, "%s", c[k].name);
        if (k) fputc(',', f);
        put_text(f, header);
    }
    fputc('\n', f);
    for (size_t i = 0; i < rows; i++) {
        for (int k = 0; k < n; k++) {
            if (k) fputc(',', f);
            if (c[k].text) put_text(f, c[k].texts[i] ? c[k].texts[i] : "");
            else put_number(f, c[k].numbers[i], strncmp(c[k].units, "yuan", 4) == 0);
        }
        fputc('\n', f);
    }
    const int failed = ferror(f) | (fclose(f) != 0);
    if (failed || rename(tmp, path) != 0) {
        remove(tmp);
        return err_set(err, ERR_RUN, "%s: writing failed (%s)", path, strerror(errno));
    }
    return 0;
}

struct walk {
    const char *dir;
    int tables;
    struct error *err;
};

/* The table a group holds (when it is one), written; then its subgroups. */
static int walk_group(hid_t file, const char *path, struct walk *w)
{
    const hid_t group = H5Gopen2(file, path, H5P_DEFAULT);
    if (group < 0) return err_set(w->err, ERR_INPUT, "%s: cannot open", path);
    H5G_info_t info;
    H5Gget_info(group, &info);
    struct column *columns = xcalloc(MAX_COLUMNS, sizeof *columns);
    char **subgroups = xcalloc(info.nlinks + 1, sizeof *subgroups);
    int n = 0, table = 1, rc = 0;
    size_t n_subgroups = 0;
    long long rows = -1;
    for (hsize_t i = 0; i < info.nlinks && !rc; i++) {
        char name[256];
        H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                           H5P_DEFAULT);
        const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
        const int is_group = object >= 0 && H5Iget_type(object) == H5I_GROUP;
        if (object >= 0) H5Oclose(object);
        if (is_group) {
            subgroups[n_subgroups++] = xstrdup(name);
            continue;
        }
        const long long length = h5io_length(group, name);
        if (length < 0 || (rows >= 0 && length != rows) || n == MAX_COLUMNS) {
            table = 0;   /* a scalar, a matrix or a column of another length */
            continue;
        }
        if (!table) continue;
        rows = length;
        struct column *c = &columns[n++];
        snprintf(c->name, sizeof c->name, "%s", name);
        const hid_t set = H5Dopen2(group, name, H5P_DEFAULT);
        text_attribute(set, "units", c->units, sizeof c->units);
        H5Dclose(set);
        size_t count = 0;
        c->text = h5io_type_class(group, name) == H5T_STRING;
        /* a length beyond what a reader takes is refused before anything is allocated */
        if (!c->text && rows <= H5IO_MAX_ELEMENTS)
            c->numbers = xmalloc((size_t)rows * sizeof *c->numbers + 1);
        if (c->text ? h5io_read_texts(group, name, &c->texts, &count)
                    : !c->numbers || h5io_read(group, name, H5T_NATIVE_DOUBLE, c->numbers))
            rc = err_set(w->err, ERR_INPUT, "%s/%s: cannot read", path, name);
    }
    if (!rc && table && n > 1 && rows > 0) {
        char name[4096];
        snprintf(name, sizeof name, "%s", path + (path[1] != '\0'));
        for (char *ch = name; *ch; ch++)
            if (*ch == '/') *ch = '.';
        rc = write_table(w->dir, name, columns, n, (size_t)rows, w->err);
        w->tables += !rc;
    }
    for (int k = 0; k < n; k++) {
        free(columns[k].numbers);
        if (columns[k].texts) h5io_free_texts(columns[k].texts, (size_t)rows);
    }
    free(columns);
    H5Gclose(group);
    for (size_t s = 0; s < n_subgroups; s++) {
        char sub[4096];
        snprintf(sub, sizeof sub, "%s%s%s", path, path[1] ? "/" : "", subgroups[s]);
        if (!rc) rc = walk_group(file, sub, w);
        free(subgroups[s]);
    }
    free(subgroups);
    return rc;
}

int export_results(const char *results, const char *dir, int *tables, struct error *err)
{
    struct stat st;
    if (stat(results, &st) != 0)
        return err_set(err, ERR_INPUT, "%s: %s", results,
                       errno == ENOENT ? "no such file" : strerror(errno));
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return err_set(err, ERR_INPUT, "--out %s: cannot create the folder (%s)", dir,
                       strerror(errno));
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(err, ERR_INPUT, "--out %s is not a folder", dir);
    h5io_quiet();
    const hid_t file = H5Fopen(results, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return err_set(err, ERR_INPUT, "%s: not an HDF5 results file", results);
    struct walk w = {dir, 0, err};
    const int rc = walk_group(file, "/", &w);
    H5Fclose(file);
    *tables = w.tables;
    return rc;
}

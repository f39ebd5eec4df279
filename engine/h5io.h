/* h5io — the few HDF5 operations the project needs, each dataset written with its `units` and
 * `description` attributes (callers cannot forget them), and the write-to-temporary-then-rename
 * discipline that keeps a half-written file from ever standing at the final path. */
#ifndef DIBAOSIM_H5IO_H
#define DIBAOSIM_H5IO_H

#include <hdf5.h>
#include <stddef.h>

#include "error.h"

/* Datasets are written in chunks of at most this many values along their last axis, each with a
 * Fletcher-32 checksum that HDF5 verifies on every read (a damaged chunk fails the read). */
#define H5IO_CHUNK 65536
#define H5IO_COMPACT_BYTES 32768   /* texts kept in the object header up to this size */
/* The most values a dataset read through h5io_elements may declare, and the most strings a list
 * of texts may hold: larger declarations in a file are refused before anything is allocated. */
#define H5IO_MAX_ELEMENTS 4294967295LL
#define H5IO_MAX_TEXTS 100000000LL

/* Called first in main: keeps HDF5 from closing, as the process exits, a file whose writing
 * failed (that crashes inside HDF5), and turns its error printing off. */
void h5io_init(void);
/* Turns off HDF5's own error printing: failures are reported through struct error. */
void h5io_quiet(void);
/* Whether a file whose writing failed was left open (HDF5 could not close it). Under MPI, HDF5
 * ends itself at MPI_Finalize whatever h5io_init said, and crashes there on such a file: main
 * then ends the process without finalising MPI. */
int h5io_left_open(void);

/* Creates `final_path`.tmp.<pid> for writing; returns the file id or a negative value. The
 * temporary name is written to tmp_path (size at least 4096) and registered with tempfile.h, so
 * that an interrupt removes it. Errors name final_path (--out) and the system's reason. */
hid_t h5io_create_temp(const char *final_path, char *tmp_path, struct error *err);
/* Closes the file and renames it to final_path; on failure removes it. */
int h5io_commit(hid_t file, const char *tmp_path, const char *final_path, struct error *err);
/* Closes the file, kept under its temporary name (to be reopened); on failure removes it. */
int h5io_close_temp(hid_t file, const char *tmp_path, const char *final_path, struct error *err);
/* Opens a temporary file h5io_close_temp closed for writing again (registered with tempfile.h);
 * returns the file id, or a negative value with err set (the file kept). */
hid_t h5io_reopen_temp(const char *tmp_path, const char *final_path, struct error *err);

/* Under mpirun, a results file every rank writes into at once (parallel HDF5, run.c):
 * h5io_open_shared opens such a temporary file (closed by h5io_close_temp, at the same path on
 * every rank) through MPI-IO on every rank (collective: every rank calls it; the file is
 * registered with tempfile.h on each). In such a file h5io_write_columns writes collectively
 * into datasets created before the file was shared, as one process creates them (a dataset not
 * there is refused): every rank calls it for every dataset in the same order, a rank with no
 * part of the dataset with count 0. h5io_close_shared closes it (collective); when closing
 * fails, the file is left open, as h5io_left_open says. h5io_leave_open marks a shared file
 * that cannot be closed (when it opened on some ranks only: closing it would wait for the
 * others). Returns: the file id, or a negative value with err set; 0 or -1. */
hid_t h5io_open_shared(const char *tmp_path, const char *final_path, struct error *err);
int h5io_close_shared(hid_t file);
void h5io_leave_open(void);
/* Closes and removes a temporary file after an error. */
void h5io_abandon(hid_t file, const char *tmp_path);
/* Sets err to "--out final_path: writing failed: <strerror(reason)>" (reason: the errno saved
 * when a write failed, 0 when unknown); returns -1. */
int h5io_write_failed(const char *final_path, int reason, struct error *err);

/* Opens (creating on the way) the group at an absolute path such as "/scenarios/x/summary". */
hid_t h5io_group(hid_t file, const char *path);

/* How a dataset is laid out in the file; either way in checksummed chunks (H5IO_CHUNK).
 * Compressed: through deflate (level 1, no shuffle) when large (results). Uncompressed: the
 * values as they are in memory, read back at nearly the speed of a copy (population files). */
enum h5io_layout { H5IO_COMPRESSED, H5IO_UNCOMPRESSED };

/* Writes a dataset of `rank` (1 or 2) dims with the two attributes; compressed when large. */
int h5io_write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
               const void *data, const char *units, const char *description);
/* The same with the layout chosen. */
int h5io_write_laid_out(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                        const void *data, const char *units, const char *description,
                        enum h5io_layout layout);
/* Writes columns [offset, offset + count) (along the last axis) of every row of a dataset of
 * `rank` (1 or 2) dims laid out as asked, created with its two attributes by the first such
 * write (count 0: created and nothing written): a dataset written in parts as households stream
 * through, each part once. `data` holds the part's rows one after the other. In a shared file
 * (h5io_open_shared), collective. */
int h5io_write_columns(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                       hsize_t offset, hsize_t count, const void *data, const char *units,
                       const char *description, enum h5io_layout layout);
/* Writes a scalar string dataset (fixed-length UTF-8, checksummed: see h5io_write_texts); a text
 * longer than H5IO_COMPACT_BYTES is written as a list of one, chunked with Fletcher-32. */
int h5io_write_text(hid_t loc, const char *name, const char *text, const char *description);
/* Writes a 1-D dataset of strings: fixed-length UTF-8 (the longest + 1 bytes, NUL-terminated), in the
 * dataset's checksummed object header up to H5IO_COMPACT_BYTES, else in chunks with Fletcher-32.
 * Readers take these and the variable-length strings of earlier files alike. */
int h5io_write_texts(hid_t loc, const char *name, char *const *texts, size_t n,
                     const char *description);
/* Sets an attribute holding a list of strings (e.g. the names of coded values). */
int h5io_attr_texts(hid_t obj, const char *name, char *const *texts, size_t n);
/* Reads such an attribute; *texts is malloc'ed (free each and the array). -1 when absent. */
int h5io_read_attr_texts(hid_t obj, const char *name, char ***texts, size_t *n);

/* Reads a 1-D dataset of strings likewise; -1 when absent, not 1-D, not strings, or longer than
 * H5IO_MAX_TEXTS. */
int h5io_read_texts(hid_t loc, const char *name, char ***texts, size_t *n);
void h5io_free_texts(char **texts, size_t n);

/* Dataset `name` of the group at path `group` as doubles (any rank, read converted and
 * flattened; *n its count when n is not NULL), or NULL when absent or unreadable. */
double *h5io_read_doubles(hid_t file, const char *group, const char *name, size_t *n);
/* The same for a column read beside others of `n` values: NULL unless it holds exactly n, so a
 * damaged file's shorter column is never read past its end. */
double *h5io_read_doubles_beside(hid_t file, const char *group, const char *name, size_t n);
/* A 1-D dataset of strings of the group at path `group` (h5io_free_texts), or NULL. */
char **h5io_read_text_column(hid_t file, const char *group, const char *name, size_t *n);

/* Columns of one table of a results file read together: `n_texts` text columns, then
 * `n_numbers` number columns (as doubles), by name. ok is 1 when every column is there and all
 * are as long as the first (rows); otherwise nothing should be read from it. */
#define H5IO_TABLE_COLUMNS 16
struct h5io_table {
    size_t rows;
    int ok;
    int n_texts, n_numbers;
    char **text[H5IO_TABLE_COLUMNS];
    size_t text_rows[H5IO_TABLE_COLUMNS];
    double *number[H5IO_TABLE_COLUMNS];
};
void h5io_read_table(hid_t file, const char *group, const char *const *texts, int n_texts,
                     const char *const *numbers, int n_numbers, struct h5io_table *t);
void h5io_table_free(struct h5io_table *t);

/* True when the object at absolute path `path` ("/scenarios/x/budget") exists, every group on
 * the way included (asking HDF5 about a path whose parent is missing is an error). */
int h5io_exists(hid_t file, const char *path);

/* The length of a 1-D dataset, or -1 when it does not exist or is not 1-D (the rank is checked
 * before the dimensions are read). */
long long h5io_length(hid_t loc, const char *name);
/* The number of elements of a dataset of any rank, or -1 when it does not exist or declares more
 * than H5IO_MAX_ELEMENTS. */
long long h5io_elements(hid_t loc, const char *name);
/* Whether dataset `name`'s stored bytes could hold the values it declares: their size is at most
 * the stored size times deflate's largest ratio (H5IO_DEFLATE_MAX_RATIO), plus
 * H5IO_DECLARED_SLACK bytes for a small dataset. A dataset declaring a billion values while
 * storing none (never written) or a chunk of them cannot, and a reader can refuse it before
 * allocating for what it declares. */
#define H5IO_DEFLATE_MAX_RATIO 1032.0
#define H5IO_DECLARED_SLACK 1048576.0
int h5io_holds_declared(hid_t loc, const char *name);
/* The type class (H5T_INTEGER, H5T_FLOAT, ...) of a dataset, or H5T_NO_CLASS. */
H5T_class_t h5io_type_class(hid_t loc, const char *name);
/* True when the dataset holds integers whose every possible value `type` (an integer type) holds
 * unchanged, so reading into `type` cannot clamp. */
int h5io_integer_fits(hid_t loc, const char *name, hid_t type);
/* Reads a whole dataset converted to `type`. */
int h5io_read(hid_t loc, const char *name, hid_t type, void *out);
/* Reads values [offset, offset + count) of a 1-D dataset converted to `type`. */
int h5io_read_range(hid_t loc, const char *name, hid_t type, size_t offset, size_t count,
                    void *out);
/* Reads columns [offset, offset + count) of every row of a dataset of `rank` (1 or 2) dims,
 * which must be `dims`, converted to `type`, the rows one after the other (what
 * h5io_write_columns wrote). */
int h5io_read_columns(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                      hsize_t offset, hsize_t count, void *out);

#endif

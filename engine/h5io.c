/* h5io — see h5io.h. */
#include "h5io.h"

#include <errno.h>
#include <mpi.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libdeflate.h>

#include "memory.h"
#include "tempfile.h"

void h5io_init(void)
{
    H5dont_atexit();
    h5io_quiet();
}

void h5io_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* Set once HDF5 failed to close a file (as HDF5's own state, of the process). */
static int left_open;

int h5io_left_open(void) { return left_open; }

/* Access properties of a results or population file: the 1.8 file format, whose superblock
 * and object headers carry checksums of their own, so that damaged metadata is refused as
 * damaged data is (readable by HDF5 1.8 and later); through MPI-IO when `shared`. */
static hid_t file_access(int shared)
{
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18);
    if (shared) H5Pset_fapl_mpio(access, MPI_COMM_WORLD, MPI_INFO_NULL);
    return access;
}

/* Sets err to "--out final_path: cannot <what> the file: <the system's reason>". */
static void cannot(const char *what, const char *final_path, int reason, struct error *err)
{
    err_set(err, ERR_RUN, "--out %s: cannot %s the file: %s", final_path, what,
            reason ? strerror(reason) : "HDF5 refused it");
}

hid_t h5io_create_temp(const char *final_path, char *tmp_path, struct error *err)
{
    h5io_quiet();
    snprintf(tmp_path, 4096, "%s.tmp.%ld", final_path, (long)getpid());
    tempfile_register(tmp_path);
    errno = 0;
    hid_t access = file_access(0);
    hid_t file = H5Fcreate(tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, access);
    H5Pclose(access);
    if (file < 0) {
        const int reason = errno;
        remove(tmp_path);
        tempfile_forget();
        cannot("create", final_path, reason, err);
    }
    return file;
}

/* Opens the temporary file for writing, shared or not; on failure sets err (the file kept). */
static hid_t open_temp(const char *tmp_path, const char *final_path, int shared, struct error *err)
{
    h5io_quiet();
    errno = 0;
    hid_t access = file_access(shared);
    hid_t file = H5Fopen(tmp_path, H5F_ACC_RDWR, access);
    H5Pclose(access);
    if (file < 0) cannot("reopen", final_path, errno, err);
    return file;
}

hid_t h5io_reopen_temp(const char *tmp_path, const char *final_path, struct error *err)
{
    tempfile_register(tmp_path);
    return open_temp(tmp_path, final_path, 0, err);
}

hid_t h5io_open_shared(const char *tmp_path, const char *final_path, struct error *err)
{
    tempfile_register(tmp_path);
    return open_temp(tmp_path, final_path, 1, err);
}

int h5io_close_shared(hid_t file)
{
    if (H5Fclose(file) < 0) {   /* not closed again: see close_everything */
        left_open = 1;
        return -1;
    }
    return 0;
}

void h5io_leave_open(void) { left_open = 1; }

/* Closes a file that failed, or that is being abandoned: every object still open in it first.
 * When even that fails (the data could not be flushed), the file is left open: HDF5 would crash
 * closing a half-closed file again, and h5io_init has told it not to try at exit. */
static void close_everything(hid_t file)
{
    ssize_t n = H5Fget_obj_count(file, H5F_OBJ_ALL | H5F_OBJ_LOCAL);
    if (n > 0) {
        hid_t *ids = xmalloc((size_t)n * sizeof *ids);
        n = H5Fget_obj_ids(file, H5F_OBJ_ALL | H5F_OBJ_LOCAL, (size_t)n, ids);
        for (ssize_t i = 0; i < n; i++)
            if (H5Iget_type(ids[i]) != H5I_FILE) H5Oclose(ids[i]);
        free(ids);
    }
    if (H5Fclose(file) < 0) left_open = 1;
}

int h5io_close_temp(hid_t file, const char *tmp_path, const char *final_path, struct error *err)
{
    errno = 0;
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) {
        const int reason = errno;
        h5io_abandon(file, tmp_path);
        return h5io_write_failed(final_path, reason, err);
    }
    errno = 0;
    if (H5Fclose(file) < 0) {   /* not closed again: see close_everything */
        const int reason = errno;
        left_open = 1;
        remove(tmp_path);
        tempfile_forget();
        return h5io_write_failed(final_path, reason, err);
    }
    return 0;
}

int h5io_commit(hid_t file, const char *tmp_path, const char *final_path, struct error *err)
{
    if (h5io_close_temp(file, tmp_path, final_path, err)) return -1;
    if (rename(tmp_path, final_path) != 0) {
        const int reason = errno;
        remove(tmp_path);
        tempfile_forget();
        return err_set(err, ERR_RUN, "--out %s: cannot rename into place: %s", final_path,
                       strerror(reason));
    }
    tempfile_forget();
    return 0;
}

void h5io_abandon(hid_t file, const char *tmp_path)
{
    if (file >= 0) close_everything(file);
    remove(tmp_path);
    tempfile_forget();
}

int h5io_write_failed(const char *final_path, int reason, struct error *err)
{
    return err_set(err, ERR_RUN, "--out %s: writing failed: %s", final_path,
                   reason ? strerror(reason) : "HDF5 could not write a dataset");
}

hid_t h5io_group(hid_t file, const char *path)
{
    char partial[1024];
    hid_t group = H5Gopen2(file, "/", H5P_DEFAULT);
    size_t len = strlen(path);
    for (size_t i = 1; i <= len && group >= 0; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        snprintf(partial, sizeof partial, "%.*s", (int)i, path);
        H5Gclose(group);
        if (H5Lexists(file, partial, H5P_DEFAULT) > 0)
            group = H5Gopen2(file, partial, H5P_DEFAULT);
        else
            group = H5Gcreate2(file, partial, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    }
    return group;
}

static int set_text_attr(hid_t obj, const char *name, const char *text)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(text) + 1);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr < 0 ? -1 : H5Awrite(attr, type, text);
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    return rc < 0 ? -1 : 0;
}

static int finish_dataset(hid_t set, const char *units, const char *description)
{
    int rc = set_text_attr(set, "units", units) | set_text_attr(set, "description", description);
    return (H5Dclose(set) < 0 || rc) ? -1 : 0;   /* closing writes the last chunks out */
}

/* Creation properties of a dataset of `rank` (1 or 2) dims: chunked (rank 2: a row per chunk
 * when large), each chunk with a Fletcher-32 checksum; compressed when asked for and large. An
 * empty dataset stays contiguous: it has nothing to sum. Along the last axis, a dataset written
 * in parts has chunks of H5IO_CHUNK values, which parts of a multiple of it fill whole; one
 * written `whole` at once has chunks of equal width, at most H5IO_CHUNK, so that its last chunk
 * is not mostly fill, stored and filtered for nothing (make run's microdata rows of 84,507
 * households: two chunks of 42,254 values rather than 65,536 and 18,971 with 46,565 of fill). */
static hid_t checksummed(int rank, const hsize_t *dims, enum h5io_layout layout, int whole)
{
    hid_t props = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t total = 1;
    for (int i = 0; i < rank; i++) total *= dims[i];
    if (total == 0) {   /* nothing stored: kept in the (checksummed) object header */
        H5Pset_layout(props, H5D_COMPACT);
        return props;
    }
    const int large = total >= 4096;
    hsize_t chunk[2] = {dims[0], rank > 1 ? dims[1] : 1};
    hsize_t *width = rank == 2 && large ? &chunk[1] : rank == 1 ? &chunk[0] : NULL;
    if (rank == 2 && large) chunk[0] = 1;
    if (width && *width > H5IO_CHUNK) {
        const hsize_t n = (*width + H5IO_CHUNK - 1) / H5IO_CHUNK;   /* chunks along the axis */
        *width = whole ? (*width + n - 1) / n : H5IO_CHUNK;
    }
    H5Pset_chunk(props, rank, chunk);
    /* deflate at level 1 without the shuffle filter: measured on make run's microdata (198 MB
     * raw), 1.21 s and 23.2 MB against 1.83 s and 34.0 MB with shuffle (LZ4 would be faster
     * still but needs a filter plugin to read) */
    if (layout == H5IO_COMPRESSED && large) H5Pset_deflate(props, 1);
    H5Pset_fletcher32(props);
    return props;
}

int h5io_write(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
               const void *data, const char *units, const char *description)
{
    return h5io_write_laid_out(loc, name, type, rank, dims, data, units, description,
                               H5IO_COMPRESSED);
}

/* A new dataset of `rank` dims with its two attributes, or a negative value; `whole`: to be
 * written at once (checksummed). */
static hid_t create_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                            enum h5io_layout layout, int whole, const char *units,
                            const char *description)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t props = checksummed(rank, dims, layout, whole);
    hid_t set = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT);
    H5Pclose(props);
    H5Sclose(space);
    if (set < 0) return -1;
    if (set_text_attr(set, "units", units) | set_text_attr(set, "description", description)) {
        H5Dclose(set);
        return -1;
    }
    return set;
}

int h5io_write_laid_out(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                        const void *data, const char *units, const char *description,
                        enum h5io_layout layout)
{
    hid_t set = create_dataset(loc, name, type, rank, dims, layout, 1, units, description);
    if (set < 0) return -1;
    herr_t rc = H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    return (H5Dclose(set) < 0 || rc < 0) ? -1 : 0;   /* closing writes the last chunks out */
}

/* ---- whole chunks filtered here, side by side ----
 *
 * HDF5 runs a chunk's filters (deflate, Fletcher-32) on the thread that writes, one chunk after
 * another. A part of a dataset that covers whole chunks (as the microdata of each chunk of
 * households do) is instead filtered here, its chunks on the OpenMP threads at once, and each
 * chunk stored as filtered with H5Dwrite_chunk: what HDF5's own filters would store, which HDF5
 * reads back like any chunk, its checksum verified. A chunk of zeros only (a program paying
 * nobody) is not stored: HDF5 reads a chunk never written as the fill value, 0. */

/* HDF5's Fletcher-32 (H5_checksum_fletcher32): the sums of 16-bit big-endian words, folded every
 * 360 words; an odd last byte is the high byte of a last word. */
static uint32_t fletcher32(const uint8_t *data, size_t n)
{
    uint32_t sum1 = 0, sum2 = 0;
    for (size_t words = n / 2; words;) {
        size_t run = words > 360 ? 360 : words;
        words -= run;
        for (; run; run--, data += 2) {
            sum1 += (uint32_t)data[0] << 8 | data[1];
            sum2 += sum1;
        }
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    if (n % 2) {
        sum1 += (uint32_t)*data << 8;
        sum2 += sum1;
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    return sum2 << 16 | sum1;
}

/* A chunk as stored: its values deflated at level 1 (when `deflated`), then its Fletcher-32
 * appended, least significant byte first. */
struct stored_chunk {
    hsize_t offset[2];   /* its first value in the dataset */
    uint8_t *bytes;
    size_t size;
};

/* Filters n bytes of values into c: deflated by `z` (a zlib stream, what HDF5's deflate filter
 * inflates; NULL: not deflated), then the checksum. libdeflate at level 1 rather than zlib's:
 * measured on make run's microdata (198 MB), 0.92 s and 21.2 MB against zlib's 1.38 s and
 * 22.9 MB on one thread. */
static void filter_chunk(const uint8_t *values, size_t n, struct libdeflate_compressor *z,
                         struct stored_chunk *c)
{
    size_t size = z ? libdeflate_zlib_compress_bound(z, n) : n;
    c->bytes = xmalloc(size + 4);
    /* within the bound the compression cannot fail; were it to, a failure is no chunk */
    if (z) size = libdeflate_zlib_compress(z, values, n, c->bytes, size);
    else memcpy(c->bytes, values, n);
    const uint32_t sum = fletcher32(c->bytes, size);
    for (int i = 0; i < 4; i++) c->bytes[size + (size_t)i] = (uint8_t)(sum >> 8 * i);
    c->size = size ? size + 4 : 0;
}

/* Whether n bytes are all zero. */
static int all_zero(const uint8_t *bytes, size_t n)
{
    uint8_t any = 0;
    for (size_t i = 0; i < n; i++) any |= bytes[i];   /* vectorised */
    return !any;
}

/* The chunk width (values along the last axis) of dataset `set` of `rank` dims when its chunks are
 * a row each (rank 2) and its filters are Fletcher-32, after deflate or alone (*deflated says
 * which): those chunks write_whole_chunks can fill. 0 for any other layout. */
static hsize_t plain_chunks(hid_t set, int rank, int *deflated)
{
    hid_t props = H5Dget_create_plist(set);
    hsize_t chunk[2] = {0, 0}, width = 0;
    const int n = props >= 0 && H5Pget_layout(props) == H5D_CHUNKED ? H5Pget_nfilters(props) : 0;
    if ((n == 1 || n == 2) && H5Pget_chunk(props, rank, chunk) == rank &&
        (rank == 1 || chunk[0] == 1)) {
        unsigned flags, values[4];
        *deflated = n == 2;
        int ok = 1;
        for (int i = 0; i < n && ok; i++) {
            size_t n_values = 4;
            const H5Z_filter_t f = H5Pget_filter2(props, (unsigned)i, &flags, &n_values, values,
                                                  0, NULL, NULL);
            ok = i == n - 1 ? f == H5Z_FILTER_FLETCHER32
                            : f == H5Z_FILTER_DEFLATE && n_values >= 1 && values[0] == 1;
        }
        if (ok) width = chunk[rank - 1];
    }
    if (props >= 0) H5Pclose(props);
    return width;
}

/* Writes the part [offset, offset + count) along the last axis (all rows) of `set` as whole
 * chunks of `width` values, filtered on the OpenMP threads: 1 when it did, 0 when the part does
 * not cover whole chunks (the caller writes it through HDF5), -1 on failure. */
static int write_whole_chunks(hid_t set, hid_t type, int rank, const hsize_t *dims,
                              hsize_t offset, hsize_t count, const void *data)
{
    int deflated = 0;
    const hsize_t width = plain_chunks(set, rank, &deflated);
    const hsize_t length = dims[rank - 1], end = offset + count;
    if (!width || count == 0 || offset % width || (count % width && end != length)) return 0;
    const size_t value = H5Tget_size(type), rows = rank > 1 ? (size_t)dims[0] : 1;
    const size_t per_row = (size_t)((count + width - 1) / width), n = rows * per_row;
    struct stored_chunk *chunks = xcalloc(n, sizeof *chunks);
#pragma omp parallel
    {
        uint8_t *values = xmalloc((size_t)width * value);   /* one chunk, an edge one padded */
        struct libdeflate_compressor *z = deflated ? libdeflate_alloc_compressor(1) : NULL;
        if (deflated && !z) memory_exhausted(1, sizeof(void *));   /* libdeflate found no memory */
#pragma omp for schedule(dynamic, 1)
        for (long i = 0; i < (long)n; i++) {
            const size_t row = (size_t)i / per_row;
            const hsize_t first = offset + (hsize_t)((size_t)i % per_row) * width;
            const size_t taken = (size_t)((end - first < width ? end - first : width));
            const size_t from = row * (size_t)count + (size_t)(first - offset);
            memcpy(values, (const uint8_t *)data + from * value, taken * value);
            memset(values + taken * value, 0, ((size_t)width - taken) * value);   /* the fill */
            chunks[i].offset[0] = rank > 1 ? row : first;
            chunks[i].offset[1] = first;
            if (!all_zero(values, (size_t)width * value))
                filter_chunk(values, (size_t)width * value, z, &chunks[i]);
        }
        libdeflate_free_compressor(z);
        free(values);
    }
    herr_t rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!chunks[i].bytes) continue;   /* all zero: left unwritten, read as the fill */
        if (rc >= 0 && chunks[i].size == 0) rc = -1;
        if (rc >= 0) rc = H5Dwrite_chunk(set, H5P_DEFAULT, 0, chunks[i].offset, chunks[i].size,
                                         chunks[i].bytes);
        free(chunks[i].bytes);
    }
    free(chunks);
    return rc < 0 ? -1 : 1;
}

/* Whether loc is in a file every rank opened together (h5io_open_shared: the MPI-IO driver). */
static int in_shared_file(hid_t loc)
{
    hid_t file = H5Iget_file_id(loc);
    hid_t access = file < 0 ? -1 : H5Fget_access_plist(file);
    const int shared = access >= 0 && H5Pget_driver(access) == H5FD_MPIO;
    if (access >= 0) H5Pclose(access);
    if (file >= 0) H5Fclose(file);
    return shared;
}

int h5io_write_columns(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                       hsize_t offset, hsize_t count, const void *data, const char *units,
                       const char *description, enum h5io_layout layout)
{
    const int shared = in_shared_file(loc), exists = H5Lexists(loc, name, H5P_DEFAULT) > 0;
    if (shared && !exists) return -1;   /* created beforehand, as one process lays it out */
    hid_t set = exists ? H5Dopen2(loc, name, H5P_DEFAULT)
                       : create_dataset(loc, name, type, rank, dims, layout,
                                        offset == 0 && count == dims[rank - 1], units,
                                        description);
    if (set < 0) return -1;
    hid_t file_space = H5Dget_space(set);
    const hsize_t start[2] = {rank > 1 ? 0 : offset, offset};
    const hsize_t part[2] = {rank > 1 ? dims[0] : count, count};
    hid_t memory = H5Screate_simple(rank, part, NULL);
    herr_t rc = H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, part, NULL);
    if (rc >= 0 && shared) {   /* every rank writes, the ranks without a part an empty one */
        static const char nothing[8];
        if (count == 0) rc = H5Sselect_none(file_space) < 0 || H5Sselect_none(memory) < 0 ? -1 : 0;
        hid_t transfer = H5Pcreate(H5P_DATASET_XFER);
        H5Pset_dxpl_mpio(transfer, H5FD_MPIO_COLLECTIVE);
        if (rc >= 0) rc = H5Dwrite(set, type, memory, file_space, transfer, count ? data : nothing);
        H5Pclose(transfer);
    } else if (rc >= 0 && count > 0) {
        const int whole = write_whole_chunks(set, type, rank, dims, offset, count, data);
        rc = whole < 0   ? -1
             : whole     ? 0
                         : H5Dwrite(set, type, memory, file_space, H5P_DEFAULT, data);
    }
    H5Sclose(memory);
    H5Sclose(file_space);
    return (H5Dclose(set) < 0 || rc < 0) ? -1 : 0;
}

static hid_t string_type(void)   /* variable-length: what files before checksummed texts hold */
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
}

/* Fixed-length strings of `size` bytes each (NUL-padded): held in the object header itself, which
 * the file format checksums, rather than in the global heap, which it does not and which HDF5
 * 1.10 reads without bounds checks (found by fuzz_h5). */
static hid_t fixed_string_type(size_t size)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, size);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
}

/* n texts packed as fixed-length strings, each the longest's length + 1 (NUL-padded). */
static char *pack_texts(char *const *texts, size_t n, size_t *size)
{
    *size = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(texts[i]) + 1 > *size) *size = strlen(texts[i]) + 1;
    char *packed = xcalloc(n ? n : 1, *size);
    for (size_t i = 0; i < n; i++) memcpy(packed + i * *size, texts[i], strlen(texts[i]));
    return packed;
}

/* Texts as a dataset of fixed-length strings, so that every byte is checksummed like numbers
 * are: up to H5IO_COMPACT_BYTES in the dataset's own object header (compact layout; the 1.8
 * format checksums object headers), more in chunks with Fletcher-32. A scalar dataset when
 * `scalar` (n is 1 then) and it fits the header; a longer one becomes a list of one text, since
 * only a list can be chunked, and so checksummed. */
static int write_texts(hid_t loc, const char *name, char *const *texts, size_t n, int scalar,
                       const char *description)
{
    size_t size;
    char *packed = pack_texts(texts, n, &size);
    hid_t type = fixed_string_type(size);
    H5Tset_strpad(type, H5T_STR_NULLTERM);   /* each ends at its NUL, as h5dump shows it */
    hsize_t dims[1] = {n};
    const int compact = n * size <= H5IO_COMPACT_BYTES;
    hid_t space = scalar && compact ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL);
    hid_t props = compact ? H5Pcreate(H5P_DATASET_CREATE) : checksummed(1, dims, H5IO_UNCOMPRESSED, 1);
    if (compact) H5Pset_layout(props, H5D_COMPACT);
    hid_t set = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT);
    herr_t rc = set < 0 || n == 0 ? 0 : H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed);
    H5Pclose(props);
    H5Sclose(space);
    H5Tclose(type);
    free(packed);
    if (set < 0) return -1;
    return (finish_dataset(set, "text", description) || rc < 0) ? -1 : 0;
}

int h5io_write_text(hid_t loc, const char *name, const char *text, const char *description)
{
    char *const texts[1] = {(char *)text};
    return write_texts(loc, name, texts, 1, 1, description);
}

int h5io_write_texts(hid_t loc, const char *name, char *const *texts, size_t n,
                     const char *description)
{
    return write_texts(loc, name, texts, n, 0, description);
}

int h5io_attr_texts(hid_t obj, const char *name, char *const *texts, size_t n)
{
    size_t size;
    char *packed = pack_texts(texts, n, &size);
    hid_t type = fixed_string_type(size);
    hsize_t dims[1] = {n};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr < 0 ? -1 : H5Awrite(attr, type, packed);
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    free(packed);
    return rc < 0 ? -1 : 0;
}

/* Moves n strings read by HDF5 into our allocator. */
static char **adopt_texts(char **out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *copy = xstrdup(out[i] ? out[i] : "");
        H5free_memory(out[i]);
        out[i] = copy;
    }
    return out;
}

/* HDF5's reading of an attribute or a dataset whole, as one signature. */
typedef herr_t (*whole_reader)(hid_t obj, hid_t memory_type, void *buffer);
static herr_t read_attribute(hid_t attr, hid_t type, void *buffer) { return H5Aread(attr, type, buffer); }
static herr_t read_dataset(hid_t set, hid_t type, void *buffer)
{
    return H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
}

/* The `count` strings of obj (stored as `stored`: fixed-length of at most 64 KiB each, or
 * variable-length as earlier files hold them), in our allocator; NULL when they cannot be read. */
static char **read_strings(hid_t obj, hid_t stored, size_t count, whole_reader read)
{
    if (H5Tget_class(stored) != H5T_STRING) return NULL;
    const int variable = H5Tis_variable_str(stored) > 0;
    const size_t size = variable ? 0 : H5Tget_size(stored);
    if (!variable && (size == 0 || size > 65536 || count > (1u << 30) / size)) return NULL;
    char **out = xcalloc(count ? count : 1, sizeof *out);
    herr_t rc = 0;
    if (variable) {
        hid_t type = string_type();
        rc = count ? read(obj, type, out) : 0;
        H5Tclose(type);
        if (rc >= 0) adopt_texts(out, count);
    } else {
        hid_t type = fixed_string_type(size);
        char *packed = xcalloc(count + 1, size);
        rc = count ? read(obj, type, packed) : 0;
        for (size_t i = 0; rc >= 0 && i < count; i++) {
            const char *text = packed + i * size;
            const size_t length = strnlen(text, size);
            out[i] = memcpy(xmalloc(length + 1), text, length);
            out[i][length] = '\0';
        }
        H5Tclose(type);
        free(packed);
    }
    if (rc < 0) {
        h5io_free_texts(out, count);
        return NULL;
    }
    return out;
}

int h5io_read_attr_texts(hid_t obj, const char *name, char ***texts, size_t *n)
{
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t space = H5Aget_space(attr);
    hssize_t count = H5Sget_simple_extent_ndims(space) == 1 ? H5Sget_simple_extent_npoints(space)
                                                             : -1;
    hid_t stored = H5Aget_type(attr);
    char **out = count < 0 || count > H5IO_MAX_TEXTS
                     ? NULL
                     : read_strings(attr, stored, (size_t)count, read_attribute);
    H5Tclose(stored);
    H5Sclose(space);
    H5Aclose(attr);
    if (!out) return -1;
    *texts = out;
    *n = (size_t)count;
    return 0;
}

int h5io_read_texts(hid_t loc, const char *name, char ***texts, size_t *n)
{
    long long count = h5io_length(loc, name);
    if (count < 0 || count > H5IO_MAX_TEXTS) return -1;
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    hid_t stored = H5Dget_type(set);
    char **out = read_strings(set, stored, (size_t)count, read_dataset);
    H5Tclose(stored);
    H5Dclose(set);
    if (!out) return -1;
    *texts = out;
    *n = (size_t)count;
    return 0;
}

void h5io_free_texts(char **texts, size_t n)
{
    for (size_t i = 0; texts && i < n; i++) free(texts[i]);
    free(texts);
}

long long h5io_elements(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return -1;
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return -1;
    hid_t space = H5Dget_space(set);
    hssize_t n = H5Sget_simple_extent_npoints(space);
    H5Sclose(space);
    H5Dclose(set);
    return n > H5IO_MAX_ELEMENTS ? -1 : n;
}

int h5io_exists(hid_t file, const char *path)
{
    char prefix[1024];
    if (strlen(path) >= sizeof prefix || path[0] != '/') return 0;
    for (const char *slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
        const size_t n = slash ? (size_t)(slash - path) : strlen(path);
        memcpy(prefix, path, n);
        prefix[n] = '\0';
        if (H5Lexists(file, prefix, H5P_DEFAULT) <= 0) return 0;
        if (!slash) return 1;
    }
}

long long h5io_length(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return -1;
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return -1;
    hid_t space = H5Dget_space(set);
    hsize_t dims[1] = {0};
    /* the rank first: the file decides it, and dims has room for one */
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank == 1 && H5Sget_simple_extent_dims(space, dims, NULL) != 1) dims[0] = 0;
    H5Sclose(space);
    H5Dclose(set);
    return rank == 1 ? (long long)dims[0] : -1;
}

int h5io_holds_declared(hid_t loc, const char *name)
{
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return 0;
    hid_t space = H5Dget_space(set), type = H5Dget_type(set);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    const double declared = (double)(n > 0 ? n : 0) * (double)H5Tget_size(type);
    const double stored = (double)H5Dget_storage_size(set);
    H5Tclose(type);
    H5Sclose(space);
    H5Dclose(set);
    return declared <= stored * H5IO_DEFLATE_MAX_RATIO + H5IO_DECLARED_SLACK;
}

H5T_class_t h5io_type_class(hid_t loc, const char *name)
{
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return H5T_NO_CLASS;
    hid_t type = H5Dget_type(set);
    H5T_class_t class = H5Tget_class(type);
    H5Tclose(type);
    H5Dclose(set);
    return class;
}

int h5io_integer_fits(hid_t loc, const char *name, hid_t type)
{
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return 0;
    hid_t stored = H5Dget_type(set);
    int fits = 0;
    if (H5Tget_class(stored) == H5T_INTEGER && H5Tget_class(type) == H5T_INTEGER) {
        const size_t from = H5Tget_precision(stored), to = H5Tget_precision(type);
        const int from_signed = H5Tget_sign(stored) == H5T_SGN_2;
        const int to_signed = H5Tget_sign(type) == H5T_SGN_2;
        fits = from_signed == to_signed ? from <= to : !from_signed && from < to;
    }
    H5Tclose(stored);
    H5Dclose(set);
    return fits;
}

int h5io_read(hid_t loc, const char *name, hid_t type, void *out)
{
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return -1;
    herr_t rc = H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
    H5Dclose(set);
    return rc < 0 ? -1 : 0;
}

/* Values [offset, offset + count) along the last axis of every row of a dataset of `rank` (1
 * or 2) dims (exactly `dims` when not NULL), converted to `type`; -1 when it is not so. */
static int read_part(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                     size_t offset, size_t count, void *out)
{
    hid_t set = H5Dopen2(loc, name, H5P_DEFAULT);
    if (set < 0) return -1;
    hid_t space = H5Dget_space(set);
    hsize_t stored[2] = {0, 0};
    herr_t rc = H5Sget_simple_extent_ndims(space) == rank ? 0 : -1;   /* before the dims */
    if (rc >= 0) rc = H5Sget_simple_extent_dims(space, stored, NULL);
    for (int i = 0; rc >= 0 && dims && i < rank; i++)
        if (stored[i] != dims[i]) rc = -1;
    const hsize_t start[2] = {rank > 1 ? 0 : offset, offset};
    const hsize_t part[2] = {rank > 1 ? stored[0] : count, count};
    hid_t memory = H5Screate_simple(rank, part, NULL);
    if (rc >= 0) rc = H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, part, NULL);
    if (rc >= 0 && count > 0) rc = H5Dread(set, type, memory, space, H5P_DEFAULT, out);
    H5Sclose(memory);
    H5Sclose(space);
    H5Dclose(set);
    return rc < 0 ? -1 : 0;
}

int h5io_read_range(hid_t loc, const char *name, hid_t type, size_t offset, size_t count,
                    void *out)
{
    return read_part(loc, name, type, 1, NULL, offset, count, out);
}

int h5io_read_columns(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                      hsize_t offset, hsize_t count, void *out)
{
    return read_part(loc, name, type, rank, dims, offset, count, out);
}

double *h5io_read_doubles(hid_t file, const char *group, const char *name, size_t *n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", group, name);
    long long length = H5Lexists(file, group, H5P_DEFAULT) > 0 ? h5io_elements(file, path) : -1;
    if (length < 0) return NULL;
    double *out = xmalloc((size_t)length * sizeof *out + 1);
    if (h5io_read(file, path, H5T_NATIVE_DOUBLE, out)) {
        free(out);
        return NULL;
    }
    if (n) *n = (size_t)length;
    return out;
}

double *h5io_read_doubles_beside(hid_t file, const char *group, const char *name, size_t n)
{
    size_t length = 0;
    double *out = h5io_read_doubles(file, group, name, &length);
    if (out && length != n) {
        free(out);
        return NULL;
    }
    return out;
}

char **h5io_read_text_column(hid_t file, const char *group, const char *name, size_t *n)
{
    char **out = NULL;
    *n = 0;
    if (H5Lexists(file, group, H5P_DEFAULT) <= 0) return NULL;
    hid_t g = H5Gopen2(file, group, H5P_DEFAULT);
    if (h5io_read_texts(g, name, &out, n)) out = NULL;
    H5Gclose(g);
    return out;
}

void h5io_read_table(hid_t file, const char *group, const char *const *texts, int n_texts,
                     const char *const *numbers, int n_numbers, struct h5io_table *t)
{
    memset(t, 0, sizeof *t);
    if (n_texts < 1 || n_texts > H5IO_TABLE_COLUMNS || n_numbers > H5IO_TABLE_COLUMNS) return;
    t->n_texts = n_texts;
    t->n_numbers = n_numbers;
    t->ok = 1;
    for (int c = 0; c < n_texts; c++) {
        t->text[c] = h5io_read_text_column(file, group, texts[c], &t->text_rows[c]);
        t->ok = t->ok && t->text[c] && t->text_rows[c] == t->text_rows[0];
    }
    t->rows = t->text_rows[0];
    for (int c = 0; c < n_numbers; c++) {
        t->number[c] = h5io_read_doubles_beside(file, group, numbers[c], t->rows);
        t->ok = t->ok && t->number[c];
    }
}

void h5io_table_free(struct h5io_table *t)
{
    for (int c = 0; c < t->n_texts; c++)
        if (t->text[c]) h5io_free_texts(t->text[c], t->text_rows[c]);
    for (int c = 0; c < t->n_numbers; c++) free(t->number[c]);
    memset(t, 0, sizeof *t);
}

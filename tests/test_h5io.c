/* Datasets written in parts (h5io_write_columns): a part covering whole chunks is filtered by the
 * engine itself, its chunks on the OpenMP threads (deflate, then Fletcher-32), and stored as
 * filtered. These tests check that each such chunk is stored with every filter applied, as a
 * zlib stream of its values and a checksum, that HDF5 reads the values back (inflating each
 * chunk and verifying its checksum), that a part not covering whole chunks still goes through
 * HDF5, that a damaged chunk is refused on reading, and that a chunk of zeros is not stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include <hdf5.h>
#include <libdeflate.h>
#include <omp.h>

#include "h5io.h"

enum { ROWS = 3, COLUMNS = 2 * H5IO_CHUNK + 1234 };   /* an edge chunk on each row */
/* the chunk width of the dataset written at once: three chunks of equal width */
enum { WHOLE_WIDTH = (COLUMNS + 2) / 3 };

/* Values some runs of which compress well and some not. */
static int64_t *sample_values(void)
{
    int64_t *v = malloc((size_t)ROWS * COLUMNS * sizeof *v);
    uint64_t x = 88172645463325252ULL;
    for (size_t i = 0; i < (size_t)ROWS * COLUMNS; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        v[i] = i % 5 == 0 ? (int64_t)(x % 100000) : (int64_t)(i / 1000);
    }
    return v;
}

/* The columns [offset, offset + count) of every row, packed row after row. */
static int64_t *part_of(const int64_t *v, size_t offset, size_t count)
{
    int64_t *part = malloc((size_t)ROWS * count * sizeof *part + 1);
    for (size_t r = 0; r < ROWS; r++)
        memcpy(part + r * count, v + r * (size_t)COLUMNS + offset, count * sizeof *part);
    return part;
}

/* Writes dataset "d" of file `path` in the parts given by the column bounds `cuts` (n + 1). */
static void write_in_parts(const char *path, const int64_t *v, const size_t *cuts, int n)
{
    hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(file >= 0);
    const hsize_t dims[2] = {ROWS, COLUMNS};
    for (int i = 0; i < n; i++) {
        int64_t *part = part_of(v, cuts[i], cuts[i + 1] - cuts[i]);
        assert_int_equal(h5io_write_columns(file, "d", H5T_NATIVE_INT64, 2, dims, cuts[i],
                                            cuts[i + 1] - cuts[i], part, "fen", "test",
                                            H5IO_COMPRESSED), 0);
        free(part);
    }
    assert_true(H5Fclose(file) >= 0);
}

/* Writes dataset "d" of file `name` in the test folder (its path into path) in one part. */
static void write_at_once(char *path, size_t size, const char *name, const int64_t *v)
{
    const size_t whole[] = {0, COLUMNS};
    snprintf(path, size, "%s/%s", test_dir(), name);
    write_in_parts(path, v, whole, 1);
}

/* The stored bytes of dataset "d"'s chunk at (row, column), and its filter mask. */
static uint8_t *stored_chunk(hid_t set, hsize_t row, hsize_t column, hsize_t *size,
                             uint32_t *mask)
{
    const hsize_t offset[2] = {row, column};
    assert_true(H5Dget_chunk_storage_size(set, offset, size) >= 0);
    uint8_t *bytes = malloc(*size);
    assert_true(H5Dread_chunk(set, H5P_DEFAULT, offset, mask, bytes) >= 0);
    return bytes;
}

/* Dataset `set` read whole through HDF5 holds v. */
static void reads_back(hid_t set, const int64_t *v)
{
    int64_t *back = malloc((size_t)ROWS * COLUMNS * sizeof *back);
    assert_true(H5Dread(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) >= 0);
    assert_memory_equal(back, v, (size_t)ROWS * COLUMNS * sizeof *back);
    free(back);
}

/* Reads dataset "d" of `path` through HDF5 (which verifies every chunk's checksum and inflates
 * it) and checks it holds v; with `ours`, checks also that each chunk is stored deflated (mask 0:
 * every filter applied), a zlib stream of the chunk's values (the edge chunk padded with the
 * fill, 0) followed by its 4-byte checksum. */
static void check_file(const char *path, const int64_t *v, int ours, hsize_t width)
{
    hid_t in = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t set = H5Dopen2(in, "d", H5P_DEFAULT);
    hid_t props = H5Dget_create_plist(set);
    hsize_t chunk[2] = {0, 0};
    assert_int_equal(H5Pget_chunk(props, 2, chunk), 2);
    H5Pclose(props);
    assert_int_equal(chunk[0], 1);
    assert_int_equal(chunk[1], width);
    int64_t *values = malloc(width * sizeof *values);
    struct libdeflate_decompressor *z = libdeflate_alloc_decompressor();
    for (hsize_t r = 0; r < ROWS && ours; r++)
        for (hsize_t c = 0; c < COLUMNS; c += width) {
            hsize_t size;
            uint32_t mask;
            uint8_t *got = stored_chunk(set, r, c, &size, &mask);
            assert_int_equal(mask, 0);
            size_t inflated = 0;
            assert_int_equal(libdeflate_zlib_decompress(z, got, size - 4, values,
                                                        width * sizeof *values, &inflated),
                             LIBDEFLATE_SUCCESS);
            assert_int_equal(inflated, width * sizeof *values);
            const size_t taken = COLUMNS - c < width ? COLUMNS - c : width;
            assert_memory_equal(values, v + r * COLUMNS + c, taken * sizeof *values);
            for (size_t i = taken; i < width; i++) assert_int_equal(values[i], 0);
            free(got);
        }
    reads_back(set, v);
    libdeflate_free_decompressor(z);
    free(values);
    H5Dclose(set);
    H5Fclose(in);
}

static void chunks_filtered_here_read_back(void **state)
{
    (void)state;
    int64_t *v = sample_values();
    char ours[512], mixed[512];
    snprintf(ours, sizeof ours, "%s/ours.h5", test_dir());
    snprintf(mixed, sizeof mixed, "%s/mixed.h5", test_dir());
    const size_t whole[] = {0, 2 * H5IO_CHUNK, COLUMNS};          /* whole chunks, then the edge */
    const size_t one_part[] = {0, COLUMNS};                       /* all of it at once */
    const size_t uneven[] = {0, 1000, H5IO_CHUNK + 7, COLUMNS};   /* through HDF5 */
    omp_set_num_threads(2);
    write_in_parts(ours, v, whole, 2);
    check_file(ours, v, 1, H5IO_CHUNK);
    /* written at once: three chunks of equal width, not two of H5IO_CHUNK and a third mostly
     * fill */
    write_in_parts(ours, v, one_part, 1);
    check_file(ours, v, 1, WHOLE_WIDTH);
    write_in_parts(mixed, v, uneven, 3);
    check_file(mixed, v, 0, H5IO_CHUNK);
    free(v);
}

/* A chunk whose stored bytes changed fails the read: its Fletcher-32 is verified. */
static void a_damaged_chunk_is_refused(void **state)
{
    (void)state;
    int64_t *v = sample_values();
    char path[512];
    write_at_once(path, sizeof path, "damaged.h5", v);
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t set = H5Dopen2(file, "d", H5P_DEFAULT);
    hsize_t size;
    uint32_t mask;
    uint8_t *bytes = stored_chunk(set, 1, WHOLE_WIDTH, &size, &mask);
    bytes[size / 2] ^= 0x10;
    const hsize_t offset[2] = {1, WHOLE_WIDTH};
    assert_true(H5Dwrite_chunk(set, H5P_DEFAULT, mask, offset, size, bytes) >= 0);
    free(bytes);
    H5Dclose(set);
    H5Fclose(file);
    file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    set = H5Dopen2(file, "d", H5P_DEFAULT);
    int64_t *back = malloc((size_t)ROWS * COLUMNS * sizeof *back);
    assert_true(H5Dread(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) < 0);
    free(back);
    H5Dclose(set);
    H5Fclose(file);
    free(v);
}

/* A chunk holding only zeros is not stored, and reads back as zeros (HDF5's fill value). */
static void a_chunk_of_zeros_is_not_stored(void **state)
{
    (void)state;
    int64_t *v = sample_values();
    memset(v + COLUMNS, 0, COLUMNS * sizeof *v);   /* row 1: zeros */
    v[2 * COLUMNS - 1] = 7;                         /* but for its last value */
    char path[512];
    write_at_once(path, sizeof path, "zeros.h5", v);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t set = H5Dopen2(file, "d", H5P_DEFAULT);
    hid_t space = H5Dget_space(set);
    hsize_t stored = 0;
    assert_true(H5Dget_num_chunks(set, space, &stored) >= 0);
    assert_int_equal(stored, ROWS * 3 - 2);   /* row 1's first two chunks are not stored */
    reads_back(set, v);
    H5Sclose(space);
    H5Dclose(set);
    H5Fclose(file);
    free(v);
}

int main(void)
{
    h5io_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunks_filtered_here_read_back),
        cmocka_unit_test(a_damaged_chunk_is_refused),
        cmocka_unit_test(a_chunk_of_zeros_is_not_stored),
    };
    return cmocka_run_group_tests_name("h5io", tests, test_dir_create, test_dir_remove);
}

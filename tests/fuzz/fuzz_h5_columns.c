/* A population file whose columns the input rewrites: the seed file (tests/fuzz/corpus/
 * fuzz_h5_columns/sample.h5, read once) is copied, then each group of four input bytes picks one
 * of its datasets and deletes it, rewrites its values in place, or replaces it by one of another
 * type, rank or declared size (up to 2^40 rows, never written), with or without a checksum;
 * or rewrites the `levels` attribute of a coded column. The files are always well formed, written
 * by HDF5 itself: the fuzzing reaches every check of the engine's reader (ranks, shapes, types,
 * sizes, values, codes, links between the tables) rather than libhdf5's own parsing of damaged
 * metadata, which fuzz_h5 covers. Runs in `make test`. */
#include <string.h>

#include "fuzz_support.h"
#include "population.h"

#define MAX_DATASETS 64
static char names[MAX_DATASETS][64];
static int n_names;
static uint8_t *seed_file;
static size_t seed_size;

static herr_t collect(hid_t root, const char *name, const H5O_info_t *info, void *data)
{
    (void)root;
    (void)data;
    if (info->type == H5O_TYPE_DATASET && n_names < MAX_DATASETS && strlen(name) < 63)
        snprintf(names[n_names++], sizeof names[0], "/%s", name);
    return 0;
}

/* The seed population and its datasets' names, once per process. */
static void load_seed(void)
{
    if (seed_file) return;
    const char *path = getenv("FUZZ_H5_SEED");
    FILE *f = fopen(path ? path : "tests/fuzz/corpus/fuzz_h5/sample.h5", "rb");
    if (!f) abort();
    fseek(f, 0, SEEK_END);
    seed_size = (size_t)ftell(f);
    rewind(f);
    seed_file = malloc(seed_size);
    if (!seed_file || fread(seed_file, 1, seed_size, f) != seed_size) abort();
    fclose(f);
    hid_t file = H5Fopen(fuzz_write("seed.h5", seed_file, seed_size), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) abort();
    H5Ovisit(file, H5_INDEX_NAME, H5_ITER_NATIVE, collect, NULL);
    H5Fclose(file);
}

static hid_t type_of(unsigned choice)
{
    static const hid_t *const TYPES[] = {
        &H5T_NATIVE_INT8_g,  &H5T_NATIVE_UINT8_g,  &H5T_NATIVE_INT16_g, &H5T_NATIVE_UINT16_g,
        &H5T_NATIVE_INT32_g, &H5T_NATIVE_UINT32_g, &H5T_NATIVE_INT64_g, &H5T_NATIVE_UINT64_g,
        &H5T_NATIVE_FLOAT_g, &H5T_NATIVE_DOUBLE_g, &H5T_C_S1_g};
    return *TYPES[choice % (sizeof TYPES / sizeof TYPES[0])];
}

/* Replaces dataset `name` by one of type, rank and rows the bytes choose, its values the input's
 * bytes in turn (or, declared huge, none written). */
static void replace(hid_t file, const char *name, const uint8_t *b, const uint8_t *data, size_t size)
{
    H5Ldelete(file, name, H5P_DEFAULT);
    const int rank = 1 + b[1] % 3, huge = b[2] >= 250;
    hsize_t dims[3] = {huge ? (hsize_t)1 << (30 + b[2] % 11) : b[2] % 40, 1 + b[3] % 3, 2};
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t props = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk[3] = {64, 1, 1};
    H5Pset_chunk(props, rank, chunk);
    if (b[3] & 0x80) H5Pset_fletcher32(props);
    hid_t type = H5Tcopy(type_of(b[1] / 3));
    if (H5Tget_class(type) == H5T_STRING) H5Tset_size(type, 1 + b[3] % 8);
    hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT);
    if (set >= 0 && !huge) {
        size_t bytes = (size_t)H5Sget_simple_extent_npoints(space) * H5Tget_size(type);
        uint8_t *values = calloc(bytes ? bytes : 1, 1);
        for (size_t i = 0; i < bytes && size; i++) values[i] = data[i % size];
        H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
        free(values);
    }
    if (set >= 0) H5Dclose(set);
    H5Tclose(type);
    H5Pclose(props);
    H5Sclose(space);
}

/* Overwrites the values of dataset `name` in place with the input's bytes from `at`. */
static void overwrite(hid_t file, const char *name, const uint8_t *data, size_t size, size_t at)
{
    hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
    if (set < 0) return;
    hid_t type = H5Dget_type(set), space = H5Dget_space(set);
    hssize_t n = H5Sget_simple_extent_npoints(space);
    size_t bytes = n > 0 ? (size_t)n * H5Tget_size(type) : 0;
    if (bytes && bytes <= (1u << 20) && H5Tget_class(type) != H5T_STRING) {
        uint8_t *values = malloc(bytes);
        H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
        for (size_t i = 0; i < 16 && at + i < size; i++) values[(data[at] * 7919u + i) % bytes] = data[at + i];
        H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
        free(values);
    }
    H5Tclose(type);
    H5Sclose(space);
    H5Dclose(set);
}

/* Rewrites the `levels` attribute of dataset `name` with up to 24 of the input's bytes. */
static void relabel(hid_t file, const char *name, const uint8_t *data, size_t size)
{
    hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
    if (set < 0) return;
    if (H5Aexists(set, "levels") > 0) H5Adelete(set, "levels");
    char text[25] = {0};
    memcpy(text, data, size < 24 ? size : 24);
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, sizeof text);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(set, "levels", type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr >= 0) {
        H5Awrite(attr, type, text);
        H5Aclose(attr);
    }
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_seed();
    const char *path = fuzz_write("population.h5", seed_file, seed_size);
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    if (file < 0) abort();
    for (size_t at = 0; at + 4 <= size && at < 64; at += 4) {
        const uint8_t *b = data + at;
        const char *name = names[b[0] % n_names];
        switch (b[0] / n_names % 4) {
        case 0: H5Ldelete(file, name, H5P_DEFAULT); break;
        case 1: overwrite(file, name, data, size, at + 4); break;
        case 2: replace(file, name, b, data + at + 4, size - at - 4); break;
        default: relabel(file, name, data + at + 4, size - at - 4); break;
        }
    }
    H5Fclose(file);
    struct population pop;
    struct error err = {0};
    if (population_load_h5(&pop, path, &err) == 0) population_free(&pop);
    return 0;
}

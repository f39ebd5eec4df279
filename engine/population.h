/* population — households and persons as columns.
 *
 * One array per variable, households and persons in two tables; persons sorted by household,
 * household h owning persons [first_person[h], first_person[h + 1]). Money is kept in fen
 * (1/100 yuan) as integers, so sums are exact: person incomes monthly, medical and education
 * expenses annual. Coded columns (hukou, sex, ...) hold small integers whose names are in the
 * column table of population.c, which also drives the CSV reader, the HDF5 reader and writer,
 * validation, and the README's population format section (`dibaosim doc population`). */
#ifndef DIBAOSIM_POPULATION_H
#define DIBAOSIM_POPULATION_H

#include <hdf5.h>
#include <stddef.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>

#include "digest.h"
#include "error.h"
#include "yamltree.h"

struct parcel;

#define POPULATION_MAX_HOUSEHOLD 255   /* persons in one household */
/* Rows of either table (persons are indexed by uint32_t, first_person): a file declaring more
 * is refused before anything is allocated. */
#define POPULATION_MAX_ROWS 4294967295u
/* Households are generated and simulated in blocks of this many, a size fixed independently of
 * the thread count, so that sums over blocks come out the same whatever the threads. */
#define POPULATION_BLOCK 1024

enum hukou { HUKOU_RURAL, HUKOU_URBAN };
enum sex { SEX_MALE, SEX_FEMALE };
enum relation { REL_HEAD, REL_SPOUSE, REL_CHILD, REL_PARENT, REL_GRANDCHILD, REL_SIBLING,
                REL_OTHER };

struct population {
    size_t n_households, n_persons;
    int n_regions;
    char **regions;                     /* region names, indexed by the region code */
    char *source;                       /* households.csv or the .h5 file, for messages */
    int source_is_csv;

    /* households */
    int64_t *household_id;
    uint16_t *region;
    uint8_t *hukou;                     /* enum hukou */
    uint8_t *registered_poor;
    double *weight;
    int64_t *financial_assets;          /* fen */
    uint8_t *vehicles, *houses;
    uint8_t *receiving_dibao;
    uint8_t *support_children;
    int32_t *support_children_pc_income; /* fen/month */
    uint32_t *first_person;             /* n_households + 1 offsets */

    /* persons, sorted by household (file order kept within a household) */
    int64_t *person_id;
    int32_t *family_id;
    uint8_t *relation, *age, *sex, *disability_level, *disability_type;
    uint8_t *serious_illness, *student, *employed, *no_supporter;
    int32_t *wage, *business_income, *property_income, *transfer_income, *basic_pension; /* fen/month */
    int32_t *medical_oop, *education_expense;                                          /* fen/year */
    uint8_t *alive;   /* NULL: everyone; a projection with mortality sets it (projection.h) */
};

static inline int population_alive(const struct population *pop, uint32_t p)
{
    return !pop->alive || pop->alive[p];
}

/* Loads a population from a folder holding households.csv and persons.csv, or from an HDF5
 * population file (by the .h5 ending). Validates every value; errors name file, row, column and
 * value (ERR_INPUT). Each file read is appended to `files` (may be NULL) with the SHA-256 of what
 * was read. On failure nothing is left to free. */
int population_load(struct population *pop, const char *path, struct yfiles *files,
                    struct error *err);
int population_load_csv(struct population *pop, const char *dir, struct error *err);
int population_load_h5(struct population *pop, const char *path, struct error *err);

/* An HDF5 population file read a chunk of households at a time (a streamed run, run.h). Opening
 * hashes it and checks what the whole loader checks across rows, reading its ids in pieces:
 * households in increasing id order, persons grouped by household in that order with
 * increasing ids (the order of files the engine writes; others are refused, saying so); each
 * chunk is then read by hyperslab and checked value by value. The file is hashed on a thread of
 * its own while the run reads it; population_file_seal takes the digest at the end. */
struct population_file {
    char *path;
    size_t n_households, n_persons;
    int n_regions;
    char **regions;
    uint32_t *first_person;     /* [n_households + 1]: over the whole file */
    struct digest_job digest;   /* its SHA-256, taken beside the reading from the opening on */
    struct stat stamp;          /* its status when opened */
};
int population_file_open(struct population_file *f, const char *path, struct error *err);
/* Households [first, first + count) (fewer at the end) and their persons. */
int population_file_read(const struct population_file *f, size_t first, size_t count,
                         struct population *pop, struct error *err);
/* After the last read: waits for the file's SHA-256, checks that the file is as it was when
 * opened, and appends it with its digest to files (may be NULL). ERR_INPUT when it could not be
 * hashed or changed meanwhile. */
int population_file_seal(struct population_file *f, struct yfiles *files, struct error *err);
void population_file_close(struct population_file *f);

/* Where a population file came from, written into its /meta group: the command, the engine
 * version, the source (CSV folder or spec), each file read with its SHA-256, and for a generated
 * population the seed and scale. */
struct population_provenance {
    const char *command_line;
    const char *source;           /* the CSV folder or the spec */
    const struct yfiles *files;   /* every file read, with its SHA-256 */
    int generated;                /* from a spec: seed, scale and ranks apply */
    uint64_t seed;
    double scale;
    int ranks;                    /* MPI ranks that generated it (the file does not depend on it) */
};

/* Writes the population to an HDF5 file (temporary name, then rename): each column an
 * uncompressed dataset of its storage type, in chunks with Fletcher-32 checksums (measured at
 * 10^6 persons: 74 MB, loaded and hashed in 0.15-0.18 s, against 0.11-0.14 s for the contiguous
 * columns of earlier versions; 7.9 MB in 0.39 s through shuffle + deflate and 17 MB in 0.30 s through LZ4).
 * Files of any layout and filter HDF5 can read are read, deflated or unchecksummed files written
 * by earlier versions included. */
int population_save_h5(const struct population *pop, const char *path, struct error *err);
/* The same with /meta (provenance may be NULL: no /meta). */
int population_save_h5_with(const struct population *pop, const char *path,
                            const struct population_provenance *provenance, struct error *err);

/* The same written in parts, households in order (a population generated chunk by chunk):
 * open with the rows of the whole, put each part (its households and their persons follow the
 * parts before), close to add /meta and rename the file into place. A failed put or close
 * removes the file; abandon removes it after another error. */
struct population_writer {
    const char *path;
    hid_t file;
    char tmp[4096];
    size_t rows[2], at[2];   /* households, persons: declared, written */
};
int population_writer_open(struct population_writer *w, const char *path, size_t n_households,
                           size_t n_persons, struct error *err);
int population_writer_put(struct population_writer *w, const struct population *part,
                          struct error *err);
int population_writer_close(struct population_writer *w,
                            const struct population_provenance *provenance, struct error *err);
void population_writer_abandon(struct population_writer *w);

void population_free(struct population *pop);

/* A copy of households [first, first + count) of `whole` and their persons (the first chunk of
 * a streamed run over a population held in memory, run.h). */
void population_slice(const struct population *whole, size_t first, size_t count,
                      struct population *out);

/* A population's rows and columns packed into a parcel (parcel.h), to travel between MPI ranks;
 * taken out as a view whose columns point into the parcel (nothing to free; regions and source
 * left NULL), -1 when the parcel holds no population. */
void population_put(struct parcel *out, const struct population *pop);
int population_take_view(struct parcel *in, struct population *view);

/* Allocates the household columns (and first_person), zeroed, for a population built in memory
 * (the generator); then, once the persons are counted, the person columns. Regions and source
 * are left to the caller. */
void population_alloc_households(struct population *pop, size_t n_households);
void population_alloc_persons(struct population *pop, size_t n_persons);

/* Sets err (ERR_INPUT) about the first household of `region`, naming the population file, row,
 * column and value: "<file>: row 5 (line 6), column region: value 'X' <problem>". */
int population_region_error(const struct population *pop, int region, const char *problem,
                            struct error *err);

/* The population file format as Markdown (for the README). */
void population_columns_markdown(FILE *out);

#endif

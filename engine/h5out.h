/* h5out — the results file.
 *
 * Every dataset the engine writes is declared once in the schema (h5schema.h: name, type,
 * units, description, accessor), in groups that the writer modules own (h5out_parts.h: meta,
 * scenario, comparison, sensitivity, validation); the writer takes everything from it, and
 * `dibaosim doc schema` prints it for the README. The file is written under a temporary name beside the target and
 * renamed only when complete, so after any error the final path is untouched. */
#ifndef DIBAOSIM_H5OUT_H
#define DIBAOSIM_H5OUT_H

#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>

#include "budget.h"
#include "compare.h"
#include "error.h"
#include "population.h"
#include "scenario.h"
#include "sensitivity.h"
#include "simulate.h"
#include "targets.h"

/* Provenance of a run. */
struct run_record {
    const char *command_line;
    const char *population_path;
    uint64_t seed;
    int threads;
    char started[32];       /* UTC, ISO 8601 */
    size_t n_inputs;
    char **inputs;          /* every input file read: scenarios, what they extend, population,
                             * targets */
    char **input_sha256;    /* SHA-256 of each, taken as the run read it (digest.h) */
    int ranks;              /* MPI ranks (1 without mpirun) */
};

/* Published figures beside what the run simulated (for runs on a calibrated spec). */
struct validation {
    const struct targets *targets;
    const double *simulated;
    const double *trend_index;   /* targets_evaluate_trends' output */
};

/* Everything a run produced. */
struct run_output {
    const struct scenario *scenarios;
    const struct scenario_result *results;
    int n_scenarios;
    const struct population *pop;
    const struct comparison *comparisons;           /* NULL, or one per scenario after the first */
    const struct sensitivity_result *sensitivity;   /* NULL, or one per scenario (may be empty) */
    int microdata;                                  /* write the per-household microdata (when
                                                     * h5out_write, not h5out_finish, writes) */
    const struct validation *validation;            /* NULL when the population names no targets */
    const struct budget_result *budgets;            /* NULL, or one per scenario (may be empty) */
};

/* Writes the results file: every scenario's summary, cash flow and fund needs, microdata,
 * sensitivity and sweep, the comparisons and the validation, as `out` holds them. */
int h5out_write(const char *path, const struct run_record *record, const struct run_output *out,
                struct error *err);

/* The same in steps, for a run whose households stream through in chunks: the results file is
 * opened under its temporary name (tmp: at least 4096 bytes) before the first chunk, each
 * chunk's microdata written into it as the chunk is done, and the rest written and the file
 * renamed into place at the end by h5out_finish (or h5out_abandon after an error: nothing is
 * left at path). */
hid_t h5out_open(const char *path, char *tmp, struct error *err);
/* Columns [offset, offset + res->n_households) of scenario `name`'s microdata, of `total`
 * households in all; pop holds the chunk's households. */
int h5out_microdata_write(hid_t file, const char *name, const struct scenario_result *res,
                          const struct population *pop, size_t offset, size_t total);
/* Under mpirun (run.c), the microdata of scenario `name` ([n_years × total] and the ids) are
 * created empty in the file rank 0 made, laid out as one process lays them out, before every
 * rank opens it (h5io_open_shared) and writes its chunks into them with h5out_microdata_write
 * (collective: a rank with no chunk writes a result of 0 households); each rank then reads its
 * columns [offset, offset + count) back (h5out_microdata_check): -1 when any does not read
 * back (missing, or a chunk failing its checksum). */
int h5out_microdata_create(hid_t file, const char *name, int n_years, size_t total);
int h5out_microdata_check(hid_t file, const char *name, int n_years, size_t offset, size_t count,
                          size_t total);
/* Writes everything but the microdata and renames the file to path; on failure removes it. */
int h5out_finish(hid_t file, const char *tmp, const char *path, const struct run_record *record,
                 const struct run_output *out, struct error *err);
void h5out_abandon(hid_t file, const char *tmp);

/* The schema as a Markdown table (for the README). */
void h5out_schema_markdown(FILE *out);

#endif

/* run — one `run` or `compare` invocation as a value, so that the command reads as its pipeline:
 *
 *     run_init → run_load → run_simulate → run_validate → run_sensitivity → run_write
 *
 * Each step fills part of a struct run and returns 0 or -1 with err set; run_free releases
 * whatever the steps built, wherever the pipeline stopped.
 *
 * Households go through the core in chunks of --chunk households (a multiple of RUN_CHUNK_UNIT,
 * itself whole blocks and whole chunks of the results file's microdata), each chunk through
 * every scenario and year, so that memory is set by the chunk: a population from a spec is
 * generated chunk by chunk (synth_generate_range), an HDF5 file read chunk by chunk
 * (population_file_read), a CSV folder read whole and handed out in chunks. Sums continue from
 * chunk to chunk (simulate.h, scenario_totals; compare.h), and registry exits aligned over the
 * population are decided from candidates gathered chunk by chunk (projection.h, registry_plan):
 * a year decided before the last costs one more pass of the chunks through that year. Results
 * do not depend on the chunk size. A population of one chunk is held whole as before; a streamed
 * one (several chunks) cannot be validated against targets, nor take sensitivity analyses,
 * sweeps, or alignments of monthly transitions or of reviews (errors say so).
 *
 * Under `mpirun -np N` (ranks.h) a streamed population is spread: chunk c goes to rank c mod N,
 * which packs what it yields into a parcel (parcel.h) for rank 0: each block's sums, the
 * registry's leavers and candidates, and for a compare what the comparison needs. Rank 0 takes
 * the chunks in order and adds them up as one process would, so results are bit-identical for
 * any ranks and threads. With --microdata every rank writes the microdata of its own chunks into
 * the one results file (parallel HDF5, collective writes, a round of N chunks at a time), whose
 * datasets rank 0 created beforehand as one process lays them out; each rank then reads its
 * chunks back (MPI-IO does not report every failed write), and rank 0 alone writes the rest of
 * the file and renames it into place (run.c). A population of one chunk is held whole by every
 * rank: rank 0 simulates and writes it as one process does, and every rank takes its share of
 * the sensitivity and sweep runs (sensitivity.h), whose measures rank 0 gathers. */
#ifndef DIBAOSIM_RUN_H
#define DIBAOSIM_RUN_H

#include "budget.h"
#include "cli.h"
#include "compare.h"
#include "error.h"
#include "h5out.h"
#include "population.h"
#include "scenario.h"
#include "sensitivity.h"
#include "synthspec.h"
#include "simulate.h"
#include "targets.h"
#include "yamltree.h"

#define RUN_CHUNK_UNIT 65536            /* households: --chunk is a multiple of it */
#define RUN_CHUNK_DEFAULT 262144

struct run {
    const struct cli_args *args;
    int n;                               /* scenarios named on the command line */
    int n_loaded;                        /* of which loaded (and to be freed) */
    struct scenario *scenarios;          /* [n] */
    struct scenario_result *results;     /* [n] */
    struct budget_result *budgets;       /* [n]: each scenario's fund balances (budget.h) */
    struct comparison *comparisons;      /* compare: [n - 1], each reform against the first */
    struct sensitivity_result *sensitivity;   /* [n] */
    struct population pop;               /* the whole population, or when streamed its regions */
    int have_population;
    size_t chunk;                        /* households per chunk */
    int streamed;                        /* more than one chunk */
    int spread;                          /* streamed over several MPI ranks */
    struct synth_spec spec;              /* a streamed spec, generated chunk by chunk */
    int have_spec;
    struct population_file file;         /* a streamed HDF5 file, read chunk by chunk */
    int have_file;
    hid_t out_file;                      /* the results file while microdata stream into it */
    int shared;                          /* under mpirun, written by every rank (run.c) */
    char out_tmp[4096];
    struct registry_plan *plans;         /* [n] */
    struct yfiles population_files;      /* every file the population was read from */
    char *targets_path;                  /* the targets a calibrated spec names, or NULL */
    struct yfiles targets_files;         /* that file and its SHA-256, once read */
    struct targets targets;
    double *simulated, *trend_index;     /* the targets' simulated values and trends */
    struct validation validation;
    struct run_options options;
    struct run_record record;
};

/* Sets up the run of args (threads, seed, progress, the provenance record); refuses an --out
 * that is the population file. */
int run_init(struct run *run, const struct cli_args *args, struct error *err);
/* Loads the scenarios (years from --years; distinct names; for compare, the same years) and the
 * population (files, or generated from a spec); refuses an --out that is any file read. */
int run_load(struct run *run, struct error *err);
/* Simulates every scenario and computes its fund balances; compare compares each with the
 * first as soon as it is done. */
int run_simulate(struct run *run, struct error *err);
/* On a calibrated spec: the published figures and trends beside the first scenario's. */
int run_validate(struct run *run, struct error *err);
/* Each scenario's sensitivity analysis and sweep, when it has them (their runs shared by the
 * ranks: collective). */
int run_sensitivity(struct run *run, struct error *err);
/* Writes the results file at path (HDF5, through a temporary name). */
int run_write(struct run *run, const char *path, struct error *err);
void run_free(struct run *run);

/* A population from files (a CSV folder or HDF5), or generated from a spec (.yaml); `files`
 * receives every file read, and *targets (when not NULL) the targets file a calibrated spec
 * names, or NULL. */
int run_load_population(const struct cli_args *args, int threads, struct population *pop,
                        struct yfiles *files, char **targets, struct error *err);

#endif

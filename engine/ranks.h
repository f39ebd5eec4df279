/* ranks — the MPI ranks (Open MPI) a run is spread over.
 *
 * The same binary runs alone or under `mpirun -np N`. Alone (no Open MPI or PMIx variables in
 * the environment) MPI is never initialised, and the process is rank 0 of 1, as before MPI was
 * linked. Under mpirun, run and compare hand chunks of households to the ranks in turn (run.h),
 * synth the chunks it generates (synth.h), and a sensitivity analysis its runs (sensitivity.h);
 * every other command runs on rank 0 alone. Each of these hands item i of its work to rank
 * i mod N, which packs what it yields into a parcel (parcel.h) for rank 0, and rank 0 takes the
 * items in order (ranks_in_order), so that what it adds up or writes is formed exactly as on one
 * process; run and compare's microdata are written by every rank into the one file, a round of
 * items at a time (ranks_work.round). A failure on any rank is agreed on collectively
 * (ranks_agree), so that every rank ends with the same error and only rank 0 reports it. */
#ifndef DIBAOSIM_RANKS_H
#define DIBAOSIM_RANKS_H

#include <stddef.h>

#include "error.h"

struct parcel;

/* Initialises MPI when launched by mpirun; first thing in main. */
void ranks_init(int *argc, char ***argv);
/* Finalises MPI when initialised; last thing in main. */
void ranks_finish(void);
int ranks_rank(void);
int ranks_size(void);

/* Collective: 0 when every rank's rc is 0; otherwise -1 on every rank, err holding the error of
 * the lowest rank that failed. Alone: rc. */
int ranks_agree(int rc, struct error *err);
/* Collective: whether `flag` is set on any rank (err untouched). Alone: flag. */
int ranks_any(int flag);
/* Ends every rank at once (MPI_Abort, exit status err->code) after printing the error and
 * removing the temporary output file: for a failure inside a collective call of a library
 * (parallel HDF5's writes) that may leave the other ranks waiting in that call, where no
 * agreement can reach them. Like running out of memory (memory.h), an exception to "no exit()
 * below main". */
_Noreturn void ranks_abort(const struct error *err);

/* Sends n bytes to rank `to` (blocking; any size). */
void ranks_send(int to, const void *data, size_t n);
/* Receives the next message from rank `from`: malloc'ed bytes (*n of them). */
void *ranks_receive(int from, size_t *n);
/* Broadcasts n bytes from rank 0 to every rank (collective). */
void ranks_broadcast(void *data, size_t n);

/* Work of n items handed out over the ranks, item i to rank i mod N, and taken by rank 0 in
 * item order, in rounds of N items (round r: items rN to rN + N - 1, one a rank):
 *   make(ctx, i, out, err)  on item i's rank: builds it; on a rank other than 0 puts it into
 *                           `out` for rank 0, on rank 0 (out NULL) keeps it for take;
 *   round(ctx, i, out, failed)
 *                           when not NULL, on every rank once a round, after its make: i the
 *                           rank's item of the round, or n when it has none; out as make's (the
 *                           parcel it filled, not yet sent: round may add to it when the rank
 *                           has not failed); failed whether the rank has failed so far. A
 *                           collective step of the round's items (run.c: their microdata
 *                           written into one file by every rank); it reports no error (see
 *                           ranks_any, ranks_abort);
 *   take(ctx, i, in, err)   on rank 0, in item order: item i from the parcel its rank sent, or
 *                           (in NULL) rank 0's own item as make kept it.
 * make and take return 0, or -1 with err set. A rank that has failed (rc on entry, or make)
 * sends its error in place of this and each of its later items; rank 0 takes no item after the
 * first failure in item order, whose error it keeps, but receives every parcel. Collective:
 * ends with ranks_agree (0 on every rank, or -1 with that error). Alone: make, round and take
 * of each item in turn, until one fails. */
struct ranks_work {
    int (*make)(void *ctx, size_t i, struct parcel *out, struct error *err);
    int (*take)(void *ctx, size_t i, struct parcel *in, struct error *err);
    void *ctx;
    void (*round)(void *ctx, size_t i, struct parcel *out, int failed);
};
int ranks_in_order(size_t n, const struct ranks_work *work, int rc, struct error *err);

#endif

/* ranks — the MPI ranks (Open MPI) a run is spread over.
 *
 * The same binary runs alone or under `mpirun -np N`. Alone (no Open MPI or PMIx variables in
 * the environment) MPI is never initialised, and the process is rank 0 of 1, as before MPI was
 * linked. Under mpirun, run and compare hand chunks of households to the ranks in turn (run.h);
 * every other command runs on rank 0 alone. Messages are byte buffers sent point to point to
 * rank 0, which adds them up in chunk order, or broadcast from it; a failure on any rank is
 * agreed on collectively (ranks_agree), so that every rank ends with the same error and only
 * rank 0 reports it. */
#ifndef DIBAOSIM_RANKS_H
#define DIBAOSIM_RANKS_H

#include <stddef.h>

#include "error.h"

/* Initialises MPI when launched by mpirun; first thing in main. */
void ranks_init(int *argc, char ***argv);
/* Finalises MPI when initialised; last thing in main. */
void ranks_finish(void);
int ranks_rank(void);
int ranks_size(void);

/* Collective: 0 when every rank's rc is 0; otherwise -1 on every rank, err holding the error of
 * the lowest rank that failed. Alone: rc. */
int ranks_agree(int rc, struct error *err);

/* Sends n bytes to rank `to` (blocking; any size). */
void ranks_send(int to, const void *data, size_t n);
/* Receives the next message from rank `from`: malloc'ed bytes (*n of them). */
void *ranks_receive(int from, size_t *n);
/* Broadcasts n bytes from rank 0 to every rank (collective). */
void ranks_broadcast(void *data, size_t n);

#endif

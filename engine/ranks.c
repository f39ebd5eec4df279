/* ranks — see ranks.h. */
#include "ranks.h"

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memory.h"
#include "parcel.h"
#include "tempfile.h"

static int initialised, rank, size = 1;

/* MPI counts are ints: larger buffers go in pieces of this many bytes. */
#define PIECE (1 << 30)

void ranks_init(int *argc, char ***argv)
{
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMIX_RANK")) return;   /* not mpirun's */
    MPI_Init(argc, argv);
    initialised = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
}

void ranks_finish(void)
{
    if (initialised) MPI_Finalize();
    initialised = 0;
}

int ranks_rank(void) { return rank; }
int ranks_size(void) { return size; }

int ranks_agree(int rc, struct error *err)
{
    if (size == 1) return rc;
    int mine = rc ? rank : size, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == size) return 0;
    MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, first, MPI_COMM_WORLD);
    return -1;
}

int ranks_any(int flag)
{
    if (size == 1) return flag != 0;
    int mine = flag != 0, any;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}

_Noreturn void ranks_abort(const struct error *err)
{
    fprintf(stderr, "dibaosim: %s\n", err->message);
    fflush(stderr);
    tempfile_remove();
    if (initialised) MPI_Abort(MPI_COMM_WORLD, err->code ? err->code : ERR_RUN);
    _exit(err->code ? err->code : ERR_RUN);
}

void ranks_send(int to, const void *data, size_t n)
{
    uint64_t bytes = n;
    MPI_Send(&bytes, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD);
    for (size_t at = 0; at < n; at += PIECE)
        MPI_Send((const char *)data + at, (int)(n - at < PIECE ? n - at : PIECE), MPI_BYTE, to, 0,
                 MPI_COMM_WORLD);
}

void *ranks_receive(int from, size_t *n)
{
    uint64_t bytes = 0;
    MPI_Recv(&bytes, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    char *data = xmalloc(bytes + 1);   /* out of memory ends this rank, and mpirun the others */
    for (size_t at = 0; at < bytes; at += PIECE)
        MPI_Recv(data + at, (int)(bytes - at < PIECE ? bytes - at : PIECE), MPI_BYTE, from, 0,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *n = bytes;
    return data;
}

void ranks_broadcast(void *data, size_t n)
{
    if (size == 1) return;
    for (size_t at = 0; at < n; at += PIECE)
        MPI_Bcast((char *)data + at, (int)(n - at < PIECE ? n - at : PIECE), MPI_BYTE, 0,
                  MPI_COMM_WORLD);
}

/* A parcel begins with a status: 0, then what make put; or 1, then the error of a rank that
 * failed. */
int ranks_in_order(size_t n, const struct ranks_work *work, int rc, struct error *err)
{
    const size_t N = (size_t)size;
    for (size_t round = 0; round * N < n; round++) {
        const size_t mine = round * N + (size_t)rank, last = round * N + N < n ? round * N + N : n;
        struct parcel parcel = {NULL, 0, 0, 0, 0};
        if (mine < n && rank == 0) {
            if (!rc && work->make(work->ctx, mine, NULL, err)) rc = -1;
        } else if (mine < n) {
            const uint64_t ok = 0, failed = 1;
            parcel_put(&parcel, &ok, sizeof ok);
            if (!rc && work->make(work->ctx, mine, &parcel, err)) rc = -1;
            if (rc) {
                parcel_free(&parcel);
                parcel_put(&parcel, &failed, sizeof failed);
                parcel_put(&parcel, err, sizeof *err);
            }
        }
        if (work->round)
            work->round(work->ctx, mine < n ? mine : n, rank == 0 ? NULL : &parcel, rc != 0);
        if (mine < n && rank != 0) ranks_send(0, parcel.data, parcel.n);
        parcel_free(&parcel);
        for (size_t i = mine; rank == 0 && i < last; i++) {
            const int owner = (int)(i % N);
            if (owner == 0) {   /* rank 0's own, made above */
                if (!rc && work->take(work->ctx, i, NULL, err)) rc = -1;
                continue;
            }
            parcel.data = ranks_receive(owner, &parcel.n);
            const uint64_t *status = parcel_take(&parcel, sizeof *status);
            if (status && *status == 0) {
                if (!rc && work->take(work->ctx, i, &parcel, err)) rc = -1;
            } else if (!rc) {   /* the first failure in item order */
                const struct error *theirs = status ? parcel_take(&parcel, sizeof *theirs) : NULL;
                if (theirs) *err = *theirs;
                else err_set(err, ERR_RUN, "a damaged parcel from rank %d", owner);
                rc = -1;
            }
            parcel_free(&parcel);
        }
    }
    return ranks_agree(rc, err);
}

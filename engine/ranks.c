/* ranks — see ranks.h. */
#include "ranks.h"

#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"

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

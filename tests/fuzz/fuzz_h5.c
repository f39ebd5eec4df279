/* An HDF5 population file: HDF5's own parsing, then every check of ranks, sizes, types, values
 * and checksums. */
#include "fuzz_support.h"
#include "population.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct population pop;
    struct error err = {0};
    if (population_load_h5(&pop, fuzz_write("population.h5", data, size), &err) == 0)
        population_free(&pop);
    return 0;
}

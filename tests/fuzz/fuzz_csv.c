/* A CSV population: the input is households.csv, then persons.csv after the first form feed
 * (\f), each with its header; the CSV reader, value checks, linking and sorting. */
#include <string.h>

#include "fuzz_support.h"
#include "population.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *split = memchr(data, '\f', size);
    const size_t households = split ? (size_t)(split - data) : size;
    fuzz_write("households.csv", data, households);
    const char *persons = fuzz_write("persons.csv", split ? split + 1 : data,
                                     split ? size - households - 1 : 0);
    char folder[512];
    snprintf(folder, sizeof folder, "%.*s", (int)(strrchr(persons, '/') - persons), persons);
    struct population pop;
    struct error err = {0};
    if (population_load_csv(&pop, folder, &err) == 0) population_free(&pop);
    return 0;
}

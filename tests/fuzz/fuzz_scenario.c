/* A scenario file: the YAML reader with its caps, the key table, parameters and levers. */
#include "fuzz_support.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scenario s;
    struct error err = {0};
    if (scenario_load(&s, fuzz_write("scenario.yaml", data, size), &err) == 0) scenario_free(&s);
    return 0;
}

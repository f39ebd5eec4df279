/* A population spec: the YAML reader and the spec's key table. */
#include "fuzz_support.h"
#include "synthspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct synth_spec spec;
    struct error err = {0};
    if (synthspec_load(&spec, fuzz_write("spec.yaml", data, size), &err) == 0)
        synthspec_free(&spec);
    return 0;
}

/* h5out_meta — /meta: the provenance of a run (engine version, command line, seed, threads,
 * time, every input file with the SHA-256 taken as the run read it, each scenario's targeting
 * model and resolved YAML). */
#include <stdlib.h>

#include "config.h"
#include "h5out_parts.h"
#include "memory.h"
#include "version.h"

static const struct output_field META_FIELDS[] = {
    {"engine_version", FIELD_TEXT, "text",
     "dibaosim version that wrote the file, the git commit it was built from and the versions "
     "of HDF5, GSL, libyaml and OpenSSL.", NULL, NULL},
    {"command_line", FIELD_TEXT, "text",
     "The command line of the run.", NULL, NULL},
    {"started", FIELD_TEXT, "text",
     "UTC time the run started (ISO 8601).", NULL, NULL},
    {"seed", FIELD_UINT64, "1",
     "Seed of the counter-based random streams.", NULL, NULL},
    {"threads", FIELD_INT, "threads",
     "OpenMP threads used (results do not depend on it).", NULL, NULL},
    {"ranks", FIELD_INT, "ranks",
     "MPI ranks used (results do not depend on it).", NULL, NULL},
    {"population", FIELD_TEXT, "text",
     "Population the scenarios ran on.", NULL, NULL},
    {"targeting", FIELD_TEXT, "text",
     "Targeting model of each scenario: perfect targeting (receipt equals entitlement) or "
     "its `targeting` settings.", NULL, NULL},
    {"scenario_names", FIELD_TEXT, "text",
     "The scenarios of the run, in order (the first is the baseline of comparisons).", NULL, NULL},
};
const struct output_group H5OUT_META = OUTPUT_GROUP("/meta", META_FIELDS, NULL);

static const struct output_field INPUTS_FIELDS[] = {
    {"path", FIELD_TEXT, "text",
     "Every input file: scenarios, files they extend, population, targets.", NULL, NULL},
    {"sha256", FIELD_TEXT, "text",
     "SHA-256 of each input file, in the order of `path`, computed from the bytes the run read "
     "(when it read them, not when it wrote this file).", NULL, NULL},
};
const struct output_group H5OUT_META_INPUTS = OUTPUT_GROUP("/meta/inputs", INPUTS_FIELDS, NULL);

static const struct output_field SCENARIOS_FIELDS[] = {
    {"<name>", FIELD_TEXT, "text",
     "The fully resolved scenario (extends merged, every default filled in) as YAML.", NULL, NULL},
};
const struct output_group H5OUT_META_SCENARIOS =
    OUTPUT_GROUP("/meta/scenarios", SCENARIOS_FIELDS, NULL);

/* One line per scenario: perfect targeting, or its targeting section as YAML. */
static char *targeting_text(const struct scenario *scenarios, int n)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out) memory_exhausted(1, sizeof *out);
    for (int k = 0; k < n; k++) {
        const struct scenario *s = &scenarios[k];
        if (param_is_constant(&s->targeting.take_up, 1) &&
            param_is_constant(&s->targeting.income_error_sigma, 0) &&
            param_is_constant(&s->targeting.wrongful_inclusion, 0)) {
            fprintf(out, "%s: perfect targeting (take-up 1, no income errors, no wrongful "
                         "inclusion): receipt equals entitlement\n", s->name);
        } else {
            fprintf(out, "%s: targeting:\n", s->name);
            ytree_write(config_node(s->resolved, "targeting"), out);
        }
    }
    if (fclose(out) != 0 || !text) memory_exhausted(1, size);
    return text;
}

/* A text of /meta. */
static int meta_text(hid_t file, const char *field, const char *text)
{
    return h5schema_write(file, &H5OUT_META, NULL, field, NULL, NULL, 0, NULL, text);
}

int h5out_meta_write(hid_t file, const struct run_record *r, const struct scenario *scenarios,
                     int n_scenarios, struct error *err)
{
    (void)err;   /* what fails here is an HDF5 write, which h5out_write reports with the path */
    hsize_t scalar[1] = {1};
    const struct output_group *g = &H5OUT_META;
    int rc = meta_text(file, "engine_version", version_string()) ||
             meta_text(file, "command_line", r->command_line) ||
             meta_text(file, "started", r->started) ||
             h5schema_write(file, g, NULL, "seed", NULL, NULL, 1, scalar, &r->seed) ||
             h5schema_write(file, g, NULL, "threads", NULL, NULL, 1, scalar, &r->threads) ||
             h5schema_write(file, g, NULL, "ranks", NULL, NULL, 1, scalar, &r->ranks) ||
             meta_text(file, "population", r->population_path);
    char *targeting = targeting_text(scenarios, n_scenarios);
    if (!rc) rc = meta_text(file, "targeting", targeting);
    free(targeting);
    hsize_t inputs[1] = {r->n_inputs}, names_dims[1] = {(hsize_t)n_scenarios};
    if (!rc)
        rc = h5schema_write(file, &H5OUT_META_INPUTS, NULL, "path", NULL, NULL, 1, inputs,
                            r->inputs) ||
             h5schema_write(file, &H5OUT_META_INPUTS, NULL, "sha256", NULL, NULL, 1, inputs,
                            r->input_sha256);
    char **names = xcalloc((size_t)n_scenarios + 1, sizeof *names);
    for (int k = 0; k < n_scenarios; k++) names[k] = scenarios[k].name;
    if (!rc) rc = h5schema_write(file, g, NULL, "scenario_names", NULL, NULL, 1, names_dims, names);
    free(names);
    for (int k = 0; k < n_scenarios && !rc; k++) {
        char *yaml = scenario_resolved_yaml(&scenarios[k]);
        rc = h5schema_write(file, &H5OUT_META_SCENARIOS, NULL, "<name>", scenarios[k].name, NULL,
                            0, NULL, yaml);
        free(yaml);
    }
    return rc ? -1 : 0;
}

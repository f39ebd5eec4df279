/* h5out — see h5out.h.
 *
 * Layout:
 *   /meta/...                         provenance (scalars and texts)
 *   /scenarios/<name>/summary/<col>   one row per year, month and region
 *   /scenarios/<name>/households/...  with --microdata: [years × households] */
#include "h5out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "h5io.h"
#include "sha256.h"
#include "version.h"

struct output_field {
    const char *path;          /* <name> stands for a scenario name */
    const char *units;
    const char *description;
};

static const struct output_field SCHEMA[] = {
    {"/meta/engine_version", "text", "dibaosim version that wrote the file."},
    {"/meta/command_line", "text", "The command line of the run."},
    {"/meta/started", "text", "UTC time the run started (ISO 8601)."},
    {"/meta/seed", "1", "Seed of the counter-based random streams."},
    {"/meta/threads", "threads", "OpenMP threads used (results do not depend on it)."},
    {"/meta/ranks", "ranks", "MPI ranks used (results do not depend on it)."},
    {"/meta/population", "text", "Population the scenarios ran on."},
    {"/meta/targeting", "text", "Targeting model of each scenario: perfect "
                                "targeting (receipt equals entitlement) or its `targeting` settings."},
    {"/meta/inputs/path", "text", "Every input file: scenarios, files they extend, population."},
    {"/meta/inputs/sha256", "text", "SHA-256 of each input file, in the order of `path`."},
    {"/meta/scenarios/<name>", "text", "The fully resolved scenario (extends merged, every "
                                       "default filled in) as YAML."},
    {"/scenarios/<name>/summary/year", "year", "Calendar year of the row."},
    {"/scenarios/<name>/summary/month", "month", "Calendar month of the row (1-12)."},
    {"/scenarios/<name>/summary/region", "text", "Region (county) of the row."},
    {"/scenarios/<name>/summary/entitled_units", "units", "Dibao units eligible under the rules "
     "with full information (entitlement), weighted."},
    {"/scenarios/<name>/summary/entitled_persons", "persons", "Persons in entitled units, "
     "weighted."},
    {"/scenarios/<name>/summary/entitled_expenditure", "yuan", "Dibao due to entitled units in "
     "the month (entitlement), weighted."},
    {"/scenarios/<name>/summary/paid_units", "units", "Dibao units paid (receipt: after take-up "
     "and targeting errors), weighted."},
    {"/scenarios/<name>/summary/paid_persons", "persons", "Persons in paid units, weighted."},
    {"/scenarios/<name>/summary/expenditure", "yuan", "Dibao paid in the month (receipt), "
     "weighted."},
    {"/scenarios/<name>/summary/registered_poor_persons", "persons", "Persons in "
     "registered-poor (建档立卡) households, paid or not, weighted."},
    {"/scenarios/<name>/summary/paid_registered_poor", "persons", "Persons in paid units of "
     "registered-poor households, weighted (paid_registered_poor / registered_poor_persons is "
     "the study's 13.3 % indicator)."},
    {"/scenarios/<name>/summary/paid_serious_illness", "persons", "Persons in paid units who are "
     "seriously ill (the study's classification of recipients, first that applies), weighted."},
    {"/scenarios/<name>/summary/paid_disability_1", "persons", "Persons in paid units with "
     "disability level 1, not seriously ill, weighted."},
    {"/scenarios/<name>/summary/paid_disability_2", "persons", "Persons in paid units with "
     "disability level 2, not seriously ill, weighted."},
    {"/scenarios/<name>/summary/paid_disability_3_4", "persons", "Persons in paid units with "
     "disability level 3 or 4, not seriously ill, weighted (the rest are able-bodied)."},
    {"/scenarios/<name>/summary/average_benefit", "yuan/person/month", "expenditure / "
     "paid_persons (0 when nobody is paid)."},
    {"/scenarios/<name>/households/household_id", "id", "Household ids, in population order "
     "(the column order of the microdata)."},
    {"/scenarios/<name>/households/dibao", "yuan/year", "[years × households] dibao paid to each "
     "household in each year (receipt: sum of its units' twelve rounded payments), unweighted."},
    {"/scenarios/<name>/households/dibao_entitled", "yuan/year", "[years × households] dibao each "
     "household is entitled to under the rules with full information, unweighted."},
    {"/scenarios/<name>/households/months_paid", "months", "[years × households] months in which "
     "the household had a paid unit."},
    {"/validation/measure", "text", "Published figure the population was calibrated to "
     "(targets file), measured on the run's first scenario."},
    {"/validation/region", "text", "Region of the figure."},
    {"/validation/published", "persons, yuan/person/year or share", "The published value."},
    {"/validation/simulated", "persons, yuan/person/year or share", "The simulated value."},
    {"/validation/gap", "tolerances", "simulated − published in tolerances (2 % of the value for "
     "counts and averages, 1 percentage point for shares): |gap| <= 1 is met."},
    {"/validation/met", "flag", "1 when the target is met."},
    {"/validation/weight", "1", "The target's weight in the calibration objective (below 1 for "
     "figures the model is known not to reach; see the targets file)."},
    {"/validation/source", "text", "Where the published figure comes from."},
};
#define N_SCHEMA (sizeof SCHEMA / sizeof SCHEMA[0])

static const struct output_field *field(const char *path)
{
    for (size_t i = 0; i < N_SCHEMA; i++)
        if (strcmp(SCHEMA[i].path, path) == 0) return &SCHEMA[i];
    abort();   /* a dataset missing from the schema table is a programming error */
}

/* Opens group_path for dataset `leaf`, whose schema entry is schema_group/leaf. */
static hid_t locate(hid_t file, const char *group_path, const char *schema_group,
                    const char *leaf, const struct output_field **f)
{
    char schema_path[256];
    snprintf(schema_path, sizeof schema_path, "%s/%s", schema_group, leaf);
    *f = field(schema_path);
    return h5io_group(file, group_path);
}

static int put(hid_t file, const char *group_path, const char *schema_group, const char *leaf,
               hid_t type, int rank, const hsize_t *dims, const void *data)
{
    const struct output_field *f;
    hid_t group = locate(file, group_path, schema_group, leaf, &f);
    if (group < 0) return -1;
    int rc = h5io_write(group, leaf, type, rank, dims, data, f->units, f->description);
    H5Gclose(group);
    return rc;
}

static int put_text(hid_t file, const char *group_path, const char *schema_group,
                    const char *leaf, const char *text)
{
    const struct output_field *f;
    hid_t group = locate(file, group_path, schema_group, leaf, &f);
    if (group < 0) return -1;
    int rc = h5io_write_text(group, leaf, text, f->description);
    H5Gclose(group);
    return rc;
}

static int put_texts(hid_t file, const char *group_path, const char *schema_group,
                     const char *leaf, char *const *texts, size_t n)
{
    const struct output_field *f;
    hid_t group = locate(file, group_path, schema_group, leaf, &f);
    if (group < 0) return -1;
    int rc = h5io_write_texts(group, leaf, texts, n, f->description);
    H5Gclose(group);
    return rc;
}

/* A parameter given as one plain number equal to `value`. */
static int plain_value(const struct param *p, double value)
{
    return p->n == 1 && p->series[0].n == 1 && p->series[0].points[0].value == value;
}

/* One line per scenario: perfect targeting, or its targeting section as YAML. */
static char *targeting_text(const struct scenario *scenarios, int n)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    for (int k = 0; k < n; k++) {
        const struct scenario *s = &scenarios[k];
        if (plain_value(&s->targeting.take_up, 1) && plain_value(&s->targeting.income_error_sigma, 0) &&
            plain_value(&s->targeting.wrongful_inclusion, 0)) {
            fprintf(out, "%s: perfect targeting (take-up 1, no income errors, no wrongful "
                         "inclusion): receipt equals entitlement\n", s->name);
        } else {
            fprintf(out, "%s: targeting:\n", s->name);
            ytree_write(config_node(s->resolved, "targeting"), out);
        }
    }
    fclose(out);
    return text;
}

static int write_meta(hid_t file, const struct run_record *r, const struct scenario *scenarios,
                      int n_scenarios, struct error *err)
{
    int one_rank = 1;
    hsize_t scalar[1] = {1};
    int rc = put_text(file, "/meta", "/meta", "engine_version", DIBAOSIM_VERSION) ||
             put_text(file, "/meta", "/meta", "command_line", r->command_line) ||
             put_text(file, "/meta", "/meta", "started", r->started) ||
             put(file, "/meta", "/meta", "seed", H5T_NATIVE_UINT64, 1, scalar, &r->seed) ||
             put(file, "/meta", "/meta", "threads", H5T_NATIVE_INT, 1, scalar, &r->threads) ||
             put(file, "/meta", "/meta", "ranks", H5T_NATIVE_INT, 1, scalar, &one_rank) ||
             put_text(file, "/meta", "/meta", "population", r->population_path);
    char *targeting = targeting_text(scenarios, n_scenarios);
    if (!rc) rc = put_text(file, "/meta", "/meta", "targeting", targeting);
    free(targeting);
    char **hashes = calloc(r->n_inputs + 1, sizeof *hashes);
    for (size_t i = 0; i < r->n_inputs && !rc; i++) {
        hashes[i] = malloc(65);
        if (sha256_file(r->inputs[i], hashes[i]))
            rc = err_set(err, ERR_RUN, "%s: cannot read to hash it", r->inputs[i]);
    }
    if (!rc)
        rc = put_texts(file, "/meta/inputs", "/meta/inputs", "path", r->inputs, r->n_inputs) ||
             put_texts(file, "/meta/inputs", "/meta/inputs", "sha256", hashes, r->n_inputs);
    for (size_t i = 0; i < r->n_inputs; i++) free(hashes[i]);
    free(hashes);
    for (int k = 0; k < n_scenarios && !rc; k++) {
        char *yaml = scenario_resolved_yaml(&scenarios[k]);
        const struct output_field *f;
        hid_t group = locate(file, "/meta/scenarios", "/meta/scenarios", "<name>", &f);
        rc = group < 0 ? -1 : h5io_write_text(group, scenarios[k].name, yaml, f->description);
        if (group >= 0) H5Gclose(group);
        free(yaml);
    }
    return rc ? -1 : 0;
}


static int write_summary(hid_t file, const char *name, const struct scenario_result *res,
                         const struct population *pop)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/summary", name);
    const char *schema = "/scenarios/<name>/summary";
    size_t rows = (size_t)res->n_years * 12 * res->n_regions;
    int *year = malloc(rows * sizeof *year), *month = malloc(rows * sizeof *month);
    char **region = malloc(rows * sizeof *region);
    double *column = malloc(rows * sizeof *column);
    for (size_t i = 0; i < rows; i++) {
        size_t r = i % res->n_regions, ym = i / res->n_regions;
        year[i] = res->first_year + (int)(ym / 12);
        month[i] = (int)(ym % 12) + 1;
        region[i] = pop->regions[r];
    }
    hsize_t dims[1] = {rows};
    int rc = put(file, group, schema, "year", H5T_NATIVE_INT, 1, dims, year) ||
             put(file, group, schema, "month", H5T_NATIVE_INT, 1, dims, month) ||
             put_texts(file, group, schema, "region", region, rows);
    for (int m = 0; m < N_MEASURES && !rc; m++) {
        for (size_t i = 0; i < rows; i++) column[i] = res->summary[i * N_MEASURES + m];
        rc = put(file, group, schema, MEASURE_NAMES[m], H5T_NATIVE_DOUBLE, 1, dims, column);
    }
    for (size_t i = 0; i < rows && !rc; i++) {
        const double *row = res->summary + i * N_MEASURES;
        column[i] = row[M_PAID_PERSONS] > 0 ? row[M_EXPENDITURE] / row[M_PAID_PERSONS] : 0.0;
    }
    if (!rc) rc = put(file, group, schema, "average_benefit", H5T_NATIVE_DOUBLE, 1, dims, column);
    free(year);
    free(month);
    free(region);
    free(column);
    return rc;
}

static int write_microdata(hid_t file, const char *name, const struct scenario_result *res,
                           const struct population *pop)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/households", name);
    const char *schema = "/scenarios/<name>/households";
    size_t cells = (size_t)res->n_years * res->n_households;
    double *yuan = malloc((cells ? cells : 1) * sizeof *yuan);
    double *due = malloc((cells ? cells : 1) * sizeof *due);
    for (size_t i = 0; i < cells; i++) {
        yuan[i] = (double)res->dibao[i] / 100.0;
        due[i] = (double)res->dibao_entitled[i] / 100.0;
    }
    hsize_t ids[1] = {res->n_households}, grid[2] = {(hsize_t)res->n_years, res->n_households};
    int rc = put(file, group, schema, "household_id", H5T_NATIVE_INT64, 1, ids,
                 pop->household_id) ||
             put(file, group, schema, "dibao", H5T_NATIVE_DOUBLE, 2, grid, yuan) ||
             put(file, group, schema, "dibao_entitled", H5T_NATIVE_DOUBLE, 2, grid, due) ||
             put(file, group, schema, "months_paid", H5T_NATIVE_UINT8, 2, grid, res->months_paid);
    free(yuan);
    free(due);
    return rc;
}

static int write_validation(hid_t file, const struct validation *v)
{
    const struct targets *t = v->targets;
    size_t n = (size_t)t->n;
    char **measure = calloc(n, sizeof *measure), **region = calloc(n, sizeof *region);
    char **source = calloc(n, sizeof *source);
    double *published = calloc(n, sizeof *published), *gap = calloc(n, sizeof *gap);
    double *weight = calloc(n, sizeof *weight);
    uint8_t *met = calloc(n, 1);
    for (size_t i = 0; i < n; i++) {
        measure[i] = (char *)targets_measure_name(t->items[i].measure);
        region[i] = t->items[i].region;
        source[i] = t->items[i].source ? t->items[i].source : "";
        published[i] = t->items[i].value;
        weight[i] = t->items[i].weight;
        gap[i] = targets_gap(&t->items[i], v->simulated[i]);
        met[i] = fabs(gap[i]) <= 1.0;
    }
    hsize_t dims[1] = {n};
    const char *g = "/validation";
    int rc = put_texts(file, g, g, "measure", measure, n) ||
             put_texts(file, g, g, "region", region, n) ||
             put(file, g, g, "published", H5T_NATIVE_DOUBLE, 1, dims, published) ||
             put(file, g, g, "simulated", H5T_NATIVE_DOUBLE, 1, dims, v->simulated) ||
             put(file, g, g, "gap", H5T_NATIVE_DOUBLE, 1, dims, gap) ||
             put(file, g, g, "met", H5T_NATIVE_UINT8, 1, dims, met) ||
             put(file, g, g, "weight", H5T_NATIVE_DOUBLE, 1, dims, weight) ||
             put_texts(file, g, g, "source", source, n);
    free(measure);
    free(region);
    free(source);
    free(published);
    free(gap);
    free(weight);
    free(met);
    return rc;
}

int h5out_write(const char *path, const struct run_record *record,
                const struct scenario *scenarios, const struct scenario_result *results,
                int n_scenarios, const struct population *pop,
                const struct validation *validation, struct error *err)
{
    char tmp[4096];
    hid_t file = h5io_create_temp(path, tmp, err);
    if (file < 0) return -1;
    int rc = write_meta(file, record, scenarios, n_scenarios, err);
    for (int k = 0; k < n_scenarios && !rc; k++) {
        rc = write_summary(file, scenarios[k].name, &results[k], pop);
        if (!rc && results[k].dibao)
            rc = write_microdata(file, scenarios[k].name, &results[k], pop);
    }
    if (!rc && validation) rc = write_validation(file, validation);
    if (rc) {
        h5io_abandon(file, tmp);
        if (!err->code) err_set(err, ERR_RUN, "%s: writing the results failed", path);
        return -1;
    }
    return h5io_commit(file, tmp, path, err);
}

void h5out_schema_markdown(FILE *out)
{
    fputs("| dataset | units | description |\n|---|---|---|\n", out);
    for (size_t i = 0; i < N_SCHEMA; i++)
        fprintf(out, "| `%s` | %s | %s |\n", SCHEMA[i].path, SCHEMA[i].units,
                SCHEMA[i].description);
}

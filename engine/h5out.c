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
#include "sensitivity.h"
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
    {"/meta/scenario_names", "text", "The scenarios of the run, in order (the first is the "
                                    "baseline of comparisons)."},
    {"/meta/scenarios/<name>", "text", "The fully resolved scenario (extends merged, every "
                                       "default filled in) as YAML."},
    {"/scenarios/<name>/summary/year", "year", "Calendar year of the row."},
    {"/scenarios/<name>/summary/month", "month", "Calendar month of the row (1-12)."},
    {"/scenarios/<name>/summary/region", "text", "Region (county) of the row."},
    {"/scenarios/<name>/summary/program", "text", "Program of the row: tekun, dibao, "
     "elderly_allowance, temporary_assistance, medical_assistance, or all (every program; its "
     "units are households reached by any)."},
    {"/scenarios/<name>/summary/entitled_units", "units", "Units entitled under the rules with "
     "full information, weighted. Units: dibao units; persons for tekun, elderly and medical "
     "assistance; households for temporary assistance and `all`."},
    {"/scenarios/<name>/summary/entitled_persons", "persons", "Persons in entitled units, "
     "weighted."},
    {"/scenarios/<name>/summary/entitled_expenditure", "yuan", "What entitled units are due in "
     "the month (medical assistance: a twelfth of the year's), weighted."},
    {"/scenarios/<name>/summary/paid_units", "units", "Units paid (receipt: after dibao's take-up "
     "and targeting errors), weighted."},
    {"/scenarios/<name>/summary/paid_persons", "persons", "Persons reached: members of paid units, "
     "weighted."},
    {"/scenarios/<name>/summary/expenditure", "yuan", "Paid in the month (receipt; medical "
     "assistance: a twelfth of the year's), weighted."},
    {"/scenarios/<name>/summary/persons", "persons", "Living persons, weighted."},
    {"/scenarios/<name>/summary/registered_poor_persons", "persons", "Living persons in "
     "registered-poor (建档立卡) households, reached or not, weighted."},
    {"/scenarios/<name>/summary/paid_registered_poor", "persons", "Persons reached in "
     "registered-poor households, weighted."},
    {"/scenarios/<name>/summary/paid_serious_illness", "persons", "Persons reached who are "
     "seriously ill (the study's classification of recipients, first that applies), weighted."},
    {"/scenarios/<name>/summary/paid_disability_1", "persons", "Persons reached with "
     "disability level 1, not seriously ill, weighted."},
    {"/scenarios/<name>/summary/paid_disability_2", "persons", "Persons reached with "
     "disability level 2, not seriously ill, weighted."},
    {"/scenarios/<name>/summary/paid_disability_3_4", "persons", "Persons reached with "
     "disability level 3 or 4, not seriously ill, weighted (the rest are able-bodied)."},
    {"/scenarios/<name>/summary/poor_before", "persons", "Persons whose household's monthly "
     "income per living member (wage, business, property, transfer income, basic pension) is "
     "below poverty_line / 12, weighted."},
    {"/scenarios/<name>/summary/poverty_gap_before", "persons", "Σ weight × (z − y) / z over "
     "poor persons (z the line, y their household's income per member)."},
    {"/scenarios/<name>/summary/poverty_gap2_before", "persons", "Σ weight × ((z − y) / z)² over "
     "poor persons."},
    {"/scenarios/<name>/summary/poor_after", "persons", "poor_before after adding the row's "
     "transfers in the month to household income (medical assistance is not added: it "
     "reimburses spending)."},
    {"/scenarios/<name>/summary/poverty_gap_after", "persons", "poverty_gap_before after the "
     "row's transfers."},
    {"/scenarios/<name>/summary/poverty_gap2_after", "persons", "poverty_gap2_before after the "
     "row's transfers."},
    {"/scenarios/<name>/summary/poor_reached", "persons", "Persons poor before transfers whom "
     "the row's program reaches, weighted."},
    {"/scenarios/<name>/summary/income", "yuan/month", "Pre-transfer income of the living "
     "persons (wage, business, property, transfer income and basic pension), weighted: "
     "12 × income / persons is the mean per-capita income a year."},
    {"/scenarios/<name>/summary/paid_units_registered_poor", "units", "paid_units in "
     "registered-poor households (the row `all`: households reached)."},
    {"/scenarios/<name>/summary/expenditure_registered_poor", "yuan", "expenditure paid to "
     "registered-poor households."},
    {"/scenarios/<name>/summary/paid_registered_serious_illness", "persons", "paid_serious_illness "
     "in registered-poor households."},
    {"/scenarios/<name>/summary/paid_registered_disability_1", "persons", "paid_disability_1 "
     "in registered-poor households."},
    {"/scenarios/<name>/summary/paid_registered_disability_2", "persons", "paid_disability_2 "
     "in registered-poor households."},
    {"/scenarios/<name>/summary/paid_registered_disability_3_4", "persons", "paid_disability_3_4 "
     "in registered-poor households."},
    {"/scenarios/<name>/summary/paid_separated", "persons", "Dibao: persons paid as units of one "
     "registered separately (rules.md 3.4), weighted; 0 in other programs' rows."},
    {"/scenarios/<name>/summary/expenditure_separated", "yuan", "Dibao: what those units are "
     "paid."},
    {"/scenarios/<name>/summary/review_exit_units", "units", "Dibao units removed at a review "
     "in the month (leaving at once or entering gradual exit), weighted; 0 with reviews off "
     "(rules.md 3.8)."},
    {"/scenarios/<name>/summary/review_exit_persons", "persons", "Living members of the units "
     "removed at a review in the month, weighted."},
    {"/scenarios/<name>/summary/paid_stale_persons", "persons", "Living members of starting "
     "recipient units paid a stale benefit (not eligible, not yet reviewed), weighted."},
    {"/scenarios/<name>/summary/registry_exit_households", "households", "Registered-poor "
     "households leaving the registry from the next January (projection.registry), weighted; "
     "in the December row of the year of the decision, program `all` only (0 elsewhere)."},
    {"/scenarios/<name>/summary/registry_exit_persons", "persons", "Their living members in "
     "December, weighted; same rows."},
    {"/scenarios/<name>/summary/average_benefit", "yuan/person/month", "expenditure / "
     "paid_persons (0 when nobody is reached; so for every ratio below)."},
    {"/scenarios/<name>/summary/fgt0_before", "share", "Poverty headcount ratio before transfers "
     "(FGT0): poor_before / persons."},
    {"/scenarios/<name>/summary/fgt1_before", "share", "Poverty gap index before transfers "
     "(FGT1): poverty_gap_before / persons."},
    {"/scenarios/<name>/summary/fgt2_before", "share", "Squared poverty gap before transfers "
     "(FGT2): poverty_gap2_before / persons."},
    {"/scenarios/<name>/summary/fgt0_after", "share", "FGT0 after the row's transfers."},
    {"/scenarios/<name>/summary/fgt1_after", "share", "FGT1 after the row's transfers."},
    {"/scenarios/<name>/summary/fgt2_after", "share", "FGT2 after the row's transfers."},
    {"/scenarios/<name>/summary/coverage", "share", "Coverage of the poor: poor_reached / "
     "poor_before."},
    {"/scenarios/<name>/summary/exclusion_error", "share", "Poor not reached / poor: 1 − "
     "coverage."},
    {"/scenarios/<name>/summary/inclusion_error", "share", "Reached but not poor / reached: 1 − "
     "poor_reached / paid_persons."},
    {"/scenarios/<name>/summary/registered_poor_share", "share", "paid_registered_poor / "
     "registered_poor_persons (for dibao: the study's 13.3 % indicator)."},
    {"/scenarios/<name>/cash_flow/year", "year", "Calendar year of the row."},
    {"/scenarios/<name>/cash_flow/month", "month", "Calendar month of the row (1-12)."},
    {"/scenarios/<name>/cash_flow/<program>", "yuan", "What the program pays in the month, all "
     "regions, weighted: the funds a budget officer must have (medical assistance: a twelfth of "
     "the year's). One dataset per program."},
    {"/scenarios/<name>/cash_flow/total", "yuan", "Every program together."},
    {"/scenarios/<name>/fund_needs/year", "year", "Calendar year of the row."},
    {"/scenarios/<name>/fund_needs/<program>", "yuan", "What the program pays in the year, all "
     "regions, weighted. One dataset per program."},
    {"/scenarios/<name>/fund_needs/total", "yuan", "Every program together."},
    {"/scenarios/<name>/households/household_id", "id", "Household ids, in population order "
     "(the column order of the microdata)."},
    {"/scenarios/<name>/households/<program>", "yuan/year", "[years × households] what each "
     "household received from the program in each year (dibao: the sum of its units' twelve "
     "rounded payments, after targeting), unweighted. One dataset per program."},
    {"/scenarios/<name>/households/dibao_entitled", "yuan/year", "[years × households] dibao each "
     "household is entitled to under the rules with full information, unweighted."},
    {"/scenarios/<name>/households/months_paid", "months", "[years × households] months in which "
     "the household had a paid dibao unit."},
    {"/scenarios/<name>/households/pre_transfer_pc_income", "yuan/person/year", "[years × "
     "households] income before transfers per living member: 12 × the mean, over the year's "
     "months with a living member, of the month's income per living member (NaN: nobody "
     "living)."},
    {"/comparison/baseline", "text", "The scenario every other is compared with (the first)."},
    {"/comparison/<reform>/by_program/year", "year", "Calendar year of the row."},
    {"/comparison/<reform>/by_program/program", "text", "Program of the row, or all."},
    {"/comparison/<reform>/by_program/baseline", "yuan", "Paid in the year under the baseline, "
     "weighted."},
    {"/comparison/<reform>/by_program/reform", "yuan", "Paid in the year under the reform, "
     "weighted."},
    {"/comparison/<reform>/by_program/change", "yuan", "reform − baseline: the change in cost."},
    {"/comparison/<reform>/by_program/baseline_households", "households", "Households receiving "
     "something from the program in the year under the baseline, weighted."},
    {"/comparison/<reform>/by_program/reform_households", "households", "The same under the "
     "reform."},
    {"/comparison/<reform>/by_program/gained", "households", "Households receiving under the "
     "reform but not the baseline (recipients gained), weighted."},
    {"/comparison/<reform>/by_program/lost", "households", "Households receiving under the "
     "baseline but not the reform (recipients lost), weighted."},
    {"/comparison/<reform>/by_decile/year", "year", "Calendar year of the row."},
    {"/comparison/<reform>/by_decile/decile", "decile", "Decile (1 poorest to 10) of households with "
     "a living member, weighted, by the baseline's pre_transfer_pc_income in the year."},
    {"/comparison/<reform>/by_decile/households", "households", "Households in the decile, "
     "weighted."},
    {"/comparison/<reform>/by_decile/winners", "households", "Households whose annual assistance "
     "from every program together rises by more than 1 yuan, weighted."},
    {"/comparison/<reform>/by_decile/losers", "households", "Households whose annual assistance "
     "falls by more than 1 yuan, weighted."},
    {"/comparison/<reform>/by_decile/mean_change", "yuan/household/year", "Mean change in annual "
     "assistance per household of the decile."},
    {"/sensitivity/<name>/parameters/path", "text", "The uncertain parameters, in the order of "
     "the scenario's sensitivity.parameters."},
    {"/sensitivity/<name>/parameters/p05", "as the parameter", "Each parameter's 5th percentile: "
     "its low end in the tornado."},
    {"/sensitivity/<name>/parameters/p50", "as the parameter", "Its median: its value while the "
     "others move in the tornado."},
    {"/sensitivity/<name>/parameters/p95", "as the parameter", "Its 95th percentile: its high end "
     "in the tornado."},
    {"/sensitivity/<name>/replications/draws", "as the parameters", "[replications × parameters] "
     "the values each replication drew (from the stream keyed on seed, parameter and "
     "replication)."},
    {"/sensitivity/<name>/replications/<measure>", "as the measure", "[replications × years] a "
     "headline measure of each replication: cost_<program> and cost_all (yuan in the year), "
     "dibao_recipients and dibao_units (December), fgt0_before, fgt0_after, fgt1_after, "
     "fgt2_after (all programs, the year's months), coverage, exclusion_error, inclusion_error "
     "(dibao, the year's months), registered_poor_share (dibao, December). One dataset per "
     "measure."},
    {"/sensitivity/<name>/statistics/measure", "text", "Headline measure of the row."},
    {"/sensitivity/<name>/statistics/year", "year", "Calendar year of the row."},
    {"/sensitivity/<name>/statistics/mean", "as the measure", "Mean over the replications."},
    {"/sensitivity/<name>/statistics/se", "as the measure", "Standard error of the mean (sd / "
     "√replications)."},
    {"/sensitivity/<name>/statistics/p05", "as the measure", "5th percentile over the "
     "replications."},
    {"/sensitivity/<name>/statistics/p50", "as the measure", "Median over the replications."},
    {"/sensitivity/<name>/statistics/p95", "as the measure", "95th percentile over the "
     "replications."},
    {"/sensitivity/<name>/tornado/parameter", "text", "The parameter moved (the others at their "
     "medians)."},
    {"/sensitivity/<name>/tornado/measure", "text", "Headline measure of the row."},
    {"/sensitivity/<name>/tornado/year", "year", "Calendar year of the row."},
    {"/sensitivity/<name>/tornado/at_p05", "as the measure", "The measure with the parameter at "
     "its 5th percentile."},
    {"/sensitivity/<name>/tornado/at_p50", "as the measure", "The measure with every parameter at "
     "its median."},
    {"/sensitivity/<name>/tornado/at_p95", "as the measure", "The measure with the parameter at "
     "its 95th percentile."},
    {"/sweep/<name>/axes", "text", "The one or two parameter paths of the grid."},
    {"/sweep/<name>/grid", "as the parameters", "[points × axes] each grid point's values (the "
     "last axis varies fastest)."},
    {"/sweep/<name>/year", "year", "The years, the columns of each measure."},
    {"/sweep/<name>/<measure>", "as the measure", "[points × years] a headline measure (see "
     "/sensitivity/<name>/replications/<measure>) at each grid point. One dataset per measure."},
    {"/validation/measure", "text", "Published figure the population was calibrated to "
     "(targets file), measured on the run's first scenario."},
    {"/validation/region", "text", "Region of the figure."},
    {"/validation/published", "persons, yuan or share", "The published value (NaN for a bound)."},
    {"/validation/min", "as published", "A lower bound the value must meet (NaN when none)."},
    {"/validation/max", "as published", "An upper bound (NaN when none)."},
    {"/validation/below", "text", "A region whose value this one must be below (\"\" when none); "
     "simulated is then the ratio of the two."},
    {"/validation/tolerance", "share", "The tolerance of a published value: relative for counts "
     "and amounts, absolute for shares."},
    {"/validation/simulated", "persons, yuan/person/year or share", "The simulated value."},
    {"/validation/gap", "tolerances", "simulated − published in tolerances (by default 2 % of the "
     "value for counts and averages, 1 percentage point for shares; a bound: 0 inside, above 1 "
     "outside): |gap| <= 1 is met."},
    {"/validation/met", "flag", "1 when the target is met."},
    {"/validation/weight", "1", "The target's weight in the calibration objective (below 1 for "
     "figures the model is known not to reach; see the targets file)."},
    {"/validation/source", "text", "Where the published figure comes from."},
    {"/validation/trends/measure", "text", "One row per year of each trend of the targets file: "
     "the measure indexed (base year = 100), measured on the run's first scenario."},
    {"/validation/trends/region", "text", "Its region (or all)."},
    {"/validation/trends/year", "year", "The year."},
    {"/validation/trends/base", "year", "The base year (index 100)."},
    {"/validation/trends/published", "index", "The published index (NaN when only bounded)."},
    {"/validation/trends/min", "index", "Lower bound on the simulated index (NaN when none)."},
    {"/validation/trends/max", "index", "Upper bound (NaN when none)."},
    {"/validation/trends/simulated", "index", "The simulated index (NaN: a year the run does not "
     "cover)."},
    {"/validation/trends/met", "flag", "1 when the simulated index meets the bounds (or has none)."},
    {"/validation/trends/source", "text", "Where the published index comes from."},
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

/* Writes dataset `name` of group_path, described by the schema entry schema_group/leaf. */
static int put_named(hid_t file, const char *group_path, const char *schema_group,
                     const char *leaf, const char *name, hid_t type, int rank,
                     const hsize_t *dims, const void *data)
{
    const struct output_field *f;
    hid_t group = locate(file, group_path, schema_group, leaf, &f);
    if (group < 0) return -1;
    int rc = h5io_write(group, name, type, rank, dims, data, f->units, f->description);
    H5Gclose(group);
    return rc;
}

static int put(hid_t file, const char *group_path, const char *schema_group, const char *leaf,
               hid_t type, int rank, const hsize_t *dims, const void *data)
{
    return put_named(file, group_path, schema_group, leaf, leaf, type, rank, dims, data);
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

/* One line per scenario: perfect targeting, or its targeting section as YAML. */
static char *targeting_text(const struct scenario *scenarios, int n)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
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
    char **names = calloc((size_t)n_scenarios + 1, sizeof *names);
    for (int k = 0; k < n_scenarios; k++) names[k] = scenarios[k].name;
    if (!rc) rc = put_texts(file, "/meta", "/meta", "scenario_names", names, (size_t)n_scenarios);
    free(names);
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


/* Ratios derived from the summed measures: numerator / denominator, or 1 − that. */
static const struct {
    const char *name;
    enum measure numerator, denominator;
    int complement;
} RATIOS[] = {
    {"average_benefit", M_EXPENDITURE, M_PAID_PERSONS, 0},
    {"fgt0_before", M_POOR_BEFORE, M_PERSONS, 0},
    {"fgt1_before", M_GAP_BEFORE, M_PERSONS, 0},
    {"fgt2_before", M_GAP2_BEFORE, M_PERSONS, 0},
    {"fgt0_after", M_POOR_AFTER, M_PERSONS, 0},
    {"fgt1_after", M_GAP_AFTER, M_PERSONS, 0},
    {"fgt2_after", M_GAP2_AFTER, M_PERSONS, 0},
    {"coverage", M_POOR_REACHED, M_POOR_BEFORE, 0},
    {"exclusion_error", M_POOR_REACHED, M_POOR_BEFORE, 1},
    {"inclusion_error", M_POOR_REACHED, M_PAID_PERSONS, 1},
    {"registered_poor_share", M_PAID_REGISTERED_POOR, M_REGISTERED_POOR, 0},
};

static int write_summary(hid_t file, const char *name, const struct scenario_result *res,
                         const struct population *pop)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/summary", name);
    const char *schema = "/scenarios/<name>/summary";
    const size_t rows = (size_t)res->n_years * 12 * res->n_regions * N_PROGRAM_ROWS;
    int *year = malloc(rows * sizeof *year), *month = malloc(rows * sizeof *month);
    char **region = malloc(rows * sizeof *region), **program = malloc(rows * sizeof *program);
    double *column = malloc(rows * sizeof *column);
    for (size_t i = 0; i < rows; i++) {
        size_t k = i % N_PROGRAM_ROWS, r = i / N_PROGRAM_ROWS % res->n_regions;
        size_t ym = i / N_PROGRAM_ROWS / res->n_regions;
        year[i] = res->first_year + (int)(ym / 12);
        month[i] = (int)(ym % 12) + 1;
        region[i] = pop->regions[r];
        program[i] = (char *)PROGRAMS[k].name;
    }
    hsize_t dims[1] = {rows};
    int rc = put(file, group, schema, "year", H5T_NATIVE_INT, 1, dims, year) ||
             put(file, group, schema, "month", H5T_NATIVE_INT, 1, dims, month) ||
             put_texts(file, group, schema, "region", region, rows) ||
             put_texts(file, group, schema, "program", program, rows);
    for (int m = 0; m < N_MEASURES && !rc; m++) {
        for (size_t i = 0; i < rows; i++) column[i] = res->summary[i * N_MEASURES + m];
        rc = put(file, group, schema, MEASURE_NAMES[m], H5T_NATIVE_DOUBLE, 1, dims, column);
    }
    for (size_t q = 0; q < sizeof RATIOS / sizeof RATIOS[0] && !rc; q++) {
        for (size_t i = 0; i < rows; i++) {
            const double *row = res->summary + i * N_MEASURES;
            const double den = row[RATIOS[q].denominator];
            const double ratio = den > 0 ? row[RATIOS[q].numerator] / den : 0.0;
            column[i] = den > 0 && RATIOS[q].complement ? 1.0 - ratio : ratio;
        }
        rc = put(file, group, schema, RATIOS[q].name, H5T_NATIVE_DOUBLE, 1, dims, column);
    }
    free(year);
    free(month);
    free(region);
    free(program);
    free(column);
    return rc;
}

/* Expenditure of program k (all regions) in month index m. */
static double spent(const struct scenario_result *res, int m, int k)
{
    double total = 0;
    for (int r = 0; r < res->n_regions; r++) total += summary_row(res, m, r, k)[M_EXPENDITURE];
    return total;
}

/* The monthly cash flow and the yearly fund needs of each program, all regions together. */
static int write_funds(hid_t file, const char *name, const struct scenario_result *res)
{
    const int months = res->n_years * 12;
    int *year = malloc((size_t)months * sizeof *year), *month = malloc((size_t)months * sizeof *month);
    double *flow = malloc((size_t)months * sizeof *flow), *needs = malloc((size_t)res->n_years * sizeof *needs);
    char cash[512], funds[512];
    snprintf(cash, sizeof cash, "/scenarios/%s/cash_flow", name);
    snprintf(funds, sizeof funds, "/scenarios/%s/fund_needs", name);
    const char *cash_schema = "/scenarios/<name>/cash_flow", *funds_schema = "/scenarios/<name>/fund_needs";
    for (int m = 0; m < months; m++) {
        year[m] = res->first_year + m / 12;
        month[m] = m % 12 + 1;
    }
    hsize_t by_month[1] = {(hsize_t)months}, by_year[1] = {(hsize_t)res->n_years};
    int rc = put(file, cash, cash_schema, "year", H5T_NATIVE_INT, 1, by_month, year) ||
             put(file, cash, cash_schema, "month", H5T_NATIVE_INT, 1, by_month, month) ||
             put(file, funds, funds_schema, "year", H5T_NATIVE_INT, 1, by_year, year);
    for (int k = 0; k < N_PROGRAM_ROWS && !rc; k++) {
        for (int y = 0; y < res->n_years; y++) needs[y] = 0;
        for (int m = 0; m < months; m++) {
            flow[m] = spent(res, m, k);
            needs[m / 12] += flow[m];
        }
        const char *leaf = k == PROGRAM_ALL ? "total" : "<program>";
        const char *dataset = k == PROGRAM_ALL ? "total" : PROGRAMS[k].name;
        rc = put_named(file, cash, cash_schema, leaf, dataset, H5T_NATIVE_DOUBLE, 1, by_month,
                       flow) ||
             put_named(file, funds, funds_schema, leaf, dataset, H5T_NATIVE_DOUBLE, 1, by_year,
                       needs);
    }
    free(year);
    free(month);
    free(flow);
    free(needs);
    return rc;
}

/* A [years × households] column of fen as yuan. */
static int put_yuan(hid_t file, const char *group, const char *leaf, const char *dataset,
                    const struct scenario_result *res, const int64_t *fen, double *buffer)
{
    const size_t cells = (size_t)res->n_years * res->n_households;
    for (size_t i = 0; i < cells; i++) buffer[i] = (double)fen[i] / 100.0;
    hsize_t grid[2] = {(hsize_t)res->n_years, res->n_households};
    return put_named(file, group, "/scenarios/<name>/households", leaf, dataset,
                     H5T_NATIVE_DOUBLE, 2, grid, buffer);
}

static int write_microdata(hid_t file, const char *name, const struct scenario_result *res,
                           const struct population *pop)
{
    char group[512];
    snprintf(group, sizeof group, "/scenarios/%s/households", name);
    const char *schema = "/scenarios/<name>/households";
    size_t cells = (size_t)res->n_years * res->n_households;
    double *buffer = malloc((cells ? cells : 1) * sizeof *buffer);
    hsize_t ids[1] = {res->n_households}, grid[2] = {(hsize_t)res->n_years, res->n_households};
    int rc = put(file, group, schema, "household_id", H5T_NATIVE_INT64, 1, ids,
                 pop->household_id);
    for (int k = 0; k < N_PROGRAMS && !rc; k++)
        rc = put_yuan(file, group, "<program>", PROGRAMS[k].name, res, res->paid[k], buffer);
    if (!rc) rc = put_yuan(file, group, "dibao_entitled", "dibao_entitled", res,
                           res->dibao_entitled, buffer) ||
                  put(file, group, schema, "months_paid", H5T_NATIVE_UINT8, 2, grid,
                      res->months_paid) ||
                  put(file, group, schema, "pre_transfer_pc_income", H5T_NATIVE_DOUBLE, 2, grid,
                      res->pre_transfer_pc);
    free(buffer);
    return rc;
}

static int write_comparison(hid_t file, const char *reform, const struct comparison *c)
{
    char group[512], deciles[512];
    snprintf(group, sizeof group, "/comparison/%s/by_program", reform);
    snprintf(deciles, sizeof deciles, "/comparison/%s/by_decile", reform);
    const char *g = "/comparison/<reform>/by_program", *d = "/comparison/<reform>/by_decile";
    const size_t rows = (size_t)c->n_years * N_PROGRAM_ROWS;
    const size_t drows = (size_t)c->n_years * COMPARE_DECILES;
    int *year = malloc((rows + drows) * sizeof *year), *decile = malloc(drows * sizeof *decile);
    char **program = malloc(rows * sizeof *program);
    double *column = malloc((rows + drows) * sizeof *column);
    for (size_t i = 0; i < rows; i++) {
        year[i] = c->first_year + (int)(i / N_PROGRAM_ROWS);
        program[i] = (char *)PROGRAMS[i % N_PROGRAM_ROWS].name;
    }
    hsize_t dims[1] = {rows}, ddims[1] = {drows};
    int rc = put(file, group, g, "year", H5T_NATIVE_INT, 1, dims, year) ||
             put_texts(file, group, g, "program", program, rows);
    static const char *const FIELDS[] = {"baseline", "reform", "change", "baseline_households",
                                         "reform_households", "gained", "lost"};
    for (int f = 0; f < 7 && !rc; f++) {
        for (size_t i = 0; i < rows; i++) {
            const struct program_change *p = &c->program[i];
            const double v[7] = {p->baseline, p->reform, p->reform - p->baseline,
                                 p->baseline_households, p->reform_households, p->gained, p->lost};
            column[i] = v[f];
        }
        rc = put(file, group, g, FIELDS[f], H5T_NATIVE_DOUBLE, 1, dims, column);
    }
    for (size_t i = 0; i < drows; i++) {
        year[i] = c->first_year + (int)(i / COMPARE_DECILES);
        decile[i] = (int)(i % COMPARE_DECILES) + 1;
    }
    if (!rc) rc = put(file, deciles, d, "year", H5T_NATIVE_INT, 1, ddims, year) ||
                  put(file, deciles, d, "decile", H5T_NATIVE_INT, 1, ddims, decile);
    static const char *const DFIELDS[] = {"households", "winners", "losers", "mean_change"};
    for (int f = 0; f < 4 && !rc; f++) {
        for (size_t i = 0; i < drows; i++) {
            const struct decile_change *x = &c->decile[i];
            const double v[4] = {x->households, x->winners, x->losers, x->mean_change};
            column[i] = v[f];
        }
        rc = put(file, deciles, d, DFIELDS[f], H5T_NATIVE_DOUBLE, 1, ddims, column);
    }
    free(year);
    free(decile);
    free(program);
    free(column);
    return rc;
}

static int write_validation(hid_t file, const struct validation *v)
{
    const struct targets *t = v->targets;
    size_t n = (size_t)t->n;
    char **measure = calloc(n, sizeof *measure), **region = calloc(n, sizeof *region);
    char **source = calloc(n, sizeof *source), **below = calloc(n, sizeof *below);
    double *columns = calloc(6 * n + 1, sizeof *columns);
    double *published = columns, *gap = columns + n, *weight = columns + 2 * n;
    double *min = columns + 3 * n, *max = columns + 4 * n, *tolerance = columns + 5 * n;
    uint8_t *met = calloc(n, 1);
    for (size_t i = 0; i < n; i++) {
        const struct target *target = &t->items[i];
        measure[i] = (char *)targets_measure_name(target->measure);
        region[i] = target->region;
        source[i] = target->source ? target->source : "";
        below[i] = target->below ? target->below : "";
        published[i] = target->value;
        min[i] = target->min;
        max[i] = target->max;
        tolerance[i] = target->tolerance;
        weight[i] = target->weight;
        gap[i] = targets_gap(target, v->simulated[i]);
        met[i] = fabs(gap[i]) <= 1.0;
    }
    hsize_t dims[1] = {n};
    const char *g = "/validation";
    int rc = put_texts(file, g, g, "measure", measure, n) ||
             put_texts(file, g, g, "region", region, n) ||
             put(file, g, g, "published", H5T_NATIVE_DOUBLE, 1, dims, published) ||
             put(file, g, g, "min", H5T_NATIVE_DOUBLE, 1, dims, min) ||
             put(file, g, g, "max", H5T_NATIVE_DOUBLE, 1, dims, max) ||
             put_texts(file, g, g, "below", below, n) ||
             put(file, g, g, "tolerance", H5T_NATIVE_DOUBLE, 1, dims, tolerance) ||
             put(file, g, g, "simulated", H5T_NATIVE_DOUBLE, 1, dims, v->simulated) ||
             put(file, g, g, "gap", H5T_NATIVE_DOUBLE, 1, dims, gap) ||
             put(file, g, g, "met", H5T_NATIVE_UINT8, 1, dims, met) ||
             put(file, g, g, "weight", H5T_NATIVE_DOUBLE, 1, dims, weight) ||
             put_texts(file, g, g, "source", source, n);
    free(measure);
    free(region);
    free(source);
    free(below);
    free(columns);
    free(met);
    return rc;
}

/* One row per trend year: the trends' published and simulated indexes. */
static int write_trends(hid_t file, const struct validation *v)
{
    const struct targets *t = v->targets;
    size_t n = 0;
    for (int i = 0; i < t->n_trends; i++) n += (size_t)t->trends[i].n;
    if (n == 0) return 0;
    char **measure = calloc(n, sizeof *measure), **region = calloc(n, sizeof *region);
    char **source = calloc(n, sizeof *source);
    double *columns = calloc(6 * n + 1, sizeof *columns);
    double *year = columns, *base = columns + n, *published = columns + 2 * n;
    double *min = columns + 3 * n, *max = columns + 4 * n, *simulated = columns + 5 * n;
    uint8_t *met = calloc(n, 1);
    size_t row = 0;
    for (int i = 0; i < t->n_trends; i++) {
        const struct trend *trend = &t->trends[i];
        for (int k = 0; k < trend->n; k++, row++) {
            measure[row] = (char *)targets_measure_name(trend->measure);
            region[row] = trend->region;
            source[row] = trend->source ? trend->source : "";
            year[row] = trend->year[k];
            base[row] = trend->base;
            published[row] = trend->index[k];
            min[row] = trend->min[k];
            max[row] = trend->max[k];
            simulated[row] = v->trend_index[(size_t)i * TREND_MAX_YEARS + k];
            met[row] = (uint8_t)targets_trend_met(trend, k, simulated[row]);
        }
    }
    hsize_t dims[1] = {n};
    const char *g = "/validation/trends";
    int rc = put_texts(file, g, g, "measure", measure, n) ||
             put_texts(file, g, g, "region", region, n) ||
             put(file, g, g, "year", H5T_NATIVE_DOUBLE, 1, dims, year) ||
             put(file, g, g, "base", H5T_NATIVE_DOUBLE, 1, dims, base) ||
             put(file, g, g, "published", H5T_NATIVE_DOUBLE, 1, dims, published) ||
             put(file, g, g, "min", H5T_NATIVE_DOUBLE, 1, dims, min) ||
             put(file, g, g, "max", H5T_NATIVE_DOUBLE, 1, dims, max) ||
             put(file, g, g, "simulated", H5T_NATIVE_DOUBLE, 1, dims, simulated) ||
             put(file, g, g, "met", H5T_NATIVE_UINT8, 1, dims, met) ||
             put_texts(file, g, g, "source", source, n);
    free(measure);
    free(region);
    free(source);
    free(columns);
    free(met);
    return rc;
}

/* Headline measures of `runs` runs, [runs][years][N_HEADLINES], as one dataset per measure
 * [runs × years] in group. */
static int put_headlines(hid_t file, const char *group, const char *schema, int runs,
                         int years, const double *values)
{
    double *column = malloc(((size_t)runs * years + 1) * sizeof *column);
    hsize_t dims[2] = {(hsize_t)runs, (hsize_t)years};
    int rc = 0;
    for (int h = 0; h < N_HEADLINES && !rc; h++) {
        for (size_t i = 0; i < (size_t)runs * years; i++) column[i] = values[i * N_HEADLINES + h];
        rc = put_named(file, group, schema, "<measure>", HEADLINE_NAMES[h], H5T_NATIVE_DOUBLE, 2,
                       dims, column);
    }
    free(column);
    return rc;
}

static int write_sensitivity(hid_t file, const struct scenario *sc,
                             const struct sensitivity_result *r)
{
    char group[512];
    const int P = r->n_parameters, Y = r->n_years;
    char **paths = calloc((size_t)P + 1, sizeof *paths);
    double *low = calloc((size_t)P + 1, sizeof *low), *mid = calloc((size_t)P + 1, sizeof *mid);
    double *high = calloc((size_t)P + 1, sizeof *high);
    for (int k = 0; k < P; k++) {
        const struct uncertain *u = &sc->sensitivity.parameters[k];
        paths[k] = u->path;
        low[k] = uncertain_quantile(u, 0.05);
        mid[k] = uncertain_quantile(u, 0.5);
        high[k] = uncertain_quantile(u, 0.95);
    }
    snprintf(group, sizeof group, "/sensitivity/%s/parameters", sc->name);
    const char *g = "/sensitivity/<name>/parameters";
    hsize_t np[1] = {(hsize_t)P}, draws[2] = {(hsize_t)r->n_replications, (hsize_t)P};
    int rc = put_texts(file, group, g, "path", paths, (size_t)P) ||
             put(file, group, g, "p05", H5T_NATIVE_DOUBLE, 1, np, low) ||
             put(file, group, g, "p50", H5T_NATIVE_DOUBLE, 1, np, mid) ||
             put(file, group, g, "p95", H5T_NATIVE_DOUBLE, 1, np, high);
    snprintf(group, sizeof group, "/sensitivity/%s/replications", sc->name);
    g = "/sensitivity/<name>/replications";
    if (!rc) rc = put(file, group, g, "draws", H5T_NATIVE_DOUBLE, 2, draws, r->draws) ||
                  put_headlines(file, group, g, r->n_replications, Y, r->replications);
    /* statistics and tornado as long tables: one row per measure and year (and parameter) */
    const size_t rows = (size_t)N_HEADLINES * Y, trows = (size_t)P * rows;
    char **measure = malloc((trows + rows + 1) * sizeof *measure);
    char **parameter = malloc((trows + 1) * sizeof *parameter);
    int *year = malloc((trows + rows + 1) * sizeof *year);
    double *stat[5], *t[3];
    for (int i = 0; i < 5; i++) stat[i] = malloc((rows + 1) * sizeof **stat);
    for (int i = 0; i < 3; i++) t[i] = malloc((trows + 1) * sizeof **t);
    for (size_t i = 0; i < rows; i++) {
        const int h = (int)(i / Y), y = (int)(i % Y);
        measure[i] = (char *)HEADLINE_NAMES[h];
        year[i] = r->first_year + y;
        double out[5];
        sensitivity_statistics(r, y, h, out);
        for (int q = 0; q < 5; q++) stat[q][i] = out[q];
    }
    snprintf(group, sizeof group, "/sensitivity/%s/statistics", sc->name);
    g = "/sensitivity/<name>/statistics";
    hsize_t nrows[1] = {rows}, ntrows[1] = {trows};
    static const char *const STATS[5] = {"mean", "se", "p05", "p50", "p95"};
    if (!rc) rc = put_texts(file, group, g, "measure", measure, rows) ||
                  put(file, group, g, "year", H5T_NATIVE_INT, 1, nrows, year);
    for (int q = 0; q < 5 && !rc; q++)
        rc = put(file, group, g, STATS[q], H5T_NATIVE_DOUBLE, 1, nrows, stat[q]);
    for (size_t i = 0; i < trows; i++) {
        const int k = (int)(i / rows), h = (int)(i % rows / Y), y = (int)(i % Y);
        const size_t cell = (size_t)y * N_HEADLINES + h;
        parameter[i] = paths[k];
        measure[i] = (char *)HEADLINE_NAMES[h];
        year[i] = r->first_year + y;
        t[0][i] = r->low[(size_t)k * Y * N_HEADLINES + cell];
        t[1][i] = r->centre[cell];
        t[2][i] = r->high[(size_t)k * Y * N_HEADLINES + cell];
    }
    snprintf(group, sizeof group, "/sensitivity/%s/tornado", sc->name);
    g = "/sensitivity/<name>/tornado";
    static const char *const ENDS[3] = {"at_p05", "at_p50", "at_p95"};
    if (!rc) rc = put_texts(file, group, g, "parameter", parameter, trows) ||
                  put_texts(file, group, g, "measure", measure, trows) ||
                  put(file, group, g, "year", H5T_NATIVE_INT, 1, ntrows, year);
    for (int q = 0; q < 3 && !rc; q++)
        rc = put(file, group, g, ENDS[q], H5T_NATIVE_DOUBLE, 1, ntrows, t[q]);
    for (int i = 0; i < 5; i++) free(stat[i]);
    for (int i = 0; i < 3; i++) free(t[i]);
    free(measure);
    free(parameter);
    free(year);
    free(paths);
    free(low);
    free(mid);
    free(high);
    return rc;
}

static int write_sweep(hid_t file, const struct scenario *sc, const struct sensitivity_result *r)
{
    char group[512];
    snprintf(group, sizeof group, "/sweep/%s", sc->name);
    const char *g = "/sweep/<name>";
    char **axes = calloc((size_t)r->n_axes + 1, sizeof *axes);
    for (int a = 0; a < r->n_axes; a++) axes[a] = sc->sweep.axes[a].path;
    hsize_t grid[2] = {(hsize_t)r->n_points, (hsize_t)r->n_axes};
    hsize_t years[1] = {(hsize_t)r->n_years};
    int *year = malloc(((size_t)r->n_years + 1) * sizeof *year);
    for (int y = 0; y < r->n_years; y++) year[y] = r->first_year + y;
    int rc = put_texts(file, group, g, "axes", axes, (size_t)r->n_axes) ||
             put(file, group, g, "grid", H5T_NATIVE_DOUBLE, 2, grid, r->grid) ||
             put(file, group, g, "year", H5T_NATIVE_INT, 1, years, year) ||
             put_headlines(file, group, g, r->n_points, r->n_years, r->sweep);
    free(axes);
    free(year);
    return rc;
}

int h5out_write(const char *path, const struct run_record *record, const struct run_output *out,
                struct error *err)
{
    const struct scenario *scenarios = out->scenarios;
    const int n_scenarios = out->n_scenarios;
    char tmp[4096];
    hid_t file = h5io_create_temp(path, tmp, err);
    if (file < 0) return -1;
    int rc = write_meta(file, record, scenarios, n_scenarios, err);
    for (int k = 0; k < n_scenarios && !rc; k++) {
        rc = write_summary(file, scenarios[k].name, &out->results[k], out->pop) ||
             write_funds(file, scenarios[k].name, &out->results[k]);
        if (!rc && out->microdata)
            rc = write_microdata(file, scenarios[k].name, &out->results[k], out->pop);
        const struct sensitivity_result *sr = out->sensitivity ? &out->sensitivity[k] : NULL;
        if (!rc && sr && sr->n_replications)
            rc = write_sensitivity(file, &scenarios[k], sr);
        if (!rc && sr && sr->n_points) rc = write_sweep(file, &scenarios[k], sr);
    }
    if (!rc && out->comparisons)
        rc = put_text(file, "/comparison", "/comparison", "baseline", scenarios[0].name);
    for (int k = 1; k < n_scenarios && out->comparisons && !rc; k++)
        rc = write_comparison(file, scenarios[k].name, &out->comparisons[k - 1]);
    if (!rc && out->validation) rc = write_validation(file, out->validation) ||
                                     write_trends(file, out->validation);
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

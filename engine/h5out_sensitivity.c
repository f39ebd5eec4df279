/* h5out_sensitivity — /sensitivity/<name>: the uncertain parameters, each replication's draws
 * and headlines, their statistics and the tornado, as long tables (one row per headline and
 * year, and parameter); and /sweep/<name>: the grid and each point's headlines. A headline's
 * datasets carry its own units (derived.h). */
#include <stdlib.h>

#include "h5out_parts.h"
#include "memory.h"

/* What the tables read: the scenario's settings, its runs and the headlines' names. */
struct sensitivity_table {
    const struct scenario *sc;
    const struct sensitivity_result *r;
    char names[N_HEADLINES][64];
};

static const struct sensitivity_table *as_table(const void *table) { return table; }

/* parameters: one row per uncertain parameter */
static const char *parameter_path(const void *table, size_t k)
{
    return as_table(table)->sc->sensitivity.parameters[k].path;
}

#define PARAMETER_QUANTILE(field, p)                                                 \
    static double parameter_##field(const void *table, size_t k)                   \
    {                                                                                \
        return uncertain_quantile(&as_table(table)->sc->sensitivity.parameters[k], p); \
    }
PARAMETER_QUANTILE(p05, 0.05)
PARAMETER_QUANTILE(p50, 0.5)
PARAMETER_QUANTILE(p95, 0.95)
#undef PARAMETER_QUANTILE

/* statistics: one row per headline and year, years fastest */
static const char *statistics_measure(const void *table, size_t i)
{
    return as_table(table)->names[i / (size_t)as_table(table)->r->n_years];
}

static double statistics_year(const void *table, size_t i)
{
    const struct sensitivity_result *r = as_table(table)->r;
    return r->first_year + (int)(i % (size_t)r->n_years);
}

#define STATISTIC(field, index)                                                      \
    static double statistics_##field(const void *table, size_t i)                  \
    {                                                                                \
        const struct sensitivity_result *r = as_table(table)->r;                     \
        double out[5];                                                               \
        sensitivity_statistics(r, (int)(i % (size_t)r->n_years),                     \
                               (int)(i / (size_t)r->n_years), out);                  \
        return out[index];                                                           \
    }
STATISTIC(mean, 0)
STATISTIC(se, 1)
STATISTIC(p05, 2)
STATISTIC(p50, 3)
STATISTIC(p95, 4)
#undef STATISTIC

/* tornado: one row per parameter, headline and year, years fastest */
static size_t tornado_block(const struct sensitivity_result *r)
{
    return (size_t)N_HEADLINES * r->n_years;
}

static const char *tornado_parameter(const void *table, size_t i)
{
    return parameter_path(table, i / tornado_block(as_table(table)->r));
}

static const char *tornado_measure(const void *table, size_t i)
{
    return statistics_measure(table, i % tornado_block(as_table(table)->r));
}

static double tornado_year(const void *table, size_t i)
{
    return statistics_year(table, i % tornado_block(as_table(table)->r));
}

/* The cell of row i in a [years][N_HEADLINES] block. */
static size_t tornado_cell(const struct sensitivity_result *r, size_t i)
{
    const size_t Y = (size_t)r->n_years, h = i % tornado_block(r) / Y, y = i % Y;
    return y * N_HEADLINES + h;
}

static double tornado_at_p05(const void *table, size_t i)
{
    const struct sensitivity_result *r = as_table(table)->r;
    return r->low[i / tornado_block(r) * tornado_block(r) + tornado_cell(r, i)];
}

static double tornado_at_p50(const void *table, size_t i)
{
    const struct sensitivity_result *r = as_table(table)->r;
    return r->centre[tornado_cell(r, i)];
}

static double tornado_at_p95(const void *table, size_t i)
{
    const struct sensitivity_result *r = as_table(table)->r;
    return r->high[i / tornado_block(r) * tornado_block(r) + tornado_cell(r, i)];
}

static const struct output_field PARAMETERS_FIELDS[] = {
    {"path", FIELD_TEXT, "text",
     "The uncertain parameters, in the order of the scenario's sensitivity.parameters.", NULL, parameter_path},
    {"p05", FIELD_DOUBLE, "as the parameter",
     "Each parameter's 5th percentile: its low end in the tornado.", parameter_p05, NULL},
    {"p50", FIELD_DOUBLE, "as the parameter",
     "Its median: its value while the others move in the tornado.", parameter_p50, NULL},
    {"p95", FIELD_DOUBLE, "as the parameter",
     "Its 95th percentile: its high end in the tornado.", parameter_p95, NULL},
};
const struct output_group H5OUT_PARAMETERS =
    OUTPUT_GROUP("/sensitivity/<name>/parameters", PARAMETERS_FIELDS, NULL);

static const struct output_field REPLICATIONS_FIELDS[] = {
    {"draws", FIELD_DOUBLE, "as the parameters",
     "[replications × parameters] the values each replication drew (from the stream keyed "
     "on seed, parameter and replication).", NULL, NULL},
    {"<measure>", FIELD_DOUBLE, "the headline's",
     "[replications × years] a headline measure of each replication (see the headline "
     "measures below). One dataset per measure.", NULL, NULL},
    {"budget_lowest", FIELD_DOUBLE, "yuan",
     "With a budget block: [replications × rows of /sensitivity/<name>/budget] each "
     "replication's lowest month-end balance of each fund, region and year.", NULL, NULL},
};
const struct output_group H5OUT_REPLICATIONS =
    OUTPUT_GROUP("/sensitivity/<name>/replications", REPLICATIONS_FIELDS, NULL);

static const struct output_field STATISTICS_FIELDS[] = {
    {"measure", FIELD_TEXT, "text",
     "Headline measure of the row.", NULL, statistics_measure},
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", statistics_year, NULL},
    {"mean", FIELD_DOUBLE, "as the measure",
     "Mean over the replications.", statistics_mean, NULL},
    {"se", FIELD_DOUBLE, "as the measure",
     "Standard error of the mean (sd / √replications).", statistics_se, NULL},
    {"p05", FIELD_DOUBLE, "as the measure",
     "5th percentile over the replications.", statistics_p05, NULL},
    {"p50", FIELD_DOUBLE, "as the measure",
     "Median over the replications.", statistics_p50, NULL},
    {"p95", FIELD_DOUBLE, "as the measure",
     "95th percentile over the replications.", statistics_p95, NULL},
};
const struct output_group H5OUT_STATISTICS =
    OUTPUT_GROUP("/sensitivity/<name>/statistics", STATISTICS_FIELDS, NULL);

static const struct output_field TORNADO_FIELDS[] = {
    {"parameter", FIELD_TEXT, "text",
     "The parameter moved (the others at their medians).", NULL, tornado_parameter},
    {"measure", FIELD_TEXT, "text",
     "Headline measure of the row.", NULL, tornado_measure},
    {"year", FIELD_INT, "year",
     "Calendar year of the row.", tornado_year, NULL},
    {"at_p05", FIELD_DOUBLE, "as the measure",
     "The measure with the parameter at its 5th percentile.", tornado_at_p05, NULL},
    {"at_p50", FIELD_DOUBLE, "as the measure",
     "The measure with every parameter at its median.", tornado_at_p50, NULL},
    {"at_p95", FIELD_DOUBLE, "as the measure",
     "The measure with the parameter at its 95th percentile.", tornado_at_p95, NULL},
};
const struct output_group H5OUT_TORNADO =
    OUTPUT_GROUP("/sensitivity/<name>/tornado", TORNADO_FIELDS, NULL);

static const struct output_field SWEEP_FIELDS[] = {
    {"axes", FIELD_TEXT, "text",
     "The one or two parameter paths of the grid.", NULL, NULL},
    {"grid", FIELD_DOUBLE, "as the parameters",
     "[points × axes] each grid point's values (the last axis varies fastest).", NULL, NULL},
    {"year", FIELD_INT, "year",
     "The years, the columns of each measure.", NULL, NULL},
    {"<measure>", FIELD_DOUBLE, "the headline's",
     "[points × years] a headline measure (see /sensitivity/<name>/replications/<measure>) "
     "at each grid point. One dataset per measure.", NULL, NULL},
};
const struct output_group H5OUT_SWEEP = OUTPUT_GROUP("/sweep/<name>", SWEEP_FIELDS, NULL);

/* Headlines of `runs` runs, [runs][years][N_HEADLINES], as one dataset per headline
 * [runs × years] of group g, each with its units. */
static int write_headlines(hid_t file, const struct output_group *g,
                           const struct sensitivity_table *t, int runs, const double *values)
{
    const int years = t->r->n_years;
    double *column = xmalloc(((size_t)runs * years + 1) * sizeof *column);
    hsize_t dims[2] = {(hsize_t)runs, (hsize_t)years};
    int rc = 0;
    for (int h = 0; h < N_HEADLINES && !rc; h++) {
        for (size_t i = 0; i < (size_t)runs * years; i++) column[i] = values[i * N_HEADLINES + h];
        rc = h5schema_write(file, g, t->sc->name, "<measure>", t->names[h],
                            headline_info(h).units, 2, dims, column);
    }
    free(column);
    return rc;
}

static int write_sweep(hid_t file, const struct sensitivity_table *t)
{
    const struct scenario *sc = t->sc;
    const struct sensitivity_result *r = t->r;
    char **axes = xcalloc((size_t)r->n_axes + 1, sizeof *axes);
    int *year = xmalloc(((size_t)r->n_years + 1) * sizeof *year);
    for (int a = 0; a < r->n_axes; a++) axes[a] = sc->sweep.axes[a].path;
    for (int y = 0; y < r->n_years; y++) year[y] = r->first_year + y;
    hsize_t n_axes[1] = {(hsize_t)r->n_axes}, years[1] = {(hsize_t)r->n_years};
    hsize_t grid[2] = {(hsize_t)r->n_points, (hsize_t)r->n_axes};
    const struct output_group *g = &H5OUT_SWEEP;
    int rc = h5schema_write(file, g, sc->name, "axes", NULL, NULL, 1, n_axes, axes) ||
             h5schema_write(file, g, sc->name, "grid", NULL, NULL, 2, grid, r->grid) ||
             h5schema_write(file, g, sc->name, "year", NULL, NULL, 1, years, year) ||
             write_headlines(file, g, t, r->n_points, r->sweep);
    free(axes);
    free(year);
    return rc;
}

int h5out_sensitivity_write(hid_t file, const struct scenario *sc,
                            const struct sensitivity_result *r)
{
    struct sensitivity_table t = {sc, r, {{0}}};
    for (int h = 0; h < N_HEADLINES; h++) headline_name(h, t.names[h], sizeof t.names[h]);
    const size_t P = (size_t)r->n_parameters, rows = tornado_block(r);
    hsize_t draws[2] = {(hsize_t)r->n_replications, (hsize_t)P};
    int rc = 0;
    if (r->n_replications)
        rc = h5schema_write_table(file, &H5OUT_PARAMETERS, sc->name, &t, P) ||
             h5schema_write(file, &H5OUT_REPLICATIONS, sc->name, "draws", NULL, NULL, 2, draws,
                            r->draws) ||
             write_headlines(file, &H5OUT_REPLICATIONS, &t, r->n_replications, r->replications) ||
             h5schema_write_table(file, &H5OUT_STATISTICS, sc->name, &t, rows) ||
             h5schema_write_table(file, &H5OUT_TORNADO, sc->name, &t, P * rows);
    if (!rc && r->n_points) rc = write_sweep(file, &t);
    return rc;
}

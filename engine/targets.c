/* targets — see targets.h. */
#include "targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "derived.h"
#include "memory.h"
#include "synthspec.h"
#include "yamltree.h"

static const struct {
    const char *name;
    int share;
    const char *what;
} MEASURES[N_TARGET_MEASURES] = {
#define TARGET_MEASURE(id, name, share, what) [id] = {name, share, what},
#include "target_measures.h"
#undef TARGET_MEASURE
};

const char *targets_measure_name(int measure) { return MEASURES[measure].name; }

int targets_measure_is_share(int measure) { return MEASURES[measure].share; }

int targets_measure_index(const char *name)
{
    for (int i = 0; i < N_TARGET_MEASURES; i++)
        if (strcmp(MEASURES[i].name, name) == 0) return i;
    return -1;
}

void targets_measures_markdown(FILE *out)
{
    fprintf(out, "| measure | kind | meaning |\n|---|---|---|\n");
    for (int i = 0; i < N_TARGET_MEASURES; i++)
        fprintf(out, "| `%s` | %s | %s |\n", MEASURES[i].name,
                MEASURES[i].share ? "share" : "count or yuan", MEASURES[i].what);
}

/* How far x lies beyond `bound` (negative: below it), in tolerances. */
static double beyond(const struct target *t, double x, double bound)
{
    return MEASURES[t->measure].share ? (x - bound) / t->tolerance
                                      : (x / bound - 1.0) / t->tolerance;
}

double targets_gap(const struct target *t, double simulated)
{
    if (isnan(simulated)) return INFINITY;   /* not measured: missed */
    if (!isnan(t->value)) return beyond(t, simulated, t->value);
    if (t->below) return simulated < 1.0 ? 0.0 : 1.0 + 1e-9 + (simulated - 1.0) / t->tolerance;
    if (!isnan(t->min) && simulated < t->min) return -1.0 + beyond(t, simulated, t->min);
    if (!isnan(t->max) && simulated > t->max) return 1.0 + beyond(t, simulated, t->max);
    return 0.0;
}

/* ---- reading ---- */

static int node_error(const struct ynode *node, const char *what, struct error *err)
{
    return err_set(err, ERR_INPUT, "%s:%d:%d: %s", node->mark.file, node->mark.line,
                   node->mark.column, what);
}

static int number(const struct ynode *map, const char *key, double *out, int required,
                  struct error *err)
{
    const struct ynode *v = ytree_get(map, key);
    if (!v) {
        if (!required) return 0;
        char what[96];
        snprintf(what, sizeof what, "'%s' is missing", key);
        return node_error(map, what, err);
    }
    char *end;
    if (v->kind == YNODE_SCALAR) *out = strtod(v->text, &end);
    if (v->kind != YNODE_SCALAR || end == v->text || *end || !isfinite(*out)) {
        char what[160];
        snprintf(what, sizeof what, "%s: value '%s' is not a number", key,
                 v->kind == YNODE_SCALAR ? v->text : "(not a scalar)");
        return node_error(v, what, err);
    }
    return 0;
}

static char *text(const struct ynode *map, const char *key)
{
    const struct ynode *v = ytree_get(map, key);
    return v && v->kind == YNODE_SCALAR ? xstrdup(v->text) : NULL;
}

/* Keys allowed in a mapping; an unknown one is an error at its position, with the nearest
 * allowed key when one is close. */
static int only_keys(const struct ynode *map, const char *allowed, struct error *err)
{
    for (size_t i = 0; i < map->n; i++) {
        if (choices_index(allowed, map->keys[i]) >= 0) continue;
        char nearest[64] = "";
        size_t best = strlen(map->keys[i]) / 3 + 3;
        for (const char *c = allowed; *c;) {
            const size_t len = strcspn(c, "|");
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int)len, c);
            const size_t d = choices_distance(map->keys[i], key);
            if (d < best) {
                best = d;
                snprintf(nearest, sizeof nearest, "%s", key);
            }
            c += len + (c[len] == '|');
        }
        const struct ymark *m = &map->key_marks[i];
        if (*nearest)
            return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s'; did you mean `%s`?",
                           m->file, m->line, m->column, map->keys[i], nearest);
        return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s' (keys here: %s)", m->file,
                       m->line, m->column, map->keys[i], allowed);
    }
    return 0;
}

static int read_target(struct target *t, const struct ynode *item, struct error *err)
{
    t->value = t->min = t->max = NAN;
    if (item->kind != YNODE_MAP) return node_error(item, "a target is a mapping", err);
    t->mark = (struct ymark){xstrdup(item->mark.file), item->mark.line, item->mark.column};
    if (only_keys(item, "measure|region|value|tolerance|min|max|below|source|weight", err))
        return -1;
    const struct ynode *measure = ytree_get(item, "measure");
    t->measure = measure && measure->kind == YNODE_SCALAR ? targets_measure_index(measure->text) : -1;
    if (t->measure < 0) {
        char what[2048];
        const char *near = NULL;
        size_t nearest = 4;   /* suggest within 3 edits */
        for (int i = 0; i < N_TARGET_MEASURES && measure && measure->kind == YNODE_SCALAR; i++) {
            size_t d = choices_distance(measure->text, MEASURES[i].name);
            if (d < nearest) {
                nearest = d;
                near = MEASURES[i].name;
            }
        }
        snprintf(what, sizeof what, "measure '%s' is not known%s%s%s (see `dibaosim doc "
                 "targets`)", measure && measure->kind == YNODE_SCALAR ? measure->text : "",
                 near ? "; did you mean `" : "", near ? near : "", near ? "`?" : "");
        return node_error(measure ? measure : item, what, err);
    }
    t->region = text(item, "region");
    t->source = text(item, "source");
    t->below = text(item, "below");
    if (!t->region) return node_error(item, "'region' is missing", err);
    const int share = MEASURES[t->measure].share;
    t->weight = 1;
    t->tolerance = share ? 0.01 : 0.02;
    if (number(item, "value", &t->value, 0, err) || number(item, "weight", &t->weight, 0, err) ||
        number(item, "tolerance", &t->tolerance, 0, err) || number(item, "min", &t->min, 0, err) ||
        number(item, "max", &t->max, 0, err))
        return -1;
    const int given = !isnan(t->value) + (!isnan(t->min) || !isnan(t->max)) + (t->below != NULL);
    if (given != 1)
        return node_error(item, "give one of `value`, bounds (`min`, `max`) or `below`", err);
    if (!(t->weight >= 0)) return node_error(ytree_get(item, "weight"), "weight: must be >= 0", err);
    if (!(t->tolerance > 0))
        return node_error(ytree_get(item, "tolerance"), "tolerance: must be positive", err);
    const char *names[3] = {"value", "min", "max"};
    const double values[3] = {t->value, t->min, t->max};
    for (int i = 0; i < 3; i++)
        if (!isnan(values[i]) && (!(values[i] > 0) || (share && values[i] > 1))) {
            char what[96];
            snprintf(what, sizeof what, "%s: %s", names[i],
                     share ? "a share must lie in (0, 1]" : "must be positive");
            return node_error(ytree_get(item, names[i]), what, err);
        }
    if (!isnan(t->min) && !isnan(t->max) && !(t->min < t->max))
        return node_error(item, "min must be below max", err);
    return 0;
}

/* A {year: number} map into the trend's years (adding years not seen yet) and `values`. */
static int read_year_map(struct trend *t, const struct ynode *map, const char *what,
                         double *values, struct error *err)
{
    if (!map) return 0;
    if (map->kind != YNODE_MAP) {
        char message[96];
        snprintf(message, sizeof message, "%s: expected a map {year: index}", what);
        return node_error(map, message, err);
    }
    for (size_t i = 0; i < map->n; i++) {
        char *end;
        const long year = strtol(map->keys[i], &end, 10);
        const struct ynode *v = map->items[i];
        double value = NAN;
        if (v->kind == YNODE_SCALAR) value = strtod(v->text, &end);
        if (*end || year < 1900 || year > 2200 || v->kind != YNODE_SCALAR || !(value > 0)) {
            char message[160];
            snprintf(message, sizeof message, "%s.%s: expected a year and a positive index, "
                     "got '%s'", what, map->keys[i], v->kind == YNODE_SCALAR ? v->text : "");
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s", map->key_marks[i].file,
                           map->key_marks[i].line, map->key_marks[i].column, message);
        }
        int k = 0;
        while (k < t->n && t->year[k] != year) k++;
        if (k == t->n) {
            if (t->n == TREND_MAX_YEARS)
                return node_error(map, "a trend holds at most 32 years", err);
            t->year[k] = (int)year;
            t->index[k] = t->min[k] = t->max[k] = NAN;
            t->n++;
        }
        values[k] = value;
    }
    return 0;
}

static int read_trend(struct trend *t, const struct ynode *item, struct error *err)
{
    if (item->kind != YNODE_MAP) return node_error(item, "a trend is a mapping", err);
    t->mark = (struct ymark){xstrdup(item->mark.file), item->mark.line, item->mark.column};
    if (only_keys(item, "measure|region|base|index|min|max|source", err)) return -1;
    const struct ynode *measure = ytree_get(item, "measure");
    t->measure = measure && measure->kind == YNODE_SCALAR ? targets_measure_index(measure->text)
                                                           : -1;
    if (t->measure < 0) return node_error(measure ? measure : item, "measure: not known (see "
                                          "`dibaosim doc targets`)", err);
    t->region = text(item, "region");
    t->source = text(item, "source");
    if (!t->region) return node_error(item, "'region' is missing", err);
    double base = 0;
    if (number(item, "base", &base, 1, err)) return -1;
    t->base = (int)base;
    t->n = 1;   /* the base year first: 100 */
    t->year[0] = t->base;
    t->index[0] = 100;
    t->min[0] = t->max[0] = NAN;
    return read_year_map(t, ytree_get(item, "index"), "index", t->index, err) ||
           read_year_map(t, ytree_get(item, "min"), "min", t->min, err) ||
           read_year_map(t, ytree_get(item, "max"), "max", t->max, err);
}

static int read_tuning(struct tuning *t, const struct ynode *item, struct error *err)
{
    if (item->kind != YNODE_MAP) return node_error(item, "a tuning entry is a mapping", err);
    if (only_keys(item, "key|index|region|min|max|stage", err)) return -1;
    char *key = text(item, "key");
    t->key = key ? synthspec_key(key) : -1;
    free(key);
    if (t->key < 0) return node_error(item, "key: not a key of population specs", err);
    t->region = text(item, "region");
    double index = -1, stage = 1;
    if (number(item, "index", &index, 0, err) || number(item, "min", &t->min, 1, err) ||
        number(item, "max", &t->max, 1, err) || number(item, "stage", &stage, 0, err))
        return -1;
    if (stage < 1 || stage > 99 || stage != floor(stage))
        return node_error(ytree_get(item, "stage"), "stage: a whole number from 1 to 99", err);
    t->stage = (int)stage;
    t->index = (int)index;
    int list = !synthspec_is_number(t->key);
    if (list != (t->index >= 0))
        return node_error(item, list ? "index: a list key needs the index of the number to tune"
                                     : "index: only list keys take an index", err);
    if (!(t->min < t->max)) return node_error(item, "min must be below max", err);
    return 0;
}

int targets_load(struct targets *t, const char *path, struct error *err)
{
    memset(t, 0, sizeof *t);
    t->path = xstrdup(path);
    struct ynode *root = ytree_load(path, t->sha256, err);
    int rc = root ? 0 : -1;
    if (!rc && root->kind != YNODE_MAP) rc = node_error(root, "expected a mapping of keys", err);
    if (!rc) rc = only_keys(root, "year|targets|tune|trends", err);
    double year = 0;
    if (!rc) rc = number(root, "year", &year, 0, err);
    t->year = (int)year;
    const struct ynode *year_node = rc || !root ? NULL : ytree_get(root, "year");
    const struct ymark *at = year_node ? &year_node->mark : NULL;
    t->year_mark = (struct ymark){xstrdup(path), at ? at->line : 1, at ? at->column : 1};
    const struct ynode *list = rc ? NULL : ytree_get(root, "targets");
    if (!rc && (!list || list->kind != YNODE_LIST || list->n == 0))
        rc = node_error(list ? list : root, "'targets' must be a list of targets", err);
    if (!rc) {
        t->items = xcalloc(list->n, sizeof *t->items);
        for (size_t i = 0; i < list->n && !rc; i++, t->n++)
            rc = read_target(&t->items[i], list->items[i], err);
    }
    const struct ynode *tune = rc ? NULL : ytree_get(root, "tune");
    if (tune && tune->kind != YNODE_LIST) rc = node_error(tune, "'tune' must be a list", err);
    if (tune && !rc) {
        t->tune = xcalloc(tune->n + 1, sizeof *t->tune);
        for (size_t i = 0; i < tune->n && !rc; i++, t->n_tune++)
            rc = read_tuning(&t->tune[i], tune->items[i], err);
    }
    const struct ynode *trends = rc ? NULL : ytree_get(root, "trends");
    if (trends && trends->kind != YNODE_LIST) rc = node_error(trends, "'trends' must be a list", err);
    if (trends && !rc) {
        t->trends = xcalloc(trends->n + 1, sizeof *t->trends);
        for (size_t i = 0; i < trends->n && !rc; i++, t->n_trends++)
            rc = read_trend(&t->trends[i], trends->items[i], err);
    }
    ytree_free(root);
    if (rc) targets_free(t);
    return rc;
}

void targets_free(struct targets *t)
{
    for (int i = 0; i < t->n; i++) {
        free(t->items[i].region);
        free(t->items[i].source);
        free(t->items[i].below);
        free(t->items[i].mark.file);
    }
    for (int i = 0; i < t->n_tune; i++) free(t->tune[i].region);
    for (int i = 0; i < t->n_trends; i++) {
        free(t->trends[i].region);
        free(t->trends[i].source);
        free(t->trends[i].mark.file);
    }
    free(t->trends);
    free(t->year_mark.file);
    free(t->items);
    free(t->tune);
    free(t->path);
    memset(t, 0, sizeof *t);
}

/* ---- evaluating ---- */

static int by_income(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The weighted median over registered-poor persons of their household's per-capita income a
 * year (wage, business, property, transfer income and basic pension), region r or all. */
static double registered_median(const struct population *pop, int r)
{
    size_t n = 0;
    struct point { double income, weight; } *points =
        xmalloc((pop->n_households + 1) * sizeof *points);
    double total = 0;
    for (size_t h = 0; h < pop->n_households; h++) {
        if (!pop->registered_poor[h] || (r >= 0 && pop->region[h] != r)) continue;
        int64_t income = 0;
        int persons = 0;
        for (uint32_t p = pop->first_person[h]; p < pop->first_person[h + 1]; p++) {
            if (!population_alive(pop, p)) continue;
            income += (int64_t)pop->wage[p] + pop->business_income[p] + pop->property_income[p] +
                      pop->transfer_income[p] + pop->basic_pension[p];
            persons++;
        }
        if (!persons) continue;
        points[n].income = 12.0 * (double)income / 100.0 / persons;
        points[n].weight = pop->weight[h] * persons;
        total += points[n++].weight;
    }
    qsort(points, n, sizeof *points, by_income);
    double cumulative = 0, median = 0;
    for (size_t i = 0; i < n; i++)
        if ((cumulative += points[i].weight) >= total / 2) {
            median = points[i].income;
            break;
        }
    free(points);
    return median;
}

static double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

/* The share of living persons (the population as given), region r or all, aged 80 or more
 * (T_SHARE_AGED_80) or disabled at level 1 or 2. */
static double persons_share(const struct population *pop, int r, int measure)
{
    double persons = 0, counted = 0;
    for (size_t h = 0; h < pop->n_households; h++) {
        if (r >= 0 && pop->region[h] != r) continue;
        for (uint32_t p = pop->first_person[h]; p < pop->first_person[h + 1]; p++) {
            if (!population_alive(pop, p)) continue;
            persons += pop->weight[h];
            if (measure == T_SHARE_AGED_80 ? pop->age[p] >= 80
                                           : pop->disability_level[p] == 1 ||
                                                 pop->disability_level[p] == 2)
                counted += pop->weight[h];
        }
    }
    return ratio(counted, persons);
}

/* A component's share of living persons' income (the population as given), region r or all:
 * wages, farm and business income, or the rest (transfers, basic pensions, property). */
static double income_share(const struct population *pop, int r, int measure)
{
    double wage = 0, farm_business = 0, rest = 0;
    for (size_t h = 0; h < pop->n_households; h++) {
        if (r >= 0 && pop->region[h] != r) continue;
        for (uint32_t p = pop->first_person[h]; p < pop->first_person[h + 1]; p++) {
            if (!population_alive(pop, p)) continue;
            wage += pop->weight[h] * pop->wage[p];
            farm_business += pop->weight[h] * pop->business_income[p];
            rest += pop->weight[h] * ((double)pop->transfer_income[p] + pop->basic_pension[p] +
                                      pop->property_income[p]);
        }
    }
    const double total = wage + farm_business + rest;
    return ratio(measure == T_INCOME_SHARE_WAGE            ? wage
                 : measure == T_INCOME_SHARE_FARM_BUSINESS ? farm_business
                                                           : rest,
                 total);
}

/* Measures that are one summary measure of one program row in the year. */
static const struct {
    int measure, program, column;
    enum reduction reduction;
} ROW_MEASURES[] = {
    {T_MEDICAL_PERSONS, PROGRAM_MEDICAL, M_PAID_REGISTERED_POOR, REDUCE_DECEMBER},
    {T_MEDICAL_AMOUNT, PROGRAM_MEDICAL, M_EXPENDITURE_REGISTERED_POOR, REDUCE_SUM},
    {T_TEMPORARY_CASES, PROGRAM_TEMPORARY, M_PAID_UNITS_REGISTERED_POOR, REDUCE_SUM},
    {T_TEMPORARY_AMOUNT, PROGRAM_TEMPORARY, M_EXPENDITURE_REGISTERED_POOR, REDUCE_SUM},
    {T_ELDERLY_PERSONS, PROGRAM_ELDERLY, M_PAID_REGISTERED_POOR, REDUCE_DECEMBER},
    {T_ELDERLY_AMOUNT, PROGRAM_ELDERLY, M_EXPENDITURE_REGISTERED_POOR, REDUCE_SUM},
    /* the registry is no program: row all */
    {T_REGISTRY_EXIT_HOUSEHOLDS, PROGRAM_ALL, M_REGISTRY_EXIT_HOUSEHOLDS, REDUCE_DECEMBER},
    {T_REGISTRY_EXIT_PERSONS, PROGRAM_ALL, M_REGISTRY_EXIT_PERSONS, REDUCE_DECEMBER},
    {T_REGISTERED_POOR, PROGRAM_DIBAO, M_REGISTERED_POOR, REDUCE_DECEMBER},
    {T_DIBAO_REGISTERED_AMOUNT, PROGRAM_DIBAO, M_EXPENDITURE_REGISTERED_POOR, REDUCE_SUM},
    {T_RECIPIENTS, PROGRAM_DIBAO, M_PAID_PERSONS, REDUCE_DECEMBER},
    {T_RECIPIENTS_POOR, PROGRAM_DIBAO, M_PAID_REGISTERED_POOR, REDUCE_DECEMBER},
    {T_SEPARATED_PERSONS, PROGRAM_DIBAO, M_PAID_SEPARATED, REDUCE_DECEMBER},
};

/* Shares of December's dibao recipients (all, or registered-poor) by the study's classification:
 * the classes' measures, and the recipients they are shares of; able-bodied is the rest. */
static const struct {
    int measure, summary, of;
} SHARE_MEASURES[] = {
    {T_SHARE_ILL, M_PAID_ILL, M_PAID_PERSONS},
    {T_SHARE_DISABILITY_1, M_PAID_DISABILITY_1, M_PAID_PERSONS},
    {T_SHARE_DISABILITY_2, M_PAID_DISABILITY_2, M_PAID_PERSONS},
    {T_SHARE_DISABILITY_3_4, M_PAID_DISABILITY_3_4, M_PAID_PERSONS},
    {T_REGISTERED_SHARE_ILL, M_PAID_REGISTERED_ILL, M_PAID_REGISTERED_POOR},
    {T_REGISTERED_SHARE_DISABILITY_1, M_PAID_REGISTERED_DISABILITY_1, M_PAID_REGISTERED_POOR},
    {T_REGISTERED_SHARE_DISABILITY_2, M_PAID_REGISTERED_DISABILITY_2, M_PAID_REGISTERED_POOR},
    {T_REGISTERED_SHARE_DISABILITY_3_4, M_PAID_REGISTERED_DISABILITY_3_4, M_PAID_REGISTERED_POOR},
};

/* The simulated value of a measure in region r (-1: all regions) in year `year` of res. */
static double target_value(int measure, const struct scenario_result *res,
                            const struct population *pop, int year, int r)
{
    struct year_values row;
    for (size_t i = 0; i < sizeof ROW_MEASURES / sizeof ROW_MEASURES[0]; i++)
        if (ROW_MEASURES[i].measure == measure) {
            derived_year(res, year, r, ROW_MEASURES[i].program, &row);
            return derived_value(&row, ROW_MEASURES[i].column, ROW_MEASURES[i].reduction);
        }
    derived_year(res, year, r, PROGRAM_DIBAO, &row);
    const double *d = row.december, *y = row.sum;
    double classified = 0;   /* the four classes' share, for able-bodied */
    const int registered = measure == T_REGISTERED_SHARE_ABLE_BODIED;
    for (size_t i = 0; i < sizeof SHARE_MEASURES / sizeof SHARE_MEASURES[0]; i++) {
        const double share = ratio(d[SHARE_MEASURES[i].summary], d[SHARE_MEASURES[i].of]);
        if (SHARE_MEASURES[i].measure == measure) return share;
        if ((SHARE_MEASURES[i].of == M_PAID_REGISTERED_POOR) == registered) classified += share;
    }
    switch (measure) {
    case T_SHARE_ABLE_BODIED: return d[M_PAID_PERSONS] > 0 ? 1.0 - classified : 0.0;
    case T_REGISTERED_SHARE_ABLE_BODIED:
        return d[M_PAID_REGISTERED_POOR] > 0 ? 1.0 - classified : 0.0;
    case T_AVERAGE_DIBAO: return derived_annual_per_recipient(&row);
    case T_SEPARATED_BENEFIT: return ratio(y[M_EXPENDITURE_SEPARATED], y[M_PAID_SEPARATED]);
    case T_MEAN_INCOME: return 12.0 * ratio(y[M_INCOME], y[M_PERSONS]);
    case T_REGISTERED_MEDIAN_INCOME: return registered_median(pop, r);
    case T_INCOME_SHARE_WAGE:
    case T_INCOME_SHARE_FARM_BUSINESS:
    case T_INCOME_SHARE_TRANSFERS: return income_share(pop, r, measure);
    case T_SHARE_AGED_80:
    case T_SHARE_SEVERE_DISABILITY: return persons_share(pop, r, measure);
    case T_POOR_BEFORE:
        derived_year(res, year, r, PROGRAM_ALL, &row);
        return derived_value(&row, M_FGT0_BEFORE, REDUCE_DECEMBER);
    }
    return 0;
}

/* The population's index of a region name ("all": -1), or -2 when it has none such. */
static int region_index(const struct population *pop, const char *name)
{
    if (strcmp(name, "all") == 0) return -1;
    for (int r = 0; r < pop->n_regions; r++)
        if (strcmp(pop->regions[r], name) == 0) return r;
    return -2;
}

int targets_evaluate(const struct targets *t, const struct scenario_result *res,
                     const struct population *pop, double *simulated, struct error *err)
{
    const int year = t->year ? t->year - res->first_year : 0;
    if (year < 0 || year >= res->n_years)
        return err_set(err, ERR_INPUT, "%s:%d:%d: the targets are for %d, the run covers %d-%d",
                       t->path, t->year_mark.line, t->year_mark.column, t->year, res->first_year,
                       res->first_year + res->n_years - 1);
    for (int i = 0; i < t->n; i++) {
        const struct target *target = &t->items[i];
        const int r = region_index(pop, target->region);
        const int other = target->below ? region_index(pop, target->below) : -1;
        if (r == -2 || other == -2)
            return err_set(err, ERR_INPUT, "%s:%d:%d: target %s names region '%s', which the "
                           "population does not have", target->mark.file, target->mark.line,
                           target->mark.column, targets_measure_name(target->measure),
                           r == -2 ? target->region : target->below);
        simulated[i] = target_value(target->measure, res, pop, year, r);
        if (target->below)
            simulated[i] = ratio(simulated[i], target_value(target->measure, res, pop, year, other));
    }
    return 0;
}

void targets_evaluate_trends(const struct targets *t, const struct scenario_result *res,
                             const struct population *pop, double *index)
{
    for (int i = 0; i < t->n_trends; i++) {
        const struct trend *trend = &t->trends[i];
        const int r = region_index(pop, trend->region), base = trend->base - res->first_year;
        const int covered = r != -2 && base >= 0 && base < res->n_years;
        const double at_base = covered ? target_value(trend->measure, res, pop, base, r) : NAN;
        for (int k = 0; k < TREND_MAX_YEARS; k++) {
            const int y = k < trend->n ? trend->year[k] - res->first_year : -1;
            index[(size_t)i * TREND_MAX_YEARS + k] =
                covered && y >= 0 && y < res->n_years && at_base > 0
                    ? 100.0 * target_value(trend->measure, res, pop, y, r) / at_base : NAN;
        }
    }
}

int targets_trend_met(const struct trend *trend, int k, double simulated)
{
    return !(simulated < trend->min[k]) && !(simulated > trend->max[k]);
}

void targets_print_header(FILE *out)
{
    fprintf(out, "%-34s %-8s %13s %12s %9s  %s\n", "measure", "region", "published", "simulated",
            "gap", "");
}

int targets_print_row(FILE *out, const struct target *t, const char *measure, double simulated)
{
    const int share = MEASURES[t->measure].share, met = fabs(targets_gap(t, simulated)) <= 1.0;
    const double scale = share ? 100 : 1;
    const char *unit = share ? "%" : "";
    char published[48], shown[32], gap[24], verdict[48];
    snprintf(shown, sizeof shown, share ? "%.1f%%" : "%.0f", scale * simulated);
    if (t->below) {
        snprintf(published, sizeof published, "< %s", t->below);
        snprintf(shown, sizeof shown, "%.2f x", simulated);
        snprintf(gap, sizeof gap, "%s", "");
    } else if (isnan(t->value)) {
        if (!isnan(t->min) && !isnan(t->max))
            snprintf(published, sizeof published, "%g-%g%s", scale * t->min, scale * t->max, unit);
        else   /* as written: a bound of 2.25 % is not shown as 2 % */
            snprintf(published, sizeof published, "%s %g%s", isnan(t->min) ? "<=" : ">=",
                     scale * (isnan(t->min) ? t->max : t->min), unit);
        snprintf(gap, sizeof gap, "%s", "");
    } else {
        snprintf(published, sizeof published, share ? "%.1f%%" : "%.0f", scale * t->value);
        if (share) snprintf(gap, sizeof gap, "%+.1fpp", 100 * (simulated - t->value));
        else snprintf(gap, sizeof gap, "%+.1f%%", 100 * (simulated / t->value - 1));
    }
    if (met) snprintf(verdict, sizeof verdict, "ok");
    else if (!isnan(t->value))
        snprintf(verdict, sizeof verdict, "MISSED (tolerance %g%s)", share ? 100 * t->tolerance
                 : 100 * t->tolerance, share ? "pp" : "%");
    else snprintf(verdict, sizeof verdict, "MISSED (bound)");
    fprintf(out, "%-34s %-8s %13s %12s %9s  %s%s\n", measure, t->region, published, shown, gap,
            verdict, t->weight == 0 && !met ? " [weight 0: see the targets file]" : "");
    return met;
}

int targets_print(FILE *out, const struct targets *t, const double *simulated)
{
    int missed = 0;
    targets_print_header(out);
    for (int i = 0; i < t->n; i++)
        missed += !targets_print_row(out, &t->items[i], targets_measure_name(t->items[i].measure),
                                     simulated[i]);
    return missed;
}

/* targets — see targets.h. */
#include "targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "synthspec.h"
#include "yamltree.h"

static const char MEASURES[] =
    "registered_poor_persons|recipients|recipients_registered_poor|average_annual_dibao|"
    "share_serious_illness|share_disability_1|share_disability_2|share_disability_3_4|"
    "share_able_bodied";

const char *targets_measure_name(int measure)
{
    static char names[N_TARGET_MEASURES][40];
    const char *c = MEASURES;
    for (int i = 0; i < measure; i++) c += strcspn(c, "|") + 1;
    size_t len = strcspn(c, "|");
    snprintf(names[measure], sizeof names[measure], "%.*s", (int)len, c);
    return names[measure];
}

static int is_share(int measure) { return measure >= T_SHARE_ILL; }

double targets_gap(const struct target *target, double simulated)
{
    if (is_share(target->measure)) return (simulated - target->value) / 0.01;
    return (simulated / target->value - 1.0) / 0.02;
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
    return v && v->kind == YNODE_SCALAR ? strdup(v->text) : NULL;
}

/* Keys allowed in a mapping; an unknown one is an error at its position. */
static int only_keys(const struct ynode *map, const char *allowed, struct error *err)
{
    for (size_t i = 0; i < map->n; i++)
        if (choices_index(allowed, map->keys[i]) < 0) {
            char what[256];
            snprintf(what, sizeof what, "unknown key '%s' (keys here: %s)", map->keys[i], allowed);
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s", map->key_marks[i].file,
                           map->key_marks[i].line, map->key_marks[i].column, what);
        }
    return 0;
}

static int read_target(struct target *t, const struct ynode *item, struct error *err)
{
    if (item->kind != YNODE_MAP) return node_error(item, "a target is a mapping", err);
    if (only_keys(item, "measure|region|value|source|weight", err)) return -1;
    const struct ynode *measure = ytree_get(item, "measure");
    t->measure = measure && measure->kind == YNODE_SCALAR ? choices_index(MEASURES, measure->text)
                                                           : -1;
    if (t->measure < 0) {
        char what[512];
        snprintf(what, sizeof what, "measure: expected one of %s", MEASURES);
        return node_error(measure ? measure : item, what, err);
    }
    t->region = text(item, "region");
    t->source = text(item, "source");
    if (!t->region) return node_error(item, "'region' is missing", err);
    t->weight = 1;
    if (number(item, "value", &t->value, 1, err) || number(item, "weight", &t->weight, 0, err))
        return -1;
    if (!(t->weight >= 0)) return node_error(ytree_get(item, "weight"), "weight: must be >= 0", err);
    if (!(t->value > 0) || (is_share(t->measure) && t->value > 1))
        return node_error(ytree_get(item, "value"), is_share(t->measure)
                          ? "value: a share must lie in (0, 1]" : "value: must be positive", err);
    return 0;
}

static int read_tuning(struct tuning *t, const struct ynode *item, struct error *err)
{
    if (item->kind != YNODE_MAP) return node_error(item, "a tuning entry is a mapping", err);
    if (only_keys(item, "key|index|region|min|max", err)) return -1;
    char *key = text(item, "key");
    t->key = key ? synthspec_key(key) : -1;
    free(key);
    if (t->key < 0) return node_error(item, "key: not a key of population specs", err);
    t->region = text(item, "region");
    double index = -1;
    if (number(item, "index", &index, 0, err) || number(item, "min", &t->min, 1, err) ||
        number(item, "max", &t->max, 1, err))
        return -1;
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
    t->path = strdup(path);
    struct ynode *root = ytree_load(path, err);
    int rc = root ? 0 : -1;
    if (!rc && root->kind != YNODE_MAP) rc = node_error(root, "expected a mapping of keys", err);
    if (!rc) rc = only_keys(root, "year|targets|tune", err);
    double year = 0;
    if (!rc) rc = number(root, "year", &year, 0, err);
    t->year = (int)year;
    const struct ynode *list = rc ? NULL : ytree_get(root, "targets");
    if (!rc && (!list || list->kind != YNODE_LIST || list->n == 0))
        rc = node_error(list ? list : root, "'targets' must be a list of targets", err);
    if (!rc) {
        t->items = calloc(list->n, sizeof *t->items);
        for (size_t i = 0; i < list->n && !rc; i++, t->n++)
            rc = read_target(&t->items[i], list->items[i], err);
    }
    const struct ynode *tune = rc ? NULL : ytree_get(root, "tune");
    if (tune && tune->kind != YNODE_LIST) rc = node_error(tune, "'tune' must be a list", err);
    if (tune && !rc) {
        t->tune = calloc(tune->n + 1, sizeof *t->tune);
        for (size_t i = 0; i < tune->n && !rc; i++, t->n_tune++)
            rc = read_tuning(&t->tune[i], tune->items[i], err);
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
    }
    for (int i = 0; i < t->n_tune; i++) free(t->tune[i].region);
    free(t->items);
    free(t->tune);
    free(t->path);
    memset(t, 0, sizeof *t);
}

/* ---- evaluating ---- */

int targets_evaluate(const struct targets *t, const struct scenario_result *res,
                     const struct population *pop, double *simulated, struct error *err)
{
    int year = t->year ? t->year - res->first_year : 0;
    if (year < 0 || year >= res->n_years)
        return err_set(err, ERR_INPUT, "%s: the targets are for %d, the run covers %d-%d",
                       t->path, t->year, res->first_year, res->first_year + res->n_years - 1);
    for (int i = 0; i < t->n; i++) {
        const struct target *target = &t->items[i];
        int r = 0;
        while (r < pop->n_regions && strcmp(pop->regions[r], target->region) != 0) r++;
        if (r == pop->n_regions)
            return err_set(err, ERR_INPUT, "%s: target %s names region '%s', which the "
                           "population does not have", t->path,
                           targets_measure_name(target->measure), target->region);
        const size_t month_stride = summary_month_stride(res);
        const double *january = summary_row(res, year * 12, r, PROGRAM_DIBAO);
        const double *december = january + 11 * month_stride;
        const double paid = december[M_PAID_PERSONS];
        const double share_of_paid = paid > 0 ? 1.0 / paid : 0.0;
        double v = 0;
        switch (target->measure) {
        case T_REGISTERED_POOR: v = december[M_REGISTERED_POOR]; break;
        case T_RECIPIENTS: v = paid; break;
        case T_RECIPIENTS_POOR: v = december[M_PAID_REGISTERED_POOR]; break;
        case T_AVERAGE_DIBAO: v = simulate_annual_per_recipient(january, month_stride); break;
        case T_SHARE_ILL: v = december[M_PAID_ILL] * share_of_paid; break;
        case T_SHARE_DISABILITY_1: v = december[M_PAID_DISABILITY_1] * share_of_paid; break;
        case T_SHARE_DISABILITY_2: v = december[M_PAID_DISABILITY_2] * share_of_paid; break;
        case T_SHARE_DISABILITY_3_4: v = december[M_PAID_DISABILITY_3_4] * share_of_paid; break;
        case T_SHARE_ABLE_BODIED:
            v = paid > 0 ? 1.0 - (december[M_PAID_ILL] + december[M_PAID_DISABILITY_1] +
                                  december[M_PAID_DISABILITY_2] +
                                  december[M_PAID_DISABILITY_3_4]) * share_of_paid
                         : 0;
            break;
        }
        simulated[i] = v;
    }
    return 0;
}

void targets_print_header(FILE *out)
{
    fprintf(out, "%-28s %-8s %12s %12s %9s  %s\n", "measure", "region", "published", "simulated",
            "gap", "");
}

int targets_print_row(FILE *out, const char *measure, const char *region, double published,
                      double simulated)
{
    const struct target target = {.measure = choices_index(MEASURES, measure), .value = published};
    const int met = fabs(targets_gap(&target, simulated)) <= 1.0;
    if (is_share(target.measure))
        fprintf(out, "%-28s %-8s %11.1f%% %11.1f%% %+7.1fpp  %s\n", measure, region,
                100 * published, 100 * simulated, 100 * (simulated - published),
                met ? "ok" : "MISSED (tolerance 1pp)");
    else
        fprintf(out, "%-28s %-8s %12.0f %12.0f %+8.1f%%  %s\n", measure, region, published,
                simulated, 100 * (simulated / published - 1), met ? "ok" : "MISSED (tolerance 2%)");
    return met;
}

int targets_print(FILE *out, const struct targets *t, const double *simulated)
{
    int missed = 0;
    targets_print_header(out);
    for (int i = 0; i < t->n; i++)
        missed += !targets_print_row(out, targets_measure_name(t->items[i].measure),
                                     t->items[i].region, t->items[i].value, simulated[i]);
    return missed;
}

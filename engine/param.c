/* param — see param.h. */
#include "param.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "memory.h"

int month_parse(const char *text)
{
    if (strlen(text) != 7 || text[4] != '-') return -1;
    for (int i = 0; i < 7; i++)
        if (i != 4 && !isdigit((unsigned char)text[i])) return -1;
    int year = atoi(text), month = atoi(text + 5);
    if (month < 1 || month > 12) return -1;
    return year * 12 + month - 1;
}

static int parse_value(double *out, const struct ynode *node, const char *path,
                       const struct param_bounds *b, struct error *err)
{
    if (node->kind != YNODE_SCALAR)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: expected a number here", node->mark.file,
                       node->mark.line, node->mark.column, path);
    if (ytree_is_null(node)) {
        if (!b->nullable)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: null is not allowed here (a number in "
                           "[%g, %g] is)", node->mark.file, node->mark.line, node->mark.column,
                           path, b->min, b->max);
        *out = NAN;
        return 0;
    }
    char *end;
    double v = strtod(node->text, &end);
    int decimal = node->plain && strspn(node->text, "+-0123456789.eE") == strlen(node->text);
    if (end == node->text || *end != '\0' || !isfinite(v) || !decimal)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: value '%s' is not a number (a number in "
                       "[%g, %g] is expected%s)", node->mark.file, node->mark.line,
                       node->mark.column, path, node->text, b->min, b->max,
                       node->plain ? "" : "; quotes make it text");
    if (v < b->min || v > b->max)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: value %s is out of range [%g, %g]",
                       node->mark.file, node->mark.line, node->mark.column, path, node->text,
                       b->min, b->max);
    *out = v;
    return 0;
}

static int is_dated_map(const struct ynode *node)
{
    return node->kind == YNODE_MAP && node->n > 0 && isdigit((unsigned char)node->keys[0][0]);
}

/* Parses a scalar or a dated map into one series. */
static int parse_series(struct param_series *s, const struct ynode *node, const char *path,
                        const struct param_bounds *b, struct error *err)
{
    if (is_dated_map(node) && b->undated)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: dated values have no meaning here (write a "
                       "number or a {region: number} map)", node->mark.file, node->mark.line,
                       node->mark.column, path);
    if (!is_dated_map(node)) {
        s->n = 1;
        s->points = xcalloc(1, sizeof *s->points);
        s->points[0].month = PARAM_ALWAYS;
        return parse_value(&s->points[0].value, node, path, b, err);
    }
    s->points = xcalloc(node->n, sizeof *s->points);
    for (size_t i = 0; i < node->n; i++) {
        const struct ymark *m = &node->key_marks[i];
        int month = month_parse(node->keys[i]);
        if (month < 0)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' is not a month (write YYYY-MM, "
                           "e.g. 2016-01)", m->file, m->line, m->column, path, node->keys[i]);
        if (i > 0 && month <= s->points[i - 1].month)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: months must increase: %s comes after %s",
                           m->file, m->line, m->column, path, node->keys[i], node->keys[i - 1]);
        s->points[i].month = month;
        s->n = (int)i + 1;
        if (parse_value(&s->points[i].value, node->items[i], path, b, err)) return -1;
    }
    return 0;
}

int param_parse(struct param *p, const struct ynode *node, const char *path,
                const struct param_bounds *bounds, struct error *err)
{
    p->mark = (struct ymark){xstrdup(node->mark.file), node->mark.line, node->mark.column};
    if (node->kind == YNODE_LIST)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: expected a number, a {region: value} map or "
                       "a {YYYY-MM: value} map, not a list", node->mark.file, node->mark.line,
                       node->mark.column, path);
    if (node->kind == YNODE_SCALAR || is_dated_map(node)) {
        p->n = 1;
        p->series = xcalloc(1, sizeof *p->series);
        return parse_series(&p->series[0], node, path, bounds, err);
    }
    if (node->n == 0)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: empty map", node->mark.file,
                       node->mark.line, node->mark.column, path);
    p->series = xcalloc(node->n, sizeof *p->series);
    for (size_t i = 0; i < node->n; i++) {
        const struct ymark *m = &node->key_marks[i];
        if (isdigit((unsigned char)node->keys[i][0]) || !node->keys[i][0])
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' is neither a region name nor a "
                           "month YYYY-MM (a map holds one kind of key)", m->file, m->line,
                           m->column, path, node->keys[i]);
        p->series[i].region = xstrdup(node->keys[i]);
        p->series[i].region_mark = (struct ymark){xstrdup(m->file), m->line, m->column};
        p->n = (int)i + 1;
        char sub[256];
        snprintf(sub, sizeof sub, "%s.%s", path, node->keys[i]);
        if (node->items[i]->kind == YNODE_MAP && !is_dated_map(node->items[i]))
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s: expected a number or a {YYYY-MM: value} "
                           "map", node->items[i]->mark.file, node->items[i]->mark.line,
                           node->items[i]->mark.column, sub);
        if (parse_series(&p->series[i], node->items[i], sub, bounds, err)) return -1;
    }
    return 0;
}

void param_free(struct param *p)
{
    for (int i = 0; i < p->n; i++) {
        free(p->series[i].region);
        free(p->series[i].region_mark.file);
        free(p->series[i].points);
    }
    free(p->series);
    free(p->mark.file);
    memset(p, 0, sizeof *p);
}

/* A region named in a map (`name`) that the population does not have but nearly does (a
 * misspelling, which would otherwise change nothing): an input error at `mark` suggesting the
 * population's region. A name near none of them is another population's region and is left. */
static int check_region(const char *name, const struct ymark *mark, const char *path,
                        char *const *regions, int n_regions, struct error *err)
{
    char list[1024] = "", nearest[64];
    for (int r = 0; r < n_regions; r++) {
        if (strcmp(regions[r], name) == 0) return 0;
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", r ? "|" : "", regions[r]);
    }
    if (!choices_nearest(list, name, nearest, sizeof nearest)) return 0;
    return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' is not a region of the population; did you "
                   "mean `%s`?", mark->file, mark->line, mark->column, path, name, nearest);
}

int param_bind(const struct param *p, const char *path, char *const *regions, int n_regions,
               int first_month, const struct param_series **out, int *missing_region,
               struct error *err)
{
    *missing_region = -1;
    for (int i = 0; i < p->n; i++)
        if (p->series[i].region &&
            check_region(p->series[i].region, &p->series[i].region_mark, path, regions, n_regions,
                         err))
            return -1;
    for (int r = 0; r < n_regions; r++) {
        const struct param_series *found = NULL;
        for (int i = 0; i < p->n && !found; i++)
            if (!p->series[i].region || strcmp(p->series[i].region, regions[r]) == 0)
                found = &p->series[i];
        if (!found) *missing_region = r;
        if (!found)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s has no value for region '%s' of the "
                           "population", p->mark.file, p->mark.line, p->mark.column, path,
                           regions[r]);
        if (found->points[0].month != PARAM_ALWAYS && found->points[0].month > first_month)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s%s%s has no value in force at %04d-%02d "
                           "(its first month is %04d-%02d)", p->mark.file, p->mark.line,
                           p->mark.column, path, found->region ? " for " : "",
                           found->region ? found->region : "", first_month / 12,
                           first_month % 12 + 1, found->points[0].month / 12,
                           found->points[0].month % 12 + 1);
        out[r] = found;
    }
    return 0;
}

static const struct param_point *point_at(const struct param_series *s, int month)
{
    int i = s->n - 1;
    while (i > 0 && s->points[i].month > month) i--;
    return &s->points[i];
}

double param_series_at(const struct param_series *s, int month) { return point_at(s, month)->value; }

int param_is_constant(const struct param *p, double value)
{
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < p->series[i].n; k++)
            if (!(p->series[i].points[k].value == value)) return 0;
    return 1;
}

int param_series_since(const struct param_series *s, int month) { return point_at(s, month)->month; }

/* ---- vectors ---- */

static int parse_list(double *out, const struct ynode *node, const char *path, int length,
                      int shares, const struct param_bounds *b, struct error *err)
{
    if (node->kind != YNODE_LIST || (int)node->n != length)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: expected a list of %d numbers%s",
                       node->mark.file, node->mark.line, node->mark.column, path, length,
                       shares ? " adding up to 1" : "");
    double sum = 0;
    for (int i = 0; i < length; i++) {
        if (parse_value(&out[i], node->items[i], path, b, err)) return -1;
        sum += out[i];
    }
    if (shares && fabs(sum - 1.0) > 1e-6)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: shares add up to %.6g, not 1",
                       node->mark.file, node->mark.line, node->mark.column, path, sum);
    return 0;
}

int vector_parse(struct vector_param *v, const struct ynode *node, const char *path, int length,
                 int shares, const struct param_bounds *bounds, struct error *err)
{
    v->mark = (struct ymark){xstrdup(node->mark.file), node->mark.line, node->mark.column};
    v->length = length;
    int regional = node->kind == YNODE_MAP;
    size_t n = regional ? node->n : 1;
    if (regional && n == 0)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: empty map", node->mark.file,
                       node->mark.line, node->mark.column, path);
    v->region = xcalloc(n, sizeof *v->region);
    v->values = xcalloc(n * (size_t)length + 1, sizeof *v->values);
    for (size_t i = 0; i < n; i++) {
        const struct ynode *list = regional ? node->items[i] : node;
        char sub[256];
        snprintf(sub, sizeof sub, "%s%s%s", path, regional ? "." : "", regional ? node->keys[i] : "");
        if (regional) v->region[i] = xstrdup(node->keys[i]);
        v->n = (int)i + 1;
        if (parse_list(v->values + i * (size_t)length, list, sub, length, shares, bounds, err))
            return -1;
    }
    return 0;
}

void vector_free(struct vector_param *v)
{
    for (int i = 0; i < v->n; i++) free(v->region[i]);
    free(v->region);
    free(v->values);
    free(v->mark.file);
    memset(v, 0, sizeof *v);
}

int vector_bind(const struct vector_param *v, const char *path, char *const *regions,
                int n_regions, const double **out, int *missing_region, struct error *err)
{
    *missing_region = -1;
    for (int i = 0; i < v->n; i++)
        if (v->region[i] && check_region(v->region[i], &v->mark, path, regions, n_regions, err))
            return -1;
    for (int r = 0; r < n_regions; r++) {
        int found = -1;
        for (int i = 0; i < v->n && found < 0; i++)
            if (!v->region[i] || strcmp(v->region[i], regions[r]) == 0) found = i;
        if (found < 0) {
            *missing_region = r;
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s has no value for region '%s'",
                           v->mark.file, v->mark.line, v->mark.column, path, regions[r]);
        }
        out[r] = v->values + (size_t)found * v->length;
    }
    return 0;
}

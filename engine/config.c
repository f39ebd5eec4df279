/* config — see config.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "memory.h"

static const char *const TYPE_NAMES[] = {"section", "text", "number*", "list", "bool", "choice",
                                         "number", "custom"};

static const struct config_key *find_key(const struct config_table *t, const char *path)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->keys[i].path, path) == 0) return &t->keys[i];
    return NULL;
}

/* ---- unknown keys and suggestions ---- */

static const char *leaf(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot ? dot + 1 : path;
}

static int is_child(const char *path, const char *parent)
{
    size_t n = strlen(parent);
    if (n == 0) return strchr(path, '.') == NULL;
    return strncmp(path, parent, n) == 0 && path[n] == '.' && !strchr(path + n + 1, '.');
}

static int unknown_key(const struct config_table *t, const char *parent, const char *key,
                       const struct ymark *m, struct error *err)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    char valid[1024] = "";
    for (size_t i = 0; i < t->n; i++) {
        if (!is_child(t->keys[i].path, parent)) continue;
        size_t d = choices_distance(key, leaf(t->keys[i].path));
        if (d < best_d) { best_d = d; best = leaf(t->keys[i].path); }
        size_t used = strlen(valid);
        snprintf(valid + used, sizeof valid - used, "%s%s", used ? ", " : "",
                 leaf(t->keys[i].path));
    }
    if (best && best_d <= strlen(key) / 3 + 2)
        return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s%s%s'; did you mean `%s`?",
                       m->file, m->line, m->column, parent, *parent ? "." : "", key, best);
    return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s%s%s'; valid keys here: %s", m->file,
                   m->line, m->column, parent, *parent ? "." : "", key, valid);
}

/* The errors of one file, gathered so that a user sees them all at once: the first
 * CONFIG_MAX_ERRORS messages, one per line, then how many more. */
#define CONFIG_MAX_ERRORS 10
struct gathered {
    struct error *err;
    int count;
    int shape;   /* a section that is not a mapping: defaults cannot be filled in */
};

static void gather(struct gathered *g, const struct error *one)
{
    struct error *all = g->err;
    if (g->count == 0) *all = *one;
    else if (g->count < CONFIG_MAX_ERRORS)
        snprintf(all->message + strlen(all->message), sizeof all->message - strlen(all->message),
                 "\n%s", one->message);
    g->count++;
}

static int gathered_result(struct gathered *g)
{
    if (g->count > CONFIG_MAX_ERRORS)
        snprintf(g->err->message + strlen(g->err->message),
                 sizeof g->err->message - strlen(g->err->message), "\n(and %d more errors)",
                 g->count - CONFIG_MAX_ERRORS);
    return g->count ? -1 : 0;
}

/* Every key of map (at `parent`) known to the table, sections holding mappings: each offender
 * gathered into g. */
static void check_keys(const struct config_table *t, const struct ynode *map, const char *parent,
                       struct gathered *g)
{
    for (size_t i = 0; i < map->n; i++) {
        struct error one = {0};
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", parent, *parent ? "." : "", map->keys[i]);
        const struct config_key *k = find_key(t, path);
        const struct ynode *v = map->items[i];
        if (strchr(map->keys[i], '.'))
            err_set(&one, ERR_INPUT, "%s:%d:%d: key '%s' holds a dot: write nested mappings "
                    "instead", map->key_marks[i].file, map->key_marks[i].line,
                    map->key_marks[i].column, map->keys[i]);
        else if (!k) unknown_key(t, parent, map->keys[i], &map->key_marks[i], &one);
        else if (k->type == CFG_SECTION && v->kind != YNODE_MAP && !ytree_is_null(v))
            g->shape += config_value_error(v, path, "a mapping of keys", &one) != 0;
        else if (k->type == CFG_SECTION && v->kind == YNODE_MAP)
            check_keys(t, v, path, g);
        if (one.code) gather(g, &one);
    }
}

/* ---- defaults ---- */

static struct ynode *node_at(struct ynode *root, const char *path, int create)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    struct ynode *node = root;
    for (char *part = strtok(buf, "."); part; part = strtok(NULL, ".")) {
        struct ynode *next = ytree_get(node, part);
        int more = strchr(path + (part - buf), '.') != NULL;
        if (!next || (create && ytree_is_null(next))) {   /* create: every part is a section */
            if (!create) return NULL;
            next = ytree_new_map(&node->mark);
            ytree_set(node, part, next);
        }
        if (more && next->kind != YNODE_MAP) return NULL;
        node = next;
    }
    return node;
}

struct ynode *config_node(struct ynode *root, const char *path) { return node_at(root, path, 0); }

static int fill_defaults(const struct config_table *t, struct ynode *root, const char *file,
                         struct error *err)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct config_key *k = &t->keys[i];
        if (k->type == CFG_SECTION || node_at(root, k->path, 0)) continue;
        if (strcmp(k->path, "extends") == 0) continue;
        if (strcmp(k->path, "name") == 0 && !k->default_yaml) {
            const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
            char stem[256];
            snprintf(stem, sizeof stem, "%s", base);
            char *dot = strrchr(stem, '.');
            if (dot) *dot = '\0';
            ytree_set(root, "name", ytree_new_scalar(stem, 1, &root->mark));
            continue;
        }
        if (!k->default_yaml)
            return err_set(err, ERR_INPUT, "%s: required key '%s' is missing (%s)", file, k->path,
                           k->description);
        char origin[300];
        snprintf(origin, sizeof origin, "default of %s", k->path);
        struct ynode *value = ytree_parse_string(k->default_yaml, origin, err);
        if (!value) return -1;
        char parent[256];
        snprintf(parent, sizeof parent, "%s", k->path);
        char *dot = strrchr(parent, '.');
        struct ynode *section = root;
        if (dot) {
            *dot = '\0';
            section = node_at(root, parent, 1);
        }
        ytree_set(section, leaf(k->path), value);
    }
    return 0;
}

/* ---- typed conversion ---- */

int config_value_error(const struct ynode *v, const char *path, const char *expected,
                       struct error *err)
{
    return err_set(err, ERR_INPUT, "%s:%d:%d: %s: value '%s' is not %s", v->mark.file,
                   v->mark.line, v->mark.column, path,
                   v->kind == YNODE_SCALAR ? v->text : v->kind == YNODE_MAP ? "(map)" : "(list)",
                   expected);
}

int config_number(double *out, const struct ynode *v, const char *path,
                  const struct param_bounds *bounds, struct error *err)
{
    if (v->kind != YNODE_SCALAR) return config_value_error(v, path, "a plain number", err);
    struct param p = {0};
    int rc = param_parse(&p, v, path, bounds, err);
    if (rc == 0 && p.series[0].points[0].month != PARAM_ALWAYS)
        rc = config_value_error(v, path, "a plain number", err);
    if (rc == 0) *out = p.series[0].points[0].value;
    param_free(&p);
    return rc;
}

static int convert_key(void *base, const struct config_key *k, const struct ynode *v,
                       struct error *err)
{
    void *field = (char *)base + k->offset;
    switch (k->type) {
    case CFG_SECTION:
        return 0;
    case CFG_TEXT:
        if (v->kind != YNODE_SCALAR) return config_value_error(v, k->path, "text", err);
        if (strcmp(k->path, "extends") != 0) *(char **)field = xstrdup(v->text);
        return 0;
    case CFG_PARAM:
        return param_parse(field, v, k->path, &k->bounds, err);
    case CFG_VECTOR:
        return vector_parse(field, v, k->path, k->length, k->shares, &k->bounds, err);
    case CFG_BOOL:
        if (v->kind == YNODE_SCALAR && strcmp(v->text, "true") == 0) *(int *)field = 1;
        else if (v->kind == YNODE_SCALAR && strcmp(v->text, "false") == 0) *(int *)field = 0;
        else return config_value_error(v, k->path, "true or false", err);
        return 0;
    case CFG_CHOICE: {
        int index = v->kind == YNODE_SCALAR ? choices_index(k->choices, v->text) : -1;
        if (index >= 0) {
            *(int *)field = index;
            return 0;
        }
        char expected[256], nearest[64];
        if (v->kind == YNODE_SCALAR && choices_nearest(k->choices, v->text, nearest, sizeof nearest))
            snprintf(expected, sizeof expected, "one of %s; did you mean `%s`?", k->choices, nearest);
        else
            snprintf(expected, sizeof expected, "one of %s", k->choices);
        return config_value_error(v, k->path, expected, err);
    }
    case CFG_NUMBER:
        return config_number(field, v, k->path, &k->bounds, err);
    case CFG_CUSTOM:
        return k->parse((char *)base + k->offset, v, k->path, err);
    }
    return 0;
}

/* The keys of map checked, defaults filled in, and every key converted into base: all the
 * errors gathered into err. */
static int read_map(const struct config_table *table, void *base, struct ynode *map,
                    const char *path, const char *prefix, struct error *err)
{
    struct gathered g = {err, 0, 0};
    check_keys(table, map, "", &g);   /* unknown keys are left unread: the rest is converted */
    if (g.shape) return gathered_result(&g);
    struct error one = {0};
    if (fill_defaults(table, map, path, &one)) {
        gather(&g, &one);
        return gathered_result(&g);
    }
    for (size_t i = 0; i < table->n; i++) {
        const struct ynode *v = node_at(map, table->keys[i].path, 0);
        struct config_key key = table->keys[i];
        char full[512];
        if (prefix) {   /* named from the top in messages */
            snprintf(full, sizeof full, "%s.%s", prefix, key.path);
            if (strcmp(key.path, "extends") != 0) key.path = full;
        }
        one = (struct error){0};
        if (v && convert_key(base, &key, v, &one)) gather(&g, &one);
    }
    return gathered_result(&g);
}

int config_read_map(const struct config_table *table, void *base, struct ynode *map,
                    const char *path, struct error *err)
{
    if (map->kind != YNODE_MAP) return config_value_error(map, path, "a mapping of keys", err);
    return read_map(table, base, map, path, path, err);
}

int config_read_list(const struct config_table *table, const struct ynode *v, const char *path,
                     size_t max, const char *expected, size_t size, void **items, int *n,
                     int (*check)(void *context, void *item, size_t i, const struct ynode *node,
                                  const char *sub, struct error *err),
                     void *context, struct error *err)
{
    if (v->kind != YNODE_LIST || v->n > max) return config_value_error(v, path, expected, err);
    char *array = *items = xcalloc(v->n + 1, size);
    for (size_t i = 0; i < v->n; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        *n = (int)i + 1;   /* owned from here: the caller frees it */
        if (config_read_map(table, array + i * size, v->items[i], sub, err) ||
            (check && check(context, array + i * size, i, v->items[i], sub, err)))
            return -1;
    }
    return 0;
}

int config_load(const struct config_table *table, void *base, const char *path,
                struct ynode **resolved, struct yfiles *files, struct error *err)
{
    *resolved = ytree_load_extending(path, files, err);
    return *resolved ? read_map(table, base, *resolved, path, NULL, err) : -1;
}

void config_free(const struct config_table *table, void *base)
{
    for (size_t i = 0; i < table->n; i++) {
        const struct config_key *k = &table->keys[i];
        void *field = (char *)base + k->offset;
        if (k->type == CFG_TEXT && strcmp(k->path, "extends") != 0) {
            free(*(char **)field);
            *(char **)field = NULL;
        } else if (k->type == CFG_PARAM) {
            param_free(field);
        } else if (k->type == CFG_VECTOR) {
            vector_free(field);
        }
    }
}

/* One key's row of the reference. */
static void markdown_row(const struct config_key *k, FILE *out)
{
    char type[160];
    if (k->type == CFG_CHOICE) choices_markdown(k->choices, type, sizeof type);
    else if (k->type == CFG_CUSTOM) snprintf(type, sizeof type, "%s", k->type_name);
    else if (k->type == CFG_VECTOR)
        snprintf(type, sizeof type, "list of %d%s", k->length, k->shares ? " shares" : "");
    else snprintf(type, sizeof type, "%s%s", TYPE_NAMES[k->type],
                  k->type == CFG_PARAM && k->bounds.nullable ? " or null" : "");
    const char *def = k->default_yaml ? k->default_yaml
                      : k->type == CFG_SECTION ? ""
                      : strcmp(k->path, "name") == 0 ? "file name"
                      : strcmp(k->path, "extends") == 0 ? "none" : "required";
    fprintf(out, "| `%s` | %s | %s | %s | %s | %s |\n", k->path, type, k->unit, def,
            k->description, k->source);
}

void config_markdown(const struct config_table *table, FILE *out)
{
    fputs("| key | type | unit | default | meaning | source |\n|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < table->n; i++) {
        const struct config_key *k = &table->keys[i];
        markdown_row(k, out);
        if (!k->items) continue;
        const struct config_table *sub = k->item_keys();   /* each named item's keys */
        for (size_t j = 0; j < sub->n; j++) {
            char path[256];
            struct config_key row = sub->keys[j];
            snprintf(path, sizeof path, "%s.%s.%s", k->path, k->items, row.path);
            row.path = path;
            markdown_row(&row, out);
        }
    }
    fputs("\n`number*`: a scalar, a `{region: value}` map, a `{YYYY-MM: value}` dated map (in force "
          "from that month) or a region map of dated maps. `list` values may also be given as a "
          "`{region: list}` map.\n", out);
}

/* scenario — see scenario.h.
 *
 * Flow of scenario_load: read the file and what it extends into one merged tree (yamltree),
 * reject keys the table does not know, fill in defaults, then convert each key into its typed
 * field. The merged tree is kept as the resolved scenario. */
#include "scenario.h"

#include "choices.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum key_type { KEY_SECTION, KEY_STRING, KEY_YEARS, KEY_PARAM, KEY_BOOL, KEY_CHOICE, KEY_TIERS };

struct scenario_key {
    const char *path;
    enum key_type type;
    size_t offset;              /* of the typed field in struct scenario */
    struct param_bounds bounds; /* KEY_PARAM */
    const char *choices;        /* KEY_CHOICE: "a|b", in enum order */
    const char *default_yaml;   /* NULL: required (or derived, for `name`) */
    const char *unit;
    const char *description;
    const char *source;         /* where the default comes from */
};

#define AT(field) offsetof(struct scenario, field)
#define NOLIMIT 1e12
#define NOBOUNDS {0, 0, 0}

static const struct scenario_key KEYS[] = {
    {"name", KEY_STRING, AT(name), NOBOUNDS, NULL, NULL, "",
     "Scenario name, used as its group in results files. Default: the file name without `.yaml`.",
     "engine"},
    {"description", KEY_STRING, AT(description), NOBOUNDS, NULL, "\"\"", "", "Free text.",
     "engine"},
    {"extends", KEY_STRING, 0, NOBOUNDS, NULL, NULL, "",
     "A scenario file this one overrides (path relative to this file); deep merge, a list "
     "replaces a list.",
     "engine"},
    {"years", KEY_YEARS, 0, NOBOUNDS, NULL, "2016", "year",
     "Simulated years, `2016` or `2016:2020`; `--years` overrides.",
     "study: 2016 figures"},
    {"poverty_line", KEY_PARAM, AT(poverty_line), {0, NOLIMIT, 0}, NULL, "3026",
     "yuan/person/year", "Poverty line for poverty measures (national line 2016: 3,026).",
     "study sec. 一(三), 二.5 (3,026 yuan, 2016)"},
    {"dibao", KEY_SECTION, 0, NOBOUNDS, NULL, NULL, "", "Minimum living guarantee (rules.md sec. 2).",
     ""},
    {"dibao.unit", KEY_CHOICE, AT(dibao.unit), NOBOUNDS, "household|family", "household", "",
     "Assessment unit: the hukou `household` (the poverty registry's unit) or each `family` "
     "inside it (parents with unmarried children: civil affairs' unit, study sec. 三.1).",
     "rules.md 1; study sec. 三.1"},
    {"dibao.hukou", KEY_CHOICE, AT(dibao.hukou), NOBOUNDS, "rural|urban", "rural", "",
     "Hukou type the program serves.",
     "rules.md 2; study (rural dibao)"},
    {"dibao.standard", KEY_PARAM, AT(dibao.standard), {0, NOLIMIT, 0}, NULL, NULL,
     "yuan/person/month", "The dibao standard (required). Taiyuan rural 2016: 288 → 320.",
     "study sec. 一(三): 288 → 320 in 2016"},
    {"dibao.income", KEY_SECTION, 0, NOBOUNDS, NULL, NULL, "", "Counted and assessed income.",
     ""},
    {"dibao.income.exempt_basic_pension", KEY_BOOL, AT(dibao.income.exempt_basic_pension), NOBOUNDS,
     NULL, "true", "", "Leave residents' basic pension out of counted income.",
     "rules.md 2 (national practice)"},
    {"dibao.benefit", KEY_SECTION, 0, NOBOUNDS, NULL, NULL, "", "How the monthly benefit is computed.",
     ""},
    {"dibao.benefit.mode", KEY_CHOICE, AT(dibao.benefit.mode), NOBOUNDS, "gap|tiers", "gap", "",
     "`gap`: (std − pc) × size (差额补助); `tiers`: banded shares of std (分档).",
     "study sec. 一(三): 差额补助"},
    {"dibao.benefit.min_share", KEY_PARAM, AT(dibao.benefit.min_share), {0, 1, 0}, NULL, "0",
     "share of std", "Gap mode floor: the benefit is at least min_share × std × size.",
     "rules.md 2 (0.2 is common)"},
    {"dibao.benefit.tiers", KEY_TIERS, 0, NOBOUNDS, NULL, "[]", "share of std",
     "Tiers mode: a list of `{below, pays}`, `below` increasing, the last at least 1; a unit "
     "gets pays × std × size of the first band with pc < below × std.",
     "rules.md 2"},
    {"dibao.benefit.rounding", KEY_CHOICE, AT(dibao.benefit.rounding), NOBOUNDS, "fen|yuan", "fen", "",
     "Rounding of each monthly payment, half away from zero.",
     "rules.md 2"},
    {"dibao.assets", KEY_SECTION, 0, NOBOUNDS, NULL, NULL, "",
     "Asset test on the household's assets (rules.md 3.5); `null` switches a test off.",
     ""},
    {"dibao.assets.financial_months", KEY_PARAM, AT(dibao.assets.financial_months),
     {0, NOLIMIT, 1}, NULL, "24", "months of std",
     "Per-capita financial assets (household total / household persons) must not exceed this "
     "many months of the standard.",
     "rules.md 3.5 (assumption)"},
    {"dibao.assets.max_vehicles", KEY_PARAM, AT(dibao.assets.max_vehicles), {0, NOLIMIT, 1}, NULL,
     "0", "vehicles", "Most vehicles the household may own.",
     "rules.md 3.5; study sec. 一(二) (cars)"},
    {"dibao.assets.max_houses", KEY_PARAM, AT(dibao.assets.max_houses), {0, NOLIMIT, 1}, NULL, "1",
     "houses", "Most houses the household may own.",
     "rules.md 3.5; study sec. 一(二) (several houses)"},
};
#define N_KEYS (sizeof KEYS / sizeof KEYS[0])

static const char *const TYPE_NAMES[] = {"section", "text", "years", "number*", "bool", "choice",
                                         "list"};

static const struct scenario_key *find_key(const char *path)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(KEYS[i].path, path) == 0) return &KEYS[i];
    return NULL;
}

/* ---- unknown keys and suggestions ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (lb >= 64) return 64;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The last component of a key path. */
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

static int unknown_key(const char *parent, const char *key, const struct ymark *m,
                       struct error *err)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    char valid[1024] = "";
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!is_child(KEYS[i].path, parent)) continue;
        size_t d = edit_distance(key, leaf(KEYS[i].path));
        if (d < best_d) { best_d = d; best = leaf(KEYS[i].path); }
        size_t used = strlen(valid);
        snprintf(valid + used, sizeof valid - used, "%s%s", used ? ", " : "", leaf(KEYS[i].path));
    }
    size_t limit = strlen(key) / 3 + 2;
    if (best && best_d <= limit)
        return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s%s%s'; did you mean `%s`?",
                       m->file, m->line, m->column, parent, *parent ? "." : "", key, best);
    return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s%s%s'; valid keys here: %s", m->file,
                   m->line, m->column, parent, *parent ? "." : "", key, valid);
}

static int check_keys(const struct ynode *map, const char *parent, struct error *err)
{
    for (size_t i = 0; i < map->n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", parent, *parent ? "." : "", map->keys[i]);
        const struct scenario_key *k = find_key(path);
        if (!k) return unknown_key(parent, map->keys[i], &map->key_marks[i], err);
        const struct ynode *v = map->items[i];
        if (k->type == KEY_SECTION) {
            if (v->kind != YNODE_MAP && !ytree_is_null(v))
                return err_set(err, ERR_INPUT, "%s:%d:%d: %s: expected a mapping of keys",
                               v->mark.file, v->mark.line, v->mark.column, path);
            if (v->kind == YNODE_MAP && check_keys(v, path, err)) return -1;
        }
    }
    return 0;
}

/* ---- defaults ---- */

/* The node at `path`, creating empty sections on the way when `create`. */
static struct ynode *node_at(struct ynode *root, const char *path, int create)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    struct ynode *node = root;
    for (char *part = strtok(buf, "."); part; part = strtok(NULL, ".")) {
        struct ynode *next = ytree_get(node, part);
        if (!next || (create && ytree_is_null(next) && strchr(path + (part - buf), '.'))) {
            if (!create) return NULL;
            next = ytree_new_map(&node->mark);
            ytree_set(node, part, next);
        }
        node = next;
    }
    return node;
}

static int fill_defaults(struct ynode *root, const char *file, struct error *err)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        const struct scenario_key *k = &KEYS[i];
        if (k->type == KEY_SECTION || node_at(root, k->path, 0)) continue;
        if (strcmp(k->path, "name") == 0) {
            const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
            char stem[256];
            snprintf(stem, sizeof stem, "%s", base);
            char *dot = strrchr(stem, '.');
            if (dot) *dot = '\0';
            ytree_set(root, "name", ytree_new_scalar(stem, 1, &root->mark));
            continue;
        }
        if (!k->default_yaml) {
            if (strcmp(k->path, "extends") == 0) continue;
            return err_set(err, ERR_INPUT, "%s: required key '%s' is missing (%s)", file, k->path,
                           k->description);
        }
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

int years_parse(const char *text, int *first, int *last)
{
    char *end;
    long a = strtol(text, &end, 10), b = a;
    if (end == text) return -1;
    if (*end == ':') {
        const char *rest = end + 1;
        b = strtol(rest, &end, 10);
        if (end == rest) return -1;
    }
    if (*end != '\0' || a < 1950 || b > 2200 || b < a) return -1;
    *first = (int)a;
    *last = (int)b;
    return 0;
}

static int scalar_error(const struct ynode *v, const char *path, const char *expected,
                        struct error *err)
{
    return err_set(err, ERR_INPUT, "%s:%d:%d: %s: value '%s' is not %s", v->mark.file,
                   v->mark.line, v->mark.column, path, v->kind == YNODE_SCALAR ? v->text : "(map)",
                   expected);
}

static int parse_tiers(struct scenario *s, const struct ynode *v, const char *path,
                       struct error *err)
{
    if (v->kind != YNODE_LIST) return scalar_error(v, path, "a list of {below, pays}", err);
    s->dibao.benefit.tiers = calloc(v->n + 1, sizeof *s->dibao.benefit.tiers);
    struct param_bounds share = {0, NOLIMIT, 0};
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *t = v->items[i];
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        if (t->kind != YNODE_MAP) return scalar_error(t, sub, "a {below, pays} mapping", err);
        for (size_t j = 0; j < t->n; j++)
            if (strcmp(t->keys[j], "below") && strcmp(t->keys[j], "pays")) {
                const struct ymark *m = &t->key_marks[j];
                const char *hint = edit_distance(t->keys[j], "below") <
                                           edit_distance(t->keys[j], "pays") ? "below" : "pays";
                return err_set(err, ERR_INPUT, "%s:%d:%d: unknown key '%s.%s'; did you mean `%s`?",
                               m->file, m->line, m->column, sub, t->keys[j], hint);
            }
        struct tier *tier = &s->dibao.benefit.tiers[i];
        const char *names[2] = {"below", "pays"};
        double *fields[2] = {&tier->below, &tier->pays};
        for (int f = 0; f < 2; f++) {
            const struct ynode *x = ytree_get(t, names[f]);
            if (!x)
                return err_set(err, ERR_INPUT, "%s:%d:%d: %s: '%s' is missing", t->mark.file,
                               t->mark.line, t->mark.column, sub, names[f]);
            struct param p = {0};
            char name[300];
            snprintf(name, sizeof name, "%s.%s", sub, names[f]);
            int rc = param_parse(&p, x, name, &share, err);
            if (rc == 0 && p.series[0].points[0].month != PARAM_ALWAYS) {
                param_free(&p);
                return scalar_error(x, name, "a plain number", err);
            }
            if (rc == 0) *fields[f] = p.series[0].points[0].value;
            param_free(&p);
            if (rc) return -1;
        }
        if (i > 0 && tier->below <= tier[-1].below)
            return err_set(err, ERR_INPUT, "%s:%d:%d: %s.below: bands must increase: %g after %g",
                           t->mark.file, t->mark.line, t->mark.column, sub, tier->below,
                           tier[-1].below);
        s->dibao.benefit.n_tiers = (int)i + 1;
    }
    if (v->n > 0 && s->dibao.benefit.tiers[v->n - 1].below < 1)
        return err_set(err, ERR_INPUT, "%s:%d:%d: %s: the last band's `below` must be at least 1 "
                       "(it is %g)", v->mark.file, v->mark.line, v->mark.column, path,
                       s->dibao.benefit.tiers[v->n - 1].below);
    return 0;
}

static int convert_key(struct scenario *s, const struct scenario_key *k, const struct ynode *v,
                       struct error *err)
{
    void *field = (char *)s + k->offset;
    switch (k->type) {
    case KEY_SECTION:
        return 0;
    case KEY_STRING:
        if (v->kind != YNODE_SCALAR) return scalar_error(v, k->path, "text", err);
        if (k->offset || strcmp(k->path, "name") == 0) *(char **)field = strdup(v->text);
        return 0;
    case KEY_YEARS:
        if (v->kind != YNODE_SCALAR || years_parse(v->text, &s->first_year, &s->last_year))
            return scalar_error(v, k->path, "a year or a range FROM:TO (1950 to 2200)", err);
        return 0;
    case KEY_PARAM:
        return param_parse(field, v, k->path, &k->bounds, err);
    case KEY_BOOL:
        if (v->kind == YNODE_SCALAR && strcmp(v->text, "true") == 0) *(int *)field = 1;
        else if (v->kind == YNODE_SCALAR && strcmp(v->text, "false") == 0) *(int *)field = 0;
        else return scalar_error(v, k->path, "true or false", err);
        return 0;
    case KEY_CHOICE: {
        int index = v->kind == YNODE_SCALAR ? choices_index(k->choices, v->text) : -1;
        if (index >= 0) {
            *(int *)field = index;
            return 0;
        }
        char expected[128];
        snprintf(expected, sizeof expected, "one of %s", k->choices);
        return scalar_error(v, k->path, expected, err);
    }
    case KEY_TIERS:
        return parse_tiers(s, v, k->path, err);
    }
    return 0;
}

int scenario_load(struct scenario *s, const char *path, struct error *err)
{
    memset(s, 0, sizeof *s);
    s->resolved = ytree_load_extending(path, &s->files, err);
    if (!s->resolved || check_keys(s->resolved, "", err) ||
        fill_defaults(s->resolved, path, err))
        goto fail;
    for (size_t i = 0; i < N_KEYS; i++) {
        const struct ynode *v = node_at(s->resolved, KEYS[i].path, 0);
        if (v && convert_key(s, &KEYS[i], v, err)) goto fail;
    }
    if (s->dibao.benefit.mode == BENEFIT_TIERS && s->dibao.benefit.n_tiers == 0) {
        const struct ynode *v = node_at(s->resolved, "dibao.benefit.mode", 0);
        err_set(err, ERR_INPUT, "%s:%d:%d: dibao.benefit.mode is tiers but dibao.benefit.tiers "
                "lists no bands", v->mark.file, v->mark.line, v->mark.column);
        goto fail;
    }
    return 0;
fail:
    scenario_free(s);
    return -1;
}

void scenario_free(struct scenario *s)
{
    free(s->name);
    free(s->description);
    param_free(&s->poverty_line);
    param_free(&s->dibao.standard);
    param_free(&s->dibao.benefit.min_share);
    param_free(&s->dibao.assets.financial_months);
    param_free(&s->dibao.assets.max_vehicles);
    param_free(&s->dibao.assets.max_houses);
    free(s->dibao.benefit.tiers);
    ytree_free(s->resolved);
    yfiles_free(&s->files);
    memset(s, 0, sizeof *s);
}

void scenario_set_years(struct scenario *s, int first_year, int last_year)
{
    s->first_year = first_year;
    s->last_year = last_year;
    char text[32];
    if (first_year == last_year) snprintf(text, sizeof text, "%d", first_year);
    else snprintf(text, sizeof text, "%d:%d", first_year, last_year);
    struct ymark mark = {"command line", 1, 1};
    ytree_set(s->resolved, "years", ytree_new_scalar(text, 1, &mark));
}

char *scenario_resolved_yaml(const struct scenario *s) { return ytree_to_string(s->resolved); }

void scenario_keys_markdown(FILE *out)
{
    fputs("| key | type | unit | default | meaning | source |\n|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < N_KEYS; i++) {
        const struct scenario_key *k = &KEYS[i];
        char type[96];
        if (k->type == KEY_CHOICE) choices_markdown(k->choices, type, sizeof type);
        else snprintf(type, sizeof type, "%s%s", TYPE_NAMES[k->type],
                      k->type == KEY_PARAM && k->bounds.nullable ? " or null" : "");
        const char *def = k->default_yaml ? k->default_yaml
                          : k->type == KEY_SECTION ? "" : strcmp(k->path, "name") == 0 ? "file name"
                          : strcmp(k->path, "extends") == 0 ? "none" : "required";
        fprintf(out, "| `%s` | %s | %s | %s | %s | %s |\n", k->path, type, k->unit, def,
                k->description, k->source);
    }
    fputs("\n`number*`: a scalar, a `{region: value}` map, a `{YYYY-MM: value}` dated map (in force "
          "from that month) or a region map of dated maps.\n", out);
}

/* yamltree — see yamltree.h. libyaml's document loader builds its own node graph (anchors and
 * aliases resolved); we copy it into struct ynode, keeping marks, then drop libyaml's copy.
 * Files are read whole and hashed (digest.h); libyaml's event parser first reads the same bytes
 * against the caps (size, nesting, values), and only then does its loader build the document. */
#include "yamltree.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "digest.h"
#include "memory.h"

/* A copy of s, "" for NULL. */
static char *copy_text(const char *s) { return xstrdup(s ? s : ""); }

static struct ynode *node_new(enum ynode_kind kind, const struct ymark *mark)
{
    struct ynode *node = xcalloc(1, sizeof *node);
    node->kind = kind;
    node->mark.file = copy_text(mark->file);
    node->mark.line = mark->line;
    node->mark.column = mark->column;
    return node;
}

struct ynode *ytree_new_map(const struct ymark *mark) { return node_new(YNODE_MAP, mark); }

struct ynode *ytree_new_list(const struct ymark *mark) { return node_new(YNODE_LIST, mark); }

struct ynode *ytree_new_scalar(const char *text, int plain, const struct ymark *mark)
{
    struct ynode *node = node_new(YNODE_SCALAR, mark);
    node->text = copy_text(text);
    node->plain = plain;
    return node;
}

/* The arrays of a node hold a power of two of entries at least n (n only shrinks otherwise), so
 * they grow by doubling when n reaches one: appending is amortised constant time, not a copy of
 * the whole array each time (quadratic where realloc cannot grow in place). */
static void append(struct ynode *node, const char *key, const struct ymark *key_mark,
                   struct ynode *value)
{
    size_t n = node->n + 1;
    const int full = (node->n & (node->n - 1)) == 0;   /* 0, 1, 2, 4, ...: the arrays are full */
    const size_t capacity = node->n ? 2 * node->n : 1;
    if (full) node->items = xrealloc(node->items, capacity, sizeof *node->items);
    node->items[n - 1] = value;
    if (node->kind == YNODE_MAP) {
        if (full) {
            node->keys = xrealloc(node->keys, capacity, sizeof *node->keys);
            node->key_marks = xrealloc(node->key_marks, capacity, sizeof *node->key_marks);
        }
        node->keys[n - 1] = copy_text(key);
        node->key_marks[n - 1] = (struct ymark){copy_text(key_mark->file), key_mark->line,
                                                key_mark->column};
    }
    node->n = n;
}

void ytree_append(struct ynode *list, struct ynode *item) { append(list, NULL, NULL, item); }

void ytree_free(struct ynode *node)
{
    if (!node) return;
    for (size_t i = 0; i < node->n; i++) {
        ytree_free(node->items[i]);
        if (node->kind == YNODE_MAP) {
            free(node->keys[i]);
            free(node->key_marks[i].file);
        }
    }
    free(node->items);
    free(node->keys);
    free(node->key_marks);
    free(node->text);
    free(node->mark.file);
    free(node);
}

void yfiles_add(struct yfiles *files, const char *path, const char *sha256)
{
    files->paths = xrealloc(files->paths, files->n + 1, sizeof *files->paths);
    files->sha256 = xrealloc(files->sha256, files->n + 1, sizeof *files->sha256);
    files->paths[files->n] = copy_text(path);
    files->sha256[files->n] = copy_text(sha256);
    files->n++;
}

void yfiles_free(struct yfiles *files)
{
    for (size_t i = 0; i < files->n; i++) {
        free(files->paths[i]);
        free(files->sha256[i]);
    }
    free(files->paths);
    free(files->sha256);
    *files = (struct yfiles){0, NULL, NULL};
}

struct ynode *ytree_get(const struct ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) return map->items[i];
    return NULL;
}

int ytree_is_null(const struct ynode *node)
{
    return node && node->kind == YNODE_SCALAR && node->plain &&
           (node->text[0] == '\0' || strcmp(node->text, "null") == 0 ||
            strcmp(node->text, "~") == 0 || strcmp(node->text, "Null") == 0 ||
            strcmp(node->text, "NULL") == 0);
}

void ytree_set(struct ynode *map, const char *key, struct ynode *value)
{
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) {
            ytree_free(map->items[i]);
            map->items[i] = value;
            return;
        }
    append(map, key, &value->mark, value);
}

/* ---- reading ---- */

static struct ymark mark_of(const char *path, yaml_mark_t m)
{
    return (struct ymark){(char *)path, (int)m.line + 1, (int)m.column + 1};
}

/* Caps on what a YAML file may hold, checked while libyaml reads it (scan_events), before the
 * document is built: the size of the file, the depth of nesting and the number of values. The
 * node count is checked again as aliases are expanded (convert): they can make a small file
 * expand without bound. */
#define MAX_INPUT_BYTES (16 * 1024 * 1024)
#define MAX_DEPTH 64
#define MAX_NODES 100000

/* Reads the events of the input, counting values and nesting, and stops at the first cap
 * exceeded or syntax error: libyaml's loader is never handed a document beyond the caps. */
static int scan_events(const unsigned char *text, size_t size, const char *origin,
                       struct error *err)
{
    if (size > MAX_INPUT_BYTES)
        return err_set(err, ERR_INPUT, "%s: %zu bytes: a YAML file may hold at most %d", origin,
                       size, MAX_INPUT_BYTES);
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, text, size);
    int depth = 0, rc = 0;
    long nodes = 0;
    for (int done = 0; !done && !rc;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) break;   /* the loader reports the syntax */
        const yaml_mark_t m = event.start_mark;
        const int opens = event.type == YAML_SEQUENCE_START_EVENT ||
                          event.type == YAML_MAPPING_START_EVENT;
        const int value = opens || event.type == YAML_SCALAR_EVENT ||
                          event.type == YAML_ALIAS_EVENT;
        depth += opens - (event.type == YAML_SEQUENCE_END_EVENT ||
                          event.type == YAML_MAPPING_END_EVENT);
        nodes += value;
        done = event.type == YAML_STREAM_END_EVENT;
        if (depth > MAX_DEPTH)
            rc = err_set(err, ERR_INPUT, "%s:%d:%d: nesting deeper than %d levels", origin,
                         (int)m.line + 1, (int)m.column + 1, MAX_DEPTH);
        else if (nodes > MAX_NODES)
            rc = err_set(err, ERR_INPUT, "%s:%d:%d: more than %d values", origin,
                         (int)m.line + 1, (int)m.column + 1, MAX_NODES);
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    return rc;
}

/* The keys of one mapping seen so far, hashed, so that a duplicate is found in constant time
 * (a mapping of 80,000 keys took 72 s with a linear search per key). */
struct key_set {
    const char **slots;
    size_t mask;
};

static size_t key_hash(const char *key)
{
    size_t h = 1469598103934665603u;   /* FNV-1a */
    for (; *key; key++) h = (h ^ (unsigned char)*key) * 1099511628211u;
    return h;
}

static void key_set_init(struct key_set *set, size_t keys)
{
    size_t capacity = 16;
    while (capacity < 2 * keys) capacity *= 2;
    set->slots = xcalloc(capacity, sizeof *set->slots);
    set->mask = capacity - 1;
}

/* Adds key (not copied: it must outlive the set); false when it was there already. */
static int key_set_add(struct key_set *set, const char *key)
{
    for (size_t i = key_hash(key) & set->mask;; i = (i + 1) & set->mask) {
        if (!set->slots[i]) {
            set->slots[i] = key;
            return 1;
        }
        if (strcmp(set->slots[i], key) == 0) return 0;
    }
}

static struct ynode *convert(yaml_document_t *doc, yaml_node_t *yn, const char *path, int depth,
                             long *nodes, struct error *err)
{
    struct ymark mark = mark_of(path, yn->start_mark);
    if (depth > MAX_DEPTH) {
        err_set(err, ERR_INPUT, "%s:%d:%d: nesting too deep", path, mark.line, mark.column);
        return NULL;
    }
    if (++*nodes > MAX_NODES) {
        err_set(err, ERR_INPUT, "%s:%d:%d: more than %d values (aliases expanding?)", path,
                mark.line, mark.column, MAX_NODES);
        return NULL;
    }
    if (yn->type == YAML_SCALAR_NODE)
        return ytree_new_scalar((const char *)yn->data.scalar.value,
                                yn->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, &mark);
    if (yn->type == YAML_SEQUENCE_NODE) {
        struct ynode *list = node_new(YNODE_LIST, &mark);
        for (yaml_node_item_t *it = yn->data.sequence.items.start; it < yn->data.sequence.items.top;
             it++) {
            struct ynode *item = convert(doc, yaml_document_get_node(doc, *it), path, depth + 1, nodes, err);
            if (!item) { ytree_free(list); return NULL; }
            append(list, NULL, NULL, item);
        }
        return list;
    }
    struct ynode *map = node_new(YNODE_MAP, &mark);
    struct key_set seen;
    key_set_init(&seen, (size_t)(yn->data.mapping.pairs.top - yn->data.mapping.pairs.start));
    for (yaml_node_pair_t *p = yn->data.mapping.pairs.start; p < yn->data.mapping.pairs.top; p++) {
        yaml_node_t *key = yaml_document_get_node(doc, p->key);
        struct ymark key_mark = mark_of(path, key->start_mark);
        struct ynode *value = NULL;
        if (key->type != YAML_SCALAR_NODE) {
            err_set(err, ERR_INPUT, "%s:%d:%d: a mapping key must be a plain name", path,
                    key_mark.line, key_mark.column);
        } else if (!key_set_add(&seen, (const char *)key->data.scalar.value)) {
            err_set(err, ERR_INPUT, "%s:%d:%d: key '%s' appears twice in this mapping", path,
                    key_mark.line, key_mark.column, (const char *)key->data.scalar.value);
        } else {
            value = convert(doc, yaml_document_get_node(doc, p->value), path, depth + 1, nodes,
                            err);
        }
        if (!value) {
            free(seen.slots);
            ytree_free(map);
            return NULL;
        }
        append(map, (const char *)key->data.scalar.value, &key_mark, value);
    }
    free(seen.slots);
    return map;
}

static struct ynode *parse_with(yaml_parser_t *parser, const char *origin, struct error *err)
{
    yaml_document_t doc;
    if (!yaml_parser_load(parser, &doc)) {
        err_set(err, ERR_INPUT, "%s:%d:%d: YAML syntax error: %s%s%s", origin,
                (int)parser->problem_mark.line + 1, (int)parser->problem_mark.column + 1,
                parser->problem ? parser->problem : "unknown", parser->context ? " " : "",
                parser->context ? parser->context : "");
        return NULL;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    struct ynode *tree;
    long nodes = 0;
    if (!root) {
        struct ymark mark = {(char *)origin, 1, 1};
        tree = node_new(YNODE_MAP, &mark);   /* an empty file is an empty mapping */
    } else {
        tree = convert(&doc, root, origin, 0, &nodes, err);
    }
    yaml_document_delete(&doc);
    if (tree && yaml_parser_load(parser, &doc)) {   /* one document per file */
        yaml_node_t *next = yaml_document_get_root_node(&doc);
        if (next) {
            err_set(err, ERR_INPUT, "%s:%d:%d: a second YAML document: a file holds one", origin,
                    (int)next->start_mark.line + 1, (int)next->start_mark.column + 1);
            ytree_free(tree);
            tree = NULL;
        }
        yaml_document_delete(&doc);
    }
    return tree;
}

/* Parses text (size bytes) as one YAML document, within the caps above. */
static struct ynode *parse_text(const char *text, size_t size, const char *origin,
                                struct error *err)
{
    if (scan_events((const unsigned char *)text, size, origin, err)) return NULL;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
    struct ynode *tree = parse_with(&parser, origin, err);
    yaml_parser_delete(&parser);
    return tree;
}

/* Reads one YAML file whole, its SHA-256 into sha256, then parses those bytes. */
static struct ynode *load_hashed(const char *path, char sha256[DIGEST_HEX_SIZE],
                                 struct error *err)
{
    char *text;
    size_t size;
    if (digest_read_file(path, &text, &size, sha256)) {
        err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct ynode *tree = parse_text(text, size, path, err);
    free(text);
    return tree;
}

struct ynode *ytree_load(const char *path, char sha256[DIGEST_HEX_SIZE], struct error *err)
{
    return load_hashed(path, sha256, err);
}

struct ynode *ytree_parse_string(const char *text, const char *origin, struct error *err)
{
    return parse_text(text, strlen(text), origin, err);
}

/* ---- extends ---- */

/* A key "YYYY-MM": the keys of a dated map (param.h). */
static int is_month_key(const char *key)
{
    if (strlen(key) != 7 || key[4] != '-') return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (key[i] < '0' || key[i] > '9')) return 0;
    return 1;
}

/* Puts a merged dated map back in date order (a reform may add a month between the base's). */
static void sort_dated(struct ynode *map)
{
    for (size_t i = 0; i < map->n; i++)
        if (!is_month_key(map->keys[i])) return;
    for (size_t i = 1; i < map->n; i++)
        for (size_t j = i; j > 0 && strcmp(map->keys[j - 1], map->keys[j]) > 0; j--) {
            char *key = map->keys[j];
            struct ymark mark = map->key_marks[j];
            struct ynode *item = map->items[j];
            map->keys[j] = map->keys[j - 1];
            map->key_marks[j] = map->key_marks[j - 1];
            map->items[j] = map->items[j - 1];
            map->keys[j - 1] = key;
            map->key_marks[j - 1] = mark;
            map->items[j - 1] = item;
        }
}

/* Deep merge: `over` is consumed; the result replaces `base` (which is consumed too). */
static struct ynode *merge(struct ynode *base, struct ynode *over)
{
    if (base->kind != YNODE_MAP || over->kind != YNODE_MAP) {
        ytree_free(base);
        return over;
    }
    for (size_t i = 0; i < over->n; i++) {
        struct ynode *value = over->items[i];
        over->items[i] = NULL;
        size_t j;
        for (j = 0; j < base->n && strcmp(base->keys[j], over->keys[i]) != 0; j++) {}
        if (j < base->n)
            base->items[j] = merge(base->items[j], value);
        else
            append(base, over->keys[i], &over->key_marks[i], value);
    }
    ytree_free(over);
    sort_dated(base);
    return base;
}

static void remove_key(struct ynode *map, const char *key)
{
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) {
            ytree_free(map->items[i]);
            free(map->keys[i]);
            free(map->key_marks[i].file);
            memmove(&map->items[i], &map->items[i + 1], (map->n - i - 1) * sizeof *map->items);
            memmove(&map->keys[i], &map->keys[i + 1], (map->n - i - 1) * sizeof *map->keys);
            memmove(&map->key_marks[i], &map->key_marks[i + 1],
                    (map->n - i - 1) * sizeof *map->key_marks);
            map->n--;
            return;
        }
}

char *ytree_path_beside(const char *file, const char *target)
{
    if (target[0] == '/') return copy_text(target);
    const char *slash = strrchr(file, '/');
    size_t dir = slash ? (size_t)(slash - file + 1) : 0;
    char *path = xmalloc(dir + strlen(target) + 1);
    memcpy(path, file, dir);
    strcpy(path + dir, target);
    return path;
}

static struct ynode *load_chain(const char *path, struct yfiles *files, char **stack, int depth,
                                struct error *err)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    for (int i = 0; i < depth; i++)
        if (strcmp(stack[i], real) == 0) {
            err_set(err, ERR_INPUT, "%s: 'extends' cycle: this file extends itself through %s",
                    path, stack[depth - 1]);
            return NULL;
        }
    if (depth >= 32) {
        err_set(err, ERR_INPUT, "%s: 'extends' chain longer than 32 files", path);
        return NULL;
    }
    char sha256[DIGEST_HEX_SIZE];
    struct ynode *tree = load_hashed(path, sha256, err);
    if (!tree) return NULL;
    if (tree->kind != YNODE_MAP) {
        err_set(err, ERR_INPUT, "%s:%d:%d: expected a mapping of keys at the top level", path,
                tree->mark.line, tree->mark.column);
        ytree_free(tree);
        return NULL;
    }
    if (files) yfiles_add(files, path, sha256);
    struct ynode *ext = ytree_get(tree, "extends");
    if (!ext) return tree;
    if (ext->kind != YNODE_SCALAR || ytree_is_null(ext)) {
        err_set(err, ERR_INPUT, "%s:%d:%d: 'extends' must name a file", ext->mark.file,
                ext->mark.line, ext->mark.column);
        ytree_free(tree);
        return NULL;
    }
    char *base_path = ytree_path_beside(path, ext->text);
    stack[depth] = real;
    struct ynode *base = load_chain(base_path, files, stack, depth + 1, err);
    if (!base)
        err_prefix(err, "%s:%d:%d: extends '%s'", ext->mark.file, ext->mark.line,
                   ext->mark.column, ext->text);
    free(base_path);
    if (!base) { ytree_free(tree); return NULL; }
    remove_key(tree, "extends");
    remove_key(base, "extends");
    return merge(base, tree);
}

struct ynode *ytree_load_extending(const char *path, struct yfiles *files, struct error *err)
{
    char *stack[33];
    return load_chain(path, files, stack, 0, err);
}

/* ---- writing ---- */

static int needs_quotes(const char *s)
{
    if (!*s) return 1;
    if (strchr("?:,[]{}#&*!|>'\"%@` ", s[0])) return 1;
    if (s[0] == '-' && (s[1] == ' ' || s[1] == '\0' || s[1] == '-')) return 1;
    for (const char *p = s; *p; p++)
        if (*p == '\n' || *p == '"' || *p == '\\' || (p[0] == ':' && p[1] == ' ') ||
            (p[0] == ' ' && p[1] == '#') || (unsigned char)*p < 0x20)
            return 1;
    return s[strlen(s) - 1] == ' ' || s[strlen(s) - 1] == ':';
}

static void write_scalar(const struct ynode *node, FILE *out)
{
    if (node->plain && !needs_quotes(node->text)) {
        fputs(node->text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = node->text; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", out);
        else if ((unsigned char)*p < 0x20) fprintf(out, "\\x%02x", (unsigned char)*p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

static void write_node(const struct ynode *node, FILE *out, int indent)
{
    for (size_t i = 0; i < node->n; i++) {
        const struct ynode *item = node->items[i];
        fprintf(out, "%*s", indent, "");
        if (node->kind == YNODE_MAP) {
            struct ynode key = {.kind = YNODE_SCALAR, .text = node->keys[i], .plain = 1};
            write_scalar(&key, out);
            fputc(':', out);
        } else {
            fputc('-', out);
        }
        if (item->kind == YNODE_SCALAR) {
            fputc(' ', out);
            write_scalar(item, out);
            fputc('\n', out);
        } else if (item->n == 0) {
            fputs(item->kind == YNODE_MAP ? " {}\n" : " []\n", out);
        } else {
            fputc('\n', out);
            write_node(item, out, indent + 2);
        }
    }
}

void ytree_write(const struct ynode *node, FILE *out)
{
    if (node->kind == YNODE_SCALAR) {
        write_scalar(node, out);
        fputc('\n', out);
    } else {
        write_node(node, out, 0);
    }
}

char *ytree_to_string(const struct ynode *node)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out) memory_exhausted(1, sizeof *out);
    ytree_write(node, out);
    if (fclose(out) != 0 || !text) memory_exhausted(1, size);
    return text;
}

/* config — strict YAML configuration read through a key table.
 *
 * A table declares every key a kind of file may hold (scenarios, population specs): its dotted
 * path, type, bounds, default (as YAML text), unit, description and source, and where its typed
 * value goes (an offset into the caller's struct). config_load reads a file with its `extends`
 * chain, rejects keys the table does not know (naming file:line:col and the nearest valid key),
 * fills in defaults, and converts every value, checking types and ranges. The same table prints
 * the Markdown reference of the keys. (Redis's createIntConfig table is the model.) */
#ifndef DIBAOSIM_CONFIG_H
#define DIBAOSIM_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "param.h"
#include "yamltree.h"

enum config_type {
    CFG_SECTION,   /* a mapping of further keys */
    CFG_TEXT,      /* char * (owned) */
    CFG_PARAM,     /* struct param: scalar, region map, dated map */
    CFG_VECTOR,    /* struct vector_param: a list of `length` numbers, or a region map of lists */
    CFG_BOOL,      /* int */
    CFG_CHOICE,    /* int: the position of the value in `choices` */
    CFG_NUMBER,    /* double: one plain number within bounds (null: NaN, when nullable) */
    CFG_CUSTOM,    /* converted by `parse` */
};

struct config_key {
    const char *path;
    enum config_type type;
    size_t offset;                /* of the typed field in the caller's struct */
    struct param_bounds bounds;   /* CFG_PARAM, CFG_VECTOR: each number's range */
    const char *choices;          /* CFG_CHOICE: "a|b", in enum order */
    const char *default_yaml;     /* NULL: required (a `name` defaults to the file's stem) */
    const char *unit;
    const char *description;
    const char *source;
    int length;                   /* CFG_VECTOR: numbers in the list */
    int shares;                   /* CFG_VECTOR: the numbers must add up to 1 */
    /* CFG_CUSTOM: converts the value into the field at `offset` (base + offset) */
    int (*parse)(void *field, const struct ynode *value, const char *path, struct error *err);
    const char *type_name;        /* CFG_CUSTOM: for the reference */
    /* CFG_CUSTOM reading a map of named items, each through a table of its own keys: the
     * reference lists those keys as path.<items>.key (items: the placeholder, "<program>") */
    const char *items;
    const struct config_table *(*item_keys)(void);
    /* A value resolved by a later layer (a scenario's policy parameters: CFG_PARAM, or CFG_BOOL
     * and CFG_CHOICE as EXACT_SWITCH): how it is made exact (enum exactness; EXACT_NONE: it is
     * not) and the caller's id for it (enum policy_param) */
    int exact;
    int param;
};

struct config_table {
    const struct config_key *keys;
    size_t n;
};

/* Reads `path` (following `extends`) into base. *resolved receives the merged tree with every
 * default filled in; files (may be NULL) every file read. On failure returns -1 with err set
 * (ERR_INPUT); what was converted before the failure stays in base for the caller to free. */
int config_load(const struct config_table *table, void *base, const char *path,
                struct ynode **resolved, struct yfiles *files, struct error *err);

/* Reads list v of at most `max` mappings into a new array (*items, calloc'ed) of items of `size`
 * bytes, each through `table` with its path "path[i]" in messages, then `check` (may be NULL) on
 * it. *n counts the items read so far: the caller frees them, on failure too. A value that is not
 * a list, or a longer one, is an error at v expecting `expected`. */
int config_read_list(const struct config_table *table, const struct ynode *v, const char *path,
                     size_t max, const char *expected, size_t size, void **items, int *n,
                     int (*check)(void *context, void *item, size_t i, const struct ynode *node,
                                  const char *sub, struct error *err),
                     void *context, struct error *err);

/* Reads one mapping (for example an item of a list) through a table of its own keys: unknown
 * keys rejected with a suggestion, defaults filled into the node, values converted into base.
 * `path` names the mapping in messages ("sweep[0]"). */
int config_read_map(const struct config_table *table, void *base, struct ynode *map,
                    const char *path, struct error *err);

/* One plain number within bounds into *out (null: NaN, when nullable). */
int config_number(double *out, const struct ynode *v, const char *path,
                  const struct param_bounds *bounds, struct error *err);

/* The node at a dotted path of a tree, or NULL. */
struct ynode *config_node(struct ynode *root, const char *path);

/* An error about a value: "file:line:col: path: value 'x' is not <expected>". */
int config_value_error(const struct ynode *v, const char *path, const char *expected,
                       struct error *err);

/* Frees every CFG_TEXT, CFG_PARAM and CFG_VECTOR field of base. */
void config_free(const struct config_table *table, void *base);

/* The table as Markdown: key, type, unit, default, meaning, source. */
void config_markdown(const struct config_table *table, FILE *out);

#endif

/* yamltree — a YAML document as a small tree that remembers where each value was written.
 *
 * Scenarios and population specs are read through libyaml into this tree; every node keeps its
 * file, line and column so that validation errors can point at the exact spot. The tree also
 * does the one YAML-level operation the project needs: `extends:` with deep merge.
 *
 * Ownership: every node owns its children and strings; ytree_free frees a whole tree. */
#ifndef DIBAOSIM_YAMLTREE_H
#define DIBAOSIM_YAMLTREE_H

#include <stddef.h>
#include <stdio.h>

#include "digest.h"
#include "error.h"

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_LIST };

struct ymark {
    char *file;   /* path as given (owned) */
    int line;     /* 1-based */
    int column;   /* 1-based */
};

struct ynode {
    enum ynode_kind kind;
    struct ymark mark;
    char *text;               /* YNODE_SCALAR: the value as written */
    int plain;                /* YNODE_SCALAR: written without quotes */
    size_t n;                 /* YNODE_MAP: entries; YNODE_LIST: items */
    char **keys;              /* YNODE_MAP: n keys, in file order */
    struct ymark *key_marks;  /* YNODE_MAP: where each key was written */
    struct ynode **items;     /* YNODE_MAP: values; YNODE_LIST: items */
};

/* The list of files a load read, in order (the file itself, then what it extends), each with
 * the SHA-256 of the bytes read (digest.h). */
struct yfiles {
    size_t n;
    char **paths;
    char **sha256;   /* 64 lowercase hex digits each */
};

/* Reads one YAML file, and the SHA-256 of the very bytes parsed into sha256; NULL with err set
 * (ERR_INPUT, file:line:col) on failure. */
struct ynode *ytree_load(const char *path, char sha256[DIGEST_HEX_SIZE], struct error *err);

/* Reads a file and, when its top-level mapping has `extends: other.yaml` (relative to the file),
 * the files it extends, deep-merged: mappings merge key by key, anything else (scalars, lists)
 * in the extending file replaces the base. `extends` cycles are errors. Every file read is
 * appended to `files` (may be NULL). The `extends` key is removed from the result. */
struct ynode *ytree_load_extending(const char *path, struct yfiles *files, struct error *err);

void ytree_free(struct ynode *node);

/* `target` as written in `file` (relative to file's folder, unless absolute), as a path usable
 * from here (caller frees). */
char *ytree_path_beside(const char *file, const char *target);
/* Appends a file and its SHA-256 (both copied). */
void yfiles_add(struct yfiles *files, const char *path, const char *sha256);
void yfiles_free(struct yfiles *files);

/* The value under `key` in a mapping, or NULL. */
struct ynode *ytree_get(const struct ynode *map, const char *key);
/* True for a plain `null`, `~` or empty scalar. */
int ytree_is_null(const struct ynode *node);

/* Sets map[key] = value (taking ownership of value), replacing an existing entry. */
void ytree_set(struct ynode *map, const char *key, struct ynode *value);
/* A new empty mapping, empty list or scalar, marked with `mark` (copied). */
struct ynode *ytree_new_map(const struct ymark *mark);
struct ynode *ytree_new_list(const struct ymark *mark);
/* Appends an item to a list (taking ownership). */
void ytree_append(struct ynode *list, struct ynode *item);
struct ynode *ytree_new_scalar(const char *text, int plain, const struct ymark *mark);
/* Parses YAML text given in memory (for built-in defaults); `origin` names it in errors. */
struct ynode *ytree_parse_string(const char *text, const char *origin, struct error *err);

/* Writes the tree as block-style YAML. */
void ytree_write(const struct ynode *node, FILE *out);
/* The same into a malloc'ed string (caller frees). */
char *ytree_to_string(const struct ynode *node);

#endif

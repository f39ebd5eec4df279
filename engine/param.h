/* param — numeric policy parameters that may vary by region and over time.
 *
 * Any numeric parameter of a scenario may be written as
 *   a scalar                      standard: 320
 *   a dated map                   standard: {2015-01: 288, 2016-01: 320}   (in force from that month)
 *   a region map                  standard: {Loufan: 320, Yangqu: 300}
 *   a region map of dated maps    standard: {Loufan: {2016-01: 320}, Yangqu: 300}
 * and, where the key allows it, `null` (stored as NaN: "this test is switched off").
 *
 * A parsed `struct param` keeps region names; param_bind resolves it against a population's
 * regions into one series per region, checked to cover the first simulated month, so that the
 * monthly lookups in the simulation cannot fail. Months are counted as year * 12 + (month - 1). */
#ifndef DIBAOSIM_PARAM_H
#define DIBAOSIM_PARAM_H

#include "error.h"
#include "yamltree.h"

#define PARAM_ALWAYS (-1)   /* month of an undated value: in force at every month */

struct param_point {
    int month;      /* first month in force, or PARAM_ALWAYS */
    double value;   /* NaN for null */
};

struct param_series {
    char *region;                 /* NULL: every region */
    struct ymark region_mark;     /* where the region was named */
    int n;
    struct param_point *points;   /* months increasing */
};

struct param {
    int n;                        /* 0: not given */
    struct param_series *series;
    struct ymark mark;            /* where it was written (file owned) */
};

/* How a parameter's value becomes the exact integer the programs compute with (policy.h);
 * null stays -1 in every kind. */
enum exactness {
    EXACT_NONE,    /* not resolved exactly (not a policy parameter) */
    EXACT_FEN,     /* money in yuan: to the fen, rounded */
    EXACT_MICRO,   /* shares, multiples, probabilities, rates, log sds: millionths, rounded */
    EXACT_WHOLE,   /* counts, months, ages: the whole part */
    EXACT_SWITCH,  /* not a `struct param`: an int (yes/no, a choice's position), never dated */
};

/* Bounds a value must lie in; `nullable` allows null. */
struct param_bounds {
    double min, max;
    int nullable;
    int undated;   /* dated maps are not allowed (population specs) */
};

/* Parses `node` into `p` (which must be zeroed); `path` names the key in messages. */
int param_parse(struct param *p, const struct ynode *node, const char *path,
                const struct param_bounds *bounds, struct error *err);
void param_free(struct param *p);

/* A month as "YYYY-MM" → year * 12 + month - 1; -1 when malformed. */
int month_parse(const char *text);

/* Resolves p for the population's regions: out[r] is the series for regions[r]. Errors when a
 * region is missing from a region map (*missing_region is then its index, else -1), or when a
 * series has no value in force at first_month. */
int param_bind(const struct param *p, const char *path, char *const *regions, int n_regions,
               int first_month, const struct param_series **out, int *missing_region,
               struct error *err);

/* True when every value p takes (any region, any month) equals `value`. */
int param_is_constant(const struct param *p, double value);

/* The value in force at `month` (a bound series: never before its first point). */
double param_series_at(const struct param_series *s, int month);
/* The month the value in force at `month` took effect, or PARAM_ALWAYS for an undated value. */
int param_series_since(const struct param_series *s, int month);

/* A list of numbers (for example the shares of household sizes 1, 2, ...), written as a list,
 * or as a region map of lists. */
struct vector_param {
    int n;                 /* entries: 0 when not given */
    char **region;         /* per entry: region name, or NULL for every region */
    int length;            /* numbers per list */
    double *values;        /* [n][length] */
    struct ymark mark;
};

/* Parses `node` into v (zeroed); lists must hold `length` numbers within bounds, adding up to 1
 * when `shares`. */
int vector_parse(struct vector_param *v, const struct ynode *node, const char *path, int length,
                 int shares, const struct param_bounds *bounds, struct error *err);
void vector_free(struct vector_param *v);
/* out[r] points at the list for regions[r]; errors as param_bind. */
int vector_bind(const struct vector_param *v, const char *path, char *const *regions,
                int n_regions, const double **out, int *missing_region, struct error *err);

#endif

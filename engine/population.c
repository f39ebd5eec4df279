/* population — see population.h.
 *
 * Both readers (CSV and HDF5) fill the same columns and a temporary person → household id link,
 * then population_finish checks ids, links persons to households, and sorts persons by
 * household (skipped when a file already holds them in that order). All checks name the file, the row (CSV line or HDF5 index), the column and the
 * value. */
#include "population.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "choices.h"
#include "csv.h"
#include "digest.h"
#include "h5io.h"
#include "memory.h"
#include "parcel.h"
#include "version.h"

enum table { HOUSEHOLDS, PERSONS };
enum storage { S_I64, S_I32, S_U16, S_U8, S_F64 };
enum kind { K_ID, K_CODE, K_REGION, K_FLAG, K_COUNT, K_MONEY, K_WEIGHT, K_LINK };

struct column {
    const char *name;
    enum table table;
    enum kind kind;
    enum storage storage;
    const char *levels;   /* K_CODE: names of codes 0, 1, ... separated by | */
    double max;           /* K_COUNT: largest value; K_MONEY: largest yuan; K_WEIGHT: largest */
    size_t offset;        /* of the column pointer in struct population (K_LINK: unused) */
    const char *units;
    const char *description;
};

#define AT(field) offsetof(struct population, field)
#define I32_YUAN 21474836.0
static const struct column COLUMNS[] = {
    {"household_id", HOUSEHOLDS, K_ID, S_I64, NULL, 0, AT(household_id), "id",
     "Household (hukou 户) identifier, unique."},
    {"region", HOUSEHOLDS, K_REGION, S_U16, NULL, 0, AT(region), "code",
     "County, by name as used in scenario region maps (HDF5: code, names in attribute `levels`)."},
    {"hukou", HOUSEHOLDS, K_CODE, S_U8, "rural|urban", 0, AT(hukou), "code", "Hukou type."},
    {"registered_poor", HOUSEHOLDS, K_FLAG, S_U8, NULL, 1, AT(registered_poor), "flag",
     "In the poverty registry (建档立卡)."},
    {"weight", HOUSEHOLDS, K_WEIGHT, S_F64, NULL, 1e6, AT(weight), "households",
     "Sampling weight (> 0, at most 1,000,000): households this record stands for."},
    {"financial_assets", HOUSEHOLDS, K_MONEY, S_I64, NULL, 1e15, AT(financial_assets), "fen",
     "Household financial assets (CSV: yuan)."},
    {"vehicles", HOUSEHOLDS, K_COUNT, S_U8, NULL, 255, AT(vehicles), "count",
     "Vehicles owned (vehicles for disability excluded)."},
    {"houses", HOUSEHOLDS, K_COUNT, S_U8, NULL, 255, AT(houses), "count", "Houses owned."},
    {"receiving_dibao", HOUSEHOLDS, K_FLAG, S_U8, NULL, 1, AT(receiving_dibao), "flag",
     "Received dibao at the start (baseline status)."},
    {"support_children", HOUSEHOLDS, K_COUNT, S_U8, NULL, 255, AT(support_children), "count",
     "Adult children outside the household liable for support."},
    {"support_children_pc_income", HOUSEHOLDS, K_MONEY, S_I32, NULL, I32_YUAN,
     AT(support_children_pc_income), "fen/month",
     "Per-capita income of those children's households (CSV: yuan/month)."},
    {"person_id", PERSONS, K_ID, S_I64, NULL, 0, AT(person_id), "id", "Person identifier, unique."},
    {"household_id", PERSONS, K_LINK, S_I64, NULL, 0, 0, "id", "The person's household."},
    {"family_id", PERSONS, K_ID, S_I32, NULL, 0, AT(family_id), "id",
     "Family inside the household (couple with unmarried children; married children's and "
     "elderly parents' families are others)."},
    {"relation", PERSONS, K_CODE, S_U8, "head|spouse|child|parent|grandchild|sibling|other", 0,
     AT(relation), "code", "Relation to the household head."},
    {"age", PERSONS, K_COUNT, S_U8, NULL, 120, AT(age), "years", "Age in completed years."},
    {"sex", PERSONS, K_CODE, S_U8, "male|female", 0, AT(sex), "code", "Sex."},
    {"disability_level", PERSONS, K_COUNT, S_U8, NULL, 4, AT(disability_level), "level",
     "0 none, 1 (most severe) to 4."},
    {"disability_type", PERSONS, K_CODE, S_U8,
     "none|physical|visual|hearing|speech|intellectual|mental|multiple", 0, AT(disability_type),
     "code", "Disability type; `none` exactly when the level is 0."},
    {"serious_illness", PERSONS, K_FLAG, S_U8, NULL, 1, AT(serious_illness), "flag",
     "Serious illness (重病)."},
    {"student", PERSONS, K_FLAG, S_U8, NULL, 1, AT(student), "flag", "In education."},
    {"employed", PERSONS, K_FLAG, S_U8, NULL, 1, AT(employed), "flag", "Employed."},
    {"wage", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(wage), "fen/month",
     "Wage income (CSV: yuan/month)."},
    {"business_income", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(business_income), "fen/month",
     "Business and farm income (CSV: yuan/month)."},
    {"property_income", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(property_income), "fen/month",
     "Property income (CSV: yuan/month)."},
    {"transfer_income", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(transfer_income), "fen/month",
     "Transfer income other than assistance (CSV: yuan/month)."},
    {"basic_pension", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(basic_pension), "fen/month",
     "Residents' basic pension (CSV: yuan/month)."},
    {"medical_oop", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(medical_oop), "fen/year",
     "Out-of-pocket medical spending after insurance (CSV: yuan/year)."},
    {"education_expense", PERSONS, K_MONEY, S_I32, NULL, I32_YUAN, AT(education_expense),
     "fen/year", "Non-compulsory education spending (CSV: yuan/year)."},
    {"no_supporter", PERSONS, K_FLAG, S_U8, NULL, 1, AT(no_supporter), "flag",
     "Has no one legally liable to support them (for tekun)."},
};
#define N_COLUMNS (sizeof COLUMNS / sizeof COLUMNS[0])
static const char *const TABLE_NAMES[] = {"households", "persons"};

static const size_t STORAGE_SIZE[] = {8, 4, 2, 1, 8};

/* Where values are read from, for messages and for the link column. */
struct loading {
    struct population *pop;
    int64_t *person_household;   /* K_LINK values */
    const char *source[2];       /* per table: file name */
    int csv;                     /* rows are CSV rows rather than HDF5 indices */
    int *line[2];                /* CSV: per table and row, its line in the file */
    size_t first[2];             /* HDF5: per table, the file's row of the first row read */
};

static void **column_slot(struct loading *ld, const struct column *c)
{
    if (c->kind == K_LINK) return (void **)&ld->person_household;
    return (void **)((char *)ld->pop + c->offset);
}

static size_t table_rows(const struct population *pop, enum table t)
{
    return t == HOUSEHOLDS ? pop->n_households : pop->n_persons;
}

/* A value quoted in a message is cut at this many bytes (marked "..."), so that a long one cannot
 * fill the message and push the problem out of it. */
#define QUOTED_VALUE_MAX 80

static int value_error(const struct loading *ld, const struct column *c, size_t row,
                       const char *value, const char *problem, struct error *err)
{
    const int cut = strlen(value) > QUOTED_VALUE_MAX;
    if (ld->csv)
        return err_set(err, ERR_INPUT, "%s: row %zu (line %zu), column %s: value '%.*s%s' %s",
                       ld->source[c->table], row + 1,
                       ld->line[c->table] ? (size_t)ld->line[c->table][row] : row + 2, c->name,
                       QUOTED_VALUE_MAX, value, cut ? "..." : "", problem);
    return err_set(err, ERR_INPUT, "%s: /population/%s/%s[%zu]: value %.*s%s %s",
                   ld->source[c->table], TABLE_NAMES[c->table], c->name, ld->first[c->table] + row,
                   QUOTED_VALUE_MAX,
                   value, cut ? "..." : "", problem);
}

static void store(const struct column *c, void *array, size_t i, double value, int64_t id)
{
    switch (c->storage) {
    case S_I64: ((int64_t *)array)[i] = c->kind == K_MONEY ? (int64_t)value : id; break;
    case S_I32: ((int32_t *)array)[i] = c->kind == K_MONEY ? (int32_t)value : (int32_t)id; break;
    case S_U16: ((uint16_t *)array)[i] = (uint16_t)id; break;
    case S_U8: ((uint8_t *)array)[i] = (uint8_t)id; break;
    case S_F64: ((double *)array)[i] = value; break;
    }
}

static int region_code(struct population *pop, const char *name)
{
    for (int r = 0; r < pop->n_regions; r++)
        if (strcmp(pop->regions[r], name) == 0) return r;
    pop->regions = xrealloc(pop->regions, (size_t)pop->n_regions + 1, sizeof *pop->regions);
    pop->regions[pop->n_regions] = xstrdup(name);
    return pop->n_regions++;
}

static int weight_too_large(const struct loading *ld, const struct column *c, size_t row,
                            const char *value, struct error *err)
{
    char problem[96];
    snprintf(problem, sizeof problem, "is larger than %.0f (households one record stands for)",
             c->max);
    return value_error(ld, c, row, value, problem, err);
}

/* Parses one CSV field into column c at row i. */
static int parse_field(struct loading *ld, const struct column *c, size_t i, const char *text,
                       struct error *err)
{
    void *array = *column_slot(ld, c);
    char *end;
    switch (c->kind) {
    case K_ID: case K_LINK: case K_FLAG: case K_COUNT: {
        long long v = strtoll(text, &end, 10);
        if (end == text || *end != '\0')
            return value_error(ld, c, i, text, "is not a whole number", err);
        double max = c->kind == K_FLAG || c->kind == K_COUNT ? c->max
                     : c->storage == S_I32 ? 2147483647.0 : 9.2e18;
        if (v < 0 || (double)v > max) {
            char problem[96];
            snprintf(problem, sizeof problem, "is out of range [0, %.0f]", max);
            return value_error(ld, c, i, text, problem, err);
        }
        store(c, array, i, 0, v);
        return 0;
    }
    case K_CODE: {
        int code = choices_index(c->levels, text);
        if (code < 0) {
            char problem[160];
            snprintf(problem, sizeof problem, "is not one of %s", c->levels);
            return value_error(ld, c, i, text, problem, err);
        }
        store(c, array, i, 0, code);
        return 0;
    }
    case K_REGION:
        if (!*text) return value_error(ld, c, i, text, "is empty: a region name is needed", err);
        for (const char *t = text; *t; t++)
            if ((unsigned char)*t < 0x20)
                return value_error(ld, c, i, text, "holds a control character", err);
        if (ld->pop->n_regions >= 65535 && region_code(ld->pop, text) >= 65535)
            return value_error(ld, c, i, text, "is one region too many (65535 at most)", err);
        store(c, array, i, 0, region_code(ld->pop, text));
        return 0;
    case K_MONEY: case K_WEIGHT: {
        double v = strtod(text, &end);
        if (end == text || *end != '\0' || !isfinite(v))
            return value_error(ld, c, i, text, "is not a number", err);
        if (c->kind == K_WEIGHT) {
            if (v <= 0) return value_error(ld, c, i, text, "is not positive", err);
            if (v > c->max) return weight_too_large(ld, c, i, text, err);
            store(c, array, i, v, 0);
            return 0;
        }
        if (v < 0) return value_error(ld, c, i, text, "is negative", err);
        if (v > c->max) {
            char problem[96];
            snprintf(problem, sizeof problem, "is larger than %.0f yuan", c->max);
            return value_error(ld, c, i, text, problem, err);
        }
        store(c, array, i, (double)llround(v * 100.0), 0);
        return 0;
    }
    }
    return 0;
}

/* The columns of table t for `rows` rows, zeroed. */
static void allocate_columns(struct loading *ld, enum table t, size_t rows)
{
    for (size_t k = 0; k < N_COLUMNS; k++)
        if (COLUMNS[k].table == t)
            *column_slot(ld, &COLUMNS[k]) = xcalloc(rows ? rows : 1,
                                                    STORAGE_SIZE[COLUMNS[k].storage]);
}

/* The columns of a table a file declares `rows` rows of: an input error, before anything is
 * allocated, when that is more rows than a population may hold. */
static int allocate_table(struct loading *ld, enum table t, size_t rows, struct error *err)
{
    if (rows > POPULATION_MAX_ROWS)
        return err_set(err, ERR_INPUT, "%s: %zu %s declared: at most %.0f", ld->source[t], rows,
                       TABLE_NAMES[t], (double)POPULATION_MAX_ROWS);
    allocate_columns(ld, t, rows);
    return 0;
}

/* ---- common checks, linking and sorting ----
 *
 * Files the engine writes hold households in increasing id order and persons grouped by
 * household in that order: one pass recognises them, and neither the id sorts (for duplicates
 * and for finding households) nor the permutation of the person columns is done. Any other
 * order takes the general path: sorted copies of the ids, then a stable counting sort of the
 * persons by household. */

struct id_row { int64_t id; size_t row; };

static int compare_id_row(const void *a, const void *b)
{
    const struct id_row *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static struct id_row *sorted_ids(const int64_t *ids, size_t n)
{
    struct id_row *s = xmalloc((n ? n : 1) * sizeof *s);
    for (size_t i = 0; i < n; i++) s[i] = (struct id_row){ids[i], i};
    qsort(s, n, sizeof *s, compare_id_row);
    return s;
}

/* Strictly increasing ids are distinct, and can be searched in place. */
static int strictly_increasing(const int64_t *ids, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (ids[i] <= ids[i - 1]) return 0;
    return 1;
}

static const struct column *column_named(enum table t, const char *name)
{
    for (size_t k = 0; k < N_COLUMNS; k++)
        if (COLUMNS[k].table == t && strcmp(COLUMNS[k].name, name) == 0) return &COLUMNS[k];
    return NULL;
}

/* Checks that a table's ids are distinct, sorting a copy unless they are strictly increasing;
 * returns the sorted copy when asked (`keep`), or NULL. */
static int distinct_ids(const struct loading *ld, enum table t, const int64_t *ids, size_t n,
                        struct id_row **keep, struct error *err)
{
    if (keep) *keep = NULL;
    if (strictly_increasing(ids, n)) return 0;
    struct id_row *s = sorted_ids(ids, n);
    int rc = 0;
    for (size_t i = 1; i < n && !rc; i++)
        if (s[i].id == s[i - 1].id) {
            char value[32], problem[96];
            snprintf(value, sizeof value, "%" PRId64, s[i].id);
            snprintf(problem, sizeof problem, "is a duplicate id (first at row %zu)",
                     s[i - 1].row + 1);
            const struct column *c = column_named(t, t == HOUSEHOLDS ? "household_id" : "person_id");
            rc = value_error(ld, c, s[i].row, value, problem, err);
        }
    if (keep && !rc) *keep = s;
    else free(s);
    return rc;
}

/* The row of household `id`, or nh when there is none. With households in increasing id order
 * (`sorted` NULL), the household of the previous person (`guess`) and the one after it are tried
 * before a binary search; otherwise the search runs over the sorted copy. */
static size_t household_row(const int64_t *ids, const struct id_row *sorted, size_t nh,
                            int64_t id, size_t guess)
{
    if (!sorted) {
        if (guess < nh && ids[guess] == id) return guess;
        if (guess + 1 < nh && ids[guess + 1] == id) return guess + 1;
    }
    size_t lo = 0, hi = nh;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((sorted ? sorted[mid].id : ids[mid]) < id) lo = mid + 1;
        else hi = mid;
    }
    if (lo == nh || (sorted ? sorted[lo].id : ids[lo]) != id) return nh;
    return sorted ? sorted[lo].row : lo;
}

/* Stable counting sort of the person columns by household (first_person already set); each
 * person's household is looked up again, which spares files already in order an array of it. */
static void group_persons(struct loading *ld, const struct id_row *hh, uint32_t *cursor)
{
    struct population *pop = ld->pop;
    size_t nh = pop->n_households, np = pop->n_persons;
    size_t *target = xmalloc((np ? np : 1) * sizeof *target);
    memcpy(cursor, pop->first_person, nh * sizeof *cursor);
    for (size_t i = 0, previous = 0; i < np; i++) {
        previous = household_row(pop->household_id, hh, nh, ld->person_household[i], previous);
        target[i] = cursor[previous]++;
    }
    for (size_t k = 0; k < N_COLUMNS; k++) {
        if (COLUMNS[k].table != PERSONS) continue;
        void **slot = column_slot(ld, &COLUMNS[k]);
        size_t size = STORAGE_SIZE[COLUMNS[k].storage];
        char *sorted = xmalloc((np ? np : 1) * size);
        for (size_t i = 0; i < np; i++)
            memcpy(sorted + target[i] * size, (char *)*slot + i * size, size);
        free(*slot);
        *slot = sorted;
    }
    free(target);
}

/* Every person's disability level and type agree (none exactly when the level is 0). */
static int check_disability(const struct loading *ld, struct error *err)
{
    const struct population *pop = ld->pop;
    for (size_t i = 0; i < pop->n_persons; i++)
        if ((pop->disability_level[i] == 0) != (pop->disability_type[i] == 0)) {
            char value[16];
            snprintf(value, sizeof value, "%d", pop->disability_level[i]);
            return value_error(ld, column_named(PERSONS, "disability_level"), i, value,
                               "does not agree with disability_type (none exactly when level is "
                               "0)", err);
        }
    return 0;
}

static int population_finish(struct loading *ld, struct error *err)
{
    struct population *pop = ld->pop;
    size_t nh = pop->n_households, np = pop->n_persons;
    struct id_row *hh = NULL;   /* sorted household ids, when the file's are not in order */
    uint32_t *count = xcalloc(nh + 1, sizeof *count);
    int grouped = 1;            /* persons already follow their households' order */
    int rc = distinct_ids(ld, HOUSEHOLDS, pop->household_id, nh, &hh, err) ||
             distinct_ids(ld, PERSONS, pop->person_id, np, NULL, err);
    if (!rc && nh == 0)
        rc = err_set(err, ERR_INPUT, "%s: no households: a population needs at least one",
                     ld->source[HOUSEHOLDS]);
    const struct column *link = column_named(PERSONS, "household_id");
    size_t previous = 0;
    for (size_t i = 0; i < np && !rc; i++) {
        size_t h = household_row(pop->household_id, hh, nh, ld->person_household[i], previous);
        if (h == nh) {
            char value[32];
            snprintf(value, sizeof value, "%" PRId64, ld->person_household[i]);
            rc = value_error(ld, link, i, value, "names no household in the households table", err);
            break;
        }
        grouped &= h >= previous;
        count[h]++;
        previous = h;
    }
    if (!rc) rc = check_disability(ld, err);
    for (size_t h = 0; h < nh && !rc; h++)
        if (count[h] == 0 || count[h] > POPULATION_MAX_HOUSEHOLD) {
            char value[32], problem[96];
            snprintf(value, sizeof value, "%" PRId64, pop->household_id[h]);
            snprintf(problem, sizeof problem, "has %u persons (1 to %d allowed)", count[h],
                     POPULATION_MAX_HOUSEHOLD);
            rc = value_error(ld, column_named(HOUSEHOLDS, "household_id"), h, value, problem, err);
        }
    if (!rc) {
        pop->first_person = xmalloc((nh + 1) * sizeof *pop->first_person);
        pop->first_person[0] = 0;
        for (size_t h = 0; h < nh; h++) pop->first_person[h + 1] = pop->first_person[h] + count[h];
        if (!grouped) group_persons(ld, hh, count);
    }
    free(hh);
    free(count);
    free(ld->person_household);
    ld->person_household = NULL;
    return rc ? -1 : 0;
}

/* ---- CSV ---- */

/* Reads one CSV table; the file and its SHA-256 are appended to `files` (may be NULL). */
static int read_csv_table(struct loading *ld, enum table t, const char *path,
                          struct yfiles *files, struct error *err)
{
    struct csv csv;
    if (csv_open(&csv, path, err)) return -1;
    if (files) yfiles_add(files, path, csv.sha256);
    char *fields[64];
    const struct column *map[64];
    int n = csv_next_row(&csv, fields, 64, err);
    int rc = n < 0 ? -1 : 0;
    if (n == 0) rc = err_set(err, ERR_INPUT, "%s: empty file (a header row is needed)", path);
    for (int f = 0; f < n && !rc; f++) {
        map[f] = column_named(t, fields[f]);
        for (int g = 0; g < f && map[f] && !rc; g++)
            if (map[g] == map[f])
                rc = err_set(err, ERR_INPUT, "%s: line 1: column '%s' appears twice", path,
                             fields[f]);
        if (!map[f] && !rc) {
            char valid[1024] = "";
            for (size_t k = 0; k < N_COLUMNS; k++)
                if (COLUMNS[k].table == t)
                    snprintf(valid + strlen(valid), sizeof valid - strlen(valid), "%s%s",
                             *valid ? ", " : "", COLUMNS[k].name);
            rc = err_set(err, ERR_INPUT, "%s: line 1, column %d: unknown column '%s' (columns: %s)",
                         path, f + 1, fields[f], valid);
        }
    }
    for (size_t k = 0; k < N_COLUMNS && !rc; k++) {
        if (COLUMNS[k].table != t) continue;
        int found = 0;
        for (int f = 0; f < n; f++) found |= map[f] == &COLUMNS[k];
        if (!found)
            rc = err_set(err, ERR_INPUT, "%s: line 1: missing column '%s'", path, COLUMNS[k].name);
    }
    size_t rows = rc ? 0 : csv_count_rows(&csv);
    if (t == HOUSEHOLDS) ld->pop->n_households = rows;
    else ld->pop->n_persons = rows;
    if (!rc) rc = allocate_table(ld, t, rows, err);
    ld->line[t] = rc ? NULL : xcalloc(rows + 1, sizeof *ld->line[t]);
    for (size_t i = 0; i < rows && !rc; i++) {
        int got = csv_next_row(&csv, fields, 64, err);
        if (got < 0) { rc = -1; break; }
        ld->line[t][i] = csv.first_line;
        if (got != n) {
            rc = err_set(err, ERR_INPUT, "%s: row %zu (line %d): %d fields, the header has %d",
                         path, i + 1, csv.line, got, n);
            break;
        }
        for (int f = 0; f < n && !rc; f++) rc = parse_field(ld, map[f], i, fields[f], err);
    }
    csv_close(&csv);
    return rc ? -1 : 0;
}

static int load_csv(struct population *pop, const char *dir, struct yfiles *files,
                    struct error *err)
{
    memset(pop, 0, sizeof *pop);
    char hpath[4096], ppath[4096];
    snprintf(hpath, sizeof hpath, "%s/households.csv", dir);
    snprintf(ppath, sizeof ppath, "%s/persons.csv", dir);
    struct loading ld = {pop, NULL, {hpath, ppath}, 1, {NULL, NULL}, {0, 0}};
    pop->source = xstrdup(hpath);
    pop->source_is_csv = 1;
    int rc = read_csv_table(&ld, HOUSEHOLDS, hpath, files, err) ||
             read_csv_table(&ld, PERSONS, ppath, files, err) || population_finish(&ld, err);
    free(ld.line[HOUSEHOLDS]);
    free(ld.line[PERSONS]);
    if (rc) {
        free(ld.person_household);
        population_free(pop);
        return -1;
    }
    return 0;
}

/* ---- HDF5 ---- */

static hid_t native_type(enum storage s)
{
    switch (s) {
    case S_I64: return H5T_NATIVE_INT64;
    case S_I32: return H5T_NATIVE_INT32;
    case S_U16: return H5T_NATIVE_UINT16;
    case S_U8: return H5T_NATIVE_UINT8;
    case S_F64: return H5T_NATIVE_DOUBLE;
    }
    return H5T_NATIVE_DOUBLE;
}

/* The first of n stored integers outside [0, max], or n. Whole stretches of 4096 values are
 * checked without branches (a fixed count, so the compiler vectorises it at -O2); from the first
 * stretch that holds an offender, or the tail, value by value. */
#define FIRST_OUTSIDE(type, array, n, max)                                                     \
    do {                                                                                     \
        const type *values = (array), top = (type)(max), bottom = 0;                         \
        size_t begin = 0;                                                                    \
        for (; begin + 4096 <= (n); begin += 4096) {                                         \
            const type *stretch = values + begin;                                            \
            unsigned char outside = 0;                                                       \
            for (size_t i = 0; i < 4096; i++)                                                \
                outside |= (unsigned char)((stretch[i] < bottom) | (stretch[i] > top));      \
            if (outside) break;                                                              \
        }                                                                                    \
        for (size_t i = begin; i < (n); i++)                                                 \
            if (values[i] < bottom || values[i] > top) return i;                             \
    } while (0)

static size_t first_outside(enum storage s, const void *array, size_t n, double max)
{
    if (max < 0) return 0;   /* nothing is valid (a region column with no names) */
    switch (s) {
    case S_I64: FIRST_OUTSIDE(int64_t, array, n, max > 9.2e18 ? 9.2e18 : max); break;
    case S_I32: FIRST_OUTSIDE(int32_t, array, n, max > 2147483647.0 ? 2147483647.0 : max); break;
    case S_U16: FIRST_OUTSIDE(uint16_t, array, n, max > 65535.0 ? 65535.0 : max); break;
    case S_U8: FIRST_OUTSIDE(uint8_t, array, n, max > 255.0 ? 255.0 : max); break;
    case S_F64: break;
    }
    return n;
}

static int64_t stored_integer(enum storage s, const void *array, size_t i)
{
    switch (s) {
    case S_I64: return ((const int64_t *)array)[i];
    case S_I32: return ((const int32_t *)array)[i];
    case S_U16: return ((const uint16_t *)array)[i];
    case S_U8: return ((const uint8_t *)array)[i];
    case S_F64: break;
    }
    return 0;
}

/* Reads one HDF5 column, each value range-checked like a CSV value. An integer column whose
 * stored type fits its storage type (as in files the engine writes) is read straight into it;
 * a wider one (from other tools) through 64 bits, so that nothing is clamped by a conversion. */
static int read_h5_column(struct loading *ld, hid_t file, const char *name,
                          const struct column *c, struct error *err)
{
    size_t n = table_rows(ld->pop, c->table), at = ld->first[c->table];
    void *array = *column_slot(ld, c);
    H5T_class_t class = h5io_type_class(file, name);
    if (c->storage == S_F64) {
        if (class != H5T_FLOAT && class != H5T_INTEGER) return -2;
        if (h5io_read_range(file, name, H5T_NATIVE_DOUBLE, at, n, array) < 0) return -2;
        for (size_t i = 0; i < n; i++) {
            double v = ((double *)array)[i];
            if (!(v > 0) || !isfinite(v) || v > c->max) {
                char value[64];
                snprintf(value, sizeof value, "%.17g", v);
                if (v > c->max && isfinite(v)) return weight_too_large(ld, c, i, value, err);
                return value_error(ld, c, i, value, "is not a positive number", err);
            }
        }
        return 0;
    }
    if (class != H5T_INTEGER) {
        char problem[64];
        snprintf(problem, sizeof problem, "holds %s", class == H5T_FLOAT ? "floating-point numbers"
                                                      : "values that are not integers");
        return value_error(ld, c, 0, "(dataset type)", problem, err);
    }
    const double max = c->kind == K_CODE ? choices_count(c->levels) - 1
                       : c->kind == K_REGION ? ld->pop->n_regions - 1
                       : c->kind == K_FLAG || c->kind == K_COUNT ? c->max
                       : c->storage == S_I32 ? 2147483647.0 : 9.2e18;
    int64_t *wide = NULL;
    size_t bad;
    if (h5io_integer_fits(file, name, native_type(c->storage))) {
        if (h5io_read_range(file, name, native_type(c->storage), at, n, array) < 0) return -2;
        bad = first_outside(c->storage, array, n, max);
    } else {
        wide = xmalloc((n ? n : 1) * sizeof *wide);
        if (h5io_read_range(file, name, H5T_NATIVE_INT64, at, n, wide) < 0) { free(wide); return -2; }
        bad = first_outside(S_I64, wide, n, max);
        for (size_t i = 0; i < bad; i++) store(c, array, i, (double)wide[i], wide[i]);
    }
    int rc = 0;
    if (bad < n) {
        char value[32];
        snprintf(value, sizeof value, "%lld",
                 (long long)(wide ? wide[bad] : stored_integer(c->storage, array, bad)));
        rc = value_error(ld, c, bad, value, "is out of range", err);
    }
    free(wide);
    return rc;
}

/* An input error, before anything is allocated for them, when dataset `name` of `file` declares
 * n rows (at most POPULATION_MAX_ROWS: more are refused as such) but stores too few bytes to
 * hold them (h5io_holds_declared). */
static int stores_declared(const char *path, hid_t file, const char *name, long long n,
                           struct error *err)
{
    if (n <= (long long)POPULATION_MAX_ROWS && !h5io_holds_declared(file, name))
        return err_set(err, ERR_INPUT, "%s: %s declares %lld rows but stores too few bytes to "
                       "hold them (never written?)", path, name, n);
    return 0;
}

/* Reads every column of an HDF5 population file into ld->pop. */
static int read_h5_columns(struct loading *ld, const char *path, struct error *err)
{
    struct population *pop = ld->pop;
    h5io_quiet();
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return err_set(err, ERR_INPUT, "%s: cannot open as an HDF5 file", path);
    int rc = 0;
    for (size_t k = 0; k < N_COLUMNS && !rc; k++) {
        const struct column *c = &COLUMNS[k];
        char name[256];
        snprintf(name, sizeof name, "/population/%s/%s", TABLE_NAMES[c->table], c->name);
        long long n = h5io_length(file, name);
        size_t *rows = c->table == HOUSEHOLDS ? &pop->n_households : &pop->n_persons;
        int first = k == 0 || COLUMNS[k - 1].table != c->table;   /* a table's first column */
        if (n < 0) {
            rc = err_set(err, ERR_INPUT, "%s: %s is missing or not a one-dimensional dataset",
                         path, name);
            break;
        }
        if (first) {
            *rows = (size_t)n;
            if ((rc = stores_declared(path, file, name, n, err)) ||
                (rc = allocate_table(ld, c->table, *rows, err)))
                break;
        } else if ((size_t)n != *rows) {
            rc = err_set(err, ERR_INPUT, "%s: %s has %lld rows, the table has %zu", path, name, n,
                         *rows);
            break;
        }
        if (c->kind == K_REGION) {
            hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
            size_t nr = 0;
            if (h5io_read_attr_texts(set, "levels", &pop->regions, &nr) < 0)
                rc = err_set(err, ERR_INPUT, "%s: %s has no `levels` attribute naming regions",
                             path, name);
            pop->n_regions = (int)nr;
            H5Dclose(set);
        }
        if (!rc) rc = read_h5_column(ld, file, name, c, err);
        if (rc == -2)
            rc = err_set(err, ERR_INPUT, "%s: cannot read %s as numbers (damaged: its checksum "
                         "does not match, or it is not numeric)", path, name);
    }
    H5Fclose(file);
    return rc ? -1 : 0;
}

/* The end of a file's reading, whose result so far is rc: waits for the file's digest (started
 * when it was opened) into sha256 and, when rc is 0, checks that the file is unchanged since;
 * returns rc, or ERR_INPUT when the digest or the check fails. */
static int sealed(const char *path, struct digest_job *digest, const struct stat *stamp,
                  char sha256[DIGEST_HEX_SIZE], int rc, struct error *err)
{
    if (digest_finish(digest, sha256) && !rc)
        return err_set(err, ERR_INPUT, "%s: cannot read: %s", path, strerror(errno));
    if (!rc && !digest_unchanged(path, stamp))
        return err_set(err, ERR_INPUT, "%s: changed while being read", path);
    return rc;
}

/* The file is hashed (digest.h) from when it is opened, beside HDF5's reading, and checked
 * unchanged once HDF5 has read it: the digest appended to `files` (may be NULL) is that of what
 * was read. */
static int load_h5(struct population *pop, const char *path, struct yfiles *files,
                   struct error *err)
{
    memset(pop, 0, sizeof *pop);
    char sha256[DIGEST_HEX_SIZE];
    struct digest_job digest;
    struct stat stamp;
    if (digest_start(&digest, path, &stamp))
        return err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    struct loading ld = {pop, NULL, {path, path}, 0, {NULL, NULL}, {0, 0}};
    pop->source = xstrdup(path);
    int rc = read_h5_columns(&ld, path, err) || population_finish(&ld, err);
    rc = sealed(path, &digest, &stamp, sha256, rc, err);
    if (rc) {
        free(ld.person_household);
        population_free(pop);
        return -1;
    }
    if (files) yfiles_add(files, path, sha256);
    return 0;
}

/* ---- HDF5, a chunk of households at a time ----
 *
 * A streamed run (run.h) reads a file larger than a chunk in chunks of households by hyperslab.
 * Opening it checks, reading the id columns in pieces, what the whole loader checks across rows:
 * households in strictly increasing id order, persons grouped by household in that order with
 * strictly increasing ids, 1 to POPULATION_MAX_HOUSEHOLD persons each; the order files written
 * by the engine have. Each chunk is then read and checked value by value as a whole file is. */

#define PIECE (1u << 20)   /* ids read at a time while checking */

/* Sequential reads of an int64 column through a buffer of PIECE values. */
struct id_reader {
    hid_t file;
    const char *name;
    size_t n, start, len;
    int64_t *buf;
};

static int id_at(struct id_reader *r, size_t i, int64_t *id)
{
    if (i < r->start || i >= r->start + r->len) {
        r->start = i;
        r->len = r->n - i < PIECE ? r->n - i : PIECE;
        if (h5io_read_range(r->file, r->name, H5T_NATIVE_INT64, i, r->len, r->buf) < 0) return -1;
    }
    *id = r->buf[i - r->start];
    return 0;
}

/* The first person row of each household over the whole file, checking the order. */
static int index_file(struct population_file *f, hid_t file, struct error *err)
{
    const size_t H = f->n_households, P = f->n_persons;
    struct id_reader hh = {file, "/population/households/household_id", H, 0, 0, NULL};
    struct id_reader link = {file, "/population/persons/household_id", P, 0, 0, NULL};
    struct id_reader ids = {file, "/population/persons/person_id", P, 0, 0, NULL};
    hh.buf = xmalloc(PIECE * sizeof *hh.buf);
    link.buf = xmalloc(PIECE * sizeof *link.buf);
    ids.buf = xmalloc(PIECE * sizeof *ids.buf);
    f->first_person = xcalloc(H + 1, sizeof *f->first_person);
    const char *order = "a streamed file needs households in increasing id order and persons "
                        "grouped by household in that order, with increasing ids (as dibaosim "
                        "synth and import write them); or give --chunk at least its households "
                        "to read it whole";
    int rc = 0;
    int64_t previous = 0, id = 0, person = 0, previous_person = 0;
    size_t h = 0;
    for (size_t p = 0; p < P && !rc; p++) {
        if (id_at(&link, p, &person) || id_at(&ids, p, &id) ||
            (h < H && id_at(&hh, h, &previous))) {
            rc = err_set(err, ERR_INPUT, "%s: cannot read its ids (damaged?)", f->path);
            break;
        }
        while (!rc && h < H && previous != person) {   /* the next household */
            const uint32_t n = f->first_person[h + 1];
            int64_t next = 0;
            if (n == 0 || n > POPULATION_MAX_HOUSEHOLD)
                rc = err_set(err, ERR_INPUT, "%s: /population/households/household_id[%zu]: "
                             "household %" PRId64 " has %u persons (1 to %d allowed)", f->path,
                             h, previous, n, POPULATION_MAX_HOUSEHOLD);
            else if (++h < H && (id_at(&hh, h, &next) || next <= previous))
                rc = err_set(err, ERR_INPUT, "%s: /population/households/household_id[%zu]: %s",
                             f->path, h, order);
            previous = next;
        }
        if (rc) break;
        if (h == H || (p > 0 && id <= previous_person))
            rc = err_set(err, ERR_INPUT, "%s: /population/persons[%zu]: %s", f->path, p, order);
        else if (++f->first_person[h + 1] > POPULATION_MAX_HOUSEHOLD)
            rc = err_set(err, ERR_INPUT, "%s: household %" PRId64 " has more than %d persons",
                         f->path, person, POPULATION_MAX_HOUSEHOLD);
        previous_person = id;
    }
    if (!rc && (H == 0 || h + 1 != H || f->first_person[H] == 0))
        rc = err_set(err, ERR_INPUT, "%s: households without persons (each needs 1 to %d), or "
                     "none: %s", f->path, POPULATION_MAX_HOUSEHOLD, order);
    for (size_t k = 0; k < H && !rc; k++) f->first_person[k + 1] += f->first_person[k];
    free(hh.buf);
    free(link.buf);
    free(ids.buf);
    return rc;
}

int population_file_open(struct population_file *f, const char *path, struct error *err)
{
    memset(f, 0, sizeof *f);
    if (digest_start(&f->digest, path, &f->stamp))
        return err_set(err, ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    f->path = xstrdup(path);
    h5io_quiet();
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
        population_file_close(f);
        return err_set(err, ERR_INPUT, "%s: cannot open as an HDF5 file", path);
    }
    const long long H = h5io_length(file, "/population/households/household_id");
    const long long P = h5io_length(file, "/population/persons/person_id");
    int rc = 0;
    if (H < 0 || P < 0 || H > (long long)POPULATION_MAX_ROWS || P > (long long)POPULATION_MAX_ROWS)
        rc = err_set(err, ERR_INPUT, "%s: its households or persons are missing, or more than "
                     "%.0f", path, (double)POPULATION_MAX_ROWS);
    f->n_households = H < 0 ? 0 : (size_t)H;
    f->n_persons = P < 0 ? 0 : (size_t)P;
    if (!rc)
        rc = stores_declared(path, file, "/population/households/household_id", H, err) ||
             stores_declared(path, file, "/population/persons/person_id", P, err);
    if (!rc) {
        hid_t set = H5Dopen2(file, "/population/households/region", H5P_DEFAULT);
        size_t nr = 0;
        if (set < 0 || h5io_read_attr_texts(set, "levels", &f->regions, &nr) < 0)
            rc = err_set(err, ERR_INPUT, "%s: /population/households/region has no `levels` "
                         "attribute naming regions", path);
        f->n_regions = (int)nr;
        if (set >= 0) H5Dclose(set);
    }
    if (!rc) rc = index_file(f, file, err);
    H5Fclose(file);
    if (rc) {
        population_file_close(f);
        return -1;
    }
    return 0;
}

int population_file_read(const struct population_file *f, size_t first, size_t count,
                         struct population *pop, struct error *err)
{
    memset(pop, 0, sizeof *pop);
    if (first > f->n_households) first = f->n_households;
    if (count > f->n_households - first) count = f->n_households - first;
    const size_t p0 = f->first_person[first], p1 = f->first_person[first + count];
    struct loading ld = {pop, NULL, {f->path, f->path}, 0, {NULL, NULL}, {first, p0}};
    pop->source = xstrdup(f->path);
    pop->n_households = count;
    pop->n_persons = p1 - p0;
    pop->n_regions = f->n_regions;
    pop->regions = xcalloc((size_t)f->n_regions + 1, sizeof *pop->regions);
    pop->first_person = xmalloc((count + 1) * sizeof *pop->first_person);
    int rc = allocate_table(&ld, HOUSEHOLDS, count, err) ||
             allocate_table(&ld, PERSONS, p1 - p0, err);
    for (int r = 0; r < f->n_regions && !rc; r++) pop->regions[r] = xstrdup(f->regions[r]);
    for (size_t h = 0; h <= count && !rc; h++)
        pop->first_person[h] = f->first_person[first + h] - (uint32_t)p0;
    hid_t file = rc ? -1 : H5Fopen(f->path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (!rc && file < 0) rc = err_set(err, ERR_INPUT, "%s: cannot open as an HDF5 file", f->path);
    for (size_t k = 0; k < N_COLUMNS && !rc; k++) {
        const struct column *c = &COLUMNS[k];
        if (c->kind == K_LINK) continue;   /* checked by population_file_open */
        char name[256];
        snprintf(name, sizeof name, "/population/%s/%s", TABLE_NAMES[c->table], c->name);
        rc = read_h5_column(&ld, file, name, c, err);
        if (rc == -2)
            rc = err_set(err, ERR_INPUT, "%s: cannot read %s as numbers (damaged: its checksum "
                         "does not match, or it is not numeric)", f->path, name);
    }
    if (file >= 0) H5Fclose(file);
    if (!rc) rc = check_disability(&ld, err);
    free(ld.person_household);
    if (rc) population_free(pop);
    return rc ? -1 : 0;
}

int population_file_seal(struct population_file *f, struct yfiles *files, struct error *err)
{
    char sha256[DIGEST_HEX_SIZE];
    if (sealed(f->path, &f->digest, &f->stamp, sha256, 0, err)) return -1;
    if (files) yfiles_add(files, f->path, sha256);
    return 0;
}

void population_file_close(struct population_file *f)
{
    char unused[DIGEST_HEX_SIZE];
    if (f->digest.running) digest_finish(&f->digest, unused);
    for (int r = 0; r < f->n_regions; r++) free(f->regions[r]);
    free(f->regions);
    free(f->first_person);
    free(f->path);
    memset(f, 0, sizeof *f);
}

int population_load_csv(struct population *pop, const char *dir, struct error *err)
{
    return load_csv(pop, dir, NULL, err);
}

int population_load_h5(struct population *pop, const char *path, struct error *err)
{
    return load_h5(pop, path, NULL, err);
}

int population_load(struct population *pop, const char *path, struct yfiles *files,
                    struct error *err)
{
    size_t len = strlen(path);
    if (len > 3 && strcmp(path + len - 3, ".h5") == 0) return load_h5(pop, path, files, err);
    return load_csv(pop, path, files, err);
}

/* /meta of a population file: see struct population_provenance. */
static int write_provenance(hid_t file, const struct population_provenance *p)
{
    hid_t meta = h5io_group(file, "/meta");
    if (meta < 0) return -1;
    char created[32];
    const time_t now = time(NULL);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    const hsize_t one[1] = {1};
    int rc = h5io_write_text(meta, "engine_version", version_string(), "dibaosim version, commit "
                             "and library versions") ||
             h5io_write_text(meta, "command_line", p->command_line ? p->command_line : "",
                             "The command that wrote this file") ||
             h5io_write_text(meta, "created", created, "When the file was written (UTC)") ||
             h5io_write_text(meta, "source", p->source ? p->source : "",
                             p->generated ? "The population spec" : "The CSV folder");
    if (!rc && p->generated)
        rc = h5io_write(meta, "seed", H5T_NATIVE_UINT64, 1, one, &p->seed, "1",
                        "Seed of the generation") ||
             h5io_write(meta, "scale", H5T_NATIVE_DOUBLE, 1, one, &p->scale, "1",
                        "Scale of the generation (1: the spec's own counts)") ||
             h5io_write(meta, "ranks", H5T_NATIVE_INT, 1, one, &p->ranks, "ranks",
                        "MPI ranks that generated it (the population does not depend on them)");
    hid_t inputs = rc ? -1 : h5io_group(file, "/meta/inputs");
    const size_t n = p->files ? p->files->n : 0;
    if (!rc)
        rc = inputs < 0 ||
             h5io_write_texts(inputs, "path", p->files ? p->files->paths : NULL, n,
                              "Every file read") ||
             h5io_write_texts(inputs, "sha256", p->files ? p->files->sha256 : NULL, n,
                              "SHA-256 of each, as read");
    if (inputs >= 0) H5Gclose(inputs);
    H5Gclose(meta);
    return rc ? -1 : 0;
}

int population_save_h5(const struct population *pop, const char *path, struct error *err)
{
    return population_save_h5_with(pop, path, NULL, err);
}

int population_writer_open(struct population_writer *w, const char *path, size_t n_households,
                           size_t n_persons, struct error *err)
{
    memset(w, 0, sizeof *w);
    w->path = path;
    w->rows[HOUSEHOLDS] = n_households;
    w->rows[PERSONS] = n_persons;
    w->file = h5io_create_temp(path, w->tmp, err);
    return w->file < 0 ? -1 : 0;
}

/* After a failed write: the file removed, err naming --out and the reason. */
static int writer_failed(struct population_writer *w, struct error *err)
{
    const int reason = errno;   /* of the write that failed */
    h5io_abandon(w->file, w->tmp);
    w->file = -1;
    return h5io_write_failed(w->path, reason, err);
}

int population_writer_put(struct population_writer *w, const struct population *pop,
                          struct error *err)
{
    int64_t *link = xmalloc((pop->n_persons ? pop->n_persons : 1) * sizeof *link);
    errno = 0;
    for (size_t h = 0; h < pop->n_households; h++)
        for (uint32_t i = pop->first_person[h]; i < pop->first_person[h + 1]; i++)
            link[i] = pop->household_id[h];
    struct loading ld = {(struct population *)pop, link, {w->path, w->path}, 0, {NULL, NULL},
                         {0, 0}};
    int rc = 0;
    for (int t = HOUSEHOLDS; t <= PERSONS && !rc; t++) {
        char group_path[64];
        snprintf(group_path, sizeof group_path, "/population/%s", TABLE_NAMES[t]);
        hid_t group = h5io_group(w->file, group_path);
        for (size_t k = 0; k < N_COLUMNS && !rc && group >= 0; k++) {
            const struct column *c = &COLUMNS[k];
            if (c->table != (enum table)t) continue;
            const hsize_t dims[1] = {w->rows[t]};
            rc = h5io_write_columns(group, c->name, native_type(c->storage), 1, dims, w->at[t],
                                    table_rows(pop, c->table), *column_slot(&ld, c), c->units,
                                    c->description, H5IO_UNCOMPRESSED);
            if (rc || (c->kind != K_CODE && c->kind != K_REGION) || w->at[t] > 0) continue;
            hid_t set = H5Dopen2(group, c->name, H5P_DEFAULT);   /* the first part: its names */
            if (c->kind == K_REGION) {
                rc = h5io_attr_texts(set, "levels", pop->regions, (size_t)pop->n_regions);
            } else {
                char buf[256], *names[16];
                snprintf(buf, sizeof buf, "%s", c->levels);
                size_t n = 0;
                for (char *s = strtok(buf, "|"); s && n < 16; s = strtok(NULL, "|")) names[n++] = s;
                rc = h5io_attr_texts(set, "levels", names, n);
            }
            H5Dclose(set);
        }
        if (group < 0) rc = -1;
        else H5Gclose(group);
    }
    free(link);
    w->at[HOUSEHOLDS] += pop->n_households;
    w->at[PERSONS] += pop->n_persons;
    return rc ? writer_failed(w, err) : 0;
}

int population_writer_close(struct population_writer *w,
                            const struct population_provenance *provenance, struct error *err)
{
    errno = 0;
    if (w->at[HOUSEHOLDS] != w->rows[HOUSEHOLDS] || w->at[PERSONS] != w->rows[PERSONS]) {
        h5io_abandon(w->file, w->tmp);
        return err_set(err, ERR_RUN, "%s: %zu households and %zu persons written of %zu and "
                       "%zu declared", w->path, w->at[HOUSEHOLDS], w->at[PERSONS],
                       w->rows[HOUSEHOLDS], w->rows[PERSONS]);
    }
    if (provenance && write_provenance(w->file, provenance)) return writer_failed(w, err);
    return h5io_commit(w->file, w->tmp, w->path, err);
}

void population_writer_abandon(struct population_writer *w)
{
    if (w->file >= 0) h5io_abandon(w->file, w->tmp);
    w->file = -1;
}

int population_save_h5_with(const struct population *pop, const char *path,
                            const struct population_provenance *provenance, struct error *err)
{
    struct population_writer w;
    return population_writer_open(&w, path, pop->n_households, pop->n_persons, err) ||
           population_writer_put(&w, pop, err) || population_writer_close(&w, provenance, err);
}

void population_free(struct population *pop)
{
    struct loading ld = {pop, NULL, {NULL, NULL}, 0, {NULL, NULL}, {0, 0}};
    for (size_t k = 0; k < N_COLUMNS; k++) {
        if (COLUMNS[k].kind == K_LINK) continue;
        void **slot = column_slot(&ld, &COLUMNS[k]);
        free(*slot);
        *slot = NULL;
    }
    for (int r = 0; r < pop->n_regions; r++) free(pop->regions[r]);
    free(pop->regions);
    free(pop->first_person);
    free(pop->source);
    memset(pop, 0, sizeof *pop);
}

void population_slice(const struct population *whole, size_t first, size_t count,
                      struct population *out)
{
    memset(out, 0, sizeof *out);
    const size_t p0 = whole->first_person[first], p1 = whole->first_person[first + count];
    out->n_households = count;
    out->n_persons = p1 - p0;
    out->n_regions = whole->n_regions;
    out->source_is_csv = whole->source_is_csv;
    out->source = whole->source ? xstrdup(whole->source) : NULL;
    out->regions = xcalloc((size_t)whole->n_regions + 1, sizeof *out->regions);
    out->first_person = xmalloc((count + 1) * sizeof *out->first_person);
    for (int r = 0; r < whole->n_regions; r++) out->regions[r] = xstrdup(whole->regions[r]);
    for (size_t h = 0; h <= count; h++)
        out->first_person[h] = whole->first_person[first + h] - (uint32_t)p0;
    for (size_t k = 0; k < N_COLUMNS; k++) {
        const struct column *c = &COLUMNS[k];
        if (c->kind == K_LINK) continue;
        const size_t size = STORAGE_SIZE[c->storage];
        const size_t from = c->table == HOUSEHOLDS ? first : p0;
        const size_t rows = c->table == HOUSEHOLDS ? count : p1 - p0;
        const char *column = *(char *const *)((const char *)whole + c->offset);
        void **slot = (void **)((char *)out + c->offset);
        *slot = xmalloc(rows * size + 1);
        memcpy(*slot, column + from * size, rows * size);
    }
}

/* A column's bytes in pop. */
static size_t column_bytes(const struct population *pop, const struct column *c)
{
    return table_rows(pop, c->table) * STORAGE_SIZE[c->storage];
}

void population_put(struct parcel *out, const struct population *pop)
{
    const uint64_t rows[2] = {pop->n_households, pop->n_persons};
    parcel_put(out, rows, sizeof rows);
    parcel_put(out, pop->first_person, (pop->n_households + 1) * sizeof *pop->first_person);
    for (const struct column *c = COLUMNS; c < COLUMNS + N_COLUMNS; c++)
        if (c->kind != K_LINK)
            parcel_put(out, *(void *const *)((const char *)pop + c->offset), column_bytes(pop, c));
}

int population_take_view(struct parcel *in, struct population *view)
{
    memset(view, 0, sizeof *view);
    const uint64_t *rows = parcel_take(in, 2 * sizeof *rows);
    if (!rows || rows[0] > POPULATION_MAX_ROWS || rows[1] > POPULATION_MAX_ROWS) return -1;
    view->n_households = rows[0];
    view->n_persons = rows[1];
    view->first_person = (uint32_t *)parcel_take(in, (rows[0] + 1) * sizeof *view->first_person);
    for (const struct column *c = COLUMNS; c < COLUMNS + N_COLUMNS; c++)
        if (c->kind != K_LINK)
            *(const void **)((char *)view + c->offset) = parcel_take(in, column_bytes(view, c));
    return in->failed ? -1 : 0;
}

void population_alloc_households(struct population *pop, size_t n_households)
{
    memset(pop, 0, sizeof *pop);
    struct loading ld = {pop, NULL, {"generated", "generated"}, 0, {NULL, NULL}, {0, 0}};
    pop->n_households = n_households;
    allocate_columns(&ld, HOUSEHOLDS, n_households);   /* a size the spec bounds */
    pop->first_person = xcalloc(n_households + 1, sizeof *pop->first_person);
}

void population_alloc_persons(struct population *pop, size_t n_persons)
{
    struct loading ld = {pop, NULL, {"generated", "generated"}, 0, {NULL, NULL}, {0, 0}};
    pop->n_persons = n_persons;
    allocate_columns(&ld, PERSONS, n_persons);   /* a size the spec bounds */
    free(ld.person_household);   /* the link column is only used while reading files */
}

int population_region_error(const struct population *pop, int region, const char *problem,
                            struct error *err)
{
    size_t h = 0;
    while (h + 1 < pop->n_households && pop->region[h] != region) h++;
    struct loading ld = {(struct population *)pop, NULL, {pop->source, pop->source},
                         pop->source_is_csv, {NULL, NULL}, {0, 0}};
    return value_error(&ld, column_named(HOUSEHOLDS, "region"), h, pop->regions[region], problem,
                       err);
}

void population_columns_markdown(FILE *out)
{
    for (int t = HOUSEHOLDS; t <= PERSONS; t++) {
        fprintf(out, "`%s.csv` / `/population/%s/`:\n\n| column | values | HDF5 units | meaning |\n"
                     "|---|---|---|---|\n", TABLE_NAMES[t], TABLE_NAMES[t]);
        for (size_t k = 0; k < N_COLUMNS; k++) {
            const struct column *c = &COLUMNS[k];
            if (c->table != (enum table)t) continue;
            char values[160];
            switch (c->kind) {
            case K_CODE: choices_markdown(c->levels, values, sizeof values); break;
            case K_REGION: snprintf(values, sizeof values, "name"); break;
            case K_FLAG: snprintf(values, sizeof values, "0 or 1"); break;
            case K_COUNT: snprintf(values, sizeof values, "0 to %.0f", c->max); break;
            case K_MONEY: snprintf(values, sizeof values, "yuan ≥ 0"); break;
            case K_WEIGHT: snprintf(values, sizeof values, "> 0"); break;
            default: snprintf(values, sizeof values, "integer ≥ 0"); break;
            }
            fprintf(out, "| `%s` | %s | %s | %s |\n", c->name, values, c->units, c->description);
        }
        fputc('\n', out);
    }
}

/* calibrate — see calibrate.h. */
#include "calibrate.h"

#include <errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memory.h"
#include "simulate.h"
#include "synth.h"

struct problem {
    struct synth_spec *spec;
    const struct scenario *scenario;
    const struct targets *targets;
    const struct calibrate_options *options;
    struct calibrate_starts starts;
    const char *region;     /* the region being calibrated, or NULL for all */
    int *tuned;             /* indexes into targets->tune */
    int n_tuned;
    double *simulated;
    int evaluations;
    int limit;              /* evaluations allowed for this region and stage */
    int budget;             /* that limit when set (a stage's share), else max_evaluations */
    int failed;
    struct error *err;
    double *original;       /* the spec's values at the start, [n_tuned] */
    gsl_vector *start;      /* their point (exact when the spec sits inside its ranges) */
    gsl_vector *best;       /* the best point evaluated so far */
    double best_value;
};

/* A share of a tuned range kept a hair inside (0, 1), so that its logit is finite and maps back
 * to the value within rounding. */
#define HAIR 1e-9

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }
static double clamp_share(double s) { return s < HAIR ? HAIR : s > 1 - HAIR ? 1 - HAIR : s; }
static double logit(double share)
{
    share = clamp_share(share);
    return log(share / (1 - share));
}

/* Whether a target of region b counts when region a is calibrated (a NULL: all regions): its
 * own region's, the regions' sum ("all"), and a target below another region in both. */
static int counts_for(const char *a, const struct target *t)
{
    return !a || strcmp(t->region, "all") == 0 || strcmp(a, t->region) == 0 ||
           (t->below && strcmp(a, t->below) == 0);
}

int calibrate_evaluate(const struct synth_spec *spec, const struct scenario *scenario,
                       const struct targets *t, const struct calibrate_options *options,
                       double *simulated, struct error *err)
{
    struct population pop;
    struct synth_options synth = {options->scale, options->seed, options->threads};
    if (synth_generate(spec, &synth, &pop, err)) return -1;
    struct run_options run = {.threads = options->threads, .seed = options->seed};
    struct simulation sim;
    struct scenario_result res;
    int rc = simulation_init(&sim, scenario, &pop, &run, err) ||
             simulation_run(&sim, &res, err) || targets_evaluate(t, &res, &pop, simulated, err);
    if (sim.months) simulation_free(&sim);
    scenario_result_free(&res);
    population_free(&pop);
    return rc ? -1 : 0;
}

/* The region index of a tuning (0 when it names none: its value is the same everywhere). */
static int region_of(const struct synth_spec *spec, const struct tuning *tune)
{
    for (int r = 0; tune->region && r < spec->n_regions; r++)
        if (strcmp(spec->regions[r], tune->region) == 0) return r;
    return 0;
}

/* Sets the spec's tuned values to point x; the start point gives back the spec's own values
 * exactly. */
static void set_point(struct problem *p, const gsl_vector *x)
{
    const struct targets *t = p->targets;
    int at_start = p->start != NULL;
    for (size_t i = 0; at_start && i < x->size; i++)
        at_start = gsl_vector_get(x, i) == gsl_vector_get(p->start, i);
    for (int i = 0; i < p->n_tuned; i++) {
        const struct tuning *tune = &t->tune[p->tuned[i]];
        double v = at_start ? p->original[i]
                            : tune->min + (tune->max - tune->min) *
                                              logistic(gsl_vector_get(x, (size_t)i));
        if (synthspec_set(p->spec, tune->key, tune->index, tune->region, v, p->err)) p->failed = 1;
    }
}

static double objective(const gsl_vector *x, void *data)
{
    struct problem *p = data;
    const struct targets *t = p->targets;
    if (p->failed) return GSL_POSINF;
    set_point(p, x);
    if (p->failed || calibrate_evaluate(p->spec, p->scenario, t, p->options, p->simulated,
                                        p->err)) {
        p->failed = 1;
        return GSL_POSINF;
    }
    p->evaluations++;
    double sum = 0;
    for (int i = 0; i < t->n; i++)
        if (counts_for(p->region, &t->items[i])) {
            double g = targets_gap(&t->items[i], p->simulated[i]);
            sum += t->items[i].weight * g * g;
        }
    if (sum < p->best_value) {   /* the first of equal values stays: deterministic */
        p->best_value = sum;
        gsl_vector_memcpy(p->best, x);
    }
    return sum;
}

static void say(const struct problem *p, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const struct problem *p, const char *format, ...)
{
    if (!p->options->progress) return;
    va_list ap;
    va_start(ap, format);
    fprintf(p->options->progress, "calibrate %s: ", p->region ? p->region : "all regions");
    vfprintf(p->options->progress, format, ap);
    fputc('\n', p->options->progress);
    va_end(ap);
}

/* A compass search after the simplex, in shares of each tuned range: each parameter in turn
 * moves by ±step (stopping at its bounds) while that improves, the step halving from 1/8 to
 * 1/1024 of the range. Robust where the objective is bumpy at the simplex's final scale, and
 * able to leave or reach a bound, where logit steps would stall. */
static double compass(struct problem *p, gsl_vector *x, double best, gsl_multimin_function *f)
{
    gsl_vector *trial = gsl_vector_alloc(x->size);
    for (double step = 0.125; step > 1.0 / 2048 && !p->failed; step /= 2) {
        int improved = 1;
        while (improved && !p->failed && p->evaluations < p->limit) {
            improved = 0;
            for (size_t i = 0; i < x->size && p->evaluations < p->limit; i++)
                for (int sign = -1; sign <= 1 && p->evaluations < p->limit; sign += 2) {
                    double share = logistic(gsl_vector_get(x, i));
                    double moved = clamp_share(share + sign * step);
                    if (fabs(moved - share) < 1e-12) continue;   /* at the bound already */
                    gsl_vector_memcpy(trial, x);
                    gsl_vector_set(trial, i, logit(moved));
                    double value = f->f(trial, p);
                    if (value < best) {
                        best = value;
                        gsl_vector_memcpy(x, trial);
                        improved = 1;
                    }
                }
        }
        say(p, "%d evaluations, objective %.4g (step %g)", p->evaluations, best, step);
    }
    gsl_vector_free(trial);
    return best;
}

/* The simplex's initial steps around x: a quarter of each range towards its middle, so that a
 * point near a bound (where a logit step moves nothing) still spans the range. */
static void simplex_steps(const gsl_vector *x, gsl_vector *step)
{
    for (size_t i = 0; i < x->size; i++) {
        double share = logistic(gsl_vector_get(x, i));
        gsl_vector_set(step, i, logit(share < 0.5 ? share + 0.25 : share - 0.25) -
                                    gsl_vector_get(x, i));
    }
}

/* Nelder-Mead from x, restarted around its best point with full-size steps until a restart no
 * longer improves, then a compass search; stops at evaluation `until`. Returns the best value
 * found from x (x is left at its point). */
static double refine(struct problem *p, gsl_vector *x, double value, int until,
                     gsl_multimin_fminimizer *m)
{
    const size_t n = x->size;
    int limit = p->limit;
    p->limit = until < limit ? until : limit;
    gsl_vector *step = gsl_vector_alloc(n);
    gsl_multimin_function f = {objective, n, p};
    double best = value;
    for (int restart = 0; restart < 6 && !p->failed && best >= 0.01 &&
                          p->evaluations + (int)n + 1 < p->limit;
         restart++) {
        simplex_steps(x, step);
        gsl_multimin_fminimizer_set(m, &f, x, step);
        /* stop when the simplex is small, or when it stalls: no gain of 0.01 % for 5 (n + 1)
         * iterations (it drifts to infinity towards an optimum at a bound) */
        double mark = m->fval;
        int since = 0;
        while (!p->failed && p->evaluations < p->limit) {
            if (gsl_multimin_fminimizer_iterate(m)) break;
            double size = gsl_multimin_fminimizer_size(m);
            if (m->fval < 0.01 || gsl_multimin_test_size(size, 1e-3) == GSL_SUCCESS) break;
            if (m->fval < mark - 1e-4 * mark - 1e-6) {
                mark = m->fval;
                since = 0;
            } else if (++since >= 5 * ((int)n + 1)) {
                break;
            }
        }
        say(p, "%d evaluations, objective %.4g", p->evaluations, m->fval);
        if (!(m->fval < best)) break;
        int small = m->fval > best * 0.999;
        gsl_vector_memcpy(x, m->x);
        best = m->fval;
        if (small) break;
    }
    if (!p->failed && best >= 0.01) best = compass(p, x, best, &f);
    gsl_vector_free(step);
    p->limit = limit;
    return best;
}

/* The screen's further starts: a Sobol sequence over the cube of shares (a seeded uniform
 * draw beyond its 40 dimensions); start k is its k-th point, for every seed. */
static void screen_points(size_t n, int count, uint64_t seed, gsl_matrix *points)
{
    double *u = xmalloc(n * sizeof *u);
    if (n <= 40) {
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)n);
        for (int k = 0; k < count; k++) {
            gsl_qrng_get(q, u);
            for (size_t i = 0; i < n; i++) gsl_matrix_set(points, (size_t)k, i, logit(u[i]));
        }
        gsl_qrng_free(q);
    } else {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(r, (unsigned long)seed);
        for (int k = 0; k < count; k++)
            for (size_t i = 0; i < n; i++)
                gsl_matrix_set(points, (size_t)k, i, logit(gsl_rng_uniform_pos(r)));
        gsl_rng_free(r);
    }
    free(u);
}

/* One region (or all): a screen of `starts` points, each evaluated once (the spec's own values,
 * then the quasi-random points); the best few refined by the simplex and the compass, each with
 * a share of half the evaluations left (the coarse stage); the best of those refined again with
 * the rest (the fine stage). With one start to refine, it takes every evaluation. The best point
 * evaluated wins and is left in the spec. */
static int minimise(struct problem *p)
{
    const size_t n = (size_t)p->n_tuned;
    const struct calibrate_options *o = p->options;
    int starts = p->starts.n > 1 ? p->starts.n : 1;
    p->limit = p->budget ? p->budget : o->max_evaluations;
    p->original = xcalloc(n, sizeof *p->original);
    p->start = gsl_vector_alloc(n);
    p->best = gsl_vector_alloc(n);
    p->best_value = GSL_POSINF;
    for (size_t i = 0; i < n; i++) {
        const struct tuning *tune = &p->targets->tune[p->tuned[i]];
        p->original[i] = synthspec_get(p->spec, tune->key, tune->index, region_of(p->spec, tune));
        gsl_vector_set(p->start, i, logit((p->original[i] - tune->min) / (tune->max - tune->min)));
    }
    gsl_vector_memcpy(p->best, p->start);

    gsl_matrix *points = gsl_matrix_alloc((size_t)starts, n);
    gsl_vector_view first = gsl_matrix_row(points, 0);
    gsl_vector_memcpy(&first.vector, p->start);
    if (starts > 1) {
        gsl_matrix_view rest = gsl_matrix_submatrix(points, 1, 0, (size_t)starts - 1, n);
        screen_points(n, starts - 1, o->seed, &rest.matrix);
    }
    double *value = xmalloc((size_t)starts * sizeof *value);
    int *order = xmalloc((size_t)starts * sizeof *order), screened = 0;
    for (int k = 0; k < starts && !p->failed && p->evaluations < p->limit; k++, screened++) {
        gsl_vector_view x = gsl_matrix_row(points, (size_t)k);
        value[k] = objective(&x.vector, p);
        order[k] = k;
        if (starts > 1) say(p, "start %d of %d, objective %.4g", k + 1, starts, value[k]);
    }
    for (int a = 1; a < screened; a++) {   /* stable insertion sort by value */
        int k = order[a], b = a;
        for (; b > 0 && value[order[b - 1]] > value[k]; b--) order[b] = order[b - 1];
        order[b] = k;
    }

    /* coarse refinement of the best few, each with a share of half the evaluations left; then
     * the fine stage: the best of them again, with everything left */
    int refined = p->starts.refine > 0 ? p->starts.refine : 3;
    if (refined > screened) refined = screened;
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(
        gsl_multimin_fminimizer_nmsimplex2, n);
    gsl_vector *x = gsl_vector_alloc(n);
    gsl_matrix *ends = gsl_matrix_alloc((size_t)(refined > 0 ? refined : 1), n);
    double *end_value = xmalloc((size_t)(refined > 0 ? refined : 1) * sizeof *end_value);
    int share = (p->limit - p->evaluations) / (refined > 1 ? 2 * refined : 1), winner = -1;
    for (int j = 0; j < refined && !p->failed && p->best_value >= 0.01; j++) {
        if (p->limit - p->evaluations <= (int)n + 1) break;
        int k = order[j];
        gsl_vector_view row = gsl_matrix_row(points, (size_t)k);
        gsl_vector_memcpy(x, &row.vector);
        end_value[j] = refine(p, x, value[k], refined > 1 ? p->evaluations + share : p->limit, m);
        gsl_matrix_set_row(ends, (size_t)j, x);
        if (winner < 0 || end_value[j] < end_value[winner]) winner = j;
        if (starts > 1)
            say(p, "start %d refined: objective %.4g (%d evaluations in all)", k + 1,
                end_value[j], p->evaluations);
    }
    if (refined > 1 && winner >= 0 && !p->failed && p->best_value >= 0.01 &&
        p->limit - p->evaluations > (int)n + 1) {
        gsl_matrix_get_row(x, ends, (size_t)winner);
        double v = refine(p, x, end_value[winner], p->limit, m);
        say(p, "start %d refined further: objective %.4g (%d evaluations in all)",
            order[winner] + 1, v, p->evaluations);
    }
    gsl_matrix_free(ends);
    free(end_value);
    say(p, "best objective %.4g after %d evaluations", p->best_value, p->evaluations);
    if (!p->failed) set_point(p, p->best);   /* leave the spec at the best point evaluated */
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_matrix_free(points);
    free(value);
    free(order);
    free(p->original);
    gsl_vector_free(p->start);
    gsl_vector_free(p->best);
    return p->failed ? -1 : 0;
}

int calibrate(struct synth_spec *spec, const struct scenario *scenario, const struct targets *t,
              const struct calibrate_options *options, double *simulated, struct error *err)
{
    return calibrate_multistart(spec, scenario, t, options, NULL, simulated, err);
}

int calibrate_multistart(struct synth_spec *spec, const struct scenario *scenario,
                         const struct targets *t, const struct calibrate_options *options,
                         const struct calibrate_starts *starts, double *simulated,
                         struct error *err)
{
    if (t->n_tune == 0)
        return err_set(err, ERR_INPUT, "%s: `tune` names no parameters to calibrate", t->path);
    int per_region = 1;
    for (int i = 0; i < t->n_tune; i++) per_region &= t->tune[i].region != NULL;
    int *tuned = xcalloc((size_t)t->n_tune, sizeof *tuned);
    int last_stage = 1, rc = 0;
    for (int i = 0; i < t->n_tune; i++)
        if (t->tune[i].stage > last_stage) last_stage = t->tune[i].stage;
    for (int r = 0; r < (per_region ? spec->n_regions : 1) && !rc; r++) {
        const char *region = per_region ? spec->regions[r] : NULL;
        int stages = 0;   /* stages with parameters of this region */
        for (int s = 1; s <= last_stage; s++)
            for (int i = 0; i < t->n_tune; i++)
                if (t->tune[i].stage == s && (!region || !strcmp(t->tune[i].region, region))) {
                    stages++;
                    break;
                }
        /* each stage in turn, then (with several) all of them together, sharing the budget */
        const int rounds = stages + (stages > 1);
        for (int s = 1; s <= last_stage + (stages > 1) && !rc; s++) {
            const int joint = s > last_stage;
            struct problem p = {.spec = spec, .scenario = scenario, .targets = t,
                                .options = options,
                                .starts = starts && !joint ? *starts
                                                           : (struct calibrate_starts){1, 0},
                                .region = region, .tuned = tuned, .simulated = simulated,
                                .err = err,
                                .budget = rounds > 1 ? options->max_evaluations / rounds : 0};
            for (int i = 0; i < t->n_tune; i++)
                if ((!region || strcmp(t->tune[i].region, region) == 0) &&
                    (joint || t->tune[i].stage == s))
                    tuned[p.n_tuned++] = i;
            if (!p.n_tuned) continue;
            if (stages > 1) say(&p, joint ? "all stages together" : "stage %d", s);
            rc = minimise(&p);
        }
    }
    free(tuned);
    return rc || calibrate_evaluate(spec, scenario, t, options, simulated, err) ? -1 : 0;
}

int calibrate_at_bounds(const struct synth_spec *spec, const struct targets *t, FILE *out)
{
    int count = 0;
    for (int i = 0; i < t->n_tune; i++) {
        const struct tuning *tune = &t->tune[i];
        double v = synthspec_get(spec, tune->key, tune->index, region_of(spec, tune));
        double margin = 0.005 * (tune->max - tune->min);
        int upper = v >= tune->max - margin;
        if (!upper && !(v <= tune->min + margin)) continue;
        count++;
        if (!out) continue;
        char index[32] = "";
        if (tune->index >= 0) snprintf(index, sizeof index, "[%d]", tune->index);
        int beyond = upper ? v > tune->max : v < tune->min;   /* a start outside the range */
        fprintf(out, "calibrate: warning: %s%s (%s) = %.6g is %s its %s bound %.6g (tune range "
                     "%.6g%s%.6g)\n", synthspec_key_path(tune->key), index,
                tune->region ? tune->region : "all regions", v, beyond ? "beyond" : "at",
                upper ? "upper" : "lower", upper ? tune->max : tune->min, tune->min,
                tune->min < 0 ? " to " : "-", tune->max);
    }
    return count;
}

/* The path of `file` relative to the folder holding `from`, both resolved: the folders they
 * share are dropped, each further folder of `from` becomes "..". */
static int relative_path(const char *from, const char *file, char *out, size_t size)
{
    char dir[PATH_MAX], target[PATH_MAX], from_dir[PATH_MAX];
    snprintf(from_dir, sizeof from_dir, "%s", from);
    char *slash = strrchr(from_dir, '/');
    if (slash) *slash = '\0';
    if (!realpath(slash ? from_dir : ".", dir) || !realpath(file, target)) return -1;
    strncat(dir, "/", sizeof dir - strlen(dir) - 1);
    size_t common = 0;   /* just past the last '/' both share */
    for (size_t i = 0; dir[i] && dir[i] == target[i]; i++)
        if (dir[i] == '/') common = i + 1;
    out[0] = '\0';
    for (const char *p = dir + common; *p; p++)
        if (*p == '/') strncat(out, "../", size - strlen(out) - 1);
    const size_t used = strlen(out);
    snprintf(out + used, size - used, "%s", target + common);
    return 0;
}

int calibrate_write(const struct synth_spec *spec, const struct targets *t, const char *spec_path,
                    const char *out_path, const char *header, struct error *err)
{
    char base[PATH_MAX], targets[PATH_MAX], tmp[PATH_MAX + 32];
    if (relative_path(out_path, spec_path, base, sizeof base) ||
        relative_path(out_path, t->path, targets, sizeof targets))
        return err_set(err, ERR_INPUT, "%s: cannot resolve the paths of %s and %s", out_path,
                       spec_path, t->path);
    int *keys = xcalloc((size_t)t->n_tune, sizeof *keys), n = 0;
    for (int i = 0; i < t->n_tune; i++) {
        int seen = 0;
        for (int j = 0; j < n; j++) seen |= keys[j] == t->tune[i].key;
        if (!seen) keys[n++] = t->tune[i].key;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out_path, (long)getpid());
    FILE *out = fopen(tmp, "w");
    if (!out) {
        free(keys);
        return err_set(err, ERR_RUN, "%s: cannot create: %s", tmp, strerror(errno));
    }
    fprintf(out, "# Calibrated by `dibaosim calibrate` to the published figures in %s.\n"
                 "# Only the tuned values are here; every other value, with its source, is in the "
                 "spec it extends.\n# Do not edit by hand: run the calibration again.\n",
            targets);
    for (const char *line = header; line && *line;) {
        size_t len = strcspn(line, "\n");
        fprintf(out, "# %.*s\n", (int)len, line);
        line += len + (line[len] == '\n');
    }
    synthspec_write_overrides(spec, keys, n, base, targets, out);
    free(keys);
    if (fclose(out) != 0 || rename(tmp, out_path) != 0) {
        remove(tmp);
        return err_set(err, ERR_RUN, "%s: cannot write", out_path);
    }
    return 0;
}

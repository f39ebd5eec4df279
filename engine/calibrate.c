/* calibrate — see calibrate.h. */
#include "calibrate.h"

#include <errno.h>
#include <gsl/gsl_multimin.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simulate.h"
#include "synth.h"

struct problem {
    struct synth_spec *spec;
    const struct scenario *scenario;
    const struct targets *targets;
    const struct calibrate_options *options;
    const char *region;     /* the region being calibrated, or NULL for all */
    int *tuned;             /* indexes into targets->tune */
    int n_tuned;
    double *simulated;
    int evaluations;
    int failed;
    struct error *err;
};

static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

static int same_region(const char *a, const char *b) { return !a || !b || strcmp(a, b) == 0; }

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

static double objective(const gsl_vector *x, void *data)
{
    struct problem *p = data;
    const struct targets *t = p->targets;
    for (int i = 0; i < p->n_tuned; i++) {
        const struct tuning *tune = &t->tune[p->tuned[i]];
        double v = tune->min + (tune->max - tune->min) * logistic(gsl_vector_get(x, (size_t)i));
        if (synthspec_set(p->spec, tune->key, tune->index, tune->region, v, p->err)) p->failed = 1;
    }
    if (p->failed || calibrate_evaluate(p->spec, p->scenario, t, p->options, p->simulated,
                                        p->err)) {
        p->failed = 1;
        return GSL_POSINF;
    }
    p->evaluations++;
    double sum = 0;
    for (int i = 0; i < t->n; i++)
        if (same_region(p->region, t->items[i].region)) {
            double g = targets_gap(&t->items[i], p->simulated[i]);
            sum += t->items[i].weight * g * g;
        }
    return sum;
}

/* A compass search after the simplex: each parameter in turn moves by ±step while that
 * improves, the step halving from 0.5 to 1/64 (in logit units). Robust where the objective is
 * bumpy at the simplex's final scale. */
static void compass(struct problem *p, gsl_vector *x, gsl_multimin_function *f)
{
    double best = f->f(x, p);
    for (double step = 0.5; step > 1.0 / 64 && !p->failed; step /= 2) {
        int improved = 1;
        while (improved && !p->failed && p->evaluations < p->options->max_evaluations) {
            improved = 0;
            for (size_t i = 0; i < x->size; i++)
                for (int sign = -1; sign <= 1; sign += 2) {
                    double keep = gsl_vector_get(x, i);
                    gsl_vector_set(x, i, keep + sign * step);
                    double value = f->f(x, p);
                    if (value < best) {
                        best = value;
                        improved = 1;
                    } else {
                        gsl_vector_set(x, i, keep);
                    }
                }
        }
        if (p->options->progress)
            fprintf(p->options->progress, "calibrate %s: %d evaluations, objective %.4g (step %g)\n",
                    p->region ? p->region : "all regions", p->evaluations, best, step);
    }
}

/* Nelder-Mead over the tuned parameters of one region (or all). */
static int minimise(struct problem *p)
{
    const size_t n = (size_t)p->n_tuned;
    gsl_vector *x = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    for (size_t i = 0; i < n; i++) {
        const struct tuning *tune = &p->targets->tune[p->tuned[i]];
        int r = 0;
        while (tune->region && r < p->spec->n_regions &&
               strcmp(p->spec->regions[r], tune->region) != 0)
            r++;
        double v = synthspec_get(p->spec, tune->key, tune->index, r < p->spec->n_regions ? r : 0);
        double share = (v - tune->min) / (tune->max - tune->min);
        share = share < 0.01 ? 0.01 : share > 0.99 ? 0.99 : share;
        gsl_vector_set(x, i, log(share / (1 - share)));
        gsl_vector_set(step, i, 1.0);
    }
    gsl_multimin_function f = {objective, n, p};
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2,
                                                               n);
    /* A simplex can collapse early on a noisy, bumpy objective: restart it around the best point
     * with a full-size step until a restart no longer improves. */
    double best = GSL_POSINF;
    for (int restart = 0; restart < 6 && !p->failed; restart++) {
        gsl_multimin_fminimizer_set(m, &f, x, step);
        while (!p->failed && p->evaluations < p->options->max_evaluations) {
            if (gsl_multimin_fminimizer_iterate(m)) break;
            double size = gsl_multimin_fminimizer_size(m);
            if (m->fval < 0.01 || gsl_multimin_test_size(size, 1e-3) == GSL_SUCCESS) break;
        }
        if (p->options->progress)
            fprintf(p->options->progress, "calibrate %s: %d evaluations, objective %.4g\n",
                    p->region ? p->region : "all regions", p->evaluations, m->fval);
        gsl_vector_memcpy(x, m->x);
        if (m->fval > best * 0.999 || m->fval < 0.01) break;
        best = m->fval;
    }
    compass(p, x, &f);
    objective(x, p);   /* leave the spec at the best point found */
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return p->failed ? -1 : 0;
}

int calibrate(struct synth_spec *spec, const struct scenario *scenario, const struct targets *t,
              const struct calibrate_options *options, double *simulated, struct error *err)
{
    if (t->n_tune == 0)
        return err_set(err, ERR_INPUT, "%s: `tune` names no parameters to calibrate", t->path);
    int per_region = 1;
    for (int i = 0; i < t->n_tune; i++) per_region &= t->tune[i].region != NULL;
    int *tuned = calloc((size_t)t->n_tune, sizeof *tuned);
    int rc = 0;
    for (int r = 0; r < (per_region ? spec->n_regions : 1) && !rc; r++) {
        struct problem p = {spec, scenario, t, options, per_region ? spec->regions[r] : NULL,
                            tuned, 0, simulated, 0, 0, err};
        for (int i = 0; i < t->n_tune; i++)
            if (!per_region || strcmp(t->tune[i].region, p.region) == 0) tuned[p.n_tuned++] = i;
        if (p.n_tuned) rc = minimise(&p);
    }
    free(tuned);
    return rc || calibrate_evaluate(spec, scenario, t, options, simulated, err) ? -1 : 0;
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
    strncat(out, target + common, size - strlen(out) - 1);
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
    int *keys = calloc((size_t)t->n_tune, sizeof *keys), n = 0;
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

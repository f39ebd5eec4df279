/* run — see run.h. */
#include "run.h"

#include <errno.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "inforce.h"
#include "outpath.h"
#include "synth.h"

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), k = strlen(suffix);
    return n > k && memcmp(text + n - k, suffix, k) == 0;
}

static int is_spec(const char *path) { return ends_with(path, ".yaml") || ends_with(path, ".yml"); }

int run_load_population(const struct cli_args *args, int threads, struct population *pop,
                        struct yfiles *files, char **targets, struct error *err)
{
    const char *path = args->population ? args->population : args->files[0];
    if (targets) *targets = NULL;
    if (!is_spec(path)) return population_load(pop, path, files, err);
    struct synth_spec spec;
    if (synthspec_load(&spec, path, err)) return -1;
    struct synth_options options = {args->scale, args->seed, threads};
    int rc = synth_generate(&spec, &options, pop, err);
    if (!rc && targets && spec.targets && *spec.targets) *targets = ytree_path_beside(path, spec.targets);
    *files = spec.files;   /* hand the list over */
    spec.files = (struct yfiles){0, NULL, NULL};
    synthspec_free(&spec);
    return rc;
}

int run_init(struct run *run, const struct cli_args *args, struct error *err)
{
    memset(run, 0, sizeof *run);
    run->args = args;
    run->n = args->n_files;
    run->options = (struct run_options){
        .threads = args->threads ? args->threads : omp_get_max_threads(), .seed = args->seed,
        .microdata = args->microdata || args->command == CMD_COMPARE,
        .progress = !args->quiet && isatty(STDERR_FILENO) ? stderr : NULL};
    run->record = (struct run_record){args->command_line, args->population, args->seed,
                                      run->options.threads, "", 0, NULL, NULL};
    const time_t now = time(NULL);
    strftime(run->record.started, sizeof run->record.started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    run->scenarios = calloc((size_t)run->n + 1, sizeof *run->scenarios);
    run->results = calloc((size_t)run->n + 1, sizeof *run->results);
    run->budgets = calloc((size_t)run->n + 1, sizeof *run->budgets);
    run->sensitivity = calloc((size_t)run->n + 1, sizeof *run->sensitivity);
    if (args->command == CMD_COMPARE)
        run->comparisons = calloc((size_t)run->n + 1, sizeof *run->comparisons);
    if (!run->scenarios || !run->results || !run->budgets || !run->sensitivity ||
        (args->command == CMD_COMPARE && !run->comparisons))
        return err_set(err, ERR_RUN, "out of memory");
    /* the population file before it is loaded (a large one takes a while); every input once
     * loaded, in run_load */
    return outpath_check(args->out, args->population, err);
}

/* The scenarios of the command line: years from --years, names distinct; compare's reforms
 * cover the baseline's years and are not named "baseline". */
static int load_scenarios(struct run *run, struct error *err)
{
    const struct cli_args *args = run->args;
    for (int k = 0; k < run->n; k++) {
        if (scenario_load(&run->scenarios[k], args->files[k], err)) return -1;
        run->n_loaded++;
        struct scenario *s = &run->scenarios[k];
        if (args->first_year) scenario_set_years(s, args->first_year, args->last_year);
        for (int j = 0; j < k; j++)
            if (strcmp(run->scenarios[j].name, s->name) == 0)
                return err_set(err, ERR_INPUT, "%s and %s are both named '%s': scenario names "
                               "must differ within a run", args->files[j], args->files[k], s->name);
        const struct scenario *base = &run->scenarios[0];
        if (!run->comparisons || k == 0) continue;
        if (base->first_year != s->first_year || base->last_year != s->last_year)
            return err_set(err, ERR_INPUT, "compare: %s covers %d-%d but the baseline %s covers "
                           "%d-%d: compared scenarios must cover the same years (or give --years)",
                           args->files[k], s->first_year, s->last_year, args->files[0],
                           base->first_year, base->last_year);
        if (strcmp(s->name, "baseline") == 0)
            return err_set(err, ERR_INPUT, "compare: %s: a reform may not be named 'baseline' (it "
                           "names the baseline in /comparison)", args->files[k]);
    }
    return 0;
}

int run_load(struct run *run, struct error *err)
{
    if (load_scenarios(run, err)) return -1;
    if (run_load_population(run->args, run->options.threads, &run->pop, &run->population_files,
                            &run->targets_path, err))
        return -1;
    run->have_population = 1;
    for (int k = 0; k < run->n; k++)
        if (outpath_check_files(run->args->out, &run->scenarios[k].files, err)) return -1;
    if (outpath_check_files(run->args->out, &run->population_files, err) ||
        outpath_check(run->args->out, run->targets_path, err))
        return -1;
    for (int k = 1; run->comparisons && k < run->n; k++)   /* a reform's "raise" that is a cut */
        if (inforce_warn_cuts(stderr, &run->scenarios[0], &run->scenarios[k], &run->pop, err) < 0)
            return -1;
    return 0;
}

int run_simulate(struct run *run, struct error *err)
{
    const struct population *pop = &run->pop;
    const int keep = run->args->microdata;   /* the results file wants the microdata */
    for (int k = 0; k < run->n; k++) {
        struct simulation sim;
        const double start = omp_get_wtime();
        const struct scenario *sc = &run->scenarios[k];
        /* the budget's regions and dates checked once the rules are bound, before simulating */
        int rc = simulation_init(&sim, sc, pop, &run->options, err) ||
                 budget_check(&sc->budget, pop->regions, pop->n_regions, sc->first_year * 12,
                              err) ||
                 simulation_run(&sim, &run->results[k], err);
        const char *name = run->scenarios[k].name;
        if (!rc && run->results[k].warning)
            fprintf(stderr, "dibaosim: warning: %s: %s\n", name, run->results[k].warning);
        const double seconds = omp_get_wtime() - start;
        if (!rc && !run->args->quiet)
            fprintf(stderr, "%s: %zu persons × %d months simulated in %.3f s: %.1f million "
                    "person-months/s on %d threads\n", name, pop->n_persons, sim.n_months, seconds,
                    (double)pop->n_persons * sim.n_months / seconds / 1e6, run->options.threads);
        simulation_free(&sim);
        if (rc || budget_run(&run->scenarios[k].budget, pop->regions, &run->results[k],
                             &run->budgets[k], err))
            return -1;
        /* compare as soon as a reform is done, holding only the baseline's and one reform's
         * microdata (unless the results file keeps them all) */
        if (!run->comparisons || k == 0) continue;
        if (compare_results(&run->results[0], &run->results[k], pop, &run->comparisons[k - 1]))
            return err_set(err, ERR_RUN, "out of memory comparing %s with %s", name,
                           run->scenarios[0].name);
        if (!keep) scenario_result_drop_microdata(&run->results[k]);
    }
    if (run->comparisons && !keep) scenario_result_drop_microdata(&run->results[0]);
    return 0;
}

int run_validate(struct run *run, struct error *err)
{
    if (!run->targets_path) return 0;
    struct targets *t = &run->targets;
    if (targets_load(t, run->targets_path, err)) return -1;   /* hashed as it is read */
    yfiles_add(&run->targets_files, run->targets_path, t->sha256);
    const struct scenario_result *first = &run->results[0];
    if (t->year && (t->year < first->first_year || t->year >= first->first_year + first->n_years)) {
        /* the published figures describe a year this run leaves out: nothing to set beside */
        fprintf(stderr, "dibaosim: note: %s describes %d, outside the run's years %d-%d: no "
                "validation\n", run->targets_path, t->year, first->first_year,
                first->first_year + first->n_years - 1);
        free(run->targets_path);
        run->targets_path = NULL;
        return 0;
    }
    run->simulated = calloc((size_t)t->n + 1, sizeof *run->simulated);
    run->trend_index = calloc((size_t)t->n_trends * TREND_MAX_YEARS + 1, sizeof *run->trend_index);
    if (!run->simulated || !run->trend_index) return err_set(err, ERR_RUN, "out of memory");
    if (targets_evaluate(t, &run->results[0], &run->pop, run->simulated, err)) return -1;
    targets_evaluate_trends(t, &run->results[0], &run->pop, run->trend_index);
    run->validation = (struct validation){t, run->simulated, run->trend_index};
    return 0;
}

int run_sensitivity(struct run *run, struct error *err)
{
    for (int k = 0; k < run->n; k++) {
        const double start = omp_get_wtime();
        if (sensitivity_run(&run->scenarios[k], &run->pop, &run->options, &run->sensitivity[k],
                            err))
            return -1;
        const struct sensitivity_result *r = &run->sensitivity[k];
        const int tornado = r->n_parameters ? 1 + 2 * r->n_parameters : 0;
        if (r->n_replications + tornado + r->n_points && !run->args->quiet)
            fprintf(stderr, "%s: %d replications, %d tornado and %d sweep runs in %.3f s on %d "
                    "threads\n", run->scenarios[k].name, r->n_replications, tornado, r->n_points,
                    omp_get_wtime() - start, run->options.threads);
    }
    return 0;
}

/* Every file the run read, with the SHA-256 taken as it was read, for the provenance. */
static int list_inputs(struct run *run)
{
    struct run_record *record = &run->record;
    size_t total = run->population_files.n + run->targets_files.n;
    for (int k = 0; k < run->n; k++) total += run->scenarios[k].files.n;
    record->inputs = calloc(total + 1, sizeof *record->inputs);
    record->input_sha256 = calloc(total + 1, sizeof *record->input_sha256);
    if (!record->inputs || !record->input_sha256) return -1;
    for (int k = 0; k <= run->n + 1; k++) {   /* the scenarios, the population, the targets */
        const struct yfiles *files = k < run->n    ? &run->scenarios[k].files
                                     : k == run->n ? &run->population_files
                                                   : &run->targets_files;
        for (size_t f = 0; f < files->n; f++) {
            record->inputs[record->n_inputs] = files->paths[f];
            record->input_sha256[record->n_inputs++] = files->sha256[f];
        }
    }
    return 0;
}

int run_write(struct run *run, const char *path, struct error *err)
{
    if (list_inputs(run)) return err_set(err, ERR_RUN, "out of memory");
    const struct run_output out = {run->scenarios, run->results, run->n, &run->pop,
                                   run->comparisons, run->sensitivity, run->args->microdata,
                                   run->targets_path ? &run->validation : NULL, run->budgets};
    return h5out_write(path, &run->record, &out, err);
}

void run_free(struct run *run)
{
    for (int k = 0; k < run->n && run->sensitivity; k++)
        sensitivity_result_free(&run->sensitivity[k]);
    for (int k = 1; k < run->n && run->comparisons; k++) comparison_free(&run->comparisons[k - 1]);
    for (int k = 0; k < run->n && run->results; k++) scenario_result_free(&run->results[k]);
    for (int k = 0; k < run->n && run->budgets; k++) budget_result_free(&run->budgets[k]);
    for (int k = 0; k < run->n_loaded; k++) scenario_free(&run->scenarios[k]);
    if (run->have_population) population_free(&run->pop);
    yfiles_free(&run->population_files);
    yfiles_free(&run->targets_files);
    targets_free(&run->targets);
    free(run->record.inputs);
    free(run->record.input_sha256);
    free(run->sensitivity);
    free(run->comparisons);
    free(run->results);
    free(run->budgets);
    free(run->scenarios);
    free(run->simulated);
    free(run->trend_index);
    free(run->targets_path);
    memset(run, 0, sizeof *run);
}

/* dibaosim — the command. main() reads as the pipeline of each subcommand:
 *   run:      parse scenarios → load population → simulate each → write HDF5 → report it
 *   compare:  run, comparing each scenario with the first before writing
 *   (run and compare also run each scenario's sensitivity analysis and sweep, if it has them)
 *   report:   print the tables of a results file
 *   validate: parse scenarios
 *   import:   load and validate a CSV population → save HDF5
 *   synth:    read a population spec → generate → save HDF5
 *   calibrate: read spec, scenario, targets → tune the spec → write it, print the table
 * Errors travel up as struct error; only main() prints them and chooses the exit code. */
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "calibrate.h"
#include "compare.h"
#include "cli.h"
#include "h5out.h"
#include "population.h"
#include "report.h"
#include "scenario.h"
#include "sensitivity.h"
#include "simulate.h"
#include "synth.h"
#include "version.h"

static int load_scenarios(const struct cli_args *args, struct scenario *scenarios,
                          struct error *err)
{
    for (int k = 0; k < args->n_files; k++) {
        if (scenario_load(&scenarios[k], args->files[k], err)) {
            for (int j = 0; j < k; j++) scenario_free(&scenarios[j]);
            return -1;
        }
        if (args->first_year) scenario_set_years(&scenarios[k], args->first_year, args->last_year);
        for (int j = 0; j < k; j++)
            if (strcmp(scenarios[j].name, scenarios[k].name) == 0) {
                err_set(err, ERR_INPUT, "%s and %s are both named '%s': scenario names must "
                        "differ within a run", args->files[j], args->files[k], scenarios[k].name);
                for (int i = 0; i <= k; i++) scenario_free(&scenarios[i]);
                return -1;
            }
    }
    return 0;
}

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), k = strlen(suffix);
    return n > k && memcmp(text + n - k, suffix, k) == 0;
}

static int is_spec(const char *path) { return ends_with(path, ".yaml") || ends_with(path, ".yml"); }

/* A population from files, or generated from a spec; `files` receives every file read, and
 * *targets (when not NULL) the targets file a calibrated spec names, or NULL. */
static int load_population(const struct cli_args *args, int threads, struct population *pop,
                           struct yfiles *files, char **targets, struct error *err)
{
    const char *path = args->population ? args->population : args->files[0];
    if (targets) *targets = NULL;
    if (!is_spec(path)) {
        size_t len = strlen(path);
        int h5 = ends_with(path, ".h5");
        files->paths = calloc(2, sizeof *files->paths);
        for (int t = 0; t < (h5 ? 1 : 2); t++) {
            files->paths[t] = malloc(len + 16);
            sprintf(files->paths[t], h5 ? "%s" : "%s/%s", path,
                    t ? "persons.csv" : "households.csv");
        }
        files->n = h5 ? 1 : 2;
        return population_load(pop, path, err);
    }
    struct synth_spec spec;
    if (synthspec_load(&spec, path, err)) return -1;
    struct synth_options options = {args->scale, args->seed, threads};
    int rc = synth_generate(&spec, &options, pop, err);
    if (!rc && targets && spec.targets && *spec.targets) *targets = ytree_path_beside(path, spec.targets);
    files->paths = spec.files.paths;   /* hand the list over */
    files->n = spec.files.n;
    spec.files.paths = NULL;
    spec.files.n = 0;
    synthspec_free(&spec);
    return rc;
}

/* Every file the run reads, for the provenance hashes. */
static void list_inputs(struct run_record *record, const struct scenario *scenarios, int n,
                        const struct yfiles *population_files)
{
    size_t total = population_files->n;
    for (int k = 0; k < n; k++) total += scenarios[k].files.n;
    record->inputs = calloc(total + 1, sizeof *record->inputs);
    for (int k = 0; k < n; k++)
        for (size_t f = 0; f < scenarios[k].files.n; f++)
            record->inputs[record->n_inputs++] = strdup(scenarios[k].files.paths[f]);
    for (size_t f = 0; f < population_files->n; f++)
        record->inputs[record->n_inputs++] = strdup(population_files->paths[f]);
}

/* Simulates every scenario; with `comparisons`, compares each with the first as soon as it is
 * done, so that only the baseline's and one reform's microdata are held at a time (unless
 * `microdata` keeps them all for the results file). */
static int simulate_all(const struct scenario *scenarios, int n, const struct population *pop,
                        const struct run_options *options, int microdata,
                        struct scenario_result *results, struct comparison *comparisons,
                        struct error *err)
{
    int rc = 0;
    for (int k = 0; k < n && !rc; k++) {
        struct simulation sim;
        const double start = omp_get_wtime();
        rc = simulation_init(&sim, &scenarios[k], pop, options, err) ||
             simulation_run(&sim, &results[k], err);
        if (!rc && results[k].warning)
            fprintf(stderr, "dibaosim: warning: %s: %s\n", scenarios[k].name, results[k].warning);
        const double seconds = omp_get_wtime() - start;
        if (!rc) {
            const double person_months = (double)pop->n_persons * sim.n_months;
            fprintf(stderr, "%s: %zu persons × %d months simulated in %.3f s: %.1f million "
                    "person-months/s on %d threads\n", scenarios[k].name, pop->n_persons,
                    sim.n_months, seconds, person_months / seconds / 1e6, options->threads);
        }
        simulation_free(&sim);
        if (rc || !comparisons || k == 0) continue;
        if (compare_results(&results[0], &results[k], pop, &comparisons[k - 1]))
            rc = err_set(err, ERR_RUN, "out of memory comparing %s with %s", scenarios[k].name,
                         scenarios[0].name);
        if (!microdata) scenario_result_drop_microdata(&results[k]);
    }
    if (comparisons && !microdata) scenario_result_drop_microdata(&results[0]);
    return rc;
}

static int command_run(const struct cli_args *args, struct error *err)
{
    int n = args->n_files;
    struct scenario *scenarios = calloc((size_t)n, sizeof *scenarios);
    struct scenario_result *results = calloc((size_t)n, sizeof *results);
    struct population pop;
    struct yfiles population_files = {0, NULL};
    const int comparing = args->command == CMD_COMPARE;
    struct run_options options = {.threads = args->threads ? args->threads : omp_get_max_threads(),
                                  .seed = args->seed, .microdata = args->microdata || comparing,
                                  .progress = isatty(STDERR_FILENO) ? stderr : NULL};
    struct run_record record = {args->command_line, args->population, args->seed,
                                options.threads, "", 0, NULL};
    time_t now = time(NULL);
    strftime(record.started, sizeof record.started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));

    char out_real[4096], population_real[4096];
    if (realpath(args->out, out_real) && realpath(args->population, population_real) &&
        strcmp(out_real, population_real) == 0) {
        free(scenarios);
        free(results);
        return err_set(err, ERR_INPUT, "--out %s is the population file: it would be overwritten",
                       args->out);
    }
    int rc = load_scenarios(args, scenarios, err);
    if (rc) goto done_scenarios;
    for (int k = 1; k < n && comparing && !rc; k++) {
        const struct scenario *a = &scenarios[0], *b = &scenarios[k];
        if (a->first_year != b->first_year || a->last_year != b->last_year)
            rc = err_set(err, ERR_INPUT, "compare: %s covers %d-%d but the baseline %s covers "
                         "%d-%d: compared scenarios must cover the same years (or give --years)",
                         args->files[k], b->first_year, b->last_year, args->files[0],
                         a->first_year, a->last_year);
        else if (strcmp(b->name, "baseline") == 0)
            rc = err_set(err, ERR_INPUT, "compare: %s: a reform may not be named 'baseline' (it "
                         "names the baseline in /comparison)", args->files[k]);
    }
    if (rc) {
        for (int k = 0; k < n; k++) scenario_free(&scenarios[k]);
        goto done_scenarios;
    }
    char *targets_path = NULL;
    rc = load_population(args, options.threads, &pop, &population_files, &targets_path, err);
    if (rc) goto done_population;
    struct comparison *comparisons = comparing ? calloc((size_t)n, sizeof *comparisons) : NULL;
    rc = simulate_all(scenarios, n, &pop, &options, args->microdata, results, comparisons, err);
    struct targets targets = {0};
    double *simulated = NULL, *trend_index = NULL;
    struct validation validation;
    if (!rc && targets_path) {   /* a calibrated spec: published beside simulated */
        rc = targets_load(&targets, targets_path, err);
        simulated = calloc((size_t)targets.n + 1, sizeof *simulated);
        trend_index = calloc((size_t)targets.n_trends * TREND_MAX_YEARS + 1, sizeof *trend_index);
        if (!rc) rc = targets_evaluate(&targets, &results[0], &pop, simulated, err);
        if (!rc) targets_evaluate_trends(&targets, &results[0], &pop, trend_index);
        validation = (struct validation){&targets, simulated, trend_index};
    }
    struct sensitivity_result *sensitivity = calloc((size_t)n, sizeof *sensitivity);
    for (int k = 0; k < n && !rc; k++) {
        const double start = omp_get_wtime();
        rc = sensitivity_run(&scenarios[k], &pop, &options, &sensitivity[k], err);
        const struct sensitivity_result *r = &sensitivity[k];
        const int runs = r->n_replications + (r->n_parameters ? 1 + 2 * r->n_parameters : 0) +
                         r->n_points;
        if (!rc && runs)
            fprintf(stderr, "%s: %d replications, %d tornado and %d sweep runs in %.3f s on %d "
                    "threads\n", scenarios[k].name, r->n_replications,
                    r->n_parameters ? 1 + 2 * r->n_parameters : 0, r->n_points,
                    omp_get_wtime() - start, options.threads);
    }
    if (!rc) {
        list_inputs(&record, scenarios, n, &population_files);
        struct run_output out = {scenarios, results, n, &pop, comparisons, sensitivity,
                                 args->microdata, targets_path ? &validation : NULL};
        rc = h5out_write(args->out, &record, &out, err);
    }
    for (int k = 0; k < n; k++) sensitivity_result_free(&sensitivity[k]);
    free(sensitivity);
    if (!rc) rc = report_file(stdout, args->out, 0, err);
    for (int k = 1; k < n && comparisons; k++) comparison_free(&comparisons[k - 1]);
    free(comparisons);
    targets_free(&targets);
    free(simulated);
    free(trend_index);
    free(targets_path);
    if (!rc) printf("results: %s\n", args->out);
    for (int k = 0; k < n; k++) scenario_result_free(&results[k]);
    for (size_t i = 0; i < record.n_inputs; i++) free(record.inputs[i]);
    free(record.inputs);
    population_free(&pop);
done_population:
    yfiles_free(&population_files);
    for (int k = 0; k < n; k++) scenario_free(&scenarios[k]);
done_scenarios:
    free(scenarios);
    free(results);
    return rc ? -1 : 0;
}

static int command_validate(const struct cli_args *args, struct error *err)
{
    int failed = 0;
    for (int k = 0; k < args->n_files; k++) {
        struct scenario s;
        if (scenario_load(&s, args->files[k], err)) {
            fprintf(stderr, "dibaosim: %s\n", err->message);
            failed++;
            continue;
        }
        printf("%s: ok (scenario '%s', %d-%d)\n", args->files[k], s.name, s.first_year,
               s.last_year);
        scenario_free(&s);
    }
    if (failed)
        return err_set(err, ERR_INPUT, "%d of %d scenario files failed validation", failed,
                       args->n_files);
    return 0;
}

static int command_import(const struct cli_args *args, struct error *err)
{
    struct population pop;
    if (population_load_csv(&pop, args->files[0], err)) return -1;
    int rc = population_save_h5(&pop, args->out, err);
    if (!rc)
        printf("%s: %zu households, %zu persons, %d regions → %s\n", args->files[0],
               pop.n_households, pop.n_persons, pop.n_regions, args->out);
    population_free(&pop);
    return rc;
}

static int command_synth(const struct cli_args *args, struct error *err)
{
    struct population pop;
    struct yfiles files = {0, NULL};
    int threads = args->threads ? args->threads : omp_get_max_threads();
    double start = omp_get_wtime();
    if (load_population(args, threads, &pop, &files, NULL, err)) {
        yfiles_free(&files);
        return -1;
    }
    double seconds = omp_get_wtime() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);   /* peak resident size so far: the generation's */
    double peak = usage.ru_maxrss * 1024.0;
    int rc = population_save_h5(&pop, args->out, err);
    if (!rc)
        printf("%s: %zu households, %zu persons generated in %.3f s: %.2f million persons/s on "
               "%d threads, peak memory %.0f MB = %.1f bytes/person; saved to %s\n",
               args->files[0], pop.n_households, pop.n_persons, seconds,
               pop.n_persons / seconds / 1e6, threads, peak / 1e6, peak / pop.n_persons,
               args->out);
    population_free(&pop);
    yfiles_free(&files);
    return rc;
}

static int command_calibrate(const struct cli_args *args, struct error *err)
{
    struct synth_spec spec;
    struct scenario scenario;
    struct targets targets;
    if (synthspec_load(&spec, args->files[0], err)) return -1;
    int rc = scenario_load(&scenario, args->files[1], err);
    if (rc) {
        synthspec_free(&spec);
        return -1;
    }
    rc = targets_load(&targets, args->targets, err);
    if (!rc && targets.year &&
        (targets.year < scenario.first_year || targets.year > scenario.last_year))
        rc = err_set(err, ERR_INPUT, "%s:%d:%d: the targets are for %d, the scenario covers %d-%d",
                     targets.path, targets.year_mark.line, targets.year_mark.column, targets.year,
                     scenario.first_year, scenario.last_year);
    if (!rc && targets.year)   /* the targets describe one year: simulate only that */
        scenario_set_years(&scenario, targets.year, targets.year);
    if (!rc) {
        double *simulated = calloc((size_t)targets.n, sizeof *simulated);
        struct calibrate_options options = {args->scale, args->seed,
                                            args->threads ? args->threads : omp_get_max_threads(),
                                            args->evaluations, stderr};
        struct calibrate_starts starts = {args->starts, 0};
        rc = calibrate_multistart(&spec, &scenario, &targets, &options, &starts, simulated, err);
        if (!rc) {
            calibrate_at_bounds(&spec, &targets, stderr);
            int missed = targets_print(stdout, &targets, simulated);
            char header[8192];
            snprintf(header, sizeof header, "%s\n(seed %llu, scale %g): %d of %d targets met.",
                     args->command_line, (unsigned long long)args->seed, args->scale,
                     targets.n - missed, targets.n);
            rc = calibrate_write(&spec, &targets, args->files[0], args->out, header, err);
            if (!rc)
                printf("%d of %d targets met; calibrated spec: %s\n", targets.n - missed,
                       targets.n, args->out);
        }
        free(simulated);
    }
    targets_free(&targets);   /* freed and zeroed already when loading failed */
    scenario_free(&scenario);
    synthspec_free(&spec);
    return rc ? -1 : 0;
}

static int command_doc(const struct cli_args *args, struct error *err)
{
    const char *topic = args->files[0];
    if (!strcmp(topic, "keys")) scenario_keys_markdown(stdout);
    else if (!strcmp(topic, "schema")) h5out_schema_markdown(stdout);
    else if (!strcmp(topic, "population")) population_columns_markdown(stdout);
    else if (!strcmp(topic, "spec")) synthspec_keys_markdown(stdout);
    else if (!strcmp(topic, "targets")) targets_measures_markdown(stdout);
    else return err_set(err, ERR_INPUT, "doc: unknown topic '%s' (keys, schema, population, spec, "
                        "targets)", topic);
    return 0;
}

int main(int argc, char **argv)
{
    struct cli_args args;
    struct error err = {0};
    int rc = cli_parse(&args, argc, argv, &err);
    if (!rc) {
        switch (args.command) {
        case CMD_HELP: cli_help(stdout); break;
        case CMD_VERSION: printf("dibaosim %s\n", DIBAOSIM_VERSION); break;
        case CMD_RUN:
        case CMD_COMPARE: rc = command_run(&args, &err); break;
        case CMD_REPORT: rc = report_file(stdout, args.files[0], args.monthly, &err); break;
        case CMD_VALIDATE: rc = command_validate(&args, &err); break;
        case CMD_IMPORT: rc = command_import(&args, &err); break;
        case CMD_SYNTH: rc = command_synth(&args, &err); break;
        case CMD_CALIBRATE: rc = command_calibrate(&args, &err); break;
        case CMD_DOC: rc = command_doc(&args, &err); break;
        }
    }
    free(args.files);
    if (rc) {
        fprintf(stderr, "dibaosim: %s\n", err.message);
        return err.code ? err.code : ERR_RUN;
    }
    return 0;
}

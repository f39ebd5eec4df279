/* dibaosim — the command. main() reads as the pipeline of each subcommand:
 *   run:      parse scenarios → load population → simulate each → write HDF5 → report it
 *   compare:  run, comparing each scenario with the first before writing
 *   (run and compare also run each scenario's sensitivity analysis and sweep, if it has them)
 *   report:   print the tables of a results file
 *   validate: parse scenarios
 *   import:   load and validate a CSV population → save HDF5
 *   synth:    read a population spec → generate chunk by chunk (over the ranks) → save HDF5
 *   calibrate: read spec, scenario, targets → tune the spec → write it, print the table
 * Errors travel up as struct error; only main() prints them and chooses the exit code (running
 * out of memory aside, which ends the process where it happens: memory.h). `run` and `compare`
 * are the steps of run.h. */
#include <errno.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibrate.h"
#include "cli.h"
#include "explain.h"
#include "export.h"
#include "h5io.h"
#include "html.h"
#include "inforce.h"
#include "memory.h"
#include "outpath.h"
#include "policy.h"
#include "h5out.h"
#include "population.h"
#include "ranks.h"
#include "report.h"
#include "run.h"
#include "scenario.h"
#include "synth.h"
#include "tempfile.h"
#include "version.h"

/* Whether --out can be written, checked before any work: not a folder, in a folder that exists
 * and is writable; an input error naming --out and the reason. */
static int check_output(const char *path, struct error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return err_set(err, ERR_INPUT, "--out %s is a folder: name a file", path);
    char folder[PATH_MAX];
    snprintf(folder, sizeof folder, "%s", path);
    char *slash = strrchr(folder, '/');
    if (!slash) snprintf(folder, sizeof folder, ".");
    else if (slash == folder) folder[1] = '\0';
    else *slash = '\0';
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(err, ERR_INPUT, "--out %s: folder %s does not exist", path, folder);
    if (access(folder, W_OK | X_OK) != 0)
        return err_set(err, ERR_INPUT, "--out %s: folder %s is not writable (%s)", path, folder,
                       strerror(errno));
    return 0;
}

/* Under mpirun every rank loads the scenarios and the population and simulates its chunks
 * (run.h; a population of one chunk: rank 0 alone), then its share of the sensitivity and sweep
 * runs (sensitivity.h); rank 0 alone validates, writes and reports, and every rank ends with the
 * same outcome. */
static int command_run(const struct cli_args *args, struct error *err)
{
    struct run run;
    const int root = ranks_rank() == 0;
    int rc = ranks_agree(run_init(&run, args, err) || run_load(&run, err), err) ||
             ranks_agree(run_simulate(&run, err) || (root && run_validate(&run, err)), err) ||
             run_sensitivity(&run, err);
    if (!rc && root) rc = run_write(&run, args->out, err) || report_file(stdout, args->out, 0, err);
    rc = ranks_agree(rc, err);
    run_free(&run);
    if (!rc && root) printf("results: %s\n", args->out);
    return rc ? -1 : 0;
}

/* Checks each scenario file; with --population, also binds its parameters to the population's
 * regions (a region missing from a map, or a misspelt one, is reported) for its years. */
static int command_validate(const struct cli_args *args, struct error *err)
{
    struct population pop;
    struct yfiles files = {0, NULL, NULL};
    if (args->population) {
        const int threads = args->threads ? args->threads : omp_get_max_threads();
        if (run_load_population(args, threads, &pop, &files, NULL, err)) {
            yfiles_free(&files);
            return -1;
        }
    }
    int failed = 0;
    for (int k = 0; k < args->n_files; k++) {
        struct scenario s;
        struct policy_params params;
        const int loaded = scenario_load(&s, args->files[k], err) == 0;
        int rc = loaded ? 0 : -1;
        if (loaded && args->population) {
            rc = policy_params_bind(&params, &s, &pop, s.first_year * 12, NULL, 0, err);
            if (!rc) policy_params_free(&params);
            if (!rc) rc = budget_check(&s.budget, pop.regions, pop.n_regions, s.first_year * 12,
                                       err);
        }
        if (rc) {
            fprintf(stderr, "dibaosim: %s\n", err->message);
            failed++;
        } else {
            printf("%s: ok (scenario '%s', %d-%d%s)\n", args->files[k], s.name, s.first_year,
                   s.last_year, args->population ? ", every region of the population" : "");
        }
        if (loaded) scenario_free(&s);
    }
    if (args->population) population_free(&pop);
    yfiles_free(&files);
    if (failed)
        return err_set(err, ERR_INPUT, "%d of %d scenario files failed validation", failed,
                       args->n_files);
    return 0;
}

static int command_import(const struct cli_args *args, struct error *err)
{
    struct population pop;
    struct yfiles files = {0, NULL, NULL};
    if (population_load(&pop, args->files[0], &files, err)) {
        yfiles_free(&files);
        return -1;
    }
    if (outpath_check_files(args->out, &files, err)) {
        population_free(&pop);
        yfiles_free(&files);
        return -1;
    }
    const struct population_provenance provenance = {args->command_line, args->files[0], &files,
                                                     0, 0, 0, 1};
    int rc = population_save_h5_with(&pop, args->out, &provenance, err);
    if (!rc)
        printf("%s: %zu households, %zu persons, %d regions → %s\n", args->files[0],
               pop.n_households, pop.n_persons, pop.n_regions, args->out);
    population_free(&pop);
    yfiles_free(&files);
    return rc;
}

/* The population is generated and written chunk by chunk (--chunk households at a time, as
 * run streams them), so memory is set by the chunk; the file is the same for any chunk. Under
 * mpirun the ranks generate the chunks in turn and rank 0 writes them (synth.h). */
static int command_synth(const struct cli_args *args, struct error *err)
{
    struct synth_spec spec;
    const int threads = args->threads ? args->threads : omp_get_max_threads();
    const int root = ranks_rank() == 0;
    const double start = omp_get_wtime();
    const int loaded = synthspec_load(&spec, args->files[0], err) == 0;
    const struct synth_options options = {args->scale, args->seed, threads};
    size_t chunk = args->chunk ? args->chunk : RUN_CHUNK_DEFAULT, H = 0, P = 0;
    chunk = (chunk + RUN_CHUNK_UNIT - 1) / RUN_CHUNK_UNIT * RUN_CHUNK_UNIT;
    struct population_writer writer;
    int rc = !loaded || outpath_check_files(args->out, &spec.files, err) ||
             synth_count(&spec, &options, &H, &P, err) ||
             (root && population_writer_open(&writer, args->out, H, P, err));
    int open = !rc && root;
    rc = ranks_agree(rc, err) || synth_write(&spec, &options, H, chunk, &writer, err);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    const double seconds = omp_get_wtime() - start, peak = usage.ru_maxrss * 1024.0;
    const struct population_provenance provenance = {args->command_line, args->files[0],
                                                     &spec.files, 1, args->seed, args->scale,
                                                     ranks_size()};
    if (!rc && root) {
        open = 0;
        rc = population_writer_close(&writer, &provenance, err);
    }
    if (open) population_writer_abandon(&writer);   /* (a failed put removed the file) */
    rc = ranks_agree(rc, err);
    char ranks[32] = "";
    if (ranks_size() > 1) snprintf(ranks, sizeof ranks, "%d ranks × ", ranks_size());
    if (!rc && root)
        printf("%s: %zu households, %zu persons generated and written in %.3f s: %.2f million "
               "persons/s on %s%d threads, peak memory %.0f MB = %.1f bytes/person%s; saved to "
               "%s\n", args->files[0], H, P, seconds, P / seconds / 1e6, ranks, threads,
               peak / 1e6, peak / P, ranks[0] ? " (rank 0)" : "", args->out);
    if (loaded) synthspec_free(&spec);
    return rc;
}

static int command_calibrate(const struct cli_args *args, struct error *err)
{
    struct synth_spec spec;
    struct scenario scenario;
    struct targets targets;
    memset(&targets, 0, sizeof targets);   /* freed below even when never loaded */
    if (synthspec_load(&spec, args->files[0], err)) return -1;
    int rc = scenario_load(&scenario, args->files[1], err);
    if (rc) {
        synthspec_free(&spec);
        return -1;
    }
    rc = outpath_check(args->out, args->files[0], err) ||
         outpath_check(args->out, args->files[1], err) ||
         outpath_check(args->out, args->targets, err) || targets_load(&targets, args->targets, err);
    if (!rc && targets.year &&
        (targets.year < scenario.first_year || targets.year > scenario.last_year))
        rc = err_set(err, ERR_INPUT, "%s:%d:%d: the targets are for %d, the scenario covers %d-%d",
                     targets.path, targets.year_mark.line, targets.year_mark.column, targets.year,
                     scenario.first_year, scenario.last_year);
    if (!rc && targets.year)   /* the targets describe one year: simulate only that */
        scenario_set_years(&scenario, targets.year, targets.year);
    if (!rc) {
        double *simulated = xcalloc((size_t)targets.n, sizeof *simulated);
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

static int command_params(const struct cli_args *args, struct error *err)
{
    struct run run;
    const int rc = run_init(&run, args, err) || run_load(&run, err) ||
                   inforce_print(stdout, run.scenarios, run.n, &run.pop, err);
    run_free(&run);
    return rc ? -1 : 0;
}

static int command_explain(const struct cli_args *args, struct error *err)
{
    struct run run;
    int rc = run_init(&run, args, err) || run_load(&run, err);
    if (!rc)
        rc = explain_household(stdout, &run.scenarios[0], &run.pop, &run.options, args->household,
                               args->year, args->month - 1, args->json, err);
    run_free(&run);
    return rc ? -1 : 0;
}

static int command_export(const struct cli_args *args, struct error *err)
{
    int tables = 0;
    const int rc = export_results(args->files[0], args->out, &tables, err);
    if (!rc) printf("%s: %d tables written as CSV to %s\n", args->files[0], tables, args->out);
    return rc;
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
    tempfile_install_handlers();
    ranks_init(&argc, &argv);
    h5io_init();
    int rc = cli_parse(&args, argc, argv, &err);
    if (!rc && args.threads) omp_set_num_threads(args.threads);   /* also the writing's threads */
    /* under mpirun, only run, compare and synth spread over the ranks: rank 0 does anything
     * else */
    const int together = !rc && !args.help && (args.command == CMD_RUN ||
                                                args.command == CMD_COMPARE ||
                                                args.command == CMD_SYNTH);
    if (ranks_rank() != 0 && !together) {
        free(args.files);
        ranks_finish();
        return 0;
    }
    if (!rc && !args.help && args.out && args.command != CMD_EXPORT)   /* export: a folder */
        rc = check_output(args.out, &err);
    if (!rc && args.help) {
        cli_command_help(stdout, args.command);
    } else if (!rc) {
        switch (args.command) {
        case CMD_HELP: cli_help(stdout); break;
        case CMD_VERSION: printf("dibaosim %s\n", version_string()); break;
        case CMD_RUN:
        case CMD_COMPARE: rc = command_run(&args, &err); break;
        case CMD_REPORT:
            rc = report_file(stdout, args.files[0], args.monthly, &err) ||
                 (args.html && html_report(args.files[0], args.html, &err));
            break;
        case CMD_VALIDATE: rc = command_validate(&args, &err); break;
        case CMD_IMPORT: rc = command_import(&args, &err); break;
        case CMD_SYNTH: rc = command_synth(&args, &err); break;
        case CMD_CALIBRATE: rc = command_calibrate(&args, &err); break;
        case CMD_EXPORT: rc = command_export(&args, &err); break;
        case CMD_PARAMS: rc = command_params(&args, &err); break;
        case CMD_EXPLAIN: rc = command_explain(&args, &err); break;
        case CMD_DOC: rc = command_doc(&args, &err); break;
        }
    }
    free(args.files);
    /* the error out before MPI finishes: once a rank has exited non-zero, mpirun may end the
     * job before rank 0 would get to say why */
    if (rc && ranks_rank() == 0) fprintf(stderr, "dibaosim: %s\n", err.message);
    const int status = rc ? (err.code ? err.code : ERR_RUN) : 0;
    /* MPI_Finalize would crash in HDF5 on a file it could not close (h5io.h): every rank then
     * ends without it, once rank 0 has said why (the ranks agreed on the error) */
    if (together ? ranks_any(h5io_left_open()) : h5io_left_open()) {
        fflush(NULL);
        _exit(status);
    }
    ranks_finish();
    return status;
}

/* run — see run.h. */
#include "run.h"

#include <errno.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "h5io.h"
#include "inforce.h"
#include "memory.h"
#include "outpath.h"
#include "parcel.h"
#include "ranks.h"
#include "synth.h"
#include "tempfile.h"

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
    run->out_file = -1;
    run->args = args;
    run->chunk = args->chunk ? args->chunk : RUN_CHUNK_DEFAULT;
    run->chunk = (run->chunk + RUN_CHUNK_UNIT - 1) / RUN_CHUNK_UNIT * RUN_CHUNK_UNIT;
    /* only run and compare stream (params and explain want the population whole) */
    if (args->command != CMD_RUN && args->command != CMD_COMPARE) run->chunk = SIZE_MAX;
    run->n = args->n_files;
    run->options = (struct run_options){
        .threads = args->threads ? args->threads : omp_get_max_threads(), .seed = args->seed,
        .microdata = args->microdata || args->command == CMD_COMPARE,
        .progress = !args->quiet && ranks_rank() == 0 && isatty(STDERR_FILENO) ? stderr : NULL};
    run->record = (struct run_record){args->command_line, args->population, args->seed,
                                      run->options.threads, "", 0, NULL, NULL, ranks_size()};
    const time_t now = time(NULL);
    strftime(run->record.started, sizeof run->record.started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    run->scenarios = xcalloc((size_t)run->n + 1, sizeof *run->scenarios);
    run->results = xcalloc((size_t)run->n + 1, sizeof *run->results);
    run->budgets = xcalloc((size_t)run->n + 1, sizeof *run->budgets);
    run->sensitivity = xcalloc((size_t)run->n + 1, sizeof *run->sensitivity);
    run->plans = xcalloc((size_t)run->n + 1, sizeof *run->plans);
    if (args->command == CMD_COMPARE)
        run->comparisons = xcalloc((size_t)run->n + 1, sizeof *run->comparisons);
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

/* What a streamed run cannot do: alignments needing every household at once each month or
 * review, sensitivity analyses and sweeps (which rerun the whole population). */
static int check_streamable(const struct run *run, struct error *err)
{
    for (int k = 0; k < run->n; k++) {
        const struct scenario *s = &run->scenarios[k];
        const char *why =
            s->sensitivity.replications || s->sweep.n ? "a sensitivity analysis or sweep" : NULL;
        for (int i = 0; i < s->projection.n_alignments && !why; i++)
            if (s->projection.alignments[i].transition != T_REGISTRY_EXIT)
                why = "an alignment of job_entry, job_exit, death or review_exit";
        if (why)
            return err_set(err, ERR_INPUT, "%s: scenario %s has %s, which needs the whole "
                           "population at once: the population (%zu households) is streamed in "
                           "chunks of %zu; give --chunk %zu or more", run->args->files[k], s->name,
                           why, run->pop.n_households, run->chunk, run->pop.n_households);
    }
    return 0;
}

/* The households an HDF5 population file declares, or 0 (the whole loader then says what is
 * wrong with it). */
static size_t h5_households(const char *path)
{
    h5io_quiet();
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return 0;
    const long long n = h5io_length(file, "/population/households/household_id");
    H5Fclose(file);
    return n < 0 ? 0 : (size_t)n;
}

/* The population: held whole, or (a spec larger than a chunk) only its regions, to be
 * generated chunk by chunk. */
static int load_population(struct run *run, struct error *err)
{
    const struct cli_args *args = run->args;
    const char *path = args->population ? args->population : args->files[0];
    if (is_spec(path)) {
        struct synth_spec *spec = &run->spec;
        if (synthspec_load(spec, path, err)) return -1;
        run->have_spec = 1;
        const struct synth_options options = {args->scale, args->seed, run->options.threads};
        size_t H;
        if (synth_count(spec, &options, &H, NULL, err)) return -1;
        if (H > run->chunk) {   /* its regions now, its households by chunk */
            if (synth_generate_range(spec, &options, 0, 0, &run->pop, err)) return -1;
            run->pop.n_households = H;
            run->streamed = 1;
            if (spec->targets && *spec->targets && ranks_rank() == 0)
                fprintf(stderr, "dibaosim: note: %s: no validation against its targets when "
                        "the population is streamed (%zu households in chunks of %zu)\n", path,
                        H, run->chunk);
            for (size_t f = 0; f < spec->files.n; f++)
                yfiles_add(&run->population_files, spec->files.paths[f], spec->files.sha256[f]);
            return 0;
        }
        synthspec_free(spec);
        run->have_spec = 0;
    }
    if (ends_with(path, ".h5") && h5_households(path) > run->chunk) {
        struct population_file *f = &run->file;
        if (population_file_open(f, path, err)) return -1;
        run->have_file = 1;
        run->streamed = 1;
        memset(&run->pop, 0, sizeof run->pop);
        run->pop.n_households = f->n_households;
        run->pop.n_persons = f->n_persons;
        run->pop.source = xstrdup(path);
        run->pop.regions = xcalloc((size_t)f->n_regions + 1, sizeof *run->pop.regions);
        for (int r = 0; r < f->n_regions; r++) run->pop.regions[r] = xstrdup(f->regions[r]);
        run->pop.n_regions = f->n_regions;
        return 0;
    }
    if (run_load_population(args, run->options.threads, &run->pop, &run->population_files,
                            &run->targets_path, err))
        return -1;
    run->streamed = run->pop.n_households > run->chunk;
    if (run->streamed && run->targets_path) {
        free(run->targets_path);
        run->targets_path = NULL;
    }
    return 0;
}

int run_load(struct run *run, struct error *err)
{
    if (load_scenarios(run, err)) return -1;
    if (load_population(run, err)) return -1;
    run->have_population = 1;
    run->spread = run->streamed && ranks_size() > 1;
    if (run->streamed && check_streamable(run, err)) return -1;
    for (int k = 0; k < run->n; k++)
        if (outpath_check_files(run->args->out, &run->scenarios[k].files, err)) return -1;
    if (outpath_check_files(run->args->out, &run->population_files, err) ||
        (run->have_file && outpath_check(run->args->out, run->file.path, err)) ||
        outpath_check(run->args->out, run->targets_path, err))
        return -1;
    for (int k = 1; run->comparisons && ranks_rank() == 0 && k < run->n; k++)   /* a "raise" cut */
        if (inforce_warn_cuts(stderr, &run->scenarios[0], &run->scenarios[k], &run->pop, err) < 0)
            return -1;
    return 0;
}

/* Households [first, first + count) (fewer at the end) into *chunk: the population itself when
 * it is one chunk (*chunk points at it), else generated or copied (*owned, to be freed). */
static int load_chunk(struct run *run, size_t first, struct population *owned,
                      const struct population **chunk, struct error *err)
{
    *chunk = &run->pop;
    if (!run->streamed) return 0;
    *chunk = owned;
    if (run->have_spec) {
        const struct synth_options options = {run->args->scale, run->args->seed,
                                              run->options.threads};
        return synth_generate_range(&run->spec, &options, first, run->chunk, owned, err);
    }
    if (run->have_file) return population_file_read(&run->file, first, run->chunk, owned, err);
    const size_t count = run->pop.n_households - first < run->chunk ? run->pop.n_households - first
                                                                    : run->chunk;
    population_slice(&run->pop, first, count, owned);
    return 0;
}

static void release_chunk(struct run *run, struct population *owned)
{
    if (run->streamed) population_free(owned);
}

/* The years (0 = the first) before a scenario's last whose registry exits are aligned: a
 * streamed run decides each over every chunk before going on. */
static int aligned_registry_year(const struct scenario *s, int y)
{
    for (int i = 0; i < s->projection.n_alignments; i++) {
        const struct alignment_item *a = &s->projection.alignments[i];
        for (int j = 0; a->transition == T_REGISTRY_EXIT && j < a->n; j++)
            if (a->totals[j].year == s->first_year + y) return 1;
    }
    return 0;
}

/* One pass of every chunk through the first `years` years of the scenarios in `which` (all
 * years when 0): sums into totals[k]; with `final`, microdata written, compared, timed. */
struct pass {
    int years;                     /* 0: all */
    const uint8_t *which;          /* [n]: scenarios in this pass */
    struct scenario_totals *totals;
    int final;
    double *seconds;               /* [n] */
    size_t persons;
    struct income_ranking *ranking;
};

/* A chunk's results of scenario k (households of pop, the first at `first`) taken in: written,
 * ranked (the baseline, k = 0) or compared with the baseline's (base). */
static int take_results(struct run *run, struct pass *pass, int k,
                        const struct scenario_result *res, const struct scenario_result *base,
                        const struct population *pop, size_t first, struct error *err)
{
    const size_t H = run->pop.n_households;
    if (run->out_file >= 0 && !run->spread &&   /* spread: each rank writes its own (below) */
        h5out_microdata_write(run->out_file, run->scenarios[k].name, res, pop, first, H))
        return h5io_write_failed(run->args->out, errno, err);
    if (run->comparisons && k == 0) income_ranking_add(pass->ranking, res, pop, first);
    if (run->comparisons && k > 0) comparison_add(&run->comparisons[k - 1], base, res, pop, first);
    return 0;
}

/* The memo of a chunk's projection draws, shared by the pass's scenarios when it runs two or
 * more (drawmemo.h); otherwise an empty one (no notes: every block drawn). */
static void chunk_memo(const struct run *run, const struct pass *pass, size_t persons,
                       struct draw_memo *memo)
{
    int first = INT_MAX, last = INT_MIN, n = 0;
    for (int k = 0; k < run->n; k++) {
        if (!pass->which[k]) continue;
        const struct scenario *s = &run->scenarios[k];
        if (s->first_year < first) first = s->first_year;
        if (s->last_year > last) last = s->last_year;
        n++;
    }
    if (n > 1) draw_memo_init(memo, persons, first, last);
    else memset(memo, 0, sizeof *memo);
}

/* Scenario k over one chunk into res: sums into totals (or kept per block, totals->blocks), the
 * registry exits through `plan`, the projection's draws noted in and taken from `memo`. */
static int simulate_chunk(struct run *run, int k, const struct population *pop,
                          struct registry_plan *plan, const struct draw_memo *memo,
                          const struct scenario_totals *totals, struct scenario_result *res,
                          double *seconds, struct error *err)
{
    struct simulation sim;
    const double start = omp_get_wtime();
    const struct scenario *sc = &run->scenarios[k];
    /* the budget's regions and dates checked once the rules are bound (the population's own
     * region error comes first), before simulating */
    int rc = simulation_init(&sim, sc, pop, &run->options, err) ||
             budget_check(&sc->budget, pop->regions, pop->n_regions, sc->first_year * 12, err);
    if (!rc) {
        sim.projection.plan = run->streamed ? plan : NULL;
        sim.projection.memo = memo->notes ? memo : NULL;
        rc = simulation_run_chunk(&sim, res, totals, err);
    }
    if (!rc && res->warning && !run->results[k].warning)
        run->results[k].warning = xstrdup(res->warning);
    simulation_free(&sim);
    *seconds += omp_get_wtime() - start;
    return rc;
}

/* A pass on one process: each chunk's sums added to the totals as they come. */
static int run_pass_alone(struct run *run, struct pass *pass, struct error *err)
{
    const size_t H = run->pop.n_households;
    struct scenario_result *chunk_results = xcalloc((size_t)run->n + 1, sizeof *chunk_results);
    int rc = 0;
    for (size_t first = 0; first < H && !rc; first += run->chunk) {
        struct population owned;
        const struct population *pop;
        if (load_chunk(run, first, &owned, &pop, err)) {
            rc = -1;
            break;
        }
        pass->persons += pop->n_persons;
        struct draw_memo memo;
        chunk_memo(run, pass, pop->n_persons, &memo);
        for (int k = 0; k < run->n && !rc; k++) {
            if (!pass->which[k]) continue;
            run->plans[k].offset = first;
            rc = simulate_chunk(run, k, pop, &run->plans[k], &memo, &pass->totals[k],
                                &chunk_results[k], &pass->seconds[k], err);
            if (!rc && pass->final)
                rc = take_results(run, pass, k, &chunk_results[k], &chunk_results[0], pop, first,
                                  err);
            if (k > 0) scenario_result_free(&chunk_results[k]);
        }
        for (int k = 0; k < run->n; k++) scenario_result_free(&chunk_results[k]);
        draw_memo_free(&memo);
        release_chunk(run, &owned);
    }
    free(chunk_results);
    return rc;
}

/* Under several ranks each chunk is simulated by rank (chunk number mod ranks) and packed into a
 * parcel for rank 0, which takes the chunks in order: each block's sums, added up in block
 * order; the registry's leavers, added up in order; the candidates of a year being decided,
 * gathered in order; in the final pass of a compare, what the comparison needs (each
 * household's payments by program, and the baseline's income and weight), compared and ranked.
 * The sums are thus formed exactly as on one process; a rank that fails sends its error
 * instead (ranks_in_order). The microdata do not travel: with --microdata every rank writes its
 * own chunks into the one results file (below), the chunks of each round of ranks at once. */
static void put_compared(struct parcel *out, const struct scenario_result *res, int baseline)
{
    const size_t cells = (size_t)res->n_years * res->n_households;
    for (int j = 0; j < N_PROGRAMS; j++) parcel_put(out, res->paid[j], cells * sizeof(int64_t));
    if (baseline) parcel_put(out, res->pre_transfer_pc, cells * sizeof(double));
}

/* The arrays put_compared packed, of a result that keeps them only in the parcel, where they
 * start at `at`: the result's pointers set into the parcel (views), or with no parcel to NULL
 * (`owned`: the arrays freed first). */
static void compared_in_parcel(struct scenario_result *res, int baseline,
                               const struct parcel *parcel, size_t at, int owned)
{
    const size_t bytes = (size_t)res->n_years * res->n_households * sizeof(int64_t);
    for (int j = 0; j < N_PROGRAMS; j++) {
        if (owned) free(res->paid[j]);
        res->paid[j] = parcel ? (int64_t *)(parcel->data + at + (size_t)j * bytes) : NULL;
    }
    if (!baseline) return;
    if (owned) free(res->pre_transfer_pc);
    res->pre_transfer_pc = parcel ? (double *)(parcel->data + at + N_PROGRAMS * bytes) : NULL;
}

/* A view of what put_compared packed (nothing to free). */
static void take_compared(struct parcel *in, struct scenario_result *res, int baseline)
{
    const size_t cells = (size_t)res->n_years * res->n_households;
    for (int j = 0; j < N_PROGRAMS; j++)
        res->paid[j] = (int64_t *)parcel_take(in, cells * sizeof(int64_t));
    if (baseline) res->pre_transfer_pc = (double *)parcel_take(in, cells * sizeof(double));
}

/* A chunk's microdata, kept by the rank that simulated it until the round's collective write:
 * its households' ids and each scenario's results (none: 0 households). In a compare, what the
 * parcel carries for the comparison (put_compared) is kept only there, at compared[k] in it,
 * so that the chunk's results are not held twice. */
struct kept_chunk {
    size_t first;
    struct population ids;              /* household_id and n_households only */
    struct scenario_result *results;    /* [run->n] */
    size_t *compared;                   /* [run->n], in a compare */
};

static int pack_chunk(struct run *run, struct pass *pass, size_t first, struct parcel *out,
                      struct kept_chunk *keep, struct error *err)
{
    struct population owned;
    const struct population *pop;
    if (load_chunk(run, first, &owned, &pop, err)) return -1;
    const uint64_t head[2] = {pop->n_households, pop->n_persons};
    const size_t n = pop->n_households, n_blocks = (n + POPULATION_BLOCK - 1) / POPULATION_BLOCK;
    parcel_put(out, head, sizeof head);
    if (pass->final && run->comparisons) parcel_put(out, pop->weight, n * sizeof *pop->weight);
    if (keep) {
        keep->first = first;
        keep->ids.n_households = n;
        keep->ids.household_id = xmalloc(n * sizeof *pop->household_id + 1);
        memcpy(keep->ids.household_id, pop->household_id, n * sizeof *pop->household_id);
    }
    struct draw_memo memo;
    chunk_memo(run, pass, pop->n_persons, &memo);
    int rc = 0;
    for (int k = 0; k < run->n && !rc; k++) {
        if (!pass->which[k]) continue;
        const struct scenario_result *whole = &run->results[k];
        const size_t stride = 12 * summary_month_stride(whole);
        const int years = pass->years ? pass->years : whole->n_years;
        struct registry_leavers leavers = {0, 0, NULL};
        struct registry_plan plan = {.gather_year = run->plans[k].gather_year,
                                     .leavers = pass->final ? &leavers : NULL, .offset = first,
                                     .leave = run->plans[k].leave};
        struct scenario_totals totals = pass->totals[k];
        totals.blocks =
            pass->final ? xmalloc((size_t)years * n_blocks * stride * sizeof(double) + 1) : NULL;
        double seconds = 0;
        struct scenario_result res;
        memset(&res, 0, sizeof res);
        rc = simulate_chunk(run, k, pop, &plan, &memo, &totals, &res, &seconds, err);
        const struct registry_candidates *g = &plan.gathered;
        if (!rc) {
            parcel_put(out, &seconds, sizeof seconds);
            if (pass->final) {
                parcel_put(out, totals.blocks, (size_t)years * n_blocks * stride * sizeof(double));
                parcel_put(out, &leavers.n, sizeof leavers.n);
                parcel_put(out, leavers.values, 4 * leavers.n * sizeof(double));
            }
            parcel_put(out, &g->n, sizeof g->n);
            parcel_put(out, g->who, g->n * sizeof *g->who);
            parcel_put(out, g->region, g->n * sizeof *g->region);
            parcel_put(out, g->persons, g->n * sizeof *g->persons);
            parcel_put(out, g->w, g->n * sizeof *g->w);
            parcel_put(out, g->w + g->cap, g->n * sizeof *g->w);
            parcel_put(out, g->w + 2 * g->cap, g->n * sizeof *g->w);
            if (pass->final && res.dibao_entitled && run->comparisons) {
                if (keep) keep->compared[k] = out->n;   /* 8-byte aligned, as every part */
                put_compared(out, &res, k == 0);
                if (keep) compared_in_parcel(&res, k == 0, NULL, 0, 1);
            }
            if (keep) {   /* handed over: written and freed after the round (write_round) */
                keep->results[k] = res;
                memset(&res, 0, sizeof res);
            }
        }
        plan.leave = NULL;   /* the run's */
        registry_plan_free(&plan, 0);
        free(leavers.values);
        free(totals.blocks);
        scenario_result_free(&res);
    }
    draw_memo_free(&memo);
    release_chunk(run, &owned);
    return rc;
}

/* Rank 0: one chunk's parcel taken in. */
static int unpack_chunk(struct run *run, struct pass *pass, size_t first, struct parcel *in,
                        struct error *err)
{
    const uint64_t *head = parcel_take(in, 2 * sizeof(uint64_t));
    if (!head) return err_set(err, ERR_RUN, "a damaged parcel from a rank");
    const size_t n = head[0], n_blocks = (n + POPULATION_BLOCK - 1) / POPULATION_BLOCK;
    pass->persons += head[1];
    struct population pop = run->pop;   /* the chunk's weights, for the comparison */
    pop.n_households = n;
    if (pass->final && run->comparisons) pop.weight = (double *)parcel_take(in, n * sizeof(double));
    struct scenario_result base;
    memset(&base, 0, sizeof base);
    int rc = 0;
    for (int k = 0; k < run->n && !rc && !in->failed; k++) {
        if (!pass->which[k]) continue;
        struct scenario_result *whole = &run->results[k];
        const size_t stride = 12 * summary_month_stride(whole);
        const int years = pass->years ? pass->years : whole->n_years;
        pass->seconds[k] += *(const double *)parcel_take(in, sizeof(double));
        if (pass->final) {
            const size_t cells = (size_t)years * n_blocks * stride;
            const double *blocks = parcel_take(in, cells * sizeof(double));
            for (int y = 0; y < years && blocks; y++)
                simulation_fold_blocks(whole->summary + (size_t)y * stride,
                                       blocks + (size_t)y * n_blocks * stride, n_blocks, stride);
            const size_t *leavers = parcel_take(in, sizeof(size_t));
            const double *values = leavers ? parcel_take(in, 4 * *leavers * sizeof(double)) : NULL;
            if (values)
                registry_leavers_add(values, *leavers, whole->n_regions, pass->totals[k].exits);
        }
        const size_t *m = parcel_take(in, sizeof(size_t));
        if (!m) break;
        const size_t *who = parcel_take(in, *m * sizeof(size_t));
        const uint16_t *region = parcel_take(in, *m * sizeof(uint16_t));
        const int *persons = parcel_take(in, *m * sizeof(int));
        const double *w = parcel_take(in, *m * sizeof(double));
        const double *prob = parcel_take(in, *m * sizeof(double));
        const double *u = parcel_take(in, *m * sizeof(double));
        if (*m && !in->failed)
            registry_plan_gather(&run->plans[k], 0, *m, who, region, w, prob, u, persons);
        if (rc || !pass->final || !run->comparisons) continue;
        struct scenario_result res;
        memset(&res, 0, sizeof res);
        res.first_year = whole->first_year;
        res.n_years = whole->n_years;
        res.n_regions = whole->n_regions;
        res.n_households = n;
        take_compared(in, &res, k == 0);
        if (k == 0) base = res;
        if (!in->failed) rc = take_results(run, pass, k, &res, &base, &pop, first, err);
    }
    if (!rc && in->failed) rc = err_set(err, ERR_RUN, "a damaged parcel from a rank");
    return rc;
}

/* The chunks of a pass handed out over the ranks (ranks_in_order): packed by their ranks, taken
 * by rank 0 in order; rank 0's own chunks go through a parcel too. In the final pass of a run
 * whose microdata every rank writes (run->shared), each rank keeps its chunk of the round for
 * write_round. */
struct chunks {
    struct run *run;
    struct pass *pass;
    struct parcel own;
    struct kept_chunk kept;
    int given_up;        /* a rank has failed: no more writes (the file is abandoned) */
};

static int make_chunk(void *ctx, size_t c, struct parcel *out, struct error *err)
{
    struct chunks *w = ctx;
    struct kept_chunk *keep = w->kept.results ? &w->kept : NULL;
    return pack_chunk(w->run, w->pass, c * w->run->chunk, out ? out : &w->own, keep, err);
}

static int take_chunk(void *ctx, size_t c, struct parcel *in, struct error *err)
{
    struct chunks *w = ctx;
    const int rc = unpack_chunk(w->run, w->pass, c * w->run->chunk, in ? in : &w->own, err);
    parcel_free(&w->own);
    return rc;
}

/* Every rank, once a round: the microdata of the chunk it made in the round written into their
 * columns of the results file, every scenario's, in the same order on every rank (collective
 * writes: a rank without a chunk in the round writes nothing, but takes part). After a failure
 * on any rank nothing more is written: the file will be abandoned. A write that fails may leave
 * the other ranks inside HDF5's collective call, out of reach of any agreement: the job ends
 * there (ranks_abort), with the error and no temporary file. */
static void write_round(void *ctx, size_t c, struct parcel *out, int failed)
{
    (void)c;   /* the chunk kept, if any */
    struct chunks *w = ctx;
    struct run *run = w->run;
    struct kept_chunk *kept = &w->kept;
    if (!w->given_up) w->given_up = ranks_any(failed);
    const struct parcel *parcel = out ? out : &w->own;
    for (int k = 0; k < run->n && !failed && run->comparisons; k++)   /* views into the parcel */
        if (kept->results[k].n_years) compared_in_parcel(&kept->results[k], k == 0, parcel,
                                                         kept->compared[k], 0);
    for (int k = 0; k < run->n && !w->given_up; k++) {
        struct scenario_result none;
        memset(&none, 0, sizeof none);
        none.n_years = run->results[k].n_years;
        const int mine = kept->results[k].n_years > 0;
        if (h5out_microdata_write(run->out_file, run->scenarios[k].name,
                                  mine ? &kept->results[k] : &none, &kept->ids,
                                  mine ? kept->first : 0, run->pop.n_households)) {
            struct error error = {0};
            err_set(&error, ERR_RUN, "--out %s: writing failed: rank %d could not write its "
                    "part of the microdata of %s through MPI-IO (a full disk or a file size "
                    "limit?)", run->args->out, ranks_rank(), run->scenarios[k].name);
            ranks_abort(&error);
        }
    }
    for (int k = 0; k < run->n; k++) {
        if (!failed && run->comparisons && kept->results[k].n_years)   /* the parcel's */
            compared_in_parcel(&kept->results[k], k == 0, NULL, 0, 0);
        scenario_result_free(&kept->results[k]);
    }
    free(kept->ids.household_id);
    memset(&kept->ids, 0, sizeof kept->ids);
}

static int run_pass_ranks(struct run *run, struct pass *pass, struct error *err)
{
    const int write = pass->final && run->shared;
    struct chunks chunks = {run, pass, {NULL, 0, 0, 0, 0}, {0, {0}, NULL, NULL}, 0};
    if (write) {
        chunks.kept.results = xcalloc((size_t)run->n, sizeof *chunks.kept.results);
        chunks.kept.compared = xcalloc((size_t)run->n, sizeof *chunks.kept.compared);
    }
    const struct ranks_work work = {make_chunk, take_chunk, &chunks, write ? write_round : NULL};
    const int rc = ranks_in_order((run->pop.n_households + run->chunk - 1) / run->chunk, &work, 0,
                                  err);
    parcel_free(&chunks.own);   /* kept when rank 0 failed packing its own */
    free(chunks.kept.results);
    free(chunks.kept.compared);
    return rc;
}

static int run_pass(struct run *run, struct pass *pass, struct error *err)
{
    return run->spread ? run_pass_ranks(run, pass, err) : run_pass_alone(run, pass, err);
}

/* Year y's registry exits decided on rank 0 over the candidates gathered, and handed to every
 * rank; the weighted leavers added into exits when not NULL. */
static void decide_registry(struct run *run, int k, int y, double *exits)
{
    struct scenario_result *res = &run->results[k];
    const size_t H = run->pop.n_households;
    if (ranks_rank() == 0) {
        char *unreached = res->warning ? NULL : (res->warning = xcalloc(512, 1));
        projection_registry_decide(&run->scenarios[k], run->pop.regions, run->pop.n_regions, y,
                                   &run->plans[k], H, exits, unreached);
    } else {
        run->plans[k].leave[y] = xcalloc(H / 8 + 1, 1);
    }
    if (!exits) ranks_broadcast(run->plans[k].leave[y], H / 8 + 1);
}

/* Under mpirun with --microdata (run->shared), every rank writes the microdata of its chunks
 * into the one results file, through parallel HDF5 (MPI-IO). Rank 0 creates the file as one
 * process does (h5out_open), adds every scenario's microdata datasets, empty but whole, and
 * closes it, so that they are laid out as one process lays them out (created by MPI-IO they
 * would be allocated early, not incrementally); then every rank opens it with MPI-IO (after
 * checking it can see it: the file must be on a file system every rank shares), writes its
 * chunks round by round (write_round) and closes it. The rest of the file (summaries, /meta,
 * comparisons, validation: small tables) is rank 0's, written as one process writes it into
 * the file reopened on its own (run_write), so no other call of the file's has to be made by
 * every rank alike. Collective; rc agreed on entry. */
static int share_results_file(struct run *run, int rc, struct error *err)
{
    const char *out = run->args->out;
    const size_t H = run->pop.n_households;
    if (ranks_rank() == 0 && !rc) {
        errno = 0;
        for (int k = 0; k < run->n && !rc; k++)
            if (h5out_microdata_create(run->out_file, run->scenarios[k].name,
                                       run->results[k].n_years, H))
                rc = h5io_write_failed(out, errno, err);
        if (rc) h5out_abandon(run->out_file, run->out_tmp);
        else rc = h5io_close_temp(run->out_file, run->out_tmp, out, err);
        run->out_file = -1;   /* closed or abandoned */
    }
    rc = ranks_agree(rc, err);
    if (rc) return rc;
    ranks_broadcast(run->out_tmp, sizeof run->out_tmp);
    run->shared = 1;
    if (access(run->out_tmp, R_OK | W_OK) != 0)
        rc = err_set(err, ERR_RUN, "--out %s: rank %d cannot open %s (%s): under mpirun with "
                     "--microdata every rank writes into the results file, which must be on a "
                     "file system every rank shares", out, ranks_rank(), run->out_tmp,
                     strerror(errno));
    rc = ranks_agree(rc, err);
    if (!rc) {
        run->out_file = h5io_open_shared(run->out_tmp, out, err);
        rc = ranks_agree(run->out_file < 0, err);
    }
    if (rc && run->out_file >= 0) {   /* it opened here but not everywhere: closing would wait */
        h5io_leave_open();
        run->out_file = -1;
    }
    return rc;
}

/* Every rank: the shared results file closed (collective), then the columns of its own chunks
 * read back, each chunk's checksum verified: Open MPI's MPI-IO (OMPIO) reports no failed write
 * (a full disk, say): every call succeeds and the file is left with holes, so a write that
 * failed is found only by reading. Then rank 0 reopens the file on its own for the rest, or
 * removes it after a failure. Collective; rc agreed on entry, agreed on return. */
static int finish_shared(struct run *run, int rc, struct error *err)
{
    const char *out = run->args->out;
    const size_t H = run->pop.n_households, chunks = (H + run->chunk - 1) / run->chunk;
    int mine = 0;   /* MPI-IO leaves no errno to tell why */
    if (run->out_file >= 0 && h5io_close_shared(run->out_file) && !rc)
        mine = err_set(err, ERR_RUN, "--out %s: writing failed: the file the ranks wrote into "
                       "together could not be completed through MPI-IO (a full disk or a file "
                       "size limit?)", out);
    run->out_file = -1;
    rc = ranks_agree(rc || mine, err);
    if (!rc) {
        h5io_quiet();
        hid_t file = H5Fopen(run->out_tmp, H5F_ACC_RDONLY, H5P_DEFAULT);
        for (size_t c = (size_t)ranks_rank(); c < chunks && !mine; c += (size_t)ranks_size()) {
            const size_t first = c * run->chunk, count = H - first < run->chunk ? H - first
                                                                                : run->chunk;
            for (int k = 0; k < run->n && !mine; k++)
                if (file < 0 || h5out_microdata_check(file, run->scenarios[k].name,
                                                      run->results[k].n_years, first, count, H))
                    mine = err_set(err, ERR_RUN, "--out %s: writing failed: the microdata of "
                                   "households %zu-%zu of scenario %s do not read back (MPI-IO "
                                   "reported no failure: a full disk?)", out, first,
                                   first + count - 1, run->scenarios[k].name);
        }
        if (file >= 0) H5Fclose(file);
        rc = ranks_agree(mine, err);
    }
    if (ranks_rank() != 0) {
        tempfile_forget();   /* rank 0's to rename or remove */
    } else if (rc) {
        remove(run->out_tmp);
        tempfile_forget();
    } else if ((run->out_file = h5io_reopen_temp(run->out_tmp, out, err)) < 0) {
        remove(run->out_tmp);
        tempfile_forget();
        rc = -1;   /* agreed by the caller */
    }
    return rc;
}

/* rc agreed on by every rank when the run is spread over them; as it is otherwise. */
static int agreed(const struct run *run, int rc, struct error *err)
{
    return run->spread ? ranks_agree(rc, err) : rc;
}

int run_simulate(struct run *run, struct error *err)
{
    const int n = run->n, root = ranks_rank() == 0;
    if (!run->spread && !root) return 0;   /* one chunk: rank 0's alone */
    const size_t H = run->pop.n_households;
    const int R = run->pop.n_regions;
    struct scenario_totals *totals = xcalloc((size_t)n + 1, sizeof *totals);
    struct scenario_totals *scratch = xcalloc((size_t)n + 1, sizeof *scratch);
    double *seconds = xcalloc((size_t)n + 1, sizeof *seconds);
    uint8_t *which = xcalloc((size_t)n + 1, 1);
    struct income_ranking ranking = {0};
    const double start = omp_get_wtime();
    int rc = 0;
    for (int k = 0; k < n; k++) {
        struct scenario_result *res = &run->results[k];
        res->first_year = run->scenarios[k].first_year;
        res->n_years = run->scenarios[k].last_year - run->scenarios[k].first_year + 1;
        res->n_regions = R;
        res->n_households = H;
        const size_t cells = (size_t)res->n_years * 12 * summary_month_stride(res) + 1;
        const size_t exits = (size_t)res->n_years * 2 * R + 1;
        res->summary = xcalloc(cells, sizeof *res->summary);
        totals[k] = (struct scenario_totals){res->summary, xcalloc(exits, sizeof(double)), 0, NULL};
        scratch[k] = (struct scenario_totals){xcalloc(cells, sizeof(double)),
                                              xcalloc(exits, sizeof(double)), 0, NULL};
        run->plans[k].gather_year = -1;
        run->plans[k].leave = xcalloc((size_t)res->n_years + 1, sizeof *run->plans[k].leave);
        if (root && run->comparisons && k > 0)
            comparison_init(&run->comparisons[k - 1], res->first_year, res->n_years, H);
    }
    if (root && run->comparisons) income_ranking_init(&ranking, run->results[0].n_years, H);
    if (root && run->args->microdata &&
        (run->out_file = h5out_open(run->args->out, run->out_tmp, err)) < 0)
        rc = -1;
    rc = agreed(run, rc, err);
    if (run->spread && run->args->microdata) rc = share_results_file(run, rc, err);
    /* a streamed run decides each aligned registry year before its last over every chunk */
    for (int y = 0; run->streamed && !rc; y++) {
        int any = 0, more = 0;
        for (int k = 0; k < n; k++) {
            const int years = run->results[k].n_years;
            which[k] = y < years - 1 && aligned_registry_year(&run->scenarios[k], y);
            run->plans[k].gather_year = which[k] ? y : -1;
            any |= which[k];
            more |= y < years - 1;
        }
        if (!more) break;
        if (!any) continue;
        for (int k = 0; k < n; k++) scratch[k].years = y + 1;
        struct pass pass = {y + 1, which, scratch, 0, seconds, 0, NULL};
        rc = run_pass(run, &pass, err);
        for (int k = 0; k < n && !rc; k++)
            if (which[k]) decide_registry(run, k, y, NULL);
    }
    struct pass pass = {0, which, totals, 1, seconds, 0, &ranking};
    for (int k = 0; k < n && !rc; k++) {   /* the last year's alignment: gathered, decided after */
        const int last = run->results[k].n_years - 1;
        which[k] = 1;
        run->plans[k].gather_year = run->streamed && aligned_registry_year(&run->scenarios[k], last)
                                        ? last : -1;
    }
    if (!rc) rc = run_pass(run, &pass, err);
    if (!rc && run->have_file) rc = population_file_seal(&run->file, &run->population_files, err);
    rc = agreed(run, rc, err);
    if (run->shared) rc = agreed(run, finish_shared(run, rc, err), err);
    for (int k = 0; k < n && !rc && root; k++) {
        struct scenario_result *res = &run->results[k];
        const int last = res->n_years - 1;
        if (run->plans[k].gather_year == last)
            projection_registry_decide(&run->scenarios[k], run->pop.regions, R, last,
                                       &run->plans[k], H, totals[k].exits + (size_t)last * 2 * R,
                                       res->warning ? NULL : (res->warning = xcalloc(512, 1)));
        simulation_add_exits(res, totals[k].exits);
        if (budget_run(&run->scenarios[k].budget, run->pop.regions, res, &run->budgets[k], err)) {
            rc = -1;
            break;
        }
        if (res->warning && !res->warning[0]) {
            free(res->warning);
            res->warning = NULL;
        }
        const char *name = run->scenarios[k].name;
        if (res->warning) fprintf(stderr, "dibaosim: warning: %s: %s\n", name, res->warning);
        const int months = res->n_years * 12;
        if (!run->args->quiet && !run->spread)
            fprintf(stderr, "%s: %zu persons × %d months simulated in %.3f s: %.1f million "
                    "person-months/s on %d threads\n", name, pass.persons, months, seconds[k],
                    (double)pass.persons * months / seconds[k] / 1e6, run->options.threads);
    }
    double summed = 0;
    for (int k = 0; k < n; k++) summed += seconds[k];
    if (!rc && root && !run->args->quiet && run->spread)
        fprintf(stderr, "%d scenarios: %zu persons simulated in %.3f s on %d ranks × %d threads "
                "(%.3f s of simulation summed over the ranks)\n", n, pass.persons,
                omp_get_wtime() - start, ranks_size(), run->options.threads, summed);
    if (!rc && root && run->comparisons) income_ranking_sort(&ranking);
    for (int k = 1; root && run->comparisons && k < n && !rc; k++)
        comparison_finish(&run->comparisons[k - 1], &ranking);
    income_ranking_free(&ranking);
    for (int k = 0; k < n; k++) {
        free(totals[k].exits);
        free(scratch[k].summary);
        free(scratch[k].exits);
    }
    free(totals);
    free(scratch);
    free(seconds);
    free(which);
    return rc;
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
    run->simulated = xcalloc((size_t)t->n + 1, sizeof *run->simulated);
    run->trend_index = xcalloc((size_t)t->n_trends * TREND_MAX_YEARS + 1, sizeof *run->trend_index);
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
        char ranks[32] = "";
        if (ranks_size() > 1) snprintf(ranks, sizeof ranks, "%d ranks × ", ranks_size());
        if (r->n_replications + tornado + r->n_points && !run->args->quiet && ranks_rank() == 0)
            fprintf(stderr, "%s: %d replications, %d tornado and %d sweep runs in %.3f s on %s%d "
                    "threads\n", run->scenarios[k].name, r->n_replications, tornado, r->n_points,
                    omp_get_wtime() - start, ranks, run->options.threads);
    }
    return 0;
}

/* Every file the run read, with the SHA-256 taken as it was read, for the provenance. */
static void list_inputs(struct run *run)
{
    struct run_record *record = &run->record;
    size_t total = run->population_files.n + run->targets_files.n;
    for (int k = 0; k < run->n; k++) total += run->scenarios[k].files.n;
    record->inputs = xcalloc(total + 1, sizeof *record->inputs);
    record->input_sha256 = xcalloc(total + 1, sizeof *record->input_sha256);
    for (int k = 0; k <= run->n + 1; k++) {   /* the scenarios, the population, the targets */
        const struct yfiles *files = k < run->n    ? &run->scenarios[k].files
                                     : k == run->n ? &run->population_files
                                                   : &run->targets_files;
        for (size_t f = 0; f < files->n; f++) {
            record->inputs[record->n_inputs] = files->paths[f];
            record->input_sha256[record->n_inputs++] = files->sha256[f];
        }
    }
}

int run_write(struct run *run, const char *path, struct error *err)
{
    list_inputs(run);
    const struct run_output out = {run->scenarios, run->results, run->n, &run->pop,
                                   run->comparisons, run->sensitivity, 0,
                                   run->targets_path ? &run->validation : NULL, run->budgets};
    if (run->out_file < 0) return h5out_write(path, &run->record, &out, err);
    const hid_t file = run->out_file;
    run->out_file = -1;   /* finished or abandoned */
    return h5out_finish(file, run->out_tmp, path, &run->record, &out, err);
}

void run_free(struct run *run)
{
    if (run->out_file >= 0) h5out_abandon(run->out_file, run->out_tmp);
    for (int k = 0; k < run->n && run->plans; k++)
        registry_plan_free(&run->plans[k], run->results ? run->results[k].n_years : 0);
    free(run->plans);
    if (run->have_spec) synthspec_free(&run->spec);
    if (run->have_file) population_file_close(&run->file);
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

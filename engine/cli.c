/* cli — see cli.h. One table of commands (usage, what it does, the options it takes) and one of
 * options (value or flag, help): the global help, each command's --help, the checks of a
 * command line and the suggestions for a misspelt command or option all read them. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "memory.h"
#include "scenario.h"

enum option {
    O_POPULATION, O_OUT, O_TARGETS, O_YEARS, O_THREADS, O_SEED, O_SCALE, O_EVALUATIONS, O_STARTS,
    O_MICRODATA, O_MONTHLY, O_QUIET, O_HTML, O_HOUSEHOLD, O_YEAR, O_MONTH, O_JSON, O_CHUNK,
    N_OPTIONS
};

static const struct {
    const char *name;
    int takes_value;
    const char *help;
} OPTIONS[N_OPTIONS] = {
    [O_POPULATION] = {"--population", 1, "DIR|FILE.h5|SPEC.yaml: a CSV folder, an HDF5 "
                                         "population or a population spec (generated)"},
    [O_OUT] = {"--out", 1, "FILE: where to write (through a temporary name)"},
    [O_TARGETS] = {"--targets", 1, "TARGETS.yaml: the published figures and the tuned keys"},
    [O_YEARS] = {"--years", 1, "YEAR or FROM:TO: the years to simulate (default: the scenario's)"},
    [O_THREADS] = {"--threads", 1, "N: OpenMP threads, 1 to 1024 (default: all cores); results "
                                   "do not depend on it"},
    [O_SEED] = {"--seed", 1, "S: the seed of every random draw, 0 to 2^64 - 1 (default 0)"},
    [O_SCALE] = {"--scale", 1, "K: a spec's households × K, weights ÷ K (default 1)"},
    [O_CHUNK] = {"--chunk", 1, "N: households through the core at a time, rounded up to a "
                 "multiple of 65536 (default 262144); results do not depend on it"},
    [O_EVALUATIONS] = {"--evaluations", 1, "N: most evaluations per region (default 1500)"},
    [O_STARTS] = {"--starts", 1, "N: points screened per region (default 1: the spec's own)"},
    [O_MICRODATA] = {"--microdata", 0, "add per-household annual amounts to the results file"},
    [O_MONTHLY] = {"--monthly", 0, "add the monthly cash flow of every program"},
    [O_HTML] = {"--html", 1, "OUT.html: also write the results as one web page (inline charts)"},
    [O_HOUSEHOLD] = {"--household", 1, "ID: the household_id to explain"},
    [O_YEAR] = {"--year", 1, "Y: the year to explain"},
    [O_MONTH] = {"--month", 1, "M: only month M (1-12) of the year"},
    [O_JSON] = {"--json", 0, "print JSON instead of tables"},
    [O_QUIET] = {"--quiet", 0, "nothing on stderr but errors and warnings (no timings, no "
                               "progress)"},
};

#define BIT(o) (1u << (o))
#define SIMULATING (BIT(O_POPULATION) | BIT(O_OUT) | BIT(O_YEARS) | BIT(O_THREADS) | \
                    BIT(O_SEED) | BIT(O_SCALE) | BIT(O_MICRODATA) | BIT(O_QUIET) | BIT(O_CHUNK))

static const struct {
    const char *name;
    enum command command;
    const char *usage;      /* after "dibaosim " */
    const char *does;
    unsigned options;       /* BIT(option) for each option it takes */
} COMMANDS[] = {
    {"run", CMD_RUN, "run SCENARIO.yaml... --population P --out FILE.h5 [options]",
     "simulate each scenario on the population, write results to --out (HDF5)\n"
     "and print its tables; --microdata adds per-household annual amounts", SIMULATING},
    {"compare", CMD_COMPARE, "compare BASELINE.yaml REFORM.yaml... --population P --out FILE.h5 "
     "[options]",
     "run like `run`, then compare every scenario with the first (the\n"
     "baseline) on the same households: cost by program and year, recipients\n"
     "gained and lost, winners and losers by income decile", SIMULATING},
    {"report", CMD_REPORT, "report FILE.h5 [--monthly] [--html OUT.html]",
     "print the tables of a results file again; --monthly adds the monthly\n"
     "cash flow of every program; --html writes them as a web page with charts",
     BIT(O_MONTHLY) | BIT(O_HTML)},
    {"export", CMD_EXPORT, "export FILE.h5 --out DIR",
     "write every table of a results file as CSV into the folder DIR: one\n"
     "file per table, the header naming each column with its units, money to\n"
     "the fen", BIT(O_OUT)},
    {"explain", CMD_EXPLAIN, "explain SCENARIO.yaml --population P --household ID --year Y "
     "[--month M] [--json]",
     "one household's year as the rules treated it: each dibao unit's members,\n"
     "the standard, its income over the standard, what it is entitled to and\n"
     "what it is paid, and why they differ; every program's monthly amounts",
     BIT(O_POPULATION) | BIT(O_HOUSEHOLD) | BIT(O_YEAR) | BIT(O_MONTH) | BIT(O_JSON) |
         BIT(O_SEED) | BIT(O_SCALE) | BIT(O_THREADS)},
    {"params", CMD_PARAMS, "params SCENARIO.yaml... --population P [--years A:B]",
     "print every lever's value in force by region and month (after extends,\n"
     "dating and indexation), the scenarios side by side, with its source",
     BIT(O_POPULATION) | BIT(O_YEARS) | BIT(O_SCALE) | BIT(O_SEED)},
    {"validate", CMD_VALIDATE, "validate SCENARIO.yaml... [--population P]",
     "check scenario files (keys, types, ranges, extends) without running;\n"
     "with --population, also their regions against the population's",
     BIT(O_POPULATION) | BIT(O_SCALE) | BIT(O_SEED) | BIT(O_THREADS)},
    {"import", CMD_IMPORT, "import DIR --out POP.h5",
     "check a CSV population (households.csv, persons.csv) and save it as HDF5", BIT(O_OUT)},
    {"synth", CMD_SYNTH, "synth SPEC.yaml --out POP.h5 [--scale K] [--seed S] [--threads N] [--chunk N]",
     "generate a synthetic population from a spec and save it as HDF5;\n"
     "--scale multiplies the spec's households (weights divide by it)",
     BIT(O_OUT) | BIT(O_SCALE) | BIT(O_SEED) | BIT(O_THREADS) | BIT(O_CHUNK)},
    {"calibrate", CMD_CALIBRATE, "calibrate SPEC.yaml SCENARIO.yaml --targets TARGETS.yaml "
     "--out CALIBRATED.yaml [options]",
     "tune the spec parameters the targets file names so that the scenario,\n"
     "run on the generated population, meets the published figures; writes\n"
     "the calibrated spec and prints published beside simulated; --starts N\n"
     "screens the spec's values and N-1 quasi-random points, refines the best;\n"
     "warns of tuned values left at a bound of their range",
     BIT(O_TARGETS) | BIT(O_OUT) | BIT(O_SCALE) | BIT(O_SEED) | BIT(O_THREADS) |
         BIT(O_EVALUATIONS) | BIT(O_STARTS)},
    {"doc", CMD_DOC, "doc keys|schema|population|spec|targets",
     "print the scenario key reference, the results schema, the population\n"
     "format, the population spec reference or the targets' measures as\n"
     "Markdown", 0},
};
#define N_COMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

/* Every command's name, "run|compare|...", for suggestions. */
static void command_names(char *out, size_t size)
{
    out[0] = '\0';
    for (size_t c = 0; c < N_COMMANDS; c++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", c ? "|" : "", COMMANDS[c].name);
}

static int command_of(enum command command)
{
    for (size_t c = 0; c < N_COMMANDS; c++)
        if (COMMANDS[c].command == command) return (int)c;
    return -1;
}

void cli_help(FILE *out)
{
    fputs("dibaosim — microsimulation of China's minimum living guarantee (dibao).\n\nusage:\n",
          out);
    for (size_t c = 0; c < N_COMMANDS; c++) fprintf(out, "  dibaosim %s\n", COMMANDS[c].usage);
    fputs("  dibaosim COMMAND --help | --help | --version\n\ncommands:\n", out);
    for (size_t c = 0; c < N_COMMANDS; c++) {
        fprintf(out, "  %-9s ", COMMANDS[c].name);
        for (const char *line = COMMANDS[c].does; *line;) {
            const size_t len = strcspn(line, "\n");
            fprintf(out, "%.*s\n", (int)len, line);
            line += len + (line[len] == '\n');
            if (*line) fprintf(out, "%10s ", "");
        }
    }
    fputs("\nexit status: 0 success, 1 failure while running, 2 bad input or usage\n", out);
}

void cli_command_help(FILE *out, enum command command)
{
    const int c = command_of(command);
    if (c < 0) {
        cli_help(out);
        return;
    }
    fprintf(out, "usage: dibaosim %s\n\n%s\n", COMMANDS[c].usage, COMMANDS[c].does);
    if (COMMANDS[c].options) fputs("\noptions:\n", out);
    for (int o = 0; o < N_OPTIONS; o++)
        if (COMMANDS[c].options & BIT(o)) fprintf(out, "  %-14s %s\n", OPTIONS[o].name, OPTIONS[o].help);
    fputs("\nexit status: 0 success, 1 failure while running, 2 bad input or usage\n", out);
}

/* A usage error: what is wrong, then where to read the usage. */
static int usage_error(struct error *err, const struct cli_args *args, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static int usage_error(struct error *err, const struct cli_args *args, const char *format, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, format);
    vsnprintf(what, sizeof what, format, ap);
    va_end(ap);
    const int c = args ? command_of(args->command) : -1;
    return err_set(err, ERR_INPUT, "%s\ntry `dibaosim %s%s--help`", what,
                   c >= 0 ? COMMANDS[c].name : "", c >= 0 ? " " : "");
}

/* The option argv[*i] names (--name or --name=value), or -1. */
static int option_of(const char *arg)
{
    for (int o = 0; o < N_OPTIONS; o++) {
        const size_t n = strlen(OPTIONS[o].name);
        if (strncmp(arg, OPTIONS[o].name, n) == 0 &&
            (arg[n] == '\0' || (arg[n] == '=' && OPTIONS[o].takes_value)))
            return o;
    }
    return -1;
}

static int unknown_option(struct error *err, const struct cli_args *args, const char *arg)
{
    char list[512] = "", name[64], nearest[64];
    for (int o = 0; o < N_OPTIONS; o++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", o ? "|" : "",
                 OPTIONS[o].name);
    snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
    if (choices_nearest(list, name, nearest, sizeof nearest))
        return usage_error(err, args, "unknown option '%s'; did you mean `%s`?", name, nearest);
    return usage_error(err, args, "unknown option '%s'", name);
}

/* A whole number in [low, high] for option o, or a usage error. */
static int whole(const struct cli_args *args, int o, const char *value, long long low,
                 long long high, long long *out, struct error *err)
{
    char *end;
    errno = 0;
    const long long n = strtoll(value, &end, 10);
    if (!*value || *end || errno || n < low || n > high)
        return usage_error(err, args, "%s takes a whole number from %lld to %lld, not '%s'",
                           OPTIONS[o].name, low, high, value);
    *out = n;
    return 0;
}

/* Option o with its value (NULL for a flag) into args. */
static int set_option(struct cli_args *args, int o, const char *value, struct error *err)
{
    long long n = 0;
    char *end;
    switch (o) {
    case O_POPULATION: args->population = value; return 0;
    case O_OUT: args->out = value; return 0;
    case O_TARGETS: args->targets = value; return 0;
    case O_MICRODATA: args->microdata = 1; return 0;
    case O_MONTHLY: args->monthly = 1; return 0;
    case O_QUIET: args->quiet = 1; return 0;
    case O_JSON: args->json = 1; return 0;
    case O_HOUSEHOLD:
        if (whole(args, o, value, INT64_MIN + 1, INT64_MAX, &n, err)) return -1;
        args->household = (int64_t)n;
        args->household_given = 1;
        return 0;
    case O_YEAR:
        if (whole(args, o, value, 1950, 2200, &n, err)) return -1;
        args->year = (int)n;
        return 0;
    case O_MONTH:
        if (whole(args, o, value, 1, 12, &n, err)) return -1;
        args->month = (int)n;
        return 0;
    case O_HTML: args->html = value; return 0;
    case O_YEARS:
        if (years_parse(value, &args->first_year, &args->last_year))
            return usage_error(err, args, "--years takes YEAR or FROM:TO (1950 to 2200), not '%s'",
                               value);
        return 0;
    case O_THREADS:
        if (whole(args, o, value, 1, 1024, &n, err)) return -1;
        args->threads = (int)n;
        return 0;
    case O_CHUNK:
        if (whole(args, o, value, 1, 1LL << 32, &n, err)) return -1;
        args->chunk = (size_t)n;
        return 0;
    case O_EVALUATIONS:
        if (whole(args, o, value, 1, 1000000, &n, err)) return -1;
        args->evaluations = (int)n;
        return 0;
    case O_STARTS:
        if (whole(args, o, value, 1, 100000, &n, err)) return -1;
        args->starts = (int)n;
        return 0;
    case O_SCALE: {
        const double k = strtod(value, &end);
        if (!*value || *end || !(k > 0) || k > 1e6)
            return usage_error(err, args, "--scale takes a number above 0 (at most 1e6), not '%s'",
                               value);
        args->scale = k;
        return 0;
    }
    case O_SEED:
        errno = 0;
        args->seed = strtoull(value, &end, 10);
        if (!*value || *end || value[0] == '-' || errno == ERANGE)
            return usage_error(err, args, "--seed takes a whole number from 0 to "
                               "18446744073709551615, not '%s'", value);
        return 0;
    }
    return 0;
}

/* What each command needs besides its options: how many files, and --out or --targets. */
static int check_command(const struct cli_args *args, struct error *err)
{
    switch (args->command) {
    case CMD_RUN:
        if (args->n_files < 1) return usage_error(err, args, "run: name at least one scenario file");
        break;
    case CMD_COMPARE:
        if (args->n_files < 2)
            return usage_error(err, args, "compare: name a baseline and at least one reform");
        break;
    case CMD_REPORT:
        if (args->n_files != 1) return usage_error(err, args, "report: name one results file");
        break;
    case CMD_EXPORT:
        if (args->n_files != 1) return usage_error(err, args, "export: name one results file");
        break;
    case CMD_PARAMS:
        if (args->n_files < 1) return usage_error(err, args, "params: name scenario files");
        break;
    case CMD_EXPLAIN:
        if (args->n_files != 1) return usage_error(err, args, "explain: name one scenario file");
        if (!args->household_given || !args->year)
            return usage_error(err, args, "explain: --household and --year are required");
        break;
    case CMD_VALIDATE:
        if (!args->n_files) return usage_error(err, args, "validate: name scenario files");
        break;
    case CMD_IMPORT:
        if (args->n_files != 1) return usage_error(err, args, "import: name one folder");
        break;
    case CMD_SYNTH:
        if (args->n_files != 1) return usage_error(err, args, "synth: name one spec");
        break;
    case CMD_CALIBRATE:
        if (args->n_files != 2)
            return usage_error(err, args, "calibrate: name a spec and a scenario");
        if (!args->targets) return usage_error(err, args, "calibrate: --targets is required");
        if (args->starts > args->evaluations)
            return usage_error(err, args, "calibrate: --starts %d exceeds --evaluations %d: each "
                               "start takes one evaluation", args->starts, args->evaluations);
        break;
    case CMD_DOC:
        if (args->n_files != 1) return usage_error(err, args, "doc: name one topic");
        break;
    default:
        break;
    }
    const int c = command_of(args->command);
    if ((args->command == CMD_RUN || args->command == CMD_COMPARE ||
         args->command == CMD_PARAMS || args->command == CMD_EXPLAIN) && !args->population)
        return usage_error(err, args, "%s: --population is required", COMMANDS[c].name);
    if (c >= 0 && (COMMANDS[c].options & BIT(O_OUT)) && !args->out)
        return usage_error(err, args, "%s: --out is required", COMMANDS[c].name);
    return 0;
}

int cli_parse(struct cli_args *args, int argc, char **argv, struct error *err)
{
    memset(args, 0, sizeof *args);
    for (int i = 0; i < argc; i++) {
        size_t used = strlen(args->command_line);
        snprintf(args->command_line + used, sizeof args->command_line - used, "%s%s",
                 i ? " " : "", argv[i]);
    }
    args->command = CMD_HELP;
    if (argc < 2) return usage_error(err, NULL, "no command given");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) return 0;
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        args->command = CMD_VERSION;
        return 0;
    }
    char names[128], nearest[64];
    command_names(names, sizeof names);
    const int c = choices_index(names, cmd);
    if (c < 0) {
        if (choices_nearest(names, cmd, nearest, sizeof nearest))
            return usage_error(err, NULL, "unknown command '%s'; did you mean `%s`?", cmd, nearest);
        return usage_error(err, NULL, "unknown command '%s'", cmd);
    }
    args->command = COMMANDS[c].command;
    args->scale = 1.0;
    args->evaluations = 1500;
    args->starts = 1;
    args->files = xcalloc((size_t)argc, sizeof *args->files);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            args->files[args->n_files++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            args->help = 1;
            return 0;
        }
        const int o = option_of(a);
        if (o < 0) return unknown_option(err, args, a);
        if (!(COMMANDS[c].options & BIT(o)))
            return usage_error(err, args, "%s does not take %s", COMMANDS[c].name,
                               OPTIONS[o].name);
        const char *value = NULL;
        if (OPTIONS[o].takes_value) {
            const char *eq = strchr(a, '=');
            if (eq) value = eq + 1;
            else if (i + 1 < argc) value = argv[++i];
            else return usage_error(err, args, "missing value after %s", a);
        }
        if (set_option(args, o, value, err)) return -1;
    }
    return check_command(args, err);
}

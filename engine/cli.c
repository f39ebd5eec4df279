/* cli — see cli.h. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static const char USAGE[] =
    "usage:\n"
    "  dibaosim run SCENARIO.yaml... --population DIR|FILE.h5|SPEC.yaml --out FILE.h5\n"
    "               [--years 2016:2020] [--threads N] [--seed S] [--scale K] [--microdata]\n"
    "  dibaosim compare BASELINE.yaml REFORM.yaml... --population ... --out FILE.h5\n"
    "               [--years 2016:2020] [--threads N] [--seed S] [--scale K] [--microdata]\n"
    "  dibaosim report FILE.h5 [--monthly]\n"
    "  dibaosim validate SCENARIO.yaml...\n"
    "  dibaosim import DIR --out POP.h5\n"
    "  dibaosim synth SPEC.yaml --out POP.h5 [--scale K] [--seed S] [--threads N]\n"
    "  dibaosim calibrate SPEC.yaml SCENARIO.yaml --targets TARGETS.yaml --out CALIBRATED.yaml\n"
    "               [--scale K] [--seed S] [--threads N] [--evaluations N] [--starts N]\n"
    "  dibaosim doc keys|schema|population|spec|targets\n"
    "  dibaosim --help | --version\n";

void cli_help(FILE *out)
{
    fputs("dibaosim — microsimulation of China's minimum living guarantee (dibao).\n\n", out);
    fputs(USAGE, out);
    fputs("\ncommands:\n"
          "  run       simulate each scenario on the population, write results to --out (HDF5)\n"
          "            and print its tables; --microdata adds per-household annual amounts\n"
          "  compare   run like `run`, then compare every scenario with the first (the\n"
          "            baseline) on the same households: cost by program and year, recipients\n"
          "            gained and lost, winners and losers by income decile\n"
          "  report    print the tables of a results file again; --monthly adds the monthly\n"
          "            cash flow of every program\n"
          "  validate  check scenario files (keys, types, ranges, extends) without running\n"
          "  import    check a CSV population (households.csv, persons.csv) and save it as HDF5\n"
          "  synth     generate a synthetic population from a spec and save it as HDF5;\n"
          "            --scale multiplies the spec's households (weights divide by it)\n"
          "  calibrate tune the spec parameters the targets file names so that the scenario,\n"
          "            run on the generated population, meets the published figures; writes\n"
          "            the calibrated spec and prints published beside simulated; --starts N\n"
          "            screens the spec's values and N-1 quasi-random points, refines the best;\n"
          "            warns of tuned values left at a bound of their range\n"
          "  doc       print the scenario key reference, the results schema, the population\n"
          "            format, the population spec reference or the targets' measures as\n"
          "            Markdown\n"
          "\nexit status: 0 success, 1 failure while running, 2 bad input or usage\n", out);
}

static int usage_error(struct error *err, const char *what, const char *value)
{
    return err_set(err, ERR_INPUT, "%s%s%s\n%s", what, value ? " " : "", value ? value : "",
                   USAGE);
}

static int option_value(int argc, char **argv, int *i, const char **value, struct error *err)
{
    char *eq = strchr(argv[*i], '=');
    if (eq) {
        *value = eq + 1;
        return 0;
    }
    if (*i + 1 >= argc) return usage_error(err, "missing value after", argv[*i]);
    *value = argv[++*i];
    return 0;
}

static int option_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int cli_parse(struct cli_args *args, int argc, char **argv, struct error *err)
{
    memset(args, 0, sizeof *args);
    for (int i = 0; i < argc; i++) {
        size_t used = strlen(args->command_line);
        snprintf(args->command_line + used, sizeof args->command_line - used, "%s%s",
                 i ? " " : "", argv[i]);
    }
    if (argc < 2) return usage_error(err, "no command given", NULL);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        args->command = CMD_HELP;
        return 0;
    }
    if (!strcmp(cmd, "--version")) { args->command = CMD_VERSION; return 0; }
    if (!strcmp(cmd, "run")) args->command = CMD_RUN;
    else if (!strcmp(cmd, "compare")) args->command = CMD_COMPARE;
    else if (!strcmp(cmd, "report")) args->command = CMD_REPORT;
    else if (!strcmp(cmd, "validate")) args->command = CMD_VALIDATE;
    else if (!strcmp(cmd, "import")) args->command = CMD_IMPORT;
    else if (!strcmp(cmd, "synth")) args->command = CMD_SYNTH;
    else if (!strcmp(cmd, "calibrate")) args->command = CMD_CALIBRATE;
    else if (!strcmp(cmd, "doc")) args->command = CMD_DOC;
    else return usage_error(err, "unknown command", cmd);

    args->scale = 1.0;
    args->evaluations = 1500;
    args->starts = 1;
    args->files = calloc((size_t)argc, sizeof *args->files);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *value = NULL;
        if (a[0] != '-' || a[1] == '\0') { args->files[args->n_files++] = argv[i]; continue; }
        if (!strcmp(a, "--help")) { args->command = CMD_HELP; return 0; }
        if (!strcmp(a, "--microdata")) { args->microdata = 1; continue; }
        if (!strcmp(a, "--monthly")) { args->monthly = 1; continue; }
        if (option_is(a, "--population")) {
            if (option_value(argc, argv, &i, &args->population, err)) return -1;
        } else if (option_is(a, "--out")) {
            if (option_value(argc, argv, &i, &args->out, err)) return -1;
        } else if (option_is(a, "--targets")) {
            if (option_value(argc, argv, &i, &args->targets, err)) return -1;
        } else if (option_is(a, "--years")) {
            if (option_value(argc, argv, &i, &value, err)) return -1;
            if (years_parse(value, &args->first_year, &args->last_year))
                return usage_error(err, "--years takes YEAR or FROM:TO (1950 to 2200), not", value);
        } else if (option_is(a, "--threads")) {
            if (option_value(argc, argv, &i, &value, err)) return -1;
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || n < 1 || n > 1024)
                return usage_error(err, "--threads takes a number from 1 to 1024, not", value);
            args->threads = (int)n;
        } else if (option_is(a, "--scale")) {
            if (option_value(argc, argv, &i, &value, err)) return -1;
            char *end;
            double k = strtod(value, &end);
            if (*end || !(k > 0) || k > 1e6)
                return usage_error(err, "--scale takes a number above 0 (at most 1e6), not", value);
            args->scale = k;
        } else if (option_is(a, "--evaluations")) {
            if (option_value(argc, argv, &i, &value, err)) return -1;
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || n < 1 || n > 1000000)
                return usage_error(err, "--evaluations takes a number from 1 to 1000000, not", value);
            args->evaluations = (int)n;
        } else if (option_is(a, "--starts")) {
            if (option_value(argc, argv, &i, &value, err)) return -1;
            char *end;
            long n = strtol(value, &end, 10);
            if (*end || !*value || n < 1 || n > 100000)
                return usage_error(err, "--starts takes a number from 1 to 100000, not", value);
            args->starts = (int)n;
        } else if (option_is(a, "--seed")) {
            if (option_value(argc, argv, &i, &value, err)) return -1;
            char *end;
            unsigned long long s = strtoull(value, &end, 10);
            if (*end || !*value || value[0] == '-')
                return usage_error(err, "--seed takes a whole number ≥ 0, not", value);
            args->seed = s;
        } else {
            return usage_error(err, "unknown option", a);
        }
    }
    switch (args->command) {
    case CMD_RUN:
    case CMD_COMPARE: {
        const char *name = args->command == CMD_RUN ? "run" : "compare";
        if (args->n_files < (args->command == CMD_RUN ? 1 : 2))
            return usage_error(err, args->command == CMD_RUN
                                        ? "run: name at least one scenario file"
                                        : "compare: name a baseline and at least one reform", NULL);
        if (!args->population)
            return err_set(err, ERR_INPUT, "%s: --population is required\n%s", name, USAGE);
        if (!args->out) return err_set(err, ERR_INPUT, "%s: --out is required\n%s", name, USAGE);
        break;
    }
    case CMD_REPORT:
        if (args->n_files != 1) return usage_error(err, "report: name one results file", NULL);
        break;
    case CMD_VALIDATE:
        if (!args->n_files) return usage_error(err, "validate: name scenario files", NULL);
        break;
    case CMD_IMPORT:
        if (args->n_files != 1 || !args->out)
            return usage_error(err, "import: name one folder and --out FILE.h5", NULL);
        break;
    case CMD_SYNTH:
        if (args->n_files != 1 || !args->out)
            return usage_error(err, "synth: name one spec and --out FILE.h5", NULL);
        break;
    case CMD_CALIBRATE:
        if (args->n_files != 2 || !args->targets || !args->out)
            return usage_error(err, "calibrate: name a spec and a scenario, --targets and --out",
                               NULL);
        if (args->starts > args->evaluations)
            return err_set(err, ERR_INPUT, "calibrate: --starts %d exceeds --evaluations %d: each "
                           "start takes one evaluation\n%s", args->starts, args->evaluations, USAGE);
        break;
    case CMD_DOC:
        if (args->n_files != 1) return usage_error(err, "doc: name one topic", NULL);
        break;
    default:
        break;
    }
    return 0;
}

/* cli — the command line: subcommands, options, help text. Parsing only; main.c acts. */
#ifndef DIBAOSIM_CLI_H
#define DIBAOSIM_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"

enum command { CMD_HELP, CMD_VERSION, CMD_RUN, CMD_COMPARE, CMD_VALIDATE, CMD_IMPORT, CMD_SYNTH,
               CMD_CALIBRATE, CMD_REPORT, CMD_EXPORT, CMD_PARAMS, CMD_EXPLAIN, CMD_DOC };

struct cli_args {
    enum command command;
    int n_files;
    char **files;              /* scenarios (run, compare, validate), a folder (import), a
                                * spec (synth), a results file (report, export), a topic (doc) */
    const char *population;    /* a CSV folder, an HDF5 file or a spec (.yaml) */
    const char *out;
    const char *targets;       /* calibrate: the targets file */
    int first_year, last_year; /* 0: the scenario's years */
    int threads;               /* 0: OpenMP's default */
    uint64_t seed;
    double scale;              /* synthetic populations: households × scale (default 1) */
    size_t chunk;              /* run, compare: households at a time (0: the default) */
    int evaluations;           /* calibrate: most evaluations per region (default 1500) */
    int starts;                /* calibrate: points screened per region (default 1) */
    int microdata;
    int monthly;               /* report: add the monthly cash flow */
    int help;                  /* COMMAND --help: print the command's help */
    int quiet;                 /* run, compare: no timings or progress on stderr */
    const char *html;          /* report: the web page to write, or NULL */
    int64_t household;         /* explain: the household_id */
    int household_given;
    int year, month;           /* explain: the year; the month 1-12, or 0 for all */
    int json;                  /* explain: JSON output */
    char command_line[4096];
};

/* Parses argv; ERR_INPUT on a bad command line, saying what is wrong (with a suggestion for a
 * misspelt command or option) and which --help to read. args->files points into argv. */
int cli_parse(struct cli_args *args, int argc, char **argv, struct error *err);
/* The usage of every command; one command's usage, what it does and its options. */
void cli_help(FILE *out);
void cli_command_help(FILE *out, enum command command);

#endif

/* explain_steps — the steps of an explanation and where they are written (explain.h).
 *
 * A step is one thing a program computed for a household in a month: its program, its unit
 * (dibao's unit 1, 2, …; 0 for the household's own steps; a person's id for programs paid per
 * person), a short name, a value and a sentence saying how the value came about. explain.c
 * writes each month's steps as text lines or as JSON objects {"program", "unit", "step",
 * "value", "detail"}; explain_dibao.c and explain_programs.c produce them from what the run
 * recorded (struct household_trace), calling the rules' own functions where a figure is needed
 * again, never a copy of their arithmetic. */
#ifndef DIBAOSIM_EXPLAIN_STEPS_H
#define DIBAOSIM_EXPLAIN_STEPS_H

#include <stdint.h>
#include <stdio.h>

#include "money.h"
#include "simulate.h"

/* What a step's value is. */
enum explain_value {
    VALUE_YUAN,     /* money, yuan */
    VALUE_NUMBER,   /* a count, a share, a ratio, a draw */
    VALUE_YES_NO,   /* 1 yes, 0 no */
    VALUE_NONE,     /* no value: the detail says it all */
};

/* One household-month being explained and where its steps go. */
struct explain_month {
    FILE *out;
    int json;
    int written;                           /* steps written so far this month */
    const struct simulation *sim;
    const struct household_trace *t;
    int month;                             /* 0-11 */
    const struct policy_month *rules;      /* in force this month */
    int region;
    uint32_t members;                      /* the household's persons, living or not */
};

/* Writes a step; the detail is printf-formatted. */
void explain_step(struct explain_month *x, const char *program, int64_t unit, const char *step,
                  enum explain_value kind, double value, const char *detail, ...)
    __attribute__((format(printf, 7, 8)));

/* Micro-fen (the rules' units inside an assessment) and fen, as yuan. */
static inline double explain_micro_yuan(money_wide v)
{
    return (double)v / (100.0 * MONEY_MICRO);
}
static inline double explain_yuan(int64_t fen) { return (double)fen / 100.0; }

/* Where lever `param`'s value for the household's region this month came from: the file and
 * line it was written at (or its default), the month it took effect, and its indexation. */
void explain_source(const struct explain_month *x, int param, char *out, size_t size);

/* Dibao's steps (explain_dibao.c), then every other program's (explain_programs.c). */
void explain_dibao(struct explain_month *x);
void explain_programs(struct explain_month *x);

#endif

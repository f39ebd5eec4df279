/* rng — counter-based random streams keyed on identity, never on order.
 *
 * A stream is Random123's Philox4x64-10 keyed on (seed, entity id) with a counter holding
 * (year, month, stream, replication) and a draw index. The same key gives the same draws in
 * any thread, on any rank, in any order of processing: that is what makes results identical for
 * any thread count and what lets two scenarios see the same draws.
 *
 * A stream lives on the stack (no allocation) and also works as a gsl_rng, so GSL's
 * distributions can draw from it: gsl_ran_gaussian(rng_gsl(&s), 1.0). Do not copy an
 * initialised stream: it points at its own state. */
#ifndef DIBAOSIM_RNG_H
#define DIBAOSIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* Stream numbers: one per purpose, so purposes never share draws. */
enum rng_purpose {
    RNG_TEST = 0,
    RNG_TAKE_UP = 1,
    RNG_INCOME_ERROR = 2,
    RNG_WRONGFUL_INCLUSION = 3,
    RNG_TRANSITION = 4,     /* projection: one stream per person and month */
    RNG_SHOCK = 5,          /* temporary assistance: one stream per household and year */
    RNG_SENSITIVITY = 6,    /* sensitivity: one stream per uncertain parameter and replication */
    RNG_REVIEW = 7,         /* dibao reviews: one stream per unit and month */
    RNG_APPLICATION = 8,    /* dibao applications: one stream per unit and month */
    RNG_REGISTRY = 9,       /* registry exit: one stream per household and year */
};

struct rng_state {
    uint64_t counter[4];   /* draw index, year/month, stream, replication */
    uint64_t key[2];       /* seed, entity id */
    uint64_t block[4];     /* the current output block */
    int left;              /* unused words in block */
};

struct rng_stream {
    gsl_rng gsl;
    struct rng_state state;
};

void rng_stream_init(struct rng_stream *s, uint64_t seed, uint64_t entity, int year, int month,
                     int stream, int replication);
/* A stream of one assessment unit for one year: keyed on (seed, household id) with the unit's
 * key (family id, separated person's id, or 0) in the counter beside the stream number, so that
 * every unit of a household has its own draws, the same in every scenario. */
void rng_unit_stream(struct rng_stream *s, uint64_t seed, uint64_t household, uint64_t unit_key,
                     int year, int stream, int replication);
/* The same for one month (0-11) of the year: month + 1 goes in the counter, so a monthly stream
 * never meets the yearly one. */
void rng_unit_month_stream(struct rng_stream *s, uint64_t seed, uint64_t household,
                           uint64_t unit_key, int year, int month, int stream);
/* The next 64 random bits. */
uint64_t rng_next(struct rng_stream *s);
/* Uniform on the open interval (0, 1), 53 bits. */
double rng_uniform(struct rng_stream *s);
/* Draw block `index` of the stream rng_stream_init(seed, entity, year, month, stream, 0) sets
 * up — its draws 4·index to 4·index + 3 as rng_uniform would return them — without setting up a
 * stream: one Philox call, for callers that need a few draws at fixed positions (the
 * projection's per person-month draws). */
void rng_uniform_block(uint64_t seed, uint64_t entity, int year, int month, int stream,
                       uint64_t index, double u[4]);
/* The stream as a gsl_rng for gsl_ran_* functions. */
static inline gsl_rng *rng_gsl(struct rng_stream *s) { return &s->gsl; }

/* Philox4x64-10 applied to one counter and key (exposed for known-answer tests). */
void rng_philox(const uint64_t counter[4], const uint64_t key[2], uint64_t out[4]);

#endif

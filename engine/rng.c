/* rng — see rng.h. The block function is Random123's philox4x64 (Debian librandom123-dev). */
#include "rng.h"

#include <Random123/philox.h>
#include <string.h>

void rng_philox(const uint64_t counter[4], const uint64_t key[2], uint64_t out[4])
{
    philox4x64_ctr_t c = {{counter[0], counter[1], counter[2], counter[3]}};
    philox4x64_key_t k = {{key[0], key[1]}};
    philox4x64_ctr_t r = philox4x64(c, k);
    memcpy(out, r.v, sizeof r.v);
}

/* The counter's fixed words: (year, month), stream, replication (word 0 is the draw index). */
static void set_counter(uint64_t counter[4], int year, int month, int stream, int replication)
{
    counter[1] = (uint64_t)(uint32_t)year << 8 | (uint64_t)(uint8_t)month;
    counter[2] = (uint64_t)(uint32_t)stream;
    counter[3] = (uint64_t)(uint32_t)replication;
}

/* A 64-bit word as a uniform on (0, 1): its top 53 bits and a half. */
static inline double uniform_of(uint64_t word) { return ((double)(word >> 11) + 0.5) * 0x1p-53; }

static uint64_t next_word(struct rng_state *st)
{
    if (st->left == 0) {
        rng_philox(st->counter, st->key, st->block);
        st->counter[0]++;
        st->left = 4;
    }
    return st->block[4 - st->left--];
}

static unsigned long gsl_get(void *state) { return (unsigned long)(next_word(state) >> 32); }

static double gsl_get_double(void *state) { return uniform_of(next_word(state)); }

static void gsl_set(void *state, unsigned long seed)
{
    (void)state;   /* streams are keyed at rng_stream_init; GSL's seeding does not apply */
    (void)seed;
}

static const gsl_rng_type PHILOX_TYPE = {
    "philox4x64-10-keyed", 0xffffffffUL, 0, sizeof(struct rng_state),
    gsl_set, gsl_get, gsl_get_double,
};

void rng_stream_init(struct rng_stream *s, uint64_t seed, uint64_t entity, int year, int month,
                     int stream, int replication)
{
    memset(&s->state, 0, sizeof s->state);
    set_counter(s->state.counter, year, month, stream, replication);
    s->state.key[0] = seed;
    s->state.key[1] = entity;
    s->gsl.type = &PHILOX_TYPE;
    s->gsl.state = &s->state;
}

void rng_unit_stream(struct rng_stream *s, uint64_t seed, uint64_t household, uint64_t unit_key,
                     int year, int stream, int replication)
{
    rng_stream_init(s, seed, household, year, 0, stream, replication);
    s->state.counter[2] |= unit_key << 8;   /* stream numbers stay below 256 */
}

void rng_unit_month_stream(struct rng_stream *s, uint64_t seed, uint64_t household,
                           uint64_t unit_key, int year, int month, int stream)
{
    rng_stream_init(s, seed, household, year, month + 1, stream, 0);
    s->state.counter[2] |= unit_key << 8;
}

uint64_t rng_next(struct rng_stream *s) { return next_word(&s->state); }

double rng_uniform(struct rng_stream *s) { return gsl_get_double(&s->state); }

void rng_uniform_block(uint64_t seed, uint64_t entity, int year, int month, int stream,
                       uint64_t index, double u[4])
{
    philox4x64_ctr_t c = {{index}};
    philox4x64_key_t k = {{seed, entity}};
    set_counter(c.v, year, month, stream, 0);
    const philox4x64_ctr_t r = philox4x64(c, k);
    for (int j = 0; j < 4; j++) u[j] = uniform_of(r.v[j]);
}

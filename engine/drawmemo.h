/* drawmemo — what a chunk's projection draws showed, kept for the next scenario run on the chunk.
 *
 * Each month the projection draws a Philox block for every living person (death, disability
 * onset and its level, illness onset: "health") and a second for a person who may take or leave
 * a job ("job"). The blocks are keyed on (seed, person, year, month), so every scenario of a
 * compare draws the very same ones. The first scenario to draw a block notes whether the uniforms
 * that decide its events are all at least DRAW_MEMO_THRESHOLD: the block is then "quiet". A later
 * scenario whose hazards for that person-month are all at most the threshold knows, without
 * drawing, that nothing happens (u < p cannot hold for u >= threshold >= p); otherwise it draws.
 * The results are those of drawing, whatever the scenarios and their order; only the Philox
 * work is saved, about nine blocks in ten after the first scenario.
 *
 * A memo covers the projected months (all but the first year's) of a chunk's persons, a byte
 * per person-month. Scenarios run one after another share it (compare), and so do runs made at
 * once on several threads (sensitivity): a byte is read and written with relaxed atomics, and a
 * note another thread's store overwrites is lost. A lost note only means a block drawn again:
 * notes are only ever added, and each is true of the draws, so a skip is never wrong. */
#ifndef DIBAOSIM_DRAWMEMO_H
#define DIBAOSIM_DRAWMEMO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define DRAW_MEMO_THRESHOLD 0.03125

enum draw_block { DRAW_HEALTH, DRAW_JOB };

struct draw_memo {
    _Atomic uint8_t *notes;   /* [years][persons][12 months]: per block b, bit 2b noted,
                               * 2b + 1 quiet; a person's months of a year side by side, as a
                               * household's months are simulated one after another, and a
                               * year's notes together, as the households run year by year */
    size_t n_persons;
    int first_year;           /* of the first month noted: the year after the run's first */
    int n_months;             /* months noted per person */
};

/* A memo for n_persons persons and the projected months of the years [first_year, last_year]
 * of the run (from January of first_year + 1). */
void draw_memo_init(struct draw_memo *m, size_t n_persons, int first_year, int last_year);
void draw_memo_free(struct draw_memo *m);

/* The notes of month `month` (0-11) of `year`, person p's at [12 p], or NULL when the memo
 * does not cover the month (m may be NULL). */
static inline _Atomic uint8_t *draw_memo_month(const struct draw_memo *m, int year, int month)
{
    const int y = m ? year - m->first_year : -1;
    return y >= 0 && y * 12 < m->n_months ? m->notes + (size_t)y * m->n_persons * 12 + month
                                          : NULL;
}

/* Whether a person's note (NULL: none) shows the block quiet and `hazard`, the largest of the
 * block's hazards, is at most the threshold: then no event can happen and the block need not be
 * drawn. */
static inline int draw_memo_skips(_Atomic uint8_t *note, enum draw_block b, double hazard)
{
    return note && (atomic_load_explicit(note, memory_order_relaxed) >> (2 * b + 1) & 1) &&
           hazard <= DRAW_MEMO_THRESHOLD;
}

/* The blocks a person's note shows quiet: bit b set for block b. A scenario whose hazards that
 * person-month are all at most the threshold skips exactly those blocks (draw_memo_skips). */
static inline unsigned draw_memo_quiet(_Atomic uint8_t *note)
{
    const unsigned v = atomic_load_explicit(note, memory_order_relaxed);
    return (v >> (2 * DRAW_HEALTH + 1) & 1) << DRAW_HEALTH | (v >> (2 * DRAW_JOB + 1) & 1) << DRAW_JOB;
}

/* Notes in a person's note a block just drawn: quiet when all of its deciding uniforms are at
 * least the threshold. */
static inline void draw_memo_remember(_Atomic uint8_t *note, enum draw_block b, int quiet)
{
    const uint8_t was = atomic_load_explicit(note, memory_order_relaxed);
    atomic_store_explicit(note, (uint8_t)(was | (1 | (quiet ? 2 : 0)) << (2 * b)),
                          memory_order_relaxed);
}

#endif

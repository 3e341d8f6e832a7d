/* Internal layout of shadow data and the generator shared by the samplers. */
#ifndef PLT_SHADOWS_IMPL_H
#define PLT_SHADOWS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/rng.h"
#include "plateau/shadows.h"

/* Shot i occupies 3 nw words at data + 3 nw i: the basis as x and z planes (X = (1,0),
 * Y = (1,1), Z = (0,1), as Pauli strings store letters), then the outcome bits. */
struct plt_shadows {
    int n, nw;
    size_t count, cap;
    uint64_t *data;
};

static inline const uint64_t *shadows_shot_words(const plt_shadows *s, size_t i) {
    return s->data + 3 * (size_t)s->nw * i;
}

/* Reserves room for one more shot and returns its (zeroed) words; NULL when out of memory. */
uint64_t *shadows_push(plt_shadows *s);

/* 0, 1 or 2 (X, Y, Z) uniformly, without modulo bias: the top two bits of a draw, 3 redrawn. */
static inline int shadows_draw_basis(plt_rng *r) {
    for (;;) {
        uint64_t v = plt_rng_next_u64(r) >> 62;
        if (v < 3) return (int)v;
    }
}
/* Writes basis b (0 X, 1 Y, 2 Z) of qubit q into a shot's planes. */
static inline void shadows_set_basis(uint64_t *w, int nw, int q, int b) {
    uint64_t bit = UINT64_C(1) << (q % 64);
    if (b != 2) w[q / 64] |= bit;
    if (b != 0) w[nw + q / 64] |= bit;
}

#endif

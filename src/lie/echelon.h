/* Internal: a span of Pauli sums in echelon form over string ids (see echelon.c), used by the
 * Pauli-sum Lie closure. Vector k has coefficient 1 on its pivot string piv[k], which no
 * vector before k holds. */
#ifndef PLT_LIE_ECHELON_H
#define PLT_LIE_ECHELON_H

#include <stddef.h>
#include <stdint.h>

#include "lie/strtab.h"
#include "plateau/status.h"

typedef struct plt_ech {
    size_t n;                  /* vectors */
    size_t *off;               /* n + 1: vector k is terms [off[k], off[k+1]) */
    uint32_t *sid;
    double *coef;
    uint64_t *mcoef;           /* the same coefficients exactly, modulo PLT_ECH_P */
    uint32_t *piv;             /* pivot string of each vector */
    size_t cap_el, cap_piv, cap_ts, cap_tc, cap_tm;
    uint32_t *pivot_of;        /* per string id: the vector it is the pivot of, or NONE */
    size_t cap_po;
    /* the sparse accumulator the caller fills with plt_ech_add */
    double *acc;
    uint64_t *macc;
    uint8_t *amark;
    uint32_t *atouch;
    size_t na, cap_acc, cap_macc, cap_am, cap_at;
    uint32_t *heap;
    uint8_t *inheap;
    size_t nh, cap_h, cap_ih;
    int capped;                /* 1 when an independent candidate met max_dim */
    uint64_t work;             /* term updates done by offer, rebuild and backsub (counted,
                                * so that a closure can stop on work, never on a clock) */
} plt_ech;

void plt_ech_free(plt_ech *e);
/* Makes the per-string arrays cover string ids [0, nstrings). */
plt_status plt_ech_fit(plt_ech *e, size_t nstrings);
/* Adds v (and its exact image m = plt_ech_mod(v) times the same factors) at string s. */
void plt_ech_add(plt_ech *e, uint32_t s, double v, uint64_t m);
void plt_ech_clear(plt_ech *e);
/* Reduces the accumulator against the span and appends the rest (scaled to pivot 1) when it
 * is not zero; *added = 1 then. With n == max_dim an independent rest sets capped instead.
 * Clears the accumulator. Independence is decided on the exact images: every double is a
 * dyadic rational and brackets multiply coefficients by +-2, so the span over the rationals
 * maps into the integers modulo the prime PLT_ECH_P, where elimination has no rounding; a
 * real entry whose image is 0 is rounding noise and is cleared. (The rank modulo p equals the
 * rational rank unless p divides one of the minors, for a 61-bit prime a negligible event.) */
plt_status plt_ech_offer(plt_ech *e, size_t max_dim, int *added);
/* The reduced echelon form (each vector free of the other pivots), in insertion order, as
 * new arrays (caller frees; mcoef may be NULL: not wanted). Leaves the accumulator clear. */
plt_status plt_ech_backsub(plt_ech *e, size_t **off, uint32_t **sid, double **coef,
                           uint64_t **mcoef);

/* Replaces the vectors by their reduced echelon form (same span, same pivots): the fill-in
 * of the reductions and its rounding noise go away. */
plt_status plt_ech_rebuild(plt_ech *e);

#define PLT_ECH_P ((UINT64_C(1) << 61) - 1)

__extension__ typedef unsigned __int128 plt_ech_u128;
static inline uint64_t plt_ech_mulm(uint64_t a, uint64_t b) {
    plt_ech_u128 r = (plt_ech_u128)a * b;
    uint64_t lo = (uint64_t)(r & PLT_ECH_P), hi = (uint64_t)(r >> 61);
    uint64_t s = lo + hi;
    return s >= PLT_ECH_P ? s - PLT_ECH_P : s;
}
static inline uint64_t plt_ech_addm(uint64_t a, uint64_t b) {
    uint64_t s = a + b;
    return s >= PLT_ECH_P ? s - PLT_ECH_P : s;
}
static inline uint64_t plt_ech_negm(uint64_t a) { return a ? PLT_ECH_P - a : 0; }
/* The exact image of a finite double modulo PLT_ECH_P. */
uint64_t plt_ech_mod(double v);

#endif

/* Internal: backward light cones by bit masks, the one mechanism behind plt_circuit_lightcone
 * (check's reduced instance: the cone of the whole observable) and the lightcone engine (a
 * cone per observable term, terms grouped by cone).
 *
 * A cone is a set of qubits as nw = ceil(n/64) words. Walking the ops from the last to the
 * first, an op is in the cone when its support meets the cone at its point, which then grows
 * by that support. Exact: every op left out acts outside the support of the Heisenberg-evolved
 * observable at its point, so it commutes with it; the same holds for every op whose support
 * lies inside the final cone, so those may be simulated together.
 *
 * A run of consecutive diagonal ops (they commute with each other) grows the cone at once: the
 * ops of the run that meet the cone at the run's end (T) are in it, and the cone grows by their
 * supports; every other op g of the run commutes with the observable there and with T, hence
 * with T^dag O T, so it stays out even where it meets the grown cone. Without this a layer of
 * ZZ rotations written edge by edge (QAOA) chained the cone across the whole graph. */
#ifndef PLT_CIRCUIT_LIGHTCONE_CUT_H
#define PLT_CIRCUIT_LIGHTCONE_CUT_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/circuit.h"

/* Each op's support as a mask, so that a cone meets or holds an op in nw word operations (a
 * cone search per term over 40,000 ops of 200 qubits took seconds through qubit lists). */
typedef struct plt_lightcone {
    int n, nw;
    size_t nops;
    uint64_t *mask; /* op i's support at mask + i nw */
    size_t *run_lo; /* the first op of the run of consecutive diagonal ops (Z-type rotations,
                     * CZ, Z, S, S^dag) that holds op i; i itself for other ops */
} plt_lightcone;

/* The masks of c's ops. PLT_ENOMEM. Free with plt_lightcone_free. Cost O(ops * (weight + nw)). */
plt_status plt_lightcone_init(plt_lightcone *lc, const plt_circuit *c);
void plt_lightcone_free(plt_lightcone *lc);

/* Grows cone (nw words: the observable's support on entry, the backward cone on return)
 * through every op, last first. keep (nops bytes, may be NULL) receives 1 for the ops in the
 * cone, 0 for the others. Stops early once the cone holds every qubit. Cost O(ops * nw). */
void plt_lightcone_grow(const plt_lightcone *lc, uint64_t *cone, unsigned char *keep);

/* 1 when op i's support lies inside cone. */
static inline int plt_lightcone_holds(const plt_lightcone *lc, size_t i, const uint64_t *cone) {
    const uint64_t *op = lc->mask + i * (size_t)lc->nw;
    for (int w = 0; w < lc->nw; w++)
        if (op[w] & ~cone[w]) return 0;
    return 1;
}

/* map[q] = the rank of qubit q in cone (ascending), -1 outside; returns the cone's size. */
int plt_lightcone_map(const plt_lightcone *lc, const uint64_t *cone, int *map);

/* The ops selected by keep (NULL: those lying inside cone), in order, as a circuit on m >= 1
 * qubits, qubit q becoming map[q] (map from plt_lightcone_map; every selected op must lie in
 * the cone); every parameter is kept with its index, so parameter vectors carry over.
 * PLT_ENOMEM. */
plt_status plt_lightcone_cut(const plt_circuit *c, const plt_lightcone *lc, const uint64_t *cone,
                             const unsigned char *keep, const int *map, int m, plt_circuit **out);

/* s <- p's letters moved to qubits map[q] (p's support must lie in the cone; s is cleared
 * first). */
void plt_lightcone_remap(const plt_pstring *p, const int *map, plt_pstring *s);

#endif

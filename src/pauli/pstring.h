/* Internal layout of Pauli strings, shared by the engines that work on raw words.
 * x and z planes of nw = ceil(n/64) words each; qubit q is bit q%64 of word q/64.
 * Bits beyond n in the last word are always zero. */
#ifndef PLT_PAULI_PSTRING_H
#define PLT_PAULI_PSTRING_H

#include <stdint.h>

#include "plateau/pauli.h"

struct plt_pstring {
    int n;
    int nw;
    uint64_t *x; /* nw words, then z follows in the same allocation */
    uint64_t *z;
};

static inline int plt_nwords(int n) { return (n + 63) / 64; }

/* 1 when the strings (x1,z1) and (x2,z2) commute: the symplectic form is even. */
static inline int plt_pw_commutes(const uint64_t *x1, const uint64_t *z1, const uint64_t *x2,
                                  const uint64_t *z2, int nw) {
    uint64_t acc = 0;
    for (int w = 0; w < nw; w++) acc ^= (x1[w] & z2[w]) ^ (z1[w] & x2[w]);
    return !(__builtin_popcountll(acc) & 1);
}

/* Product (x1,z1)*(x2,z2) = i^phase (x1^x2, z1^z2) with Y stored as x=z=1.
 * Writes the product planes into xo, zo (may alias inputs); returns phase mod 4. */
int plt_pw_mul(const uint64_t *x1, const uint64_t *z1, const uint64_t *x2, const uint64_t *z2,
               uint64_t *xo, uint64_t *zo, int nw);

static inline int plt_pw_weight(const uint64_t *x, const uint64_t *z, int nw) {
    int w = 0;
    for (int i = 0; i < nw; i++) w += __builtin_popcountll(x[i] | z[i]);
    return w;
}

/* The hash finalizer of every table and shard keyed by Pauli words: the MurmurHash3
 * finalizer with Stafford's variant-13 constants, every output bit depending on every input
 * bit. For one 64-bit key, a slot is plt_hash_mix(key) >> (64 - log2 slots). */
static inline uint64_t plt_hash_mix(uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/* A string's hash, built on plt_hash_mix. Sum-sharding and hash tables use both its low and
 * its high bits, so every word is fully mixed. Inline: it sits in the inner loop of every
 * table of strings. */
static inline uint64_t plt_pw_hash(const uint64_t *x, const uint64_t *z, int nw) {
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)nw;
    for (int w = 0; w < nw; w++) {
        h = plt_hash_mix(h ^ x[w]) + 0x632be59bd9b4e019ULL;
        h = plt_hash_mix(h ^ (z[w] + 0x8cb92ba72f3d8dd7ULL));
    }
    return h;
}

#endif

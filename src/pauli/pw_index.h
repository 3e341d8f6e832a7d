/* The one hash index of Pauli strings: an open-addressing table from a string to its term
 * number, for tables that keep their strings themselves (plt_psum, the Lie closure's string
 * set, pauliprop's term table).
 *
 * The owner stores the keys: term i's key is keys[i*2*nw .. +2*nw), x plane then z plane, in
 * an array it allocates, grows and reorders as it likes; its coefficients and any other data
 * per term stay with it too. The index holds only 32-bit term numbers in a power-of-two array
 * of slots, probed linearly from plt_pw_hash(x, z, nw). It keeps no pointer to the keys: every
 * call that reads them takes `keys` (after a realloc, the new pointer) and `nw`.
 *
 * Sizing is the owner's: plt_pw_index_slots_for(n) keeps the load at most 1/2 for n terms, and
 * a probe needs at least one free slot. Finding, probing and placing are inline and forced so,
 * so that kernels specialised for a constant nw unroll the word loops. */
#ifndef PLT_PAULI_PW_INDEX_H
#define PLT_PAULI_PW_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "pauli/pstring.h"
#include "plateau/status.h"

#define PLT_PW_INLINE static inline __attribute__((always_inline))
/* A free slot. */
#define PLT_PW_EMPTY UINT32_MAX
/* Term numbers are 0 .. PLT_PW_INDEX_MAX_TERMS - 1 (they fit in a slot next to PLT_PW_EMPTY). */
#define PLT_PW_INDEX_MAX_TERMS ((size_t)UINT32_MAX - 1)

typedef struct plt_pw_index {
    uint32_t *slot; /* mask + 1 term numbers, PLT_PW_EMPTY when free; NULL until first sized */
    size_t mask;
} plt_pw_index;

/* 1 when key (2*nw words: x then z) is the string (x, z). */
PLT_PW_INLINE int plt_pw_key_equal(const uint64_t *key, const uint64_t *x, const uint64_t *z,
                                   int nw) {
    uint64_t d = 0;
    for (int w = 0; w < nw; w++) d |= (key[w] ^ x[w]) | (key[nw + w] ^ z[w]);
    return d == 0;
}

/* The slot of the term whose key is (x, z) (*found = 1), or else the free slot where it would
 * go (*found = 0). h is plt_pw_hash(x, z, nw); the index must be sized. */
PLT_PW_INLINE size_t plt_pw_index_probe(const plt_pw_index *ix, const uint64_t *keys, int nw,
                                        const uint64_t *x, const uint64_t *z, uint64_t h,
                                        int *found) {
    const size_t kw = 2 * (size_t)nw, mask = ix->mask;
    for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
        const uint32_t t = ix->slot[j];
        if (t == PLT_PW_EMPTY || plt_pw_key_equal(keys + (size_t)t * kw, x, z, nw)) {
            *found = t != PLT_PW_EMPTY;
            return j;
        }
    }
}

/* The term number of (x, z), or SIZE_MAX when absent (also before the index is sized). */
PLT_PW_INLINE size_t plt_pw_index_find(const plt_pw_index *ix, const uint64_t *keys, int nw,
                                       const uint64_t *x, const uint64_t *z) {
    if (!ix->slot) return SIZE_MAX;
    int found;
    const size_t j = plt_pw_index_probe(ix, keys, nw, x, z, plt_pw_hash(x, z, nw), &found);
    return found ? ix->slot[j] : SIZE_MAX;
}

/* Puts term i, whose key must be absent from the index, into the first free slot of its
 * probe sequence. With `shared` set, threads may place distinct terms at once: a slot is
 * claimed by compare-and-swap, so two terms never land in one slot (which slot each gets then
 * depends on timing; the terms found do not). */
PLT_PW_INLINE void plt_pw_index_place(plt_pw_index *ix, const uint64_t *keys, int nw, size_t i,
                                      int shared) {
    const uint64_t *k = keys + i * 2 * (size_t)nw;
    uint32_t *slot = ix->slot;
    const size_t mask = ix->mask;
    for (size_t j = (size_t)plt_pw_hash(k, k + nw, nw) & mask;; j = (j + 1) & mask) {
        if (!shared) {
            if (slot[j] != PLT_PW_EMPTY) continue;
            slot[j] = (uint32_t)i;
            return;
        }
        uint32_t empty = PLT_PW_EMPTY;
        if (__atomic_load_n(&slot[j], __ATOMIC_RELAXED) == PLT_PW_EMPTY &&
            __atomic_compare_exchange_n(&slot[j], &empty, (uint32_t)i, 0, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return;
    }
}

/* Smallest power of two >= max(16, 2 * nterms): load at most 1/2. */
size_t plt_pw_index_slots_for(size_t nterms);

/* Replaces the slots by `nslots` (a power of two > count) and places terms 0..count-1 (keys
 * distinct). On PLT_ENOMEM (the message names `what`) the index is unchanged. */
plt_status plt_pw_index_resize(plt_pw_index *ix, size_t nslots, const uint64_t *keys, int nw,
                               size_t count, const char *what);

/* Empties the slots and places terms 0..count-1 again, without allocating (after the owner
 * reordered or dropped keys). The index must be sized with room for count terms. */
void plt_pw_index_refill(plt_pw_index *ix, const uint64_t *keys, int nw, size_t count);

/* Every slot free; the size stays. */
void plt_pw_index_clear(plt_pw_index *ix);

/* Frees the slots; the index is unsized (finds return SIZE_MAX). */
void plt_pw_index_free(plt_pw_index *ix);

/* Takes term i (present; its key still at keys[i]) out of the index by backward-shift
 * deletion, so that later probes stay correct without tombstones. */
void plt_pw_index_remove(plt_pw_index *ix, const uint64_t *keys, int nw, size_t i);

/* The slot of term `from` (present; its key still at keys[from]) now names term `to`: for an
 * owner about to move that key from position `from` to `to`. */
void plt_pw_index_renumber(plt_pw_index *ix, const uint64_t *keys, int nw, size_t from,
                           size_t to);

#endif

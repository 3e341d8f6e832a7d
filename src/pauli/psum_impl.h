/* Internal view of a Pauli sum for engines that iterate and update terms without copying.
 *
 * Terms live in dense arrays in insertion order (until plt_psum_drop_small compacts them):
 * term i's x plane is keys[i*2*nw .. +nw), its z plane follows right after, and its
 * coefficient is coef[2i] (real) and coef[2i+1] (imaginary). The Pauli-string index
 * (pauli/pw_index.h, load <= 1/2) finds a term by its words.
 *
 * Pointers returned below stay valid until the next call that may add terms
 * (plt_psum_add*, plt_psum_add_words, plt_psum_reserve) or drop them (drop_small, clear). */
#ifndef PLT_PAULI_PSUM_IMPL_H
#define PLT_PAULI_PSUM_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "pauli/pstring.h"
#include "pauli/pw_index.h"

/* At most this many terms (term numbers fit in the index's 32-bit slots). */
#define PLT_PSUM_MAX_TERMS PLT_PW_INDEX_MAX_TERMS

struct plt_psum {
    int n, nw;
    size_t count;       /* terms in use */
    size_t cap;         /* terms the dense arrays hold */
    uint64_t *keys;     /* cap * 2 * nw words: x then z per term */
    double *coef;       /* 2 * cap doubles: re, im per term */
    plt_pw_index index; /* term numbers by string, over keys */
};

/* Number of 64-bit words per plane. */
static inline int plt_psum_nwords(const plt_psum *s) { return s->nw; }
/* x plane of term i (0 <= i < nterms); its z plane is plt_psum_x(s, i) + nw. */
static inline uint64_t *plt_psum_x(const plt_psum *s, size_t i) {
    return s->keys + i * 2 * (size_t)s->nw;
}
static inline uint64_t *plt_psum_z(const plt_psum *s, size_t i) {
    return s->keys + i * 2 * (size_t)s->nw + s->nw;
}
/* Coefficient of term i as {re, im}; writable (the table is keyed by words only). */
static inline double *plt_psum_coef(const plt_psum *s, size_t i) { return s->coef + 2 * i; }

/* s += (re + i im) * (x, z); the words must have s's nw with bits past n zero.
 * If index is not NULL it receives the term's index. PLT_ENOMEM / PLT_ETOOBIG. */
plt_status plt_psum_add_words(plt_psum *s, const uint64_t *x, const uint64_t *z, double re,
                              double im, size_t *index);
/* Index of the term (x, z), or SIZE_MAX when absent. */
size_t plt_psum_find_words(const plt_psum *s, const uint64_t *x, const uint64_t *z);
/* Makes room for `nterms` terms in total so that adding them will not reallocate. */
plt_status plt_psum_reserve(plt_psum *s, size_t nterms);
/* Removes every term and keeps the memory (for double-buffered propagation). */
void plt_psum_clear(plt_psum *s);

#endif

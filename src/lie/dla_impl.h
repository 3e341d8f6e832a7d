/* Internal layout of a DLA basis, shared by the closure, the decomposition and engine gsim.
 *
 * Every Pauli string that appears anywhere has an id in `tab`. Element i is the real
 * combination sum_t coef[t] * string(sid[t]) for t in [off[i], off[i+1]), of unit norm
 * (sum coef^2 = 1). For a Pauli basis the ids coincide with the element numbers and every
 * coefficient is 1. For sum bases, inv_head[s] starts the list (through inv_next) of the
 * terms t whose string is s, so projecting onto the basis costs only the matching terms. */
#ifndef PLT_LIE_DLA_IMPL_H
#define PLT_LIE_DLA_IMPL_H

#include "lie/strtab.h"
#include "plateau/lie.h"

struct plt_dla {
    int n, nw;
    int pauli, complete;
    plt_lie_stop stop; /* why the closure ended (complete is 0 unless PLT_LIE_DONE) */
    double work;       /* units of work done (plateau/lie.h) */
    size_t dim;
    size_t found;      /* independent elements found (>= dim; more when stopped before all
                        * were orthonormalised) */
    plt_strtab tab;
    size_t *off;       /* dim + 1 */
    uint32_t *sid;     /* terms */
    double *coef;      /* terms */
    size_t cap_el, cap_t;
    uint32_t *inv_head; /* sum bases: tab.cap entries; NONE-terminated lists */
    uint32_t *inv_next; /* sum bases: per term */
    size_t cap_inv;
    /* generators: gsid/gcoef terms [goff[j], goff[j+1]) */
    size_t ngens;
    size_t *goff;
    uint32_t *gsid;
    double *gcoef;
};

/* i[P, Q] for strings given by words: 0 when they commute (returns 0), else writes R into
 * (xo, zo) and returns the sign s with i[P, Q] = 2 s R. */
int plt_lie_bracket_words(const uint64_t *xp, const uint64_t *zp, const uint64_t *xq,
                          const uint64_t *zq, uint64_t *xo, uint64_t *zo, int nw);

#endif

/* Internal: the Clifford tableau, the one representation of a Clifford map on Pauli strings.
 *
 * A map T is stored as the images T(X_q) and T(Z_q) of the 2n generators, each a signed Pauli
 * string in the x/z word planes of src/pauli/pstring.h (Y as x = z = 1, sign +1 or -1).
 * Conjugation is multiplicative, so T(P) of any string is the product of its factors' images.
 *
 * Two ways to extend a map by a gate G (h_G(P) = G^dag P G, the gate table's Heisenberg images;
 * f_G(P) = G P G^dag, its inverse):
 * - compose:   T <- T o h_G. With T(P) = C^dag P C, this is C <- G C: G applied after the
 *              Cliffords already in T. Only G's qubits' rows change: O(nw) per gate.
 * - conjugate: T <- f_G o T. With T(P) = U P U^dag (the images of a stabilizer state U|0..0>,
 *              Aaronson-Gottesman's destabilizers T(X_q) and stabilizers T(Z_q)), this is
 *              U <- G U. Every row changes at G's qubits: O(n) per gate.
 * Users: Clifford absorption (circuit/absorb.c), pauliprop's composed Clifford runs
 * (engines/pauliprop/pp_tableau.c, through the compiled form below) and the stabilizer states
 * of shadows (shadows/stabilizer.c). */
#ifndef PLT_CIRCUIT_TABLEAU_H
#define PLT_CIRCUIT_TABLEAU_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/circuit.h"

/* ---------- a gate's map on its local strings ---------- */

/* Local strings of a 1- or 2-qubit gate: bit 2j is x_j, bit 2j+1 is z_j (Y = x = z = 1). */
typedef struct plt_gate_map {
    int nq;
    uint8_t heis[16]; /* G^dag P G = (-1)^(heis_neg >> P & 1) heis[P] */
    uint16_t heis_neg;
    uint8_t fwd[16]; /* G P G^dag = (-1)^(fwd_neg >> P & 1) fwd[P] */
    uint16_t fwd_neg;
} plt_gate_map;

/* The map of table gate g (static storage, built once for the process from the gate table's
 * images, so threads may call this concurrently). g must be a valid gate. */
const plt_gate_map *plt_gate_map_get(plt_gate g);

/* ---------- the tableau ---------- */

typedef struct plt_tableau {
    int n, nw;
    uint64_t *rows; /* 2n rows of 2 nw words (x plane, then z): row 2q is T(X_q), 2q+1 T(Z_q) */
    uint8_t *neg;   /* per row: 1 when its sign is -1 */
    uint64_t *tmp;  /* scratch of 6 strings (2 nw words each); every call below may overwrite it */
} plt_tableau;

/* Bytes of a tableau's rows on n qubits (what plt_tableau_init allocates, scratch aside). */
size_t plt_tableau_bytes(int n);
/* The identity map on n >= 1 qubits. PLT_ENOMEM. Free with plt_tableau_free. */
plt_status plt_tableau_init(plt_tableau *t, int n);
/* Frees the arrays (NULL members allowed) and zeroes t. */
void plt_tableau_free(plt_tableau *t);
/* dst <- src; dst is either zeroed or a tableau (reallocated when its size differs). */
plt_status plt_tableau_copy(plt_tableau *dst, const plt_tableau *src);

static inline uint64_t *plt_tableau_row(const plt_tableau *t, int r) {
    return t->rows + (size_t)r * 2 * (size_t)t->nw;
}

/* T(P) for the string P = (x, z): writes the image's planes to (ox, oz) (nw words each, not
 * aliasing x, z) and returns its phase as a power of i: T(P) = i^phase (ox, oz). A Hermitian
 * P gives phase 0 or 2. Cost: weight(P) row products of nw words. */
int plt_tableau_apply(const plt_tableau *t, const uint64_t *x, const uint64_t *z, uint64_t *ox,
                      uint64_t *oz);

/* T <- T o h for the local map (heis, heis_neg) of a gate on qubits q[0..nq) (distinct). */
void plt_tableau_compose_local(plt_tableau *t, int nq, const int *q, const uint8_t heis[16],
                               uint16_t heis_neg);
/* T <- T o h_G for table gate g on qubits q. */
void plt_tableau_compose_gate(plt_tableau *t, plt_gate g, const int *q);
/* T <- T o h_R for R = R_P(k pi/2) = exp(-i k pi P / 4), P = (x, z) Hermitian, k in 0..3. */
void plt_tableau_compose_rotation(plt_tableau *t, const uint64_t *x, const uint64_t *z, int k);
/* T <- f_G o T for table gate g on qubits q: every image conjugated, G T(P) G^dag. */
void plt_tableau_conjugate_gate(plt_tableau *t, plt_gate g, const int *q);
/* T <- f_R o T for R = R_P(k pi/2): every image conjugated, R T(P) R^dag. */
void plt_tableau_conjugate_rotation(plt_tableau *t, const uint64_t *x, const uint64_t *z, int k);

/* 1 when theta is a multiple of pi/2 (to 1e-12 of a quarter turn, relative beyond one quarter
 * turn; below 1e15 quarter turns), with *k the number of quarter turns mod 4; else 0. */
int plt_tableau_quarter_turns(double theta, int *k);

/* ---------- the compiled form: one map applied to many strings ---------- */

/* The images of X_q, Y_q and Z_q at 3q, 3q+1, 3q+2 (2 nw words each) read as i^ph X^x Z^z,
 * so multiplying by one is a word XOR and a parity: (X^a Z^b)(X^c Z^d) = (-1)^|b & c|
 * X^(a^c) Z^(b^d); a string costs one product per factor the map moves (Y included) instead of
 * two. moved: 3 masks of nw words (X, Y, Z), the qubits whose image is not the factor itself. */
typedef struct plt_tableau_images {
    uint64_t *img;
    uint8_t *ph;
    uint64_t *moved;
} plt_tableau_images;

/* Compiles t (at most 64 words a plane, 4096 qubits). PLT_ENOMEM, PLT_EUNSUPPORTED. */
plt_status plt_tableau_images_make(const plt_tableau *t, plt_tableau_images *out);
void plt_tableau_images_free(plt_tableau_images *im);

/* Maps the Hermitian string key (x plane, then z: nw <= 64 words each) to its image in place;
 * returns 1 when the image carries the sign -1. Inlined into the caller's loop, so a constant
 * nw unrolls the word loops. */
static inline __attribute__((always_inline)) int
plt_tableau_images_apply(const plt_tableau_images *im, uint64_t *key, int nw) {
    const size_t kw = 2 * (size_t)nw;
    const uint64_t *img = im->img, *mX = im->moved, *mY = im->moved + nw,
                   *mZ = im->moved + 2 * (size_t)nw;
    uint64_t ax[64], az[64], mv[64];
    unsigned e = 0;
    uint64_t any = 0;
    for (int w = 0; w < nw; w++) {
        const uint64_t x = key[w], z = key[nw + w];
        mv[w] = (x & ~z & mX[w]) | (x & z & mY[w]) | (~x & z & mZ[w]);
        any |= mv[w];
        ax[w] = x & ~mv[w];
        az[w] = z & ~mv[w];
        e += (unsigned)__builtin_popcountll(ax[w] & az[w]);
    }
    if (!any) return 0;
    for (int w = 0; w < nw; w++) {
        uint64_t m = mv[w];
        while (m) {
            const int b = __builtin_ctzll(m);
            m &= m - 1;
            const unsigned x = (unsigned)(key[w] >> b) & 1u, z = (unsigned)(key[nw + w] >> b) & 1u;
            /* (x,z): (1,0) X -> 0, (1,1) Y -> 1, (0,1) Z -> 2 */
            const size_t f = 3 * (size_t)(64 * w + b) + (x ? (z ? 1 : 0) : 2);
            const uint64_t *row = img + f * kw;
            unsigned par = 0;
            for (int v = 0; v < nw; v++) {
                par += (unsigned)__builtin_popcountll(az[v] & row[v]);
                ax[v] ^= row[v];
                az[v] ^= row[nw + v];
            }
            e += im->ph[f] + 2u * par;
        }
    }
    for (int w = 0; w < nw; w++) {
        e -= (unsigned)__builtin_popcountll(ax[w] & az[w]);
        key[w] = ax[w];
        key[nw + w] = az[w];
    }
    /* e is even: the image of a Hermitian string is Hermitian. */
    return (e & 2u) != 0;
}

#endif

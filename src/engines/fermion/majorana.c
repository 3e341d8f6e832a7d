/* Jordan-Wigner recognition with word-parallel bit tricks.
 *
 * On qubit j the ordered product Gamma_S acts as X^{a_j} Y^{b_j} Z^{s_j}, where s_j is
 * the parity of the Majoranas on qubits above j (their Z strings pass through j).
 * Hence x_j = a_j ^ b_j and z_j = b_j ^ s_j, and s_j is the parity of x above j:
 * the map inverts in one pass from the top word down. The phase of each factor
 * X^a Y^b Z^s relative to the Hermitian letter is i for (1,1,*) and (0,1,1), -i
 * for (1,0,1), 1 otherwise. */
#include "engines/fermion/majorana.h"

/* Bit j of the result: parity of bits j+1..63 of c. */
static uint64_t above_parity(uint64_t c) {
    uint64_t t = c;
    t ^= t >> 1;
    t ^= t >> 2;
    t ^= t >> 4;
    t ^= t >> 8;
    t ^= t >> 16;
    t ^= t >> 32;
    return t ^ c;
}

int plt_majorana_of(const uint64_t *x, const uint64_t *z, int nw, uint64_t *a, uint64_t *b,
                    int *phase) {
    /* No masking is needed: only the top word holds bits past n, and there x is
     * zero at and above each such bit, so s (and hence a, b) stays zero too. */
    uint64_t carry = 0; /* parity of x in the words above */
    int e = 0, d = 0;
    for (int w = nw - 1; w >= 0; w--) {
        uint64_t c = x[w];
        uint64_t s = above_parity(c) ^ (carry ? ~0ULL : 0);
        uint64_t bw = z[w] ^ s, aw = c ^ bw;
        a[w] = aw;
        b[w] = bw;
        e += __builtin_popcountll(aw & bw) + __builtin_popcountll(~aw & bw & s) -
             __builtin_popcountll(aw & ~bw & s);
        d += __builtin_popcountll(aw) + __builtin_popcountll(bw);
        carry ^= (uint64_t)(__builtin_popcountll(c) & 1);
    }
    /* Gamma_S = i^e P, so P = i^{-e} Gamma_S. */
    *phase = (4 - (e & 3)) & 3;
    return d;
}

int plt_majorana_indices(const uint64_t *a, const uint64_t *b, int nw, int *idx, int cap) {
    int d = 0;
    for (int w = 0; w < nw; w++) {
        uint64_t bits = a[w] | b[w];
        while (bits) {
            int j = __builtin_ctzll(bits);
            bits &= bits - 1;
            int q = w * 64 + j;
            if ((a[w] >> j) & 1) {
                if (d < cap) idx[d] = 2 * q;
                d++;
            }
            if ((b[w] >> j) & 1) {
                if (d < cap) idx[d] = 2 * q + 1;
                d++;
            }
        }
    }
    return d;
}

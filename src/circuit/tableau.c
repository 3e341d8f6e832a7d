/* The Clifford tableau: images of X_q and Z_q, extended by gates of the table and by Pauli
 * rotations by quarter turns, applied to strings one at a time or, compiled, to many. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "circuit/tableau.h"
#include "core/error.h"
#include "pauli/pstring.h"

/* ---------- gate maps ---------- */

/* "+ZI", "-YX": local bits (x_j in bit 2j, z_j in bit 2j+1) and the phase (0 or 2). */
static int parse_image(const char *img, int nq, unsigned *bits) {
    PLT_ASSERT(img && (img[0] == '+' || img[0] == '-') && (int)strlen(img) == nq + 1);
    *bits = 0;
    for (int j = 0; j < nq; j++) {
        const char c = img[1 + j];
        PLT_ASSERT(c == 'I' || c == 'X' || c == 'Y' || c == 'Z');
        const unsigned x = c == 'X' || c == 'Y', z = c == 'Z' || c == 'Y';
        *bits |= x << (2 * j) | z << (2 * j + 1);
    }
    return img[0] == '-' ? 2 : 0;
}

/* Local bits as one-word planes and back. */
static void split(unsigned bits, uint64_t *x, uint64_t *z) {
    *x = (bits & 1u) | ((bits >> 1) & 2u);
    *z = ((bits >> 1) & 1u) | ((bits >> 2) & 2u);
}

static unsigned join(uint64_t x, uint64_t z) {
    return (unsigned)((x & 1u) | (z & 1u) << 1 | (x & 2u) << 1 | (z & 2u) << 2);
}

/* A local string is i^{#Y} X0^x0 Z0^z0 X1^x1 Z1^z1 and conjugation is multiplicative, so its
 * image is the same product of the generators' images; the forward map is the inverse
 * permutation with the same signs. */
static void build_map(plt_gate g, plt_gate_map *m) {
    const plt_gate_info *gi = plt_gate_info_get(g);
    PLT_ASSERT(gi && gi->nqubits >= 1 && gi->nqubits <= 2);
    const int nq = gi->nqubits;
    unsigned gb[4];
    int gp[4];
    for (int k = 0; k < 2 * nq; k++)
        gp[k] = parse_image(gi->image[k], nq, &gb[k]);
    memset(m, 0, sizeof *m);
    m->nq = nq;
    for (unsigned i = 0; i < (1u << (2 * nq)); i++) {
        uint64_t x = 0, z = 0;
        int phase = 0;
        for (int j = 0; j < nq; j++)
            if (((i >> (2 * j)) & 3u) == 3u) phase += 1; /* Y = i X Z */
        for (int k = 0; k < 2 * nq; k++) {
            if (!((i >> k) & 1u)) continue;
            uint64_t gx, gz;
            split(gb[k], &gx, &gz);
            phase += gp[k] + plt_pw_mul(&x, &z, &gx, &gz, &x, &z, 1);
        }
        phase &= 3;
        /* A Hermitian string's image is Hermitian unless the table's images are wrong. */
        PLT_ASSERT(phase == 0 || phase == 2);
        const unsigned to = join(x, z);
        m->heis[i] = (uint8_t)to;
        m->fwd[to] = (uint8_t)i;
        if (phase == 2) {
            m->heis_neg |= (uint16_t)(1u << i);
            m->fwd_neg |= (uint16_t)(1u << to);
        }
    }
}

static plt_gate_map gate_maps[PLT_GATE_COUNT];
static pthread_once_t gate_maps_once = PTHREAD_ONCE_INIT;

static void build_all_maps(void) {
    for (int g = 0; g < PLT_GATE_COUNT; g++)
        build_map((plt_gate)g, &gate_maps[g]);
}

const plt_gate_map *plt_gate_map_get(plt_gate g) {
    PLT_ASSERT((int)g >= 0 && g < PLT_GATE_COUNT);
    pthread_once(&gate_maps_once, build_all_maps);
    return &gate_maps[g];
}

/* ---------- the tableau ---------- */

size_t plt_tableau_bytes(int n) {
    return (size_t)2 * (size_t)n * 2 * (size_t)plt_nwords(n) * sizeof(uint64_t);
}

plt_status plt_tableau_init(plt_tableau *t, int n) {
    memset(t, 0, sizeof *t);
    PLT_ASSERT(n >= 1);
    t->n = n;
    t->nw = plt_nwords(n);
    const size_t rw = 2 * (size_t)t->nw;
    t->rows = calloc(2 * (size_t)n * rw, sizeof *t->rows);
    t->neg = calloc(2 * (size_t)n, 1);
    t->tmp = calloc(6 * rw, sizeof *t->tmp);
    if (!t->rows || !t->neg || !t->tmp) {
        plt_tableau_free(t);
        return plt_fail_nomem("a Clifford tableau");
    }
    for (int q = 0; q < n; q++) {
        plt_tableau_row(t, 2 * q)[q / 64] |= 1ULL << (q % 64);
        plt_tableau_row(t, 2 * q + 1)[t->nw + q / 64] |= 1ULL << (q % 64);
    }
    return PLT_OK;
}

void plt_tableau_free(plt_tableau *t) {
    if (!t) return;
    free(t->rows);
    free(t->neg);
    free(t->tmp);
    memset(t, 0, sizeof *t);
}

plt_status plt_tableau_copy(plt_tableau *dst, const plt_tableau *src) {
    if (!dst->rows || dst->n != src->n) {
        plt_tableau_free(dst);
        plt_status st = plt_tableau_init(dst, src->n);
        if (st) return st;
    }
    memcpy(dst->rows, src->rows, plt_tableau_bytes(src->n));
    memcpy(dst->neg, src->neg, 2 * (size_t)src->n);
    return PLT_OK;
}

int plt_tableau_apply(const plt_tableau *t, const uint64_t *x, const uint64_t *z, uint64_t *ox,
                      uint64_t *oz) {
    const int nw = t->nw;
    memset(ox, 0, (size_t)nw * sizeof *ox);
    memset(oz, 0, (size_t)nw * sizeof *oz);
    int phase = 0;
    for (int w = 0; w < nw; w++) {
        uint64_t bits = x[w] | z[w];
        while (bits) {
            const int b = __builtin_ctzll(bits);
            bits &= bits - 1;
            const int q = w * 64 + b;
            const int hx = (int)((x[w] >> b) & 1), hz = (int)((z[w] >> b) & 1);
            if (hx && hz) phase += 1; /* Y = i X Z */
            if (hx) {
                const uint64_t *r = plt_tableau_row(t, 2 * q);
                phase += 2 * t->neg[2 * q] + plt_pw_mul(ox, oz, r, r + nw, ox, oz, nw);
            }
            if (hz) {
                const uint64_t *r = plt_tableau_row(t, 2 * q + 1);
                phase += 2 * t->neg[2 * q + 1] + plt_pw_mul(ox, oz, r, r + nw, ox, oz, nw);
            }
        }
    }
    return phase & 3;
}

/* The new rows of G's qubits are T applied to G's local images; they are computed from the old
 * T before any is written. */
void plt_tableau_compose_local(plt_tableau *t, int nq, const int *q, const uint8_t heis[16],
                               uint16_t heis_neg) {
    const int nw = t->nw;
    const size_t rw = 2 * (size_t)nw;
    uint64_t *loc = t->tmp, *img = t->tmp + rw; /* img: up to 4 rows */
    uint8_t neg[4];
    for (int r = 0; r < 2 * nq; r++) {
        const unsigned s = 1u << r, to = heis[s]; /* r = 2j: X_j, r = 2j+1: Z_j */
        memset(loc, 0, rw * sizeof *loc);
        for (int j = 0; j < nq; j++) {
            const uint64_t bit = 1ULL << (q[j] % 64);
            if ((to >> (2 * j)) & 1u) loc[q[j] / 64] |= bit;
            if ((to >> (2 * j + 1)) & 1u) loc[nw + q[j] / 64] |= bit;
        }
        uint64_t *out = img + (size_t)r * rw;
        const int ph =
            (((heis_neg >> s) & 1u) ? 2 : 0) + plt_tableau_apply(t, loc, loc + nw, out, out + nw);
        PLT_ASSERT((ph & 1) == 0);
        neg[r] = (ph & 3) == 2;
    }
    for (int r = 0; r < 2 * nq; r++) {
        const int dst = 2 * q[r / 2] + (r & 1);
        memcpy(plt_tableau_row(t, dst), img + (size_t)r * rw, rw * sizeof *img);
        t->neg[dst] = neg[r];
    }
}

void plt_tableau_compose_gate(plt_tableau *t, plt_gate g, const int *q) {
    const plt_gate_map *m = plt_gate_map_get(g);
    plt_tableau_compose_local(t, m->nq, q, m->heis, m->heis_neg);
}

/* For Q anticommuting with P, R^dag Q R = cos(k pi/2) Q - i sin(k pi/2) Q P; every other
 * generator is unchanged. T(P) is taken from the old T before rows change. */
void plt_tableau_compose_rotation(plt_tableau *t, const uint64_t *x, const uint64_t *z, int k) {
    const int nw = t->nw;
    if (k == 0) return;
    uint64_t *tp = t->tmp;
    const int tph = k == 2 ? 0 : plt_tableau_apply(t, x, z, tp, tp + nw);
    for (int w = 0; w < nw; w++) {
        uint64_t bits = x[w] | z[w];
        while (bits) {
            const int b = __builtin_ctzll(bits);
            bits &= bits - 1;
            const int q = w * 64 + b;
            for (int which = 0; which < 2; which++) {
                /* X_q anticommutes with P when P has z at q; Z_q when P has x at q. */
                const uint64_t has = which == 0 ? z[w] : x[w];
                if (!((has >> b) & 1)) continue;
                const int r = 2 * q + which;
                uint64_t *row = plt_tableau_row(t, r);
                int ph = 2 * t->neg[r];
                if (k == 2)
                    ph += 2;
                else
                    ph += (k == 1 ? 3 : 1) + tph +
                          plt_pw_mul(row, row + nw, tp, tp + nw, row, row + nw, nw);
                ph &= 3;
                PLT_ASSERT((ph & 1) == 0);
                t->neg[r] = ph == 2;
            }
        }
    }
}

static inline int getb(const uint64_t *p, int q) { return (int)(p[q / 64] >> (q % 64)) & 1; }
static inline void setb(uint64_t *p, int q, int v) {
    const uint64_t m = UINT64_C(1) << (q % 64);
    p[q / 64] = v ? p[q / 64] | m : p[q / 64] & ~m;
}

void plt_tableau_conjugate_gate(plt_tableau *t, plt_gate g, const int *q) {
    const plt_gate_map *m = plt_gate_map_get(g);
    const int rows = 2 * t->n, nw = t->nw;
    for (int i = 0; i < rows; i++) {
        uint64_t *x = plt_tableau_row(t, i), *z = x + nw;
        unsigned idx = 0;
        for (int j = 0; j < m->nq; j++)
            idx |= (unsigned)getb(x, q[j]) << (2 * j) | (unsigned)getb(z, q[j]) << (2 * j + 1);
        const unsigned to = m->fwd[idx];
        t->neg[i] ^= (uint8_t)((m->fwd_neg >> idx) & 1u);
        for (int j = 0; j < m->nq; j++) {
            setb(x, q[j], (int)(to >> (2 * j)) & 1);
            setb(z, q[j], (int)(to >> (2 * j + 1)) & 1);
        }
    }
}

/* R Q R^dag = -Q for k = 2 and i^k Q P for k odd, when Q anticommutes with P. */
void plt_tableau_conjugate_rotation(plt_tableau *t, const uint64_t *x, const uint64_t *z, int k) {
    if (k == 0) return;
    const int rows = 2 * t->n, nw = t->nw;
    for (int i = 0; i < rows; i++) {
        uint64_t *rx = plt_tableau_row(t, i), *rz = rx + nw;
        if (plt_pw_commutes(rx, rz, x, z, nw)) continue;
        if (k == 2) {
            t->neg[i] ^= 1;
            continue;
        }
        const int ph = plt_pw_mul(rx, rz, x, z, rx, rz, nw);
        const int tot = (2 * t->neg[i] + ph + k) & 3;
        PLT_ASSERT(tot == 0 || tot == 2);
        t->neg[i] = tot == 2;
    }
}

/* Beyond 1e15 quarter turns a double has no fraction left to judge, so such angles are refused
 * rather than called Cliffords. */
int plt_tableau_quarter_turns(double theta, int *k) {
    const double u = theta / (M_PI / 2), r = nearbyint(u);
    if (!(fabs(u) < 1e15) || fabs(u - r) > 1e-12 * fmax(1.0, fabs(u))) return 0;
    double m = fmod(r, 4.0);
    if (m < 0) m += 4;
    *k = (int)m;
    return 1;
}

/* ---------- compiled images ---------- */

void plt_tableau_images_free(plt_tableau_images *im) {
    if (!im) return;
    free(im->img);
    free(im->ph);
    free(im->moved);
    memset(im, 0, sizeof *im);
}

plt_status plt_tableau_images_make(const plt_tableau *t, plt_tableau_images *out) {
    memset(out, 0, sizeof *out);
    const int n = t->n, nw = t->nw;
    if (nw > 64)
        return plt_fail(PLT_EUNSUPPORTED,
                        "a compiled Clifford tableau takes at most 4096 qubits, not %d", n);
    const size_t kw = 2 * (size_t)nw, m = 3 * (size_t)n;
    out->img = malloc(m * kw * sizeof *out->img);
    out->ph = malloc(m);
    out->moved = calloc(3 * (size_t)nw, sizeof *out->moved);
    if (!out->img || !out->ph || !out->moved) {
        plt_tableau_images_free(out);
        return plt_fail_nomem("a compiled Clifford tableau");
    }
    for (int q = 0; q < n; q++) {
        const uint64_t *rx = plt_tableau_row(t, 2 * q), *rz = plt_tableau_row(t, 2 * q + 1);
        uint64_t *ix = out->img + 3 * (size_t)q * kw, *iy = ix + kw, *iz = iy + kw;
        int sign[3]; /* letter signs as powers of i */
        memcpy(ix, rx, kw * sizeof *ix);
        memcpy(iz, rz, kw * sizeof *iz);
        sign[0] = 2 * t->neg[2 * q];
        sign[2] = 2 * t->neg[2 * q + 1];
        /* T(Y) = i T(X) T(Z) */
        sign[1] =
            (1 + sign[0] + sign[2] + plt_pw_mul(rx, rx + nw, rz, rz + nw, iy, iy + nw, nw)) & 3;
        PLT_ASSERT((sign[1] & 1) == 0);
        for (int f = 0; f < 3; f++) {
            const size_t i = 3 * (size_t)q + (size_t)f;
            const uint64_t *k = out->img + i * kw;
            /* A letter string is i^{|x & z|} X^x Z^z. */
            unsigned e = (unsigned)sign[f];
            for (int w = 0; w < nw; w++)
                e += (unsigned)__builtin_popcountll(k[w] & k[nw + w]);
            out->ph[i] = (uint8_t)(e & 3u);
            /* Unmoved when the image is the factor itself with sign +. */
            int same = sign[f] == 0;
            for (int w = 0; w < nw && same; w++) {
                const uint64_t bit = q >> 6 == w ? 1ULL << (q & 63) : 0;
                same = k[w] == (f != 2 ? bit : 0) && k[nw + w] == (f != 0 ? bit : 0);
            }
            if (!same) out->moved[(size_t)f * (size_t)nw + (size_t)(q >> 6)] |= 1ULL << (q & 63);
        }
    }
    return PLT_OK;
}

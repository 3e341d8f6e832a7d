/* Clifford absorption: Cliffords move to the end of the circuit through a tableau and
 * are finally absorbed into the observable, so only Pauli rotations remain. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "core/error.h"
#include "pauli/pstring.h"

#define PI 3.14159265358979323846
/* The tableau takes n^2/2 bytes; beyond this it is refused rather than attempted. */
#define MAX_TABLEAU_BYTES ((size_t)1 << 32)

/* T(P) = C^dag P C for the accumulated Clifford C. Row 2q is T(X_q), row 2q+1 is T(Z_q);
 * each row holds nw x-words then nw z-words; sign[r] is the power of i (0 or 2). */
typedef struct tableau {
    int n, nw;
    uint64_t *rows;
    unsigned char *sign;
    uint64_t *tmp; /* scratch: 6 strings of 2*nw words */
} tableau;

static uint64_t *row(const tableau *t, int r) { return t->rows + (size_t)r * 2 * t->nw; }

static plt_status tableau_init(tableau *t, int n) {
    memset(t, 0, sizeof *t);
    t->n = n;
    t->nw = plt_nwords(n);
    size_t words = (size_t)2 * n * 2 * t->nw;
    if (words > MAX_TABLEAU_BYTES / 8)
        return plt_fail(PLT_ETOOBIG,
                        "Clifford absorption on %d qubits needs a %zu-byte tableau, above the "
                        "%zu-byte limit; run without absorption",
                        n, words * 8, MAX_TABLEAU_BYTES);
    t->rows = calloc(words, sizeof *t->rows);
    t->sign = calloc((size_t)2 * n, 1);
    t->tmp = calloc((size_t)6 * 2 * t->nw, sizeof *t->tmp);
    if (!t->rows || !t->sign || !t->tmp) {
        free(t->rows);
        free(t->sign);
        free(t->tmp);
        return plt_fail_nomem("the Clifford tableau");
    }
    for (int q = 0; q < n; q++) {
        row(t, 2 * q)[q / 64] |= 1ULL << (q % 64);
        row(t, 2 * q + 1)[t->nw + q / 64] |= 1ULL << (q % 64);
    }
    return PLT_OK;
}

static void tableau_free(tableau *t) {
    free(t->rows);
    free(t->sign);
    free(t->tmp);
}

/* out = T(P) for P = (px, pz); returns the phase (power of i) of the image. */
static int tableau_apply(const tableau *t, const uint64_t *px, const uint64_t *pz, uint64_t *out) {
    int nw = t->nw;
    memset(out, 0, (size_t)2 * nw * sizeof *out);
    int phase = 0;
    for (int w = 0; w < nw; w++) {
        uint64_t bits = px[w] | pz[w];
        while (bits) {
            int b = __builtin_ctzll(bits);
            bits &= bits - 1;
            int q = w * 64 + b;
            int hx = (int)((px[w] >> b) & 1), hz = (int)((pz[w] >> b) & 1);
            if (hx && hz) phase += 1; /* Y = i X Z */
            if (hx) {
                const uint64_t *r = row(t, 2 * q);
                phase += t->sign[2 * q] + plt_pw_mul(out, out + nw, r, r + nw, out, out + nw, nw);
            }
            if (hz) {
                const uint64_t *r = row(t, 2 * q + 1);
                phase += t->sign[2 * q + 1] +
                         plt_pw_mul(out, out + nw, r, r + nw, out, out + nw, nw);
            }
        }
    }
    return phase & 3;
}

/* T <- T o (P -> G^dag P G) for a table Clifford G on qubits q. */
static void tableau_clifford(tableau *t, plt_gate g, const int *q) {
    const plt_gate_info *gi = plt_gate_info_get(g);
    int nw = t->nw, nq = gi->nqubits;
    uint64_t *loc = t->tmp, *img = t->tmp + 2 * nw; /* img: up to 4 rows */
    int ph[4];
    for (int r = 0; r < 2 * nq; r++) {
        const char *s = gi->image[r];
        memset(loc, 0, (size_t)2 * nw * sizeof *loc);
        int phase = s[0] == '-' ? 2 : 0;
        for (int j = 0; j < nq; j++) {
            char ch = s[1 + j];
            uint64_t bit = 1ULL << (q[j] % 64);
            if (ch == 'X' || ch == 'Y') loc[q[j] / 64] |= bit;
            if (ch == 'Z' || ch == 'Y') loc[nw + q[j] / 64] |= bit;
        }
        ph[r] = (phase + tableau_apply(t, loc, loc + nw, img + (size_t)r * 2 * nw)) & 3;
        PLT_ASSERT((ph[r] & 1) == 0);
    }
    for (int r = 0; r < 2 * nq; r++) {
        int dst = 2 * q[r / 2] + (r & 1);
        memcpy(row(t, dst), img + (size_t)r * 2 * nw, (size_t)2 * nw * sizeof *img);
        t->sign[dst] = (unsigned char)ph[r];
    }
}

/* T <- T o (Q -> R^dag Q R) for R = R_P(k pi/2). For Q anticommuting with P,
 * R^dag Q R = cos(k pi/2) Q - i sin(k pi/2) Q P. */
static void tableau_rotation(tableau *t, const plt_pstring *p, int k) {
    int nw = t->nw;
    if (k == 0) return;
    uint64_t *tp = t->tmp;
    int tph = k == 2 ? 0 : tableau_apply(t, p->x, p->z, tp);
    for (int w = 0; w < nw; w++) {
        uint64_t bits = p->x[w] | p->z[w];
        while (bits) {
            int b = __builtin_ctzll(bits);
            bits &= bits - 1;
            int q = w * 64 + b;
            for (int which = 0; which < 2; which++) {
                /* X_q anticommutes with P when P has z at q; Z_q when P has x at q. */
                uint64_t has = which == 0 ? p->z[w] : p->x[w];
                if (!((has >> b) & 1)) continue;
                int r = 2 * q + which;
                uint64_t *rw = row(t, r);
                int ph = t->sign[r];
                if (k == 2) {
                    ph += 2;
                } else {
                    ph += (k == 1 ? 3 : 1) + tph + plt_pw_mul(rw, rw + nw, tp, tp + nw, rw,
                                                              rw + nw, nw);
                }
                ph &= 3;
                PLT_ASSERT((ph & 1) == 0);
                t->sign[r] = (unsigned char)ph;
            }
        }
    }
}

/* k in 0..3 when theta is a multiple of pi/2 within 1e-12, else -1. */
static int clifford_quarter(double theta) {
    double m = theta / (PI / 2);
    if (!(fabs(m) < 1e15)) return -1;
    double r = nearbyint(m);
    if (fabs(theta - r * (PI / 2)) > 1e-12) return -1;
    long long k = (long long)r % 4;
    return (int)(k < 0 ? k + 4 : k);
}

plt_status plt_circuit_absorb_cliffords(const plt_circuit *c, const plt_psum *obs,
                                        plt_circuit **out, plt_psum **obs_out) {
    if (!out || !obs_out)
        return plt_fail(PLT_EINVAL, "plt_circuit_absorb_cliffords: out and obs_out are required");
    *out = NULL;
    *obs_out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_absorb_cliffords: circuit must not be NULL");
    if (obs && plt_psum_nqubits(obs) != c->n)
        return plt_fail(PLT_EINVAL,
                        "the observable has %d qubits but the circuit has %d; give an observable "
                        "on %d qubits",
                        plt_psum_nqubits(obs), c->n, c->n);
    for (size_t i = 0; i < c->nops; i++)
        if (c->ops[i].kind == PLT_OP_UNITARY)
            return plt_fail(PLT_EUNSUPPORTED,
                            "op %zu is a general unitary, which Clifford absorption cannot move; "
                            "run without absorption",
                            i);
    tableau t;
    plt_status st = tableau_init(&t, c->n);
    if (st) return st;
    plt_circuit *d = NULL;
    plt_psum *o = NULL;
    plt_pstring *img = NULL;
    if ((st = plt_circuit_new(c->n, &d))) goto fail;
    if ((st = plt_circuit_copy_params(d, c))) goto fail;
    if ((st = plt_pstring_new(c->n, &img))) goto fail;
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        if (op->kind == PLT_OP_CLIFFORD) {
            tableau_clifford(&t, op->gate, op->q);
            continue;
        }
        int k = op->param < 0 ? clifford_quarter(op->b) : -1;
        if (k >= 0) {
            tableau_rotation(&t, op->gen, k);
            continue;
        }
        int ph = tableau_apply(&t, op->gen->x, op->gen->z, t.tmp);
        PLT_ASSERT((ph & 1) == 0);
        memcpy(img->x, t.tmp, (size_t)t.nw * sizeof *img->x);
        memcpy(img->z, t.tmp + t.nw, (size_t)t.nw * sizeof *img->z);
        double s = ph ? -1.0 : 1.0;
        if ((st = plt_circuit_add_rotation(d, img, op->param, s * op->a, s * op->b))) goto fail;
    }
    if (obs) {
        plt_pstring *p = NULL;
        if ((st = plt_psum_new(c->n, &o))) goto fail;
        if ((st = plt_pstring_new(c->n, &p))) goto fail;
        size_t nt = plt_psum_nterms(obs);
        for (size_t i = 0; i < nt && !st; i++) {
            double re, im;
            if ((st = plt_psum_term(obs, i, p, &re, &im))) break;
            int ph = tableau_apply(&t, p->x, p->z, t.tmp);
            PLT_ASSERT((ph & 1) == 0);
            memcpy(img->x, t.tmp, (size_t)t.nw * sizeof *img->x);
            memcpy(img->z, t.tmp + t.nw, (size_t)t.nw * sizeof *img->z);
            double s = ph ? -1.0 : 1.0;
            st = plt_psum_add(o, img, s * re, s * im);
        }
        plt_pstring_free(p);
        if (st) goto fail;
    }
    plt_pstring_free(img);
    tableau_free(&t);
    *out = d;
    *obs_out = o;
    return PLT_OK;
fail:
    plt_pstring_free(img);
    plt_circuit_free(d);
    plt_psum_free(o);
    tableau_free(&t);
    return st;
}

plt_status plt_circuit_params_from_angles(const plt_circuit *c, plt_circuit **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_circuit_params_from_angles: out is required");
    *out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_params_from_angles: circuit is required");
    plt_circuit *d = NULL;
    plt_status st = plt_circuit_new(c->n, &d);
    if (st) return st;
    if ((st = plt_circuit_copy_params(d, c))) goto fail;
    long next = 0;
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        if (op->kind != PLT_OP_ROTATION || op->param >= 0) {
            switch (op->kind) {
            case PLT_OP_CLIFFORD: st = plt_circuit_add_clifford(d, op->gate, op->q); break;
            case PLT_OP_UNITARY: st = plt_circuit_add_unitary(d, op->nq, op->q, op->u); break;
            case PLT_OP_ROTATION:
                st = plt_circuit_add_rotation(d, op->gen, op->param, op->a, op->b);
                break;
            }
            if (st) goto fail;
            continue;
        }
        char name[32];
        do snprintf(name, sizeof name, "a%ld", next++);
        while (plt_circuit_param_index(d, name) >= 0);
        int k;
        if ((st = plt_circuit_add_param(d, name, op->b, &k))) goto fail;
        if ((st = plt_circuit_add_rotation(d, op->gen, k, 1.0, 0.0))) goto fail;
    }
    *out = d;
    return PLT_OK;
fail:
    plt_circuit_free(d);
    return st;
}

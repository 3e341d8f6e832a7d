/* Two-qubit kernels: each index k of the range names a quadruple of amplitudes
 * j, j|b0, j|b1, j|b0|b1 (j with both bits clear); runs below the lower qubit
 * are contiguous. CX, CZ and SWAP touch only the amplitudes they move. */
#include "engines/statevector/sv.h"

/* ISO C mode (-std=c17) turns off multiply-add contraction in gcc; the kernels are
 * mostly multiply-adds and want it. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif

#define SV_MIN(a, b) ((a) < (b) ? (a) : (b))

/* The body (the variadic part) sees `p`, the (re, im) of amplitude j. */
#define SV_QUADS(psi, qa, qb, b, e, ...)                                             \
    do {                                                                            \
        const int lo_ = (qa) < (qb) ? (qa) : (qb), hi_ = (qa) < (qb) ? (qb) : (qa); \
        const uint64_t run_ = UINT64_C(1) << lo_;                                   \
        for (uint64_t k_ = (b); k_ < (e);) {                                        \
            uint64_t len_ = SV_MIN(run_ - (k_ & (run_ - 1)), (e) - k_);             \
            double *restrict base_ = (psi) + 2 * sv_insert0(sv_insert0(k_, lo_), hi_); \
            for (uint64_t r_ = 0; r_ < len_; r_++) {                                \
                double *restrict p = base_ + 2 * r_;                                \
                __VA_ARGS__;                                                             \
            }                                                                       \
            k_ += len_;                                                             \
        }                                                                           \
    } while (0)

void sv_k_u2(double *restrict psi, int q0, int q1, const double *restrict m, uint64_t b,
             uint64_t e) {
    const uint64_t o1 = UINT64_C(2) << q0, o2 = UINT64_C(2) << q1, o3 = o1 + o2;
    SV_QUADS(psi, q0, q1, b, e, {
        double vr[4] = {p[0], p[o1], p[o2], p[o3]};
        double vi[4] = {p[1], p[o1 + 1], p[o2 + 1], p[o3 + 1]};
        double wr[4], wi[4];
        for (int r = 0; r < 4; r++) {
            const double *row = m + 8 * r;
            double sr = 0, si = 0;
            for (int c = 0; c < 4; c++) {
                sr += row[2 * c] * vr[c] - row[2 * c + 1] * vi[c];
                si += row[2 * c] * vi[c] + row[2 * c + 1] * vr[c];
            }
            wr[r] = sr;
            wi[r] = si;
        }
        p[0] = wr[0], p[1] = wi[0];
        p[o1] = wr[1], p[o1 + 1] = wi[1];
        p[o2] = wr[2], p[o2 + 1] = wi[2];
        p[o3] = wr[3], p[o3 + 1] = wi[3];
    });
}

/* Qubits (0, hi): the quads of a run of k are (j, j + 1) at j = j0 + 2r in the lower half
 * (bit hi clear) and the same in the upper half, two complex numbers per vector. The
 * body sees the vectors' addresses L and U. */
#define SV_QUADS0(psi, hi, b, e, ...)                                                \
    do {                                                                            \
        const uint64_t run_ = UINT64_C(1) << ((hi) - 1);                            \
        for (uint64_t k_ = (b); k_ < (e);) {                                        \
            uint64_t len_ = SV_MIN(run_ - (k_ & (run_ - 1)), (e) - k_);             \
            double *base_ = (psi) + 2 * sv_insert0(sv_insert0(k_, 0), (hi));       \
            for (uint64_t r_ = 0; r_ < len_; r_++) {                                \
                double *L = base_ + 4 * r_, *U = L + (UINT64_C(2) << (hi));         \
                __VA_ARGS__;                                                        \
            }                                                                       \
            k_ += len_;                                                             \
        }                                                                           \
    } while (0)

void sv_k_cx(double *restrict psi, int c, int t, uint64_t b, uint64_t e) {
    if (c == 0) { /* swap the odd complexes of the two halves */
        SV_QUADS0(psi, t, b, e, {
            sv_v4 l = sv_ld(L), u = sv_ld(U);
            sv_st(L, SV_SHUF(l, u, 0, 1, 6, 7));
            sv_st(U, SV_SHUF(u, l, 0, 1, 6, 7));
        });
        return;
    }
    if (t == 0) { /* swap neighbours in the upper half */
        SV_QUADS0(psi, c, b, e, { sv_st(U, sv_flip(sv_ld(U))); (void)L; });
        return;
    }
    const uint64_t oc = UINT64_C(2) << c, oct = oc + (UINT64_C(2) << t);
    SV_QUADS(psi, c, t, b, e, {
        double ar = p[oc], ai = p[oc + 1];
        p[oc] = p[oct];
        p[oc + 1] = p[oct + 1];
        p[oct] = ar;
        p[oct + 1] = ai;
    });
}

void sv_k_cz(double *restrict psi, int q0, int q1, uint64_t b, uint64_t e) {
    if (q0 == 0 || q1 == 0) {
        SV_QUADS0(psi, q0 + q1, b, e, { sv_st(U, sv_neg_hi(sv_ld(U))); (void)L; });
        return;
    }
    const uint64_t o3 = (UINT64_C(2) << q0) + (UINT64_C(2) << q1);
    SV_QUADS(psi, q0, q1, b, e, {
        p[o3] = -p[o3];
        p[o3 + 1] = -p[o3 + 1];
    });
}

void sv_k_swap(double *restrict psi, int q0, int q1, uint64_t b, uint64_t e) {
    if (q0 == 0 || q1 == 0) { /* the odd complex of the lower half <-> the even of the upper */
        SV_QUADS0(psi, q0 + q1, b, e, {
            sv_v4 l = sv_ld(L), u = sv_ld(U);
            sv_st(L, SV_SHUF(l, u, 0, 1, 4, 5));
            sv_st(U, SV_SHUF(l, u, 2, 3, 6, 7));
        });
        return;
    }
    const uint64_t o1 = UINT64_C(2) << q0, o2 = UINT64_C(2) << q1;
    SV_QUADS(psi, q0, q1, b, e, {
        double ar = p[o1], ai = p[o1 + 1];
        p[o1] = p[o2];
        p[o1 + 1] = p[o2 + 1];
        p[o2] = ar;
        p[o2 + 1] = ai;
    });
}

/* The sign vectors of four amplitudes (two vectors) for each 4 bits of a mask. */
static void sv_sign_table(sv_v4 tab[16][2]) {
    for (int k = 0; k < 16; k++)
        for (int h = 0; h < 2; h++) {
            double s0 = (k >> (2 * h)) & 1 ? -1.0 : 1.0, s1 = (k >> (2 * h + 1)) & 1 ? -1.0 : 1.0;
            tab[k][h] = (sv_v4){s0, s0, s1, s1};
        }
}

void sv_k_signs(double *restrict psi, double *restrict psi2, const uint64_t *restrict mask,
                uint64_t len) {
    /* Four amplitudes (two vectors) per step, their signs from four bits of the mask. */
    sv_v4 tab[16][2];
    sv_sign_table(tab);
    for (uint64_t w = 0; w < len / 64; w++) {
        const uint64_t bits = mask[w];
        double *restrict p = psi + 128 * w;
        for (int v = 0; v < 16; v++) {
            const sv_v4 *t = tab[(bits >> (4 * v)) & 15];
            sv_st(p + 8 * v, t[0] * sv_ld(p + 8 * v));
            sv_st(p + 8 * v + 4, t[1] * sv_ld(p + 8 * v + 4));
        }
        if (!psi2) continue;
        p = psi2 + 128 * w;
        for (int v = 0; v < 16; v++) {
            const sv_v4 *t = tab[(bits >> (4 * v)) & 15];
            sv_st(p + 8 * v, t[0] * sv_ld(p + 8 * v));
            sv_st(p + 8 * v + 4, t[1] * sv_ld(p + 8 * v + 4));
        }
    }
}

void sv_k_fixed(double *restrict psi, const sv_op *op, int inverse, uint64_t b, uint64_t e) {
    const double *m = inverse ? op->minv : op->m;
    switch (op->kind) {
    case SV_U1: sv_k_u1(psi, op->q0, m, b, e); break;
    case SV_D1: sv_k_d1(psi, op->q0, m, b, e); break;
    case SV_X1: sv_k_x1(psi, op->q0, b, e); break;
    case SV_U2: sv_k_u2(psi, op->q0, op->q1, m, b, e); break;
    case SV_CX: sv_k_cx(psi, op->q0, op->q1, b, e); break;
    case SV_CZ: sv_k_cz(psi, op->q0, op->q1, b, e); break;
    case SV_SWAP: sv_k_swap(psi, op->q0, op->q1, b, e); break;
    case SV_ROT:
    case SV_ZROT: break; /* rotations go through sv_k_rot with their angle */
    }
}

/* Rotations exp(-i theta/2 P) about a Pauli string, by bit tricks only.
 *
 * P|j> = i^ny (-1)^popcount(j & z) |j ^ x>. With x != 0 the amplitudes pair up
 * as (j0, j1 = j0 ^ x), j0 having the pivot bit (the highest bit of x) clear;
 * with s0 = (-1)^popcount(j0 & z) and f = -i sin(theta/2) i^ny:
 *   j0' = c j0 + (-1)^ny f s0 j1,   j1' = c j1 + f s0 j0.
 * Below the lowest bit of x | z the partner offset and the sign are constant,
 * so the range is walked in runs of that length, one popcount per run. */
#include "engines/statevector/sv.h"

/* ISO C mode (-std=c17) turns off multiply-add contraction in gcc; the kernels are
 * mostly multiply-adds and want it. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif

#define SV_MIN(a, b) ((a) < (b) ? (a) : (b))

static inline double sv_sign(uint64_t j, uint64_t z) {
    return (__builtin_popcountll(j & z) & 1) ? -1.0 : 1.0;
}

/* f = -i s i^ny as (re, im). */
static void sv_rot_factor(int ny, double s, double *fr, double *fi) {
    switch (ny & 3) {
    case 0: *fr = 0, *fi = -s; break;  /* -i s */
    case 1: *fr = s, *fi = 0; break;   /* -i i s = s */
    case 2: *fr = 0, *fi = s; break;   /* i s */
    default: *fr = -s, *fi = 0; break; /* -i (-i) s = -s */
    }
}

static void sv_zrot(double *restrict psi, uint64_t z, double c, double s, uint64_t b,
                    uint64_t e) {
    const uint64_t run = UINT64_C(1) << __builtin_ctzll(z);
    for (uint64_t j = b; j < e;) {
        uint64_t len = SV_MIN(run - (j & (run - 1)), e - j);
        double ss = -s * sv_sign(j, z);
        double *restrict p = psi + 2 * j;
        for (uint64_t r = 0; r < len; r++) {
            double ar = p[2 * r], ai = p[2 * r + 1];
            p[2 * r] = c * ar - ss * ai;
            p[2 * r + 1] = c * ai + ss * ar;
        }
        j += len;
    }
}

/* The pair update j0' = c j0 + s(j0) g0 j1, j1' = c j1 + s(j0) f j0 in chunks of 64
 * amplitudes: a chunk of pivot-clear j0 and its partner chunk (the same one when the
 * pivot is below 6), where j0 ^ x sits at the index xor-ed with the low bits of x, so two
 * complex numbers make one vector (flipped when x is odd); the low part of the sign is a
 * table. Needs x != 1 and b, e multiples of 64. */
static void sv_rot_chunks(double *restrict psi, uint64_t x, uint64_t zeff, int pivot, double c,
                          double g0r, double g0i, double fr, double fi, uint64_t b, uint64_t e) {
    sv_v4 tab[2][32];
    for (uint64_t m = 0; m < 32; m++) {
        double s0 = sv_sign(2 * m, zeff), s1 = sv_sign(2 * m + 1, zeff);
        tab[0][m] = (sv_v4){s0, s0, s1, s1};
        tab[1][m] = -tab[0][m];
    }
    const sv_v4 sg = {-1, 1, -1, 1}, cc = sv_splat(c);
    const sv_v4 gr = sv_splat(g0r), gi = sg * g0i, hr = sv_splat(fr), hi = sg * fi;
    const uint64_t xe = x & 62, xh = x & ~UINT64_C(63);
    const int flip = (int)(x & 1), inner = pivot < 6;
    const uint64_t step = inner ? 32 : 64, nm = inner ? 16 : 32;
    for (uint64_t k0 = b; k0 < e; k0 += step) {
        const uint64_t j0 = sv_insert0(k0, pivot);
        double *A = psi + 2 * j0, *B = psi + 2 * (j0 ^ xh);
        const sv_v4 *t = tab[__builtin_popcountll(j0 & zeff) & 1];
        for (uint64_t mm = 0; mm < nm; mm++) {
            const uint64_t m = inner ? sv_insert0(mm, pivot - 1) : mm;
            double *pb = B + 2 * ((2 * m) ^ xe);
            sv_v4 va = sv_ld(A + 4 * m), vb = sv_ld(pb);
            if (flip) vb = sv_flip(vb);
            sv_v4 na = cc * va + t[m] * (gr * vb + gi * sv_swap(vb));
            sv_v4 nb = cc * vb + t[m] * (hr * va + hi * sv_swap(va));
            sv_st(A + 4 * m, na);
            sv_st(pb, flip ? sv_flip(nb) : nb);
        }
    }
}

void sv_k_rot(double *restrict psi, const sv_op *op, double c, double s, uint64_t b, uint64_t e) {
    if (op->kind == SV_ZROT) {
        if (op->red == 1) {
            const double d[4] = {c, -s, c, s};
            sv_k_d1(psi, op->q0, d, b, e);
        } else {
            sv_zrot(psi, op->z, c, s, b, e);
        }
        return;
    }
    double fr, fi;
    sv_rot_factor(op->ny, s, &fr, &fi);
    const double g0r = (op->ny & 1) ? -fr : fr, g0i = (op->ny & 1) ? -fi : fi;
    const uint64_t pb = UINT64_C(1) << op->pivot, x = op->x, zeff = op->z & ~pb;
    if (x == pb && zeff == 0) {
        /* X or Y on one qubit: c on the diagonal, one real or one imaginary factor off it. */
        if (op->pivot > 0) {
            sv_k_rot1(psi, op->pivot, c, fr != 0 ? fr : fi, fr == 0, b, e);
        } else {
            const double m[8] = {c, 0, g0r, g0i, fr, fi, c, 0};
            sv_k_u1(psi, op->pivot, m, b, e);
        }
        return;
    }
    const uint64_t run = UINT64_C(1) << __builtin_ctzll(x | zeff);
    const uint64_t off = 2 * x;
    if (run < 32 && x != 1 && (b & 63) == 0 && (e & 63) == 0) {
        sv_rot_chunks(psi, x, zeff, op->pivot, c, g0r, g0i, fr, fi, b, e);
        return;
    }
    if (run == 1) {
        /* Runs of one pair: no run bookkeeping, the sign picks one of two factor pairs. */
        const double a0r[2] = {g0r, -g0r}, a0i[2] = {g0i, -g0i};
        const double a1r[2] = {fr, -fr}, a1i[2] = {fi, -fi};
        for (uint64_t k = b; k < e; k++) {
            uint64_t j0 = sv_insert0(k, op->pivot);
            int sg = __builtin_popcountll(j0 & zeff) & 1;
            double *restrict p0 = psi + 2 * j0;
            double *restrict p1 = psi + (2 * j0 ^ off);
            double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
            p0[0] = c * ar + a0r[sg] * br - a0i[sg] * bi;
            p0[1] = c * ai + a0r[sg] * bi + a0i[sg] * br;
            p1[0] = c * br + a1r[sg] * ar - a1i[sg] * ai;
            p1[1] = c * bi + a1r[sg] * ai + a1i[sg] * ar;
        }
        return;
    }
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(run - (k & (run - 1)), e - k);
        uint64_t j0 = sv_insert0(k, op->pivot);
        double sg = sv_sign(j0, zeff);
        double a0r = sg * g0r, a0i = sg * g0i, a1r = sg * fr, a1i = sg * fi;
        double *restrict p0 = psi + 2 * j0;
        double *restrict p1 = psi + (2 * j0 ^ off);
        for (uint64_t r = 0; r < len; r++) {
            double ar = p0[2 * r], ai = p0[2 * r + 1], br = p1[2 * r], bi = p1[2 * r + 1];
            p0[2 * r] = c * ar + a0r * br - a0i * bi;
            p0[2 * r + 1] = c * ai + a0r * bi + a0i * br;
            p1[2 * r] = c * br + a1r * ar - a1i * ai;
            p1[2 * r + 1] = c * bi + a1r * ai + a1i * ar;
        }
        k += len;
    }
}

void sv_k_rot_grad(double *restrict phi, double *restrict lam, const sv_op *op, double c,
                   double s, uint64_t b, uint64_t e, double *acc) {
    double sr = 0, si = 0;
    if (op->kind == SV_ZROT) {
        const uint64_t z = op->z;
        const uint64_t run = UINT64_C(1) << __builtin_ctzll(z);
        for (uint64_t j = b; j < e;) {
            uint64_t len = SV_MIN(run - (j & (run - 1)), e - j);
            double sg = sv_sign(j, z), ss = s * sg; /* inverse rotation: +i theta/2 */
            double *restrict p = phi + 2 * j, *restrict l = lam + 2 * j;
            double tr = 0, ti = 0;
            for (uint64_t r = 0; r < len; r++) {
                double pr = p[2 * r], pi = p[2 * r + 1], lr = l[2 * r], li = l[2 * r + 1];
                tr += lr * pr + li * pi;
                ti += lr * pi - li * pr;
                p[2 * r] = c * pr - ss * pi;
                p[2 * r + 1] = c * pi + ss * pr;
                l[2 * r] = c * lr - ss * li;
                l[2 * r + 1] = c * li + ss * lr;
            }
            sr += sg * tr;
            si += sg * ti;
            j += len;
        }
        acc[0] += sr;
        acc[1] += si;
        return;
    }
    double fr, fi;
    sv_rot_factor(op->ny, -s, &fr, &fi);
    const double par = (op->ny & 1) ? -1.0 : 1.0;
    const double g0r = par * fr, g0i = par * fi;
    const uint64_t pb = UINT64_C(1) << op->pivot, x = op->x, zeff = op->z & ~pb;
    const uint64_t run = UINT64_C(1) << __builtin_ctzll(x | zeff | pb);
    const uint64_t off = 2 * x;
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(run - (k & (run - 1)), e - k);
        uint64_t j0 = sv_insert0(k, op->pivot);
        double sg = sv_sign(j0, zeff);
        double a0r = sg * g0r, a0i = sg * g0i, a1r = sg * fr, a1i = sg * fi;
        double *restrict p0 = phi + 2 * j0, *restrict p1 = phi + (2 * j0 ^ off);
        double *restrict l0 = lam + 2 * j0, *restrict l1 = lam + (2 * j0 ^ off);
        double tr = 0, ti = 0;
        for (uint64_t r = 0; r < len; r++) {
            double ar = p0[2 * r], ai = p0[2 * r + 1], br = p1[2 * r], bi = p1[2 * r + 1];
            double cr = l0[2 * r], ci = l0[2 * r + 1], dr = l1[2 * r], di = l1[2 * r + 1];
            /* (-1)^ny conj(l0) p1 + conj(l1) p0 */
            tr += par * (cr * br + ci * bi) + (dr * ar + di * ai);
            ti += par * (cr * bi - ci * br) + (dr * ai - di * ar);
            p0[2 * r] = c * ar + a0r * br - a0i * bi;
            p0[2 * r + 1] = c * ai + a0r * bi + a0i * br;
            p1[2 * r] = c * br + a1r * ar - a1i * ai;
            p1[2 * r + 1] = c * bi + a1r * ai + a1i * ar;
            l0[2 * r] = c * cr + a0r * dr - a0i * di;
            l0[2 * r + 1] = c * ci + a0r * di + a0i * dr;
            l1[2 * r] = c * dr + a1r * cr - a1i * ci;
            l1[2 * r + 1] = c * di + a1r * ci + a1i * cr;
        }
        sr += sg * tr;
        si += sg * ti;
        k += len;
    }
    acc[0] += sr;
    acc[1] += si;
}

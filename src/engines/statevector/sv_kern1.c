/* Single-qubit kernels. Amplitude pairs (j, j | 1<<t) are visited as contiguous
 * runs of 2^t indices, so the inner loops are unit-stride and vectorise; t = 0
 * (adjacent pairs) has its own loop. */
#include "engines/statevector/sv.h"

/* ISO C mode (-std=c17) turns off multiply-add contraction in gcc; the kernels are
 * mostly multiply-adds and want it. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif


#define SV_MIN(a, b) ((a) < (b) ? (a) : (b))

/* Runs the body (the variadic part) for every pair of the range, p0/p1 pointing at (re, im). */
#define SV_PAIRS_1Q(psi, t, b, e, ...)                                               \
    do {                                                                            \
        if ((t) == 0) {                                                             \
            for (uint64_t k_ = (b); k_ < (e); k_++) {                               \
                double *restrict p0 = (psi) + 4 * k_;                               \
                double *restrict p1 = p0 + 2;                                       \
                __VA_ARGS__;                                                             \
            }                                                                       \
        } else {                                                                    \
            const uint64_t half_ = UINT64_C(1) << (t);                              \
            for (uint64_t k_ = (b); k_ < (e);) {                                    \
                uint64_t len_ = SV_MIN(half_ - (k_ & (half_ - 1)), (e) - k_);       \
                double *restrict q0_ = (psi) + 2 * sv_insert0(k_, (t));             \
                double *restrict q1_ = q0_ + 2 * half_;                             \
                for (uint64_t r_ = 0; r_ < len_; r_++) {                            \
                    double *restrict p0 = q0_ + 2 * r_;                             \
                    double *restrict p1 = q1_ + 2 * r_;                             \
                    __VA_ARGS__;                                                         \
                }                                                                   \
                k_ += len_;                                                         \
            }                                                                       \
        }                                                                           \
    } while (0)

void sv_k_u1(double *restrict psi, int t, const double *restrict m, uint64_t b, uint64_t e) {
    const double m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3];
    const double m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7];
    /* Vectors of (re, im, re, im): z w = wr z + wi (-zi, zr) = wr z + (-wi, wi) swap(z). */
    const sv_v4 sg = {-1, 1, -1, 1};
    if (t == 0) {
        /* One pair (a, b) per vector: (m00 a + m01 b, m10 a + m11 b) from the pair, its
         * halves flipped, and both swapped. */
        const sv_v4 ca = {m00r, m00r, m11r, m11r}, cb = sg * (sv_v4){m00i, m00i, m11i, m11i};
        const sv_v4 cc = {m01r, m01r, m10r, m10r}, cd = sg * (sv_v4){m01i, m01i, m10i, m10i};
        for (uint64_t k = b; k < e; k++) {
            sv_v4 v = sv_ld(psi + 4 * k), x = sv_flip(v);
            sv_st(psi + 4 * k, ca * v + cb * sv_swap(v) + cc * x + cd * sv_swap(x));
        }
        return;
    }
    const uint64_t half = UINT64_C(1) << t;
    const sv_v4 a00 = sv_splat(m00r), b00 = sg * m00i, a01 = sv_splat(m01r), b01 = sg * m01i;
    const sv_v4 a10 = sv_splat(m10r), b10 = sg * m10i, a11 = sv_splat(m11r), b11 = sg * m11i;
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(half - (k & (half - 1)), e - k), i = 0;
        double *a0 = psi + 2 * sv_insert0(k, t), *a1 = a0 + 2 * half;
        for (; i + 2 <= len; i += 2) {
            sv_v4 va = sv_ld(a0 + 2 * i), vb = sv_ld(a1 + 2 * i);
            sv_v4 sa = sv_swap(va), sb = sv_swap(vb);
            sv_st(a0 + 2 * i, a00 * va + b00 * sa + a01 * vb + b01 * sb);
            sv_st(a1 + 2 * i, a10 * va + b10 * sa + a11 * vb + b11 * sb);
        }
        for (; i < len; i++) { /* an odd run end */
            double *p0 = a0 + 2 * i, *p1 = a1 + 2 * i;
            double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
            p0[0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
            p0[1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
            p1[0] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
            p1[1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
        }
        k += len;
    }
}

void sv_k_rot1(double *restrict psi, int t, double c, double f, int imag, uint64_t b, uint64_t e) {
    /* X: a0' = c a0 - i s a1 with f = -s, i.e. a0' = c a0 + f (-a1i, a1r) = c a0 + f sg swap(a1),
     * symmetric. Y: a0' = c a0 - f a1, a1' = c a1 + f a0 (f = s). */
    const uint64_t half = UINT64_C(1) << t;
    const sv_v4 cc = sv_splat(c), fx = (sv_v4){-1, 1, -1, 1} * f, fy = sv_splat(f);
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(half - (k & (half - 1)), e - k), i = 0;
        double *a0 = psi + 2 * sv_insert0(k, t), *a1 = a0 + 2 * half;
        if (imag) {
            for (; i + 2 <= len; i += 2) {
                sv_v4 va = sv_ld(a0 + 2 * i), vb = sv_ld(a1 + 2 * i);
                sv_st(a0 + 2 * i, cc * va + fx * sv_swap(vb));
                sv_st(a1 + 2 * i, cc * vb + fx * sv_swap(va));
            }
        } else {
            for (; i + 2 <= len; i += 2) {
                sv_v4 va = sv_ld(a0 + 2 * i), vb = sv_ld(a1 + 2 * i);
                sv_st(a0 + 2 * i, cc * va - fy * vb);
                sv_st(a1 + 2 * i, cc * vb + fy * va);
            }
        }
        for (; i < len; i++) { /* an odd run end */
            double *p0 = a0 + 2 * i, *p1 = a1 + 2 * i;
            double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
            if (imag) {
                p0[0] = c * ar - f * bi, p0[1] = c * ai + f * br;
                p1[0] = c * br - f * ai, p1[1] = c * bi + f * ar;
            } else {
                p0[0] = c * ar - f * br, p0[1] = c * ai - f * bi;
                p1[0] = c * br + f * ar, p1[1] = c * bi + f * ai;
            }
        }
        k += len;
    }
}

void sv_k_d1(double *restrict psi, int t, const double *restrict m, uint64_t b, uint64_t e) {
    const double d0r = m[0], d0i = m[1], d1r = m[2], d1i = m[3];
    if (d0r == 1.0 && d0i == 0.0) {
        /* S, Z, Sdg, phase gates: the |0> half is untouched, half the traffic. */
        SV_PAIRS_1Q(psi, t, b, e, {
            (void)p0;
            double br = p1[0], bi = p1[1];
            p1[0] = d1r * br - d1i * bi;
            p1[1] = d1r * bi + d1i * br;
        });
        return;
    }
    SV_PAIRS_1Q(psi, t, b, e, {
        double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
        p0[0] = d0r * ar - d0i * ai;
        p0[1] = d0r * ai + d0i * ar;
        p1[0] = d1r * br - d1i * bi;
        p1[1] = d1r * bi + d1i * br;
    });
}

void sv_k_x1(double *restrict psi, int t, uint64_t b, uint64_t e) {
    SV_PAIRS_1Q(psi, t, b, e, {
        double ar = p0[0], ai = p0[1];
        p0[0] = p1[0];
        p0[1] = p1[1];
        p1[0] = ar;
        p1[1] = ai;
    });
}

/* Lane sums: s picks each lane's sign. */
static inline double sv_lanes(sv_v4 v, sv_v4 s) {
    v *= s;
    return (v[0] + v[1]) + (v[2] + v[3]);
}

/* (dz, o_r, o_i) of one pair, phi (a, b) and lam (c, d), added to s. */
static inline void sv_grad_terms(const double *p0, const double *p1, const double *l0,
                                 const double *l1, double *s) {
    double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
    double cr = l0[0], ci = l0[1], dr = l1[0], di = l1[1];
    s[0] += (cr * ai - ci * ar) - (dr * bi - di * br);
    s[1] += (cr * br + ci * bi) - (dr * ar + di * ai);
    s[2] += (cr * bi - ci * br) + (dr * ai - di * ar);
}

/* The 2x2 m on one pair. */
static inline void sv_pair_u1(double *p0, double *p1, const double *m) {
    double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
    p0[0] = m[0] * ar - m[1] * ai + m[2] * br - m[3] * bi;
    p0[1] = m[0] * ai + m[1] * ar + m[2] * bi + m[3] * br;
    p1[0] = m[4] * ar - m[5] * ai + m[6] * br - m[7] * bi;
    p1[1] = m[4] * ai + m[5] * ar + m[6] * bi + m[7] * br;
}

/* The scalar adjoint step on one pair: every sum before (s) and after (t) m. */
static inline void sv_grad_pair(double *p0, double *p1, double *l0, double *l1, const double *m,
                                double *s, double *t) {
    sv_grad_terms(p0, p1, l0, l1, s);
    sv_pair_u1(p0, p1, m);
    sv_pair_u1(l0, l1, m);
    sv_grad_terms(p0, p1, l0, l1, t);
}

/* A unit in reduced form on two pairs (a, b): R real and D = diag(1, e), R first (dfirst 0)
 * or D first; er = (Re e) and es = (-Im e, Im e) per complex, rij splats. */
static inline __attribute__((always_inline)) void
sv_red_pairs(sv_v4 va, sv_v4 vb, sv_v4 *na, sv_v4 *nb, const sv_v4 *rm, sv_v4 er, sv_v4 es,
             const int dfirst) {
    if (dfirst) {
        vb = er * vb + es * sv_swap(vb);
        *na = rm[0] * va + rm[1] * vb;
        *nb = rm[2] * va + rm[3] * vb;
    } else {
        *na = rm[0] * va + rm[1] * vb;
        const sv_v4 t = rm[2] * va + rm[3] * vb;
        *nb = er * t + es * sv_swap(t);
    }
}

/* The splats of the reduced form f = (r00, r01, r10, r11, Re e, Im e). */
static inline void sv_red_load(const double *f, sv_v4 *rm, sv_v4 *er, sv_v4 *es) {
    for (int k = 0; k < 4; k++) rm[k] = sv_splat(f[k]);
    *er = sv_splat(f[4]);
    *es = (sv_v4){-1, 1, -1, 1} * f[5];
}

static inline __attribute__((always_inline)) void
sv_u1r_k(double *restrict psi, int t, const double *restrict m, const double *restrict f,
         uint64_t b, uint64_t e, const int dfirst) {
    const uint64_t half = UINT64_C(1) << t;
    sv_v4 rm[4], er, es;
    sv_red_load(f, rm, &er, &es);
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(half - (k & (half - 1)), e - k), i = 0;
        double *a0 = psi + 2 * sv_insert0(k, t), *a1 = a0 + 2 * half;
        for (; i + 2 <= len; i += 2) {
            sv_v4 na, nb;
            sv_red_pairs(sv_ld(a0 + 2 * i), sv_ld(a1 + 2 * i), &na, &nb, rm, er, es, dfirst);
            sv_st(a0 + 2 * i, na);
            sv_st(a1 + 2 * i, nb);
        }
        for (; i < len; i++) sv_pair_u1(a0 + 2 * i, a1 + 2 * i, m); /* an odd run end */
        k += len;
    }
}

void sv_k_u1r(double *restrict psi, int t, const double *restrict m, const double *restrict f,
              int dfirst, uint64_t b, uint64_t e) {
    if (t == 0) sv_k_u1(psi, 0, m, b, e);
    else if (dfirst) sv_u1r_k(psi, t, m, f, b, e, 1);
    else sv_u1r_k(psi, t, m, f, b, e, 0);
}

/* sv_k_grad_u1 for constant kin, kout: each instance keeps only its accumulators, so the
 * common unit (RY then RZ: Z before, Y after) costs 4 multiply-adds per two pairs on top of
 * the 16 of the two 2x2 products (all of R took 8). The loop is bound by the multiply-add
 * ports: about 2.3 times sv_k_u1's time per pair. */
static inline __attribute__((always_inline)) void
sv_grad_u1_k(double *restrict phi, double *restrict lam, int t, const double *restrict m,
             const double *restrict f, uint64_t b, uint64_t e, double *restrict r, const int kin,
             const int kout, const int red) {
    const double m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3];
    const double m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7];
    const int iz = kin == SV_ACC_Z || kin == SV_ACC_ALL, ir = kin == SV_ACC_R || kin == SV_ACC_ALL;
    const int ii = kin == SV_ACC_I || kin == SV_ACC_ALL;
    const sv_v4 sg = {-1, 1, -1, 1}, even = {1, -1, 1, -1}, all = {1, 1, 1, 1};
    sv_v4 xz = {0}, xr = {0}, xi = {0}, yz = {0}, yr = {0}, yi = {0};
    double s3[3] = {0}, t3[3] = {0}; /* odd run ends: (dz, o_r, o_i) before and after */
    /* conj(c) a = (cr ar + ci ai) + i (cr ai - ci ar): as lanes, c * a and c * swap(a). */
    if (t == 0) {
        /* One pair per vector, as in sv_k_u1; with l = (c, d), v = (a, b): dz from l * swap(v)
         * as (+ - - +), o_r from l * flip(v) as (+ + - -), o_i from l * swap(flip(v)) as
         * (+ - + -). */
        const sv_v4 ca = {m00r, m00r, m11r, m11r}, cb = sg * (sv_v4){m00i, m00i, m11i, m11i};
        const sv_v4 cc = {m01r, m01r, m10r, m10r}, cd = sg * (sv_v4){m01i, m01i, m10i, m10i};
        for (uint64_t k = b; k < e; k++) {
            sv_v4 v = sv_ld(phi + 4 * k), l = sv_ld(lam + 4 * k);
            sv_v4 vs = sv_swap(v), vx = sv_flip(v), vxs = sv_swap(vx);
            sv_v4 ls = sv_swap(l), lx = sv_flip(l), lxs = sv_swap(lx);
            if (iz) xz += l * vs;
            if (ir) xr += l * vx;
            if (ii) xi += l * vxs;
            sv_v4 nv = ca * v + cb * vs + cc * vx + cd * vxs;
            sv_v4 nl = ca * l + cb * ls + cc * lx + cd * lxs;
            if (kout == SV_ACC_Z) yz += nl * sv_swap(nv);
            if (kout == SV_ACC_R) yr += nl * sv_flip(nv);
            if (kout == SV_ACC_I) yi += nl * sv_swap(sv_flip(nv));
            sv_st(phi + 4 * k, nv);
            sv_st(lam + 4 * k, nl);
        }
        const sv_v4 pz = {1, -1, -1, 1}, pr = {1, 1, -1, -1}, pi = {1, -1, 1, -1};
        if (iz) r[0] += sv_lanes(xz, pz);
        if (ir) r[1] += sv_lanes(xr, pr);
        if (ii) r[2] += sv_lanes(xi, pi);
        if (kout == SV_ACC_Z) r[3] += sv_lanes(yz, pz);
        if (kout == SV_ACC_R) r[4] += sv_lanes(yr, pr);
        if (kout == SV_ACC_I) r[5] += sv_lanes(yi, pi);
        return;
    }
    /* Runs of 2^t >= 2 pairs: two pairs per vector; dz from c * swap(a) - d * swap(b) as
     * (+ - + -), o_r from c * b - d * a as (+ + + +), o_i from c * swap(b) + d * swap(a) as
     * (+ - + -). */
    const uint64_t half = UINT64_C(1) << t;
    const sv_v4 a00 = sv_splat(m00r), b00 = sg * m00i, a01 = sv_splat(m01r), b01 = sg * m01i;
    const sv_v4 a10 = sv_splat(m10r), b10 = sg * m10i, a11 = sv_splat(m11r), b11 = sg * m11i;
    sv_v4 rm[4] = {{0}}, er = {0}, es = {0};
    if (red) sv_red_load(f, rm, &er, &es);
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(half - (k & (half - 1)), e - k), i = 0;
        uint64_t j = sv_insert0(k, t);
        double *a0 = phi + 2 * j, *a1 = a0 + 2 * half, *c0 = lam + 2 * j, *c1 = c0 + 2 * half;
        for (; i + 2 <= len; i += 2) {
            sv_v4 va = sv_ld(a0 + 2 * i), vb = sv_ld(a1 + 2 * i);
            sv_v4 vc = sv_ld(c0 + 2 * i), vd = sv_ld(c1 + 2 * i);
            sv_v4 sa = sv_swap(va), sb = sv_swap(vb), sc = sv_swap(vc), sd = sv_swap(vd);
            if (iz) xz += vc * sa - vd * sb;
            if (ir) xr += vc * vb - vd * va;
            if (ii) xi += vc * sb + vd * sa;
            sv_v4 na, nb, nc, nd;
            if (red) { /* 6 multiply-adds a buffer instead of 8 */
                sv_red_pairs(va, vb, &na, &nb, rm, er, es, red == 2);
                sv_red_pairs(vc, vd, &nc, &nd, rm, er, es, red == 2);
            } else {
                na = a00 * va + b00 * sa + a01 * vb + b01 * sb;
                nb = a10 * va + b10 * sa + a11 * vb + b11 * sb;
                nc = a00 * vc + b00 * sc + a01 * vd + b01 * sd;
                nd = a10 * vc + b10 * sc + a11 * vd + b11 * sd;
            }
            if (kout == SV_ACC_Z) yz += nc * sv_swap(na) - nd * sv_swap(nb);
            if (kout == SV_ACC_R) yr += nc * nb - nd * na;
            if (kout == SV_ACC_I) yi += nc * sv_swap(nb) + nd * sv_swap(na);
            sv_st(a0 + 2 * i, na);
            sv_st(a1 + 2 * i, nb);
            sv_st(c0 + 2 * i, nc);
            sv_st(c1 + 2 * i, nd);
        }
        for (; i < len; i++) /* an odd run end (ranges cut at odd indices) */
            sv_grad_pair(a0 + 2 * i, a1 + 2 * i, c0 + 2 * i, c1 + 2 * i, m, s3, t3);
        k += len;
    }
    if (iz) r[0] += sv_lanes(xz, even) + s3[0];
    if (ir) r[1] += sv_lanes(xr, all) + s3[1];
    if (ii) r[2] += sv_lanes(xi, even) + s3[2];
    if (kout == SV_ACC_Z) r[3] += sv_lanes(yz, even) + t3[0];
    if (kout == SV_ACC_R) r[4] += sv_lanes(yr, all) + t3[1];
    if (kout == SV_ACC_I) r[5] += sv_lanes(yi, even) + t3[2];
}

void sv_k_grad_u1(double *restrict phi, double *restrict lam, int t, const double *restrict m,
                  const double *restrict f, int red, int kin, int kout, uint64_t b, uint64_t e,
                  double *restrict r) {
    if (t == 0 || !f) red = 0; /* one pair per vector: the general 2x2 m */
#define SV_GRAD_CASE(rd, ki, ko)                                                             \
    case ((rd) * 8 + (ki)) * 8 + (ko):                                                       \
        sv_grad_u1_k(phi, lam, t, m, f, b, e, r, (ki), (ko), (rd));                          \
        return;
#define SV_GRAD_CASES(rd, ki)                                                                \
    SV_GRAD_CASE(rd, ki, SV_ACC_NONE)                                                        \
    SV_GRAD_CASE(rd, ki, SV_ACC_Z) SV_GRAD_CASE(rd, ki, SV_ACC_R) SV_GRAD_CASE(rd, ki, SV_ACC_I)
#define SV_GRAD_FORM(rd)                                                                     \
    SV_GRAD_CASES(rd, SV_ACC_NONE)                                                           \
    SV_GRAD_CASES(rd, SV_ACC_Z)                                                              \
    SV_GRAD_CASES(rd, SV_ACC_R)                                                              \
    SV_GRAD_CASES(rd, SV_ACC_I) SV_GRAD_CASES(rd, SV_ACC_ALL)
    switch ((red * 8 + kin) * 8 + kout) {
    SV_GRAD_FORM(0)
    SV_GRAD_FORM(1)
    SV_GRAD_FORM(2)
    default: sv_grad_u1_k(phi, lam, t, m, f, b, e, r, SV_ACC_ALL, SV_ACC_NONE, 0); return;
    }
#undef SV_GRAD_FORM
#undef SV_GRAD_CASES
#undef SV_GRAD_CASE
}

/* sv_k_grad_rot1 for a constant generator g (SV_ACC_I: X, SV_ACC_R: Y, SV_ACC_Z: Z) and acc. */
static inline __attribute__((always_inline)) void
sv_grad_rot1_k(double *restrict phi, double *restrict lam, int t, double c, double s, uint64_t b,
               uint64_t e, double *restrict r, const int g, const int acc) {
    const uint64_t half = UINT64_C(1) << t;
    const sv_v4 sg = {-1, 1, -1, 1}, even = {1, -1, 1, -1}, all = {1, 1, 1, 1};
    /* exp(-i theta/2 G) on a pair: X: a' = c a - i s b; Y: a' = c a - s b, b' = c b + s a;
     * Z: a' = (c - i s) a, b' = (c + i s) b. */
    const sv_v4 cc = sv_splat(c), fx = sg * -s, fy = sv_splat(s), fz = sg * s;
    sv_v4 x = {0};
    double s3[3] = {0}, t3[3] = {0};
    const double m[8] = {c, g == SV_ACC_Z ? -s : 0, g == SV_ACC_R ? -s : 0, g == SV_ACC_I ? -s : 0,
                         g == SV_ACC_R ? s : 0, g == SV_ACC_I ? -s : 0, c, g == SV_ACC_Z ? s : 0};
    for (uint64_t k = b; k < e;) {
        uint64_t len = SV_MIN(half - (k & (half - 1)), e - k), i = 0;
        uint64_t j = sv_insert0(k, t);
        double *a0 = phi + 2 * j, *a1 = a0 + 2 * half, *c0 = lam + 2 * j, *c1 = c0 + 2 * half;
        for (; i + 2 <= len; i += 2) {
            sv_v4 va = sv_ld(a0 + 2 * i), vb = sv_ld(a1 + 2 * i);
            sv_v4 vc = sv_ld(c0 + 2 * i), vd = sv_ld(c1 + 2 * i);
            sv_v4 sa = sv_swap(va), sb = sv_swap(vb), sc = sv_swap(vc), sd = sv_swap(vd);
            if (acc && g == SV_ACC_Z) x += vc * sa - vd * sb;
            if (acc && g == SV_ACC_R) x += vc * vb - vd * va;
            if (acc && g == SV_ACC_I) x += vc * sb + vd * sa;
            if (g == SV_ACC_I) {
                sv_st(a0 + 2 * i, cc * va + fx * sb), sv_st(a1 + 2 * i, cc * vb + fx * sa);
                sv_st(c0 + 2 * i, cc * vc + fx * sd), sv_st(c1 + 2 * i, cc * vd + fx * sc);
            } else if (g == SV_ACC_R) {
                sv_st(a0 + 2 * i, cc * va - fy * vb), sv_st(a1 + 2 * i, cc * vb + fy * va);
                sv_st(c0 + 2 * i, cc * vc - fy * vd), sv_st(c1 + 2 * i, cc * vd + fy * vc);
            } else {
                sv_st(a0 + 2 * i, cc * va - fz * sa), sv_st(a1 + 2 * i, cc * vb + fz * sb);
                sv_st(c0 + 2 * i, cc * vc - fz * sc), sv_st(c1 + 2 * i, cc * vd + fz * sd);
            }
        }
        for (; i < len; i++) /* an odd run end */
            sv_grad_pair(a0 + 2 * i, a1 + 2 * i, c0 + 2 * i, c1 + 2 * i, m, s3, t3);
        k += len;
    }
    if (!acc) return;
    const int at = g == SV_ACC_Z ? 0 : g == SV_ACC_R ? 1 : 2;
    r[at] += sv_lanes(x, g == SV_ACC_R ? all : even) + s3[at];
}

void sv_k_grad_rot1(double *restrict phi, double *restrict lam, int t, int g, double c, double s,
                    int acc, uint64_t b, uint64_t e, double *restrict r) {
    if (t == 0) { /* pairs within a vector: the general unit kernel */
        const double m[8] = {c, g == SV_ACC_Z ? -s : 0, g == SV_ACC_R ? -s : 0,
                             g == SV_ACC_I ? -s : 0, g == SV_ACC_R ? s : 0, g == SV_ACC_I ? -s : 0,
                             c, g == SV_ACC_Z ? s : 0};
        sv_k_grad_u1(phi, lam, t, m, NULL, 0, acc ? g : SV_ACC_NONE, SV_ACC_NONE, b, e, r);
        return;
    }
    switch (g * 2 + !!acc) {
    case SV_ACC_Z * 2: sv_grad_rot1_k(phi, lam, t, c, s, b, e, r, SV_ACC_Z, 0); break;
    case SV_ACC_Z * 2 + 1: sv_grad_rot1_k(phi, lam, t, c, s, b, e, r, SV_ACC_Z, 1); break;
    case SV_ACC_R * 2: sv_grad_rot1_k(phi, lam, t, c, s, b, e, r, SV_ACC_R, 0); break;
    case SV_ACC_R * 2 + 1: sv_grad_rot1_k(phi, lam, t, c, s, b, e, r, SV_ACC_R, 1); break;
    case SV_ACC_I * 2: sv_grad_rot1_k(phi, lam, t, c, s, b, e, r, SV_ACC_I, 0); break;
    default: sv_grad_rot1_k(phi, lam, t, c, s, b, e, r, SV_ACC_I, 1); break;
    }
}

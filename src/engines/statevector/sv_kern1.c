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

void sv_k_grad_u1(double *restrict phi, double *restrict lam, int t, const double *restrict m,
                  uint64_t b, uint64_t e, double *restrict r) {
    const double m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3];
    const double m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7];
    double r00r = 0, r00i = 0, r01r = 0, r01i = 0, r10r = 0, r10i = 0, r11r = 0, r11i = 0;
    /* Pairs at stride st in runs of len; reductions may be reordered (omp simd) so that
     * the 8 partial sums vectorise. */
#define SV_GRAD_RUN(a0, a1, c0, c1, len, st)                                           \
    _Pragma("omp simd reduction(+ : r00r, r00i, r01r, r01i, r10r, r10i, r11r, r11i)") \
    for (uint64_t r_ = 0; r_ < (len); r_++) {                                         \
        double *restrict p0 = (a0) + (st) * r_, *restrict p1 = (a1) + (st) * r_;      \
        double *restrict l0 = (c0) + (st) * r_, *restrict l1 = (c1) + (st) * r_;      \
        SV_GRAD_BODY;                                                                  \
    }
#define SV_GRAD_BODY                                                                   \
        double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1]; \
        double cr = l0[0], ci = l0[1], dr = l1[0], di = l1[1]; \
        r00r += cr * ar + ci * ai, r00i += cr * ai - ci * ar; \
        r01r += cr * br + ci * bi, r01i += cr * bi - ci * br; \
        r10r += dr * ar + di * ai, r10i += dr * ai - di * ar; \
        r11r += dr * br + di * bi, r11i += dr * bi - di * br; \
        p0[0] = m00r * ar - m00i * ai + m01r * br - m01i * bi; \
        p0[1] = m00r * ai + m00i * ar + m01r * bi + m01i * br; \
        p1[0] = m10r * ar - m10i * ai + m11r * br - m11i * bi; \
        p1[1] = m10r * ai + m10i * ar + m11r * bi + m11i * br; \
        l0[0] = m00r * cr - m00i * ci + m01r * dr - m01i * di; \
        l0[1] = m00r * ci + m00i * cr + m01r * di + m01i * dr; \
        l1[0] = m10r * cr - m10i * ci + m11r * dr - m11i * di; \
        l1[1] = m10r * ci + m10i * cr + m11r * di + m11i * dr;
    if (t == 0) {
        /* One pair per vector, as in sv_k_u1; with l = (c, d) and v = (a, b):
         * l*v -> (r00r, r11r), l*swap(v) -> (r00i, r11i), l*flip(v) -> (r01r, r10r),
         * l*swap(flip(v)) -> (r01i, r10i), each as the sum or difference of a lane pair. */
        const sv_v4 sg = {-1, 1, -1, 1};
        const sv_v4 ca = {m00r, m00r, m11r, m11r}, cb = sg * (sv_v4){m00i, m00i, m11i, m11i};
        const sv_v4 cc = {m01r, m01r, m10r, m10r}, cd = sg * (sv_v4){m01i, m01i, m10i, m10i};
        sv_v4 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
        for (uint64_t k = b; k < e; k++) {
            sv_v4 v = sv_ld(phi + 4 * k), l = sv_ld(lam + 4 * k);
            sv_v4 vs = sv_swap(v), vx = sv_flip(v), vxs = sv_swap(vx);
            sv_v4 ls = sv_swap(l), lx = sv_flip(l), lxs = sv_swap(lx);
            s0 += l * v, s1 += l * vs, s2 += l * vx, s3 += l * vxs;
            sv_st(phi + 4 * k, ca * v + cb * vs + cc * vx + cd * vxs);
            sv_st(lam + 4 * k, ca * l + cb * ls + cc * lx + cd * lxs);
        }
        r00r += s0[0] + s0[1], r11r += s0[2] + s0[3];
        r00i += s1[0] - s1[1], r11i += s1[2] - s1[3];
        r01r += s2[0] + s2[1], r10r += s2[2] + s2[3];
        r01i += s3[0] - s3[1], r10i += s3[2] - s3[3];
    } else {
        /* Runs of 2^t >= 2 pairs: two pairs per vector. conj(c) a is accumulated as the
         * lane products c*a (re: sum) and c*swap(a) (im: odd - even). */
        const uint64_t half = UINT64_C(1) << t;
        const sv_v4 sg = {-1, 1, -1, 1};
        const sv_v4 a00 = {m00r, m00r, m00r, m00r}, b00 = sg * m00i;
        const sv_v4 a01 = {m01r, m01r, m01r, m01r}, b01 = sg * m01i;
        const sv_v4 a10 = {m10r, m10r, m10r, m10r}, b10 = sg * m10i;
        const sv_v4 a11 = {m11r, m11r, m11r, m11r}, b11 = sg * m11i;
        sv_v4 x00 = {0}, y00 = {0}, x01 = {0}, y01 = {0}, x10 = {0}, y10 = {0}, x11 = {0},
              y11 = {0};
        for (uint64_t k = b; k < e;) {
            uint64_t len = SV_MIN(half - (k & (half - 1)), e - k);
            uint64_t j = sv_insert0(k, t), i = 0;
            double *a0 = phi + 2 * j, *a1 = a0 + 2 * half, *c0 = lam + 2 * j, *c1 = c0 + 2 * half;
            for (; i + 2 <= len; i += 2) {
                sv_v4 va = sv_ld(a0 + 2 * i), vb = sv_ld(a1 + 2 * i);
                sv_v4 vc = sv_ld(c0 + 2 * i), vd = sv_ld(c1 + 2 * i);
                sv_v4 sa = sv_swap(va), sb = sv_swap(vb), sc = sv_swap(vc), sd = sv_swap(vd);
                x00 += vc * va, y00 += vc * sa;
                x01 += vc * vb, y01 += vc * sb;
                x10 += vd * va, y10 += vd * sa;
                x11 += vd * vb, y11 += vd * sb;
                sv_st(a0 + 2 * i, a00 * va + b00 * sa + a01 * vb + b01 * sb);
                sv_st(a1 + 2 * i, a10 * va + b10 * sa + a11 * vb + b11 * sb);
                sv_st(c0 + 2 * i, a00 * vc + b00 * sc + a01 * vd + b01 * sd);
                sv_st(c1 + 2 * i, a10 * vc + b10 * sc + a11 * vd + b11 * sd);
            }
            if (i < len) /* an odd run end (ranges cut at odd indices) */
                SV_GRAD_RUN(a0 + 2 * i, a1 + 2 * i, c0 + 2 * i, c1 + 2 * i, len - i, 2)
            k += len;
        }
        /* conj(c) a = (cr ar + ci ai) + i (cr ai - ci ar) */
        r00r += x00[0] + x00[1] + x00[2] + x00[3], r00i += y00[0] - y00[1] + y00[2] - y00[3];
        r01r += x01[0] + x01[1] + x01[2] + x01[3], r01i += y01[0] - y01[1] + y01[2] - y01[3];
        r10r += x10[0] + x10[1] + x10[2] + x10[3], r10i += y10[0] - y10[1] + y10[2] - y10[3];
        r11r += x11[0] + x11[1] + x11[2] + x11[3], r11i += y11[0] - y11[1] + y11[2] - y11[3];
    }
#undef SV_GRAD_RUN
#undef SV_GRAD_BODY
    r[0] += r00r, r[1] += r00i, r[2] += r01r, r[3] += r01i;
    r[4] += r10r, r[5] += r10i, r[6] += r11r, r[7] += r11i;
}

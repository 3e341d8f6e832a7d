/* Single-qubit kernels. Amplitude pairs (j, j | 1<<t) are visited as contiguous
 * runs of 2^t indices, so the inner loops are unit-stride and vectorise; t = 0
 * (adjacent pairs) has its own loop. */
#include "engines/statevector/sv.h"

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
    SV_PAIRS_1Q(psi, t, b, e, {
        double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
        p0[0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
        p0[1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
        p1[0] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
        p1[1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    });
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

void sv_k_rot_grad_1q(double *restrict phi, double *restrict lam, int t, const double *restrict pm,
                      const double *restrict m, uint64_t b, uint64_t e, double *acc) {
    const double p00 = pm[0], p01 = pm[1], p10 = pm[2], p11 = pm[3];
    const double m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3];
    const double m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7];
    double sr = 0, si = 0;
    SV_PAIRS_1Q(phi, t, b, e, {
        double *restrict l0 = lam + (p0 - phi), *restrict l1 = lam + (p1 - phi);
        double ar = p0[0], ai = p0[1], br = p1[0], bi = p1[1];
        double cr = l0[0], ci = l0[1], dr = l1[0], di = l1[1];
        double ur = p00 * ar + p01 * br, ui = p00 * ai + p01 * bi;
        double vr = p10 * ar + p11 * br, vi = p10 * ai + p11 * bi;
        sr += cr * ur + ci * ui + dr * vr + di * vi;
        si += cr * ui - ci * ur + dr * vi - di * vr;
        p0[0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
        p0[1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
        p1[0] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
        p1[1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
        l0[0] = m00r * cr - m00i * ci + m01r * dr - m01i * di;
        l0[1] = m00r * ci + m00i * cr + m01r * di + m01i * dr;
        l1[0] = m10r * cr - m10i * ci + m11r * dr - m11i * di;
        l1[1] = m10r * ci + m10i * cr + m11r * di + m11i * dr;
    });
    acc[0] += sr;
    acc[1] += si;
}

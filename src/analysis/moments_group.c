/* A parameter's rotations as one averaged map: when one parameter drives several adjacent
 * rotations (the QCNN's pooling CRX is exp(-i t/4 X) exp(+i t/4 ZX)), a string's branch
 * through them carries a product of 1, cos t_j or sin t_j, one factor a rotation (t_j =
 * a_j p + b_j); a pair of branches is weighted by the mean of the product of their two
 * monomials. Each monomial is expanded into exponentials e^{i(F p + B)} (at most 2^g), so
 * E[m1 m2] = Re sum c1 c2 e^{i(B1 + B2)} E[e^{i(F1 + F2) p}] with E[e^{i f p}] = mom_char(f)
 * (a symmetric distribution), and d/dp multiplies a term by i F. */
#include <complex.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/moments_impl.h"
#include "core/error.h"

typedef struct expterm {
    double complex c;
    double F, B;
} expterm;

/* Monomial of pattern `pat` (digit j, base 3: 0 = 1, 1 = cos t_j, 2 = sin t_j) as at most
 * 2^g exponentials; returns their number. */
static int expand(const plt_circuit *c, size_t start, int g, int pat, expterm *t) {
    int nt = 1;
    t[0] = (expterm){1, 0, 0};
    for (int j = 0; j < g; j++, pat /= 3) {
        const int d = pat % 3;
        if (!d) continue;
        const plt_op *op = plt_circuit_op(c, start + (size_t)j);
        /* cos u = (e^{iu} + e^{-iu})/2, sin u = (e^{iu} - e^{-iu})/(2i) */
        const double complex cp = d == 1 ? 0.5 : -0.5 * I, cm = d == 1 ? 0.5 : 0.5 * I;
        for (int k = nt - 1; k >= 0; k--) {
            const expterm e = t[k];
            t[2 * k] = (expterm){e.c * cp, e.F + op->a, e.B + op->b};
            t[2 * k + 1] = (expterm){e.c * cm, e.F - op->a, e.B - op->b};
        }
        nt *= 2;
    }
    return nt;
}

plt_status mom_group_make(const plt_circuit *c, size_t start, int g, const plt_param_dist *d,
                          mom_group *out) {
    PLT_ASSERT(g >= 1 && g <= MOM_GROUP_MAX);
    out->g = g;
    out->start = start;
    int np = 1;
    for (int j = 0; j < g; j++) np *= 3;
    out->npat = np;
    out->e2 = malloc((size_t)np * (size_t)np * 2 * sizeof *out->e2);
    if (!out->e2) return plt_fail_nomem("a parameter group's moments");
    out->d2 = out->e2 + (size_t)np * (size_t)np;
    expterm t1[1 << MOM_GROUP_MAX], t2[1 << MOM_GROUP_MAX];
    for (int p = 0; p < np; p++) {
        const int n1 = expand(c, start, g, p, t1);
        double complex e = 0, de = 0;
        for (int i = 0; i < n1; i++) {
            const double complex v = t1[i].c * cexp(I * t1[i].B) * mom_char(d, t1[i].F);
            e += v;
            de += I * t1[i].F * v;
        }
        out->e1[p] = creal(e);
        out->d1[p] = creal(de);
        for (int q = 0; q < np; q++) {
            const int n2 = expand(c, start, g, q, t2);
            double complex s = 0, ds = 0;
            for (int i = 0; i < n1; i++)
                for (int k = 0; k < n2; k++) {
                    const double complex v = t1[i].c * t2[k].c * cexp(I * (t1[i].B + t2[k].B)) *
                                             mom_char(d, t1[i].F + t2[k].F);
                    s += v;
                    ds += -t1[i].F * t2[k].F * v;
                }
            out->e2[(size_t)p * np + q] = creal(s);
            out->d2[(size_t)p * np + q] = creal(ds);
        }
    }
    return PLT_OK;
}

void mom_group_free(mom_group *gr) {
    free(gr->e2);
    gr->e2 = gr->d2 = NULL;
}

int mom_group_branches(const plt_circuit *c, const mom_group *gr, int nw, const uint64_t *S,
                       uint64_t *buf, double *sign, int *pat) {
    const int sw = 2 * nw;
    int nb = 1, p3 = 1;
    memcpy(buf, S, (size_t)sw * 8);
    sign[0] = 1;
    pat[0] = 0;
    for (int j = 0; j < gr->g - 1; j++) p3 *= 3;
    for (int j = gr->g - 1; j >= 0; j--, p3 /= 3) {
        const plt_op *op = plt_circuit_op(c, gr->start + (size_t)j);
        const int nb0 = nb;
        for (int b = 0; b < nb0; b++) {
            uint64_t *s = buf + (size_t)b * sw;
            if (plt_pw_commutes(op->gen->x, op->gen->z, s, s + nw, nw)) continue;
            sign[nb] = sign[b] * mom_prime(nw, op->gen->x, op->gen->z, s, buf + (size_t)nb * sw);
            pat[nb] = pat[b] + 2 * p3;
            pat[b] += p3;
            nb++;
        }
    }
    return nb;
}

/* The initial state in the Dicke basis. A permutation-invariant pure state lies in the
 * symmetric subspace: |0...0> = |D_0>, |1...1> = |D_n>, a product of one repeated pure qubit
 * state cos(t/2)|0> + e^(i f) sin(t/2)|1> has amplitude sqrt(C(n,k)) cos^(n-k) (e^(i f) sin)^k
 * on |D_k>, a vector whose amplitudes depend only on the number of ones has sqrt(C(n,k)) times
 * that amplitude, and a preparation circuit is run as steps from |D_0>. Mixed product states
 * spread over the other spin sectors (Schur-Weyl) and are refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/symmetric/sym.h"

static void zero(int n, double *psi) {
    memset(psi, 0, 2 * (size_t)(n + 1) * sizeof *psi);
    psi[0] = 1;
}

static plt_status product(const double *b, int n, double *psi) {
    for (int q = 1; q < n; q++)
        for (int t = 0; t < 3; t++)
            if (fabs(b[3 * q + t] - b[t]) > 1e-12)
                return plt_fail(PLT_EUNSUPPORTED,
                                "the product state is not permutation invariant: qubit %d has "
                                "Bloch vector (%g, %g, %g), qubit 0 (%g, %g, %g); the symmetric "
                                "engine needs the same state on every qubit",
                                q, b[3 * q], b[3 * q + 1], b[3 * q + 2], b[0], b[1], b[2]);
    double len = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    if (fabs(len - 1) > 1e-9)
        return plt_fail(PLT_EUNSUPPORTED,
                        "the product state is mixed (Bloch vector length %g < 1): it is not in "
                        "the symmetric subspace, which is all the symmetric engine tracks; give "
                        "a pure state (length 1) or use another engine",
                        len);
    double th = acos(fmax(-1, fmin(1, b[2] / len))), ph = atan2(b[1], b[0]);
    double c = cos(th / 2), s = sin(th / 2);
    double *lf = malloc((size_t)(n + 1) * sizeof *lf);
    if (!lf) return plt_fail_nomem("the symmetric engine's initial state");
    sym_log_factorials(n, lf);
    for (int k = 0; k <= n; k++) {
        double mag;
        if ((c == 0 && k < n) || (s == 0 && k > 0))
            mag = 0;
        else
            mag = exp(0.5 * (lf[n] - lf[k] - lf[n - k]) + (n - k ? (n - k) * log(c) : 0) +
                      (k ? k * log(s) : 0));
        psi[2 * k] = mag * cos(k * ph);
        psi[2 * k + 1] = mag * sin(k * ph);
    }
    free(lf);
    return PLT_OK;
}

static plt_status vector(const double *a, int n, double *psi) {
    size_t dim = (size_t)1 << n;
    for (size_t i = 0; i < dim; i++) {
        int k = __builtin_popcountll(i);
        size_t rep = ((size_t)1 << k) - 1;
        if (fabs(a[2 * i] - a[2 * rep]) > 1e-9 || fabs(a[2 * i + 1] - a[2 * rep + 1]) > 1e-9)
            return plt_fail(PLT_EUNSUPPORTED,
                            "the state vector is not permutation invariant: amplitude %zu "
                            "differs from amplitude %zu, which has as many ones; the symmetric "
                            "engine needs amplitudes that depend only on the number of ones",
                            i, rep);
    }
    for (int k = 0; k <= n; k++) {
        size_t rep = ((size_t)1 << k) - 1;
        double f = sqrt(exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0)));
        psi[2 * k] = f * a[2 * rep];
        psi[2 * k + 1] = f * a[2 * rep + 1];
    }
    return PLT_OK;
}

static plt_status prepared(const plt_circuit *c, int n, double *psi) {
    sym_prog p = {.n = n, .d = n + 1};
    double *tmp = malloc(8 * (size_t)(n + 1) * sizeof *tmp);
    plt_status st = tmp ? sym_detect(c, "preparation op", &p)
                        : plt_fail_nomem("the symmetric engine's preparation");
    if (!st && plt_circuit_nparams(c) > 0)
        st = plt_fail(PLT_EUNSUPPORTED, "the preparation circuit has parameters");
    if (!st) {
        zero(n, psi);
        for (size_t i = 0; i < p.nsteps; i++) sym_step_apply(&p.steps[i], NULL, 0, psi, tmp);
    }
    sym_prog_free(&p);
    free(tmp);
    return st;
}

plt_status sym_state_vector(const plt_state *s, int n, double *psi) {
    if (!s) {
        zero(n, psi);
        return PLT_OK;
    }
    switch (plt_state_kind_of(s)) {
    case PLT_STATE_ZERO: zero(n, psi); return PLT_OK;
    case PLT_STATE_BASIS: {
        const char *bits = plt_state_bits(s);
        for (int q = 1; q < n; q++)
            if (bits[q] != bits[0])
                return plt_fail(PLT_EUNSUPPORTED,
                                "the basis state %s is not permutation invariant (qubit %d is %c, "
                                "qubit 0 is %c); the symmetric engine takes all-0 or all-1",
                                n <= 64 ? bits : "given", q, bits[q], bits[0]);
        memset(psi, 0, 2 * (size_t)(n + 1) * sizeof *psi);
        psi[bits[0] == '1' ? 2 * (size_t)n : 0] = 1;
        return PLT_OK;
    }
    case PLT_STATE_PRODUCT: return product(plt_state_bloch(s), n, psi);
    case PLT_STATE_VECTOR: return vector(plt_state_amplitudes(s), n, psi);
    case PLT_STATE_CIRCUIT: return prepared(plt_state_circuit(s), n, psi);
    default:
        return plt_fail(PLT_EUNSUPPORTED,
                        "the symmetric engine needs the state itself (zero, basis, product, "
                        "vector or a preparation circuit), not measured data");
    }
}

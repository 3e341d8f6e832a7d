/* Emulated acquisition: random single-qubit Pauli bases measured on a state vector,
 * a product state or a stabilizer tableau. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/pstring.h"
#include "shadows/stabilizer.h"

static plt_status check_shots(size_t shots) {
    if (shots < 1 || shots > ((size_t)1 << 40))
        return plt_fail(PLT_EINVAL, "%zu shots (allowed 1..2^40)", shots);
    return PLT_OK;
}

/* Rotates qubit q so that a Z measurement measures basis b: H for X, H S^dag for Y. */
static void rotate_qubit(double *psi, int n, int q, int b) {
    if (b == 2) return;
    const uint64_t h = UINT64_C(1) << q, dim = UINT64_C(1) << n;
    const double s = sqrt(0.5);
    for (uint64_t i = 0; i < dim; i++) {
        if (i & h) continue;
        double *a0 = psi + 2 * i, *a1 = psi + 2 * (i | h);
        double r1 = a1[0], i1 = a1[1];
        if (b == 1) { /* S^dag: |1> -> -i |1> */
            double t = r1;
            r1 = i1;
            i1 = -t;
        }
        double r0 = a0[0], i0 = a0[1];
        a0[0] = s * (r0 + r1), a0[1] = s * (i0 + i1);
        a1[0] = s * (r0 - r1), a1[1] = s * (i0 - i1);
    }
}

plt_status plt_shadows_sample_amplitudes(int n, const double *amps, size_t shots, uint64_t seed,
                                         plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_sample_amplitudes: out is NULL");
    *out = NULL;
    if (!amps) return plt_fail(PLT_EINVAL, "plt_shadows_sample_amplitudes: amps is NULL");
    if (n < 1 || n > 30)
        return plt_fail(PLT_EINVAL,
                        "sampling from a state vector takes 1..30 qubits, not %d (use a "
                        "stabilizer or product state for more)", n);
    plt_status st = check_shots(shots);
    if (st) return st;
    const uint64_t dim = UINT64_C(1) << n;
    double norm = 0;
    for (uint64_t i = 0; i < 2 * dim; i++) norm += amps[i] * amps[i];
    if (!(fabs(norm - 1.0) <= 1e-8))
        return plt_fail(PLT_EINVAL, "the state vector has norm^2 %.17g (it must be 1)", norm);
    double *psi = malloc(2 * dim * sizeof *psi);
    plt_shadows *s = NULL;
    if (!psi) return plt_fail_nomem("a copy of the state vector");
    if ((st = plt_shadows_new(n, &s)) != PLT_OK) goto fail;
    plt_rng rng = {seed};
    int *bases = malloc((size_t)n * sizeof *bases);
    if (!bases) {
        st = plt_fail_nomem("the bases of a shot");
        goto fail;
    }
    for (size_t k = 0; k < shots; k++) {
        memcpy(psi, amps, 2 * dim * sizeof *psi);
        for (int q = 0; q < n; q++) {
            bases[q] = shadows_draw_basis(&rng);
            rotate_qubit(psi, n, q, bases[q]);
        }
        double u = plt_rng_uniform(&rng) * norm, acc = 0;
        uint64_t idx = dim - 1;
        for (uint64_t i = 0; i < dim; i++) {
            acc += psi[2 * i] * psi[2 * i] + psi[2 * i + 1] * psi[2 * i + 1];
            if (u < acc) {
                idx = i;
                break;
            }
        }
        uint64_t *w = shadows_push(s);
        if (!w) {
            free(bases);
            st = plt_fail_nomem("shadow data");
            goto fail;
        }
        for (int q = 0; q < n; q++) {
            shadows_set_basis(w, s->nw, q, bases[q]);
            if ((idx >> q) & 1) w[2 * s->nw] |= UINT64_C(1) << q;
        }
    }
    free(bases);
    free(psi);
    *out = s;
    return PLT_OK;
fail:
    free(psi);
    plt_shadows_free(s);
    return st;
}

plt_status plt_shadows_sample_product(int n, const double *bloch, size_t shots, uint64_t seed,
                                      plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_sample_product: out is NULL");
    *out = NULL;
    if (!bloch) return plt_fail(PLT_EINVAL, "plt_shadows_sample_product: bloch is NULL");
    plt_status st = check_shots(shots);
    if (st) return st;
    for (int q = 0; q < n; q++) {
        const double *b = bloch + 3 * (size_t)q;
        double r = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
        if (!(r <= 1 + 1e-9))
            return plt_fail(PLT_EINVAL, "Bloch vector %d has length %g (a state needs |b| <= 1)",
                            q, r);
    }
    plt_shadows *s = NULL;
    if ((st = plt_shadows_new(n, &s)) != PLT_OK) return st;
    plt_rng rng = {seed};
    for (size_t k = 0; k < shots; k++) {
        uint64_t *w = shadows_push(s);
        if (!w) {
            plt_shadows_free(s);
            return plt_fail_nomem("shadow data");
        }
        for (int q = 0; q < n; q++) {
            int b = shadows_draw_basis(&rng);
            shadows_set_basis(w, s->nw, q, b);
            /* basis 0 X, 1 Y, 2 Z reads component b of the Bloch vector */
            double p1 = 0.5 * (1.0 - bloch[3 * (size_t)q + b]);
            if (plt_rng_uniform(&rng) < p1) w[2 * s->nw + q / 64] |= UINT64_C(1) << (q % 64);
        }
    }
    *out = s;
    return PLT_OK;
}

static plt_status check_bits(int n, const char *bits) {
    if (!bits) return PLT_OK;
    if (strlen(bits) != (size_t)n)
        return plt_fail(PLT_EINVAL, "the basis state has %zu bits for %d qubits", strlen(bits), n);
    for (int q = 0; q < n; q++)
        if (bits[q] != '0' && bits[q] != '1')
            return plt_fail(PLT_EINVAL, "'%c' is not 0 or 1 in a basis state", bits[q]);
    return PLT_OK;
}

plt_status plt_shadows_sample_clifford(int n, const plt_circuit *prep, const char *bits,
                                       size_t shots, uint64_t seed, plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_sample_clifford: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a state needs 1..%d qubits, not %d", PLT_MAX_QUBITS, n);
    plt_status st = check_shots(shots);
    if (!st) st = check_bits(n, bits);
    if (st) return st;
    plt_tableau t0 = {0}, t = {0};
    plt_shadows *s = NULL;
    if ((st = shadows_stabilizer_init(&t0, n, bits)) != PLT_OK) return st;
    if ((st = shadows_stabilizer_apply_circuit(&t0, prep)) != PLT_OK) goto fail;
    if ((st = plt_shadows_new(n, &s)) != PLT_OK) goto fail;
    plt_rng rng = {seed};
    for (size_t k = 0; k < shots; k++) {
        if ((st = plt_tableau_copy(&t, &t0)) != PLT_OK) goto fail;
        uint64_t *w = shadows_push(s);
        if (!w) {
            st = plt_fail_nomem("shadow data");
            goto fail;
        }
        for (int q = 0; q < n; q++) {
            int b = shadows_draw_basis(&rng);
            shadows_set_basis(w, s->nw, q, b);
            if (b == 1) plt_tableau_conjugate_gate(&t, PLT_GATE_SDG, &q);
            if (b != 2) plt_tableau_conjugate_gate(&t, PLT_GATE_H, &q);
        }
        for (int q = 0; q < n; q++)
            if (shadows_stabilizer_measure(&t, q, &rng)) w[2 * s->nw + q / 64] |= UINT64_C(1) << (q % 64);
    }
    plt_tableau_free(&t);
    plt_tableau_free(&t0);
    *out = s;
    return PLT_OK;
fail:
    plt_tableau_free(&t);
    plt_tableau_free(&t0);
    plt_shadows_free(s);
    return st;
}

plt_status plt_clifford_expect(int n, const plt_circuit *prep, const char *bits,
                               const plt_pstring *p, double *value) {
    if (!p || !value) return plt_fail(PLT_EINVAL, "plt_clifford_expect: NULL argument");
    if (n < 1 || n > PLT_MAX_QUBITS || p->n != n)
        return plt_fail(PLT_EINVAL, "the Pauli string has %d qubits, the state %d", p->n, n);
    plt_status st = check_bits(n, bits);
    if (st) return st;
    plt_tableau t;
    if ((st = shadows_stabilizer_init(&t, n, bits)) != PLT_OK) return st;
    if ((st = shadows_stabilizer_apply_circuit(&t, prep)) == PLT_OK)
        *value = shadows_stabilizer_expect(&t, p->x, p->z);
    plt_tableau_free(&t);
    return st;
}

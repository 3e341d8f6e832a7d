/* The DLA of a circuit, state coordinates, purities and the variance prediction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/analysis.h"

plt_status plt_circuit_dla_generators(const plt_circuit *c, const plt_psum *obs,
                                      plt_psum ***gens_out, size_t *ngens, plt_psum **obs_out) {
    if (!gens_out || !ngens)
        return plt_fail(PLT_EINVAL, "plt_circuit_dla_generators: NULL argument");
    *gens_out = NULL;
    *ngens = 0;
    if (obs_out) *obs_out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_dla_generators: the circuit is NULL");
    plt_circuit *ac = NULL;
    plt_psum *ao = NULL, **gens = NULL;
    size_t m = 0;
    plt_status st = plt_circuit_absorb_cliffords(c, obs, &ac, &ao);
    if (st) return st;
    int np = plt_circuit_nparams(ac);
    size_t nops = plt_circuit_nops(ac);
    gens = calloc((size_t)np + nops + 1, sizeof *gens);
    if (!gens) {
        st = plt_fail_nomem("the circuit's generators");
        goto fail;
    }
    for (int k = 0; k < np && !st; k++) {
        plt_psum *gk = NULL;
        if ((st = plt_circuit_param_generator(ac, k, &gk))) break;
        if (plt_psum_nterms(gk) == 0) plt_psum_free(gk);
        else gens[m++] = gk;
    }
    for (size_t i = 0; i < nops && !st; i++) {
        const plt_op *op = plt_circuit_op(ac, i);
        if (op->kind != PLT_OP_ROTATION || op->param >= 0) continue;
        if ((st = plt_psum_new(plt_circuit_nqubits(ac), &gens[m]))) break;
        st = plt_psum_add(gens[m++], op->gen, 1.0, 0);
    }
    if (!st && m == 0)
        st = plt_fail(PLT_EUNSUPPORTED, "the circuit has no rotation (after Clifford absorption); "
                                        "its Lie algebra is trivial");
fail:
    plt_circuit_free(ac);
    if (st) {
        for (size_t i = 0; gens && i < m; i++) plt_psum_free(gens[i]);
        free(gens);
        plt_psum_free(ao);
        return st;
    }
    *gens_out = gens;
    *ngens = m;
    if (obs_out) *obs_out = ao;
    else plt_psum_free(ao);
    return PLT_OK;
}

plt_status plt_dla_of_circuit(const plt_circuit *c, const plt_psum *obs, size_t max_dim,
                              plt_dla **out, plt_psum **obs_out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_dla_of_circuit: out is NULL");
    *out = NULL;
    if (obs_out) *obs_out = NULL;
    plt_psum **gens = NULL, *ao = NULL;
    size_t m = 0;
    plt_status st = plt_circuit_dla_generators(c, obs, &gens, &m, &ao);
    if (st) return st;
    st = plt_lie_closure((const plt_psum *const *)gens, m, max_dim, 0, out);
    for (size_t i = 0; i < m; i++) plt_psum_free(gens[i]);
    free(gens);
    if (!st && obs_out) *obs_out = ao;
    else plt_psum_free(ao);
    return st;
}

plt_status plt_dla_state_coords(const plt_dla *g, const plt_state *state, double *e) {
    if (!g || !e) return plt_fail(PLT_EINVAL, "plt_dla_state_coords: NULL argument");
    int n = plt_dla_nqubits(g);
    plt_state_kind kind = state ? plt_state_kind_of(state) : PLT_STATE_ZERO;
    if (state && plt_state_nqubits(state) != n)
        return plt_fail(PLT_EINVAL, "the state is on %d qubits but the Lie algebra on %d",
                        plt_state_nqubits(state), n);
    if (kind == PLT_STATE_CIRCUIT || kind == PLT_STATE_SHADOWS || kind == PLT_STATE_TABLE)
        return plt_fail(PLT_EUNSUPPORTED,
                        "the g-purity needs a zero, basis, product or vector state (a preparation "
                        "circuit or measured data is not supported here)");
    plt_pstring *p = NULL;
    plt_status st = plt_pstring_new(n, &p);
    if (st) return st;
    for (size_t i = 0; i < plt_dla_dim(g) && !st; i++) {
        double s = 0, c, v;
        for (size_t t = 0; t < plt_dla_element_nterms(g, i) && !st; t++) {
            if ((st = plt_dla_element_term(g, i, t, p, &c))) break;
            if ((st = plt_state_pauli_expect(state, p, &v))) break;
            s += c * v;
        }
        e[i] = s;
    }
    plt_pstring_free(p);
    return st;
}

double plt_dla_predict_variance(const plt_lie_decomp *d, const double *e, const double *o) {
    double v = 0;
    for (size_t k = 0; k < plt_lie_decomp_nideals(d); k++) {
        double dk = (double)plt_lie_decomp_dim(d, k);
        v += plt_lie_decomp_weight(d, k, e) * plt_lie_decomp_weight(d, k, o) / dk;
    }
    return v;
}

void plt_dla_report_clear(plt_dla_report *r) {
    if (!r) return;
    free(r->ideal_dims);
    memset(r, 0, sizeof *r);
}

plt_status plt_dla_analyse(const plt_dla *g, const plt_state *state, const plt_psum *obs,
                           plt_dla_report *r) {
    if (!g || !r) return plt_fail(PLT_EINVAL, "plt_dla_analyse: NULL argument");
    memset(r, 0, sizeof *r);
    int n = plt_dla_nqubits(g);
    size_t dim = plt_dla_dim(g);
    if (obs && plt_psum_nqubits(obs) != n)
        return plt_fail(PLT_EINVAL, "the observable is on %d qubits but the Lie algebra on %d",
                        plt_psum_nqubits(obs), n);
    r->nqubits = n;
    r->dim = dim;
    r->complete = plt_dla_complete(g);
    r->su_dim = plt_lie_su_dim(n);
    r->is_full = r->complete && (double)dim == r->su_dim;
    r->is_pauli = plt_dla_is_pauli(g);
    double *e = NULL, *o = NULL;
    plt_lie_decomp *d = NULL;
    plt_status st = PLT_OK;
    if (state || obs) {
        e = calloc(dim ? dim : 1, sizeof *e);
        o = calloc(dim ? dim : 1, sizeof *o);
        if (!e || !o) {
            st = plt_fail_nomem("the DLA analysis");
            goto done;
        }
    }
    double two_n = ldexp(1.0, n);
    if (state) {
        if ((st = plt_dla_state_coords(g, state, e))) goto done;
        r->has_state = 1;
        for (size_t i = 0; i < dim; i++) r->purity_state += e[i] * e[i];
        r->purity_state /= two_n;
    }
    if (obs) {
        double id;
        if ((st = plt_dla_project(g, obs, o, &id, &r->obs_outside))) goto done;
        r->has_obs = 1;
        for (size_t i = 0; i < dim; i++) r->purity_obs += o[i] * o[i];
        r->purity_obs *= two_n;
    }
    st = plt_dla_decompose(g, &d);
    if (st == PLT_EUNSUPPORTED || st == PLT_ETOOBIG) {
        snprintf(r->note, sizeof r->note, "no decomposition: %s", plt_error_last()->message);
        plt_error_clear();
        st = PLT_OK;
        goto done;
    }
    if (st) goto done;
    r->decomposed = 1;
    r->verified = plt_lie_decomp_verified(d);
    r->centre_dim = plt_lie_decomp_dim(d, SIZE_MAX);
    r->nideals = plt_lie_decomp_nideals(d);
    r->ideal_dims = malloc((r->nideals ? r->nideals : 1) * sizeof *r->ideal_dims);
    if (!r->ideal_dims) {
        st = plt_fail_nomem("the DLA analysis");
        goto done;
    }
    for (size_t k = 0; k < r->nideals; k++) r->ideal_dims[k] = plt_lie_decomp_dim(d, k);
    if (state && obs) {
        double norm2 = 0;
        for (size_t t = 0; t < plt_psum_nterms(obs); t++) {
            double re, im;
            if (plt_psum_term(obs, t, NULL, &re, &im) == PLT_OK) norm2 += re * re + im * im;
        }
        if (r->obs_outside > 1e-12 * norm2 + 1e-24) {
            snprintf(r->note, sizeof r->note,
                     "no variance prediction: the observable has weight %.3g outside the "
                     "algebra (the formula needs O in g)", r->obs_outside);
        } else {
            r->has_prediction = 1;
            r->predicted_variance = plt_dla_predict_variance(d, e, o);
            if (!r->verified)
                snprintf(r->note, sizeof r->note,
                         "large ideals were taken as simple without a numerical check");
        }
    }
done:
    free(e);
    free(o);
    plt_lie_decomp_free(d);
    if (st) plt_dla_report_clear(r);
    return st;
}

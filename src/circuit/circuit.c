/* The circuit IR: an op list that owns its rotation generators and unitaries. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "core/error.h"

plt_status plt_circuit_new(int n, plt_circuit **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_circuit_new: out must not be NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a circuit needs 1..%d qubits, got %d", PLT_MAX_QUBITS, n);
    plt_circuit *c = calloc(1, sizeof *c);
    if (!c) return plt_fail_nomem("a circuit");
    c->n = n;
    *out = c;
    return PLT_OK;
}

void plt_circuit_free(plt_circuit *c) {
    if (!c) return;
    for (size_t i = 0; i < c->nops; i++) {
        plt_pstring_free((plt_pstring *)c->ops[i].gen);
        free((double *)c->ops[i].u);
    }
    free(c->ops);
    plt_circuit_params_clear(c);
    free(c);
}

void plt_circuit_truncate(plt_circuit *c, size_t nops) {
    for (size_t i = nops; i < c->nops; i++) {
        plt_pstring_free((plt_pstring *)c->ops[i].gen);
        free((double *)c->ops[i].u);
    }
    if (nops < c->nops) c->nops = nops;
}

int plt_circuit_nqubits(const plt_circuit *c) { return c ? c->n : 0; }
size_t plt_circuit_nops(const plt_circuit *c) { return c ? c->nops : 0; }

const plt_op *plt_circuit_op(const plt_circuit *c, size_t i) {
    return c && i < c->nops ? &c->ops[i] : NULL;
}

/* Room for one more op; the caller fills it and increments nops. */
static plt_status reserve(plt_circuit *c) {
    if (c->nops < c->cap) return PLT_OK;
    size_t cap = c->cap ? 2 * c->cap : 16;
    if (cap > SIZE_MAX / sizeof *c->ops) return plt_fail_nomem("the op list of a circuit");
    plt_op *ops = realloc(c->ops, cap * sizeof *ops);
    if (!ops) return plt_fail_nomem("the op list of a circuit");
    /* Generators are separate allocations, so op.gen pointers stay valid across realloc. */
    c->ops = ops;
    c->cap = cap;
    return PLT_OK;
}

static plt_status check_qubits(const plt_circuit *c, const char *what, int nq, const int *q) {
    if (nq > 0 && !q) return plt_fail(PLT_EINVAL, "%s: the qubit list must not be NULL", what);
    for (int i = 0; i < nq; i++) {
        if (q[i] < 0 || q[i] >= c->n)
            return plt_fail(PLT_EINVAL,
                            "%s: qubit %d is out of range for a %d-qubit circuit (valid 0..%d)",
                            what, q[i], c->n, c->n - 1);
        for (int j = 0; j < i; j++)
            if (q[j] == q[i])
                return plt_fail(PLT_EINVAL,
                                "%s: qubit %d is repeated; the qubits of a gate must be distinct",
                                what, q[i]);
    }
    return PLT_OK;
}

plt_status plt_circuit_add_clifford(plt_circuit *c, plt_gate g, const int *qubits) {
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_add_clifford: circuit must not be NULL");
    const plt_gate_info *gi = plt_gate_info_get(g);
    if (!gi)
        return plt_fail(PLT_EINVAL, "unknown Clifford gate id %d (valid 0..%d)", (int)g,
                        PLT_GATE_COUNT - 1);
    plt_status st = check_qubits(c, gi->name, gi->nqubits, qubits);
    if (st) return st;
    if ((st = reserve(c))) return st;
    plt_op *op = &c->ops[c->nops];
    memset(op, 0, sizeof *op);
    op->kind = PLT_OP_CLIFFORD;
    op->gate = g;
    op->nq = gi->nqubits;
    op->param = -1;
    for (int i = 0; i < gi->nqubits; i++) op->q[i] = qubits[i];
    c->nops++;
    return PLT_OK;
}

plt_status plt_circuit_add_rotation(plt_circuit *c, const plt_pstring *gen, int param, double a,
                                    double b) {
    if (!c || !gen)
        return plt_fail(PLT_EINVAL, "plt_circuit_add_rotation: circuit and generator are required");
    if (plt_pstring_nqubits(gen) != c->n)
        return plt_fail(PLT_EINVAL,
                        "rotation generator has %d qubits but the circuit has %d; give a "
                        "generator on %d qubits",
                        plt_pstring_nqubits(gen), c->n, c->n);
    if (param < -1 || param >= c->np)
        return plt_fail(PLT_EINVAL,
                        "rotation uses unknown parameter %d (the circuit declares %d; valid -1 "
                        "for a constant angle or 0..%d)",
                        param, c->np, c->np - 1);
    if (!isfinite(a) || !isfinite(b))
        return plt_fail(PLT_EINVAL,
                        "rotation angle a*param + b needs finite a and b, got a=%g, b=%g", a, b);
    int w = plt_pstring_weight(gen);
    if (w == 0) return PLT_OK; /* R_I(t) is a global phase */
    plt_status st = reserve(c);
    if (st) return st;
    plt_pstring *g = NULL;
    if ((st = plt_pstring_clone(gen, &g))) return st;
    plt_op *op = &c->ops[c->nops];
    memset(op, 0, sizeof *op);
    op->kind = PLT_OP_ROTATION;
    op->gate = PLT_GATE_COUNT;
    op->nq = w;
    op->gen = g;
    op->param = param;
    op->a = param >= 0 ? a : 0.0;
    op->b = b;
    c->nops++;
    return PLT_OK;
}

plt_status plt_circuit_add_unitary(plt_circuit *c, int nq, const int *qubits, const double *u) {
    if (!c || !u)
        return plt_fail(PLT_EINVAL, "plt_circuit_add_unitary: circuit and matrix are required");
    if (nq != 1 && nq != 2)
        return plt_fail(PLT_EINVAL, "a general unitary acts on 1 or 2 qubits, got %d", nq);
    plt_status st = check_qubits(c, "unitary", nq, qubits);
    if (st) return st;
    size_t len = (size_t)2 * (1u << nq) * (1u << nq);
    for (size_t i = 0; i < len; i++)
        if (!isfinite(u[i]))
            return plt_fail(PLT_EINVAL, "unitary entry %zu is %g; entries must be finite", i / 2,
                            u[i]);
    if ((st = reserve(c))) return st;
    double *copy = malloc(len * sizeof *copy);
    if (!copy) return plt_fail_nomem("a unitary op");
    memcpy(copy, u, len * sizeof *copy);
    plt_op *op = &c->ops[c->nops];
    memset(op, 0, sizeof *op);
    op->kind = PLT_OP_UNITARY;
    op->gate = PLT_GATE_COUNT;
    op->nq = nq;
    op->param = -1;
    for (int i = 0; i < nq; i++) op->q[i] = qubits[i];
    op->u = copy;
    c->nops++;
    return PLT_OK;
}

plt_status plt_circuit_append(plt_circuit *c, const plt_circuit *src, const int *pmap) {
    if (!c || !src) return plt_fail(PLT_EINVAL, "plt_circuit_append: circuits are required");
    if (c->n != src->n)
        return plt_fail(PLT_EINVAL, "cannot append a %d-qubit circuit to a %d-qubit circuit",
                        src->n, c->n);
    for (int k = 0; k < src->np; k++) {
        int m = pmap ? pmap[k] : k;
        if (m < 0 || m >= c->np)
            return plt_fail(PLT_EINVAL,
                            "parameter '%s' maps to %d, which is not a parameter of the target "
                            "circuit (valid 0..%d)",
                            src->pname[k], m, c->np - 1);
    }
    /* Appending a circuit to itself must not read ops added during the loop. */
    size_t nsrc = src->nops;
    plt_status st = PLT_OK;
    for (size_t i = 0; i < nsrc && !st; i++) {
        /* A copy: when src == c the op array may move while we add. */
        plt_op op = src->ops[i];
        switch (op.kind) {
        case PLT_OP_CLIFFORD: st = plt_circuit_add_clifford(c, op.gate, op.q); break;
        case PLT_OP_UNITARY: st = plt_circuit_add_unitary(c, op.nq, op.q, op.u); break;
        case PLT_OP_ROTATION: {
            int p = op.param < 0 ? -1 : (pmap ? pmap[op.param] : op.param);
            st = plt_circuit_add_rotation(c, op.gen, p, op.a, op.b);
            break;
        }
        }
    }
    return st;
}

plt_status plt_circuit_clone(const plt_circuit *c, plt_circuit **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_circuit_clone: out must not be NULL");
    *out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_clone: circuit must not be NULL");
    plt_circuit *d = NULL;
    plt_status st = plt_circuit_new(c->n, &d);
    if (st) return st;
    if ((st = plt_circuit_copy_params(d, c))) goto fail;
    if ((st = plt_circuit_append(d, c, NULL))) goto fail;
    *out = d;
    return PLT_OK;
fail:
    plt_circuit_free(d);
    return st;
}

plt_status plt_circuit_param_generator(const plt_circuit *c, int k, plt_psum **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_circuit_param_generator: out must not be NULL");
    *out = NULL;
    if (!c) return plt_fail(PLT_EINVAL, "plt_circuit_param_generator: circuit must not be NULL");
    if (k < 0 || k >= c->np)
        return plt_fail(PLT_EINVAL, "parameter %d does not exist (the circuit has %d, valid 0..%d)",
                        k, c->np, c->np - 1);
    plt_psum *s = NULL;
    plt_status st = plt_psum_new(c->n, &s);
    if (st) return st;
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        if (op->kind != PLT_OP_ROTATION || op->param != k) continue;
        if ((st = plt_psum_add(s, op->gen, op->a / 2, 0.0))) {
            plt_psum_free(s);
            return st;
        }
    }
    *out = s;
    return PLT_OK;
}

size_t plt_circuit_depth(const plt_circuit *c) {
    if (!c || c->nops == 0) return 0;
    size_t *level = calloc((size_t)c->n, sizeof *level);
    int *sup = NULL;
    if (!level) return 0; /* no allocation-free answer; 0 is never a valid depth here */
    size_t depth = 0;
    for (size_t i = 0; i < c->nops; i++) {
        const plt_op *op = &c->ops[i];
        const int *qs = op->q;
        int nq = op->nq;
        if (op->kind == PLT_OP_ROTATION) {
            int *s = realloc(sup, (size_t)op->nq * sizeof *s);
            if (!s) {
                depth = 0;
                break;
            }
            sup = s;
            nq = plt_pstring_support(op->gen, sup, op->nq);
            qs = sup;
        }
        size_t l = 0;
        for (int j = 0; j < nq; j++)
            if (level[qs[j]] > l) l = level[qs[j]];
        l++;
        for (int j = 0; j < nq; j++) level[qs[j]] = l;
        if (l > depth) depth = l;
    }
    free(sup);
    free(level);
    return depth;
}

/* Helpers shared by the gsim tests (static, header-only, tests only). */
#ifndef PLT_ENGINES_GSIM_TESTUTIL_H
#define PLT_ENGINES_GSIM_TESTUTIL_H

#include "engines/engine_ops.h"
#include "plateau/engine.h"
#include "support/test.h"

extern const plt_engine_ops plt_engine_gsim;

static inline void gst_rot(plt_circuit *c, const char *gen, int param, double a, double b) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(gen, plt_circuit_nqubits(c), "test", &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, param, a, b));
    plt_pstring_free(p);
}

static inline plt_psum *gst_sum(const char *text, int n) {
    plt_psum *s = NULL;
    plt_expect_ok(plt_psum_parse(text, n, "test", &s));
    return s;
}

/* gsim straight through its ops table (it need not be registered yet). */
static inline plt_status gst_gsim(const plt_model *m, const plt_opts *o, const double *params,
                                  double *loss, double *grad) {
    plt_opts d;
    plt_opts_init(&d);
    void *st = NULL;
    plt_status s = plt_engine_gsim.plan(&st, m, o ? o : &d);
    if (s) return s;
    s = plt_engine_gsim.loss(st, params, loss, grad);
    plt_engine_gsim.free(st);
    return s;
}

static inline double gst_sv(const plt_model *m, const double *params, double *grad) {
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("statevector", m, NULL, &e));
    double l = 0;
    plt_expect_ok(plt_engine_loss(e, params, &l, grad));
    plt_engine_free(e);
    return l;
}

/* Hamiltonian variational ansatz, open chain, L layers, one parameter per layer and term
 * type. kind 0: transverse-field Ising (ZZ bonds, X fields) after Hadamards on every qubit
 * (absorbed as Cliffords); kind 1: XY model (XX and YY bonds). */
static inline plt_circuit *gst_hva(int n, int layers, int kind) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    char name[32], gen[64];
    if (kind == 0)
        for (int q = 0; q < n; q++) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q));
    for (int l = 0; l < layers; l++) {
        int pa, pb;
        snprintf(name, sizeof name, "a%d", l);
        plt_expect_ok(plt_circuit_add_param(c, name, 0, &pa));
        snprintf(name, sizeof name, "b%d", l);
        plt_expect_ok(plt_circuit_add_param(c, name, 0, &pb));
        for (int i = 0; i + 1 < n; i++) {
            snprintf(gen, sizeof gen, kind == 0 ? "Z%d*Z%d" : "X%d*X%d", i, i + 1);
            gst_rot(c, gen, pa, 2.0, 0);
        }
        for (int i = 0; i < n - (kind == 1); i++) {
            if (kind == 0) snprintf(gen, sizeof gen, "X%d", i);
            else snprintf(gen, sizeof gen, "Y%d*Y%d", i, i + 1);
            gst_rot(c, gen, pb, kind == 0 ? 2.0 : -1.5, kind == 0 ? 0 : 0.1);
        }
    }
    return c;
}

/* The energy of the model as observable: sum of its bond (and field) terms. */
static inline plt_psum *gst_energy(int n, int kind) {
    char buf[4096] = "", t[64];
    for (int i = 0; i + 1 < n; i++) {
        if (kind == 0) snprintf(t, sizeof t, "%sZ%d*Z%d", i ? " + " : "", i, i + 1);
        else snprintf(t, sizeof t, "%s0.7*X%d*X%d + 1.3*Y%d*Y%d", i ? " + " : "", i, i + 1, i,
                      i + 1);
        strcat(buf, t);
    }
    if (kind == 0)
        for (int i = 0; i < n; i++) {
            snprintf(t, sizeof t, " - 0.9*X%d", i);
            strcat(buf, t);
        }
    strcat(buf, " + 0.25");
    return gst_sum(buf, n);
}

#endif

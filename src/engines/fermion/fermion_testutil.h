/* Helpers shared by the fermion engine's tests: matchgate circuits, monomial
 * observables and running an engine (the fermion one through its ops, so the tests
 * do not depend on the registry; the reference through the public API). */
#ifndef PLT_ENGINES_FERMION_TESTUTIL_H
#define PLT_ENGINES_FERMION_TESTUTIL_H

#include "core/error.h"
#include "engines/engine_ops.h"
#include "pauli/pstring.h"
#include "support/test.h"

extern const plt_engine_ops plt_engine_fermion;

/* The Pauli string of gamma_{k_1} ... gamma_{k_d} (phase dropped), built by explicit
 * products of the Jordan-Wigner strings, independently of majorana.c. */
static inline plt_pstring *ft_monomial(int n, const int *k, int d) {
    plt_pstring *acc = NULL, *g = NULL;
    plt_expect_ok(plt_pstring_new(n, &acc));
    plt_expect_ok(plt_pstring_new(n, &g));
    for (int i = 0; i < d; i++) {
        memset(g->x, 0, (size_t)2 * g->nw * sizeof *g->x);
        for (int q = 0; q < k[i] / 2; q++) plt_expect_ok(plt_pstring_set(g, q, 'Z'));
        plt_expect_ok(plt_pstring_set(g, k[i] / 2, (k[i] & 1) ? 'Y' : 'X'));
        int ph;
        plt_expect_ok(plt_pstring_mul(acc, g, acc, &ph));
    }
    plt_pstring_free(g);
    return acc;
}

/* d distinct random Majorana indices below 2n. */
static inline void ft_pick(plt_test_rng *r, int n, int d, int *k) {
    for (int i = 0; i < d; i++) {
        int again;
        do {
            k[i] = plt_test_rng_int(r, 2 * n);
            again = 0;
            for (int j = 0; j < i; j++) again |= k[j] == k[i];
        } while (again);
    }
}

static inline void ft_add_params(plt_circuit *c, int np) {
    for (int k = 0; k < np; k++) {
        char name[16];
        int idx;
        snprintf(name, sizeof name, "t%d", k);
        plt_expect_ok(plt_circuit_add_param(c, name, NAN, &idx));
    }
}

/* The XY-model Hamiltonian variational ansatz: per layer one shared angle for Z on
 * every qubit, one for XX + YY on every neighbour pair. 2 * layers parameters. */
static inline plt_circuit *ft_hva(int n, int layers) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    ft_add_params(c, 2 * layers);
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int l = 0; l < layers; l++) {
        for (int q = 0; q < n; q++) {
            plt_expect_ok(plt_pstring_set(p, q, 'Z'));
            plt_expect_ok(plt_circuit_add_rotation(c, p, 2 * l, 1.0, 0.0));
            plt_expect_ok(plt_pstring_set(p, q, 'I'));
        }
        for (int q = 0; q + 1 < n; q++)
            for (int yy = 0; yy < 2; yy++) {
                char ch = yy ? 'Y' : 'X';
                plt_expect_ok(plt_pstring_set(p, q, ch));
                plt_expect_ok(plt_pstring_set(p, q + 1, ch));
                plt_expect_ok(plt_circuit_add_rotation(c, p, 2 * l + 1, 1.0, 0.0));
                plt_expect_ok(plt_pstring_set(p, q, 'I'));
                plt_expect_ok(plt_pstring_set(p, q + 1, 'I'));
            }
    }
    plt_pstring_free(p);
    return c;
}

/* Loss (and gradient when grad != NULL) of the fermion engine through its ops. */
static inline plt_status ft_fermion(const plt_model *m, const double *params, double *loss,
                                    double *grad) {
    plt_opts o;
    plt_opts_init(&o);
    void *st = NULL;
    plt_status s = plt_engine_fermion.plan(&st, m, &o);
    if (s) return s;
    s = plt_engine_fermion.loss(st, params, loss, grad);
    plt_engine_fermion.free(st);
    return s;
}

/* Loss and gradient of a registered engine through the public API. */
static inline void ft_engine(const char *name, const plt_model *m, const double *params,
                             double *loss, double *grad) {
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan(name, m, NULL, &e));
    plt_expect_ok(plt_engine_loss(e, params, loss, grad));
    plt_engine_free(e);
}

#endif

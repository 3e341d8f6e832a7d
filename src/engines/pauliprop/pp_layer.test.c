/* labels: props */
/* Fused rotation layers and composed Clifford runs (pp_layer.c, pp_tableau.c) against the
 * step-by-step propagation on layered circuits (single-qubit rotations about random axes on
 * every qubit in random order, then random Cliffords): the same terms with bit-identical
 * coefficients and path data, and the same drops, under every truncation they run with;
 * without truncation the state vector's value; one thread and two the same table. */
#include <stdio.h>

#include "engines/pauliprop/pp.h"
#include "engines/pauliprop/pp_testutil.h"

enum { NL = 4 };

/* NL layers on logical qubits 0..n-1 at qmap[] (pp_testutil.h), three parameters shared
 * between layers, about one rotation in four constant. */
static plt_circuit *layered(uint64_t seed, int ntot, int n, const int *qmap, int diag, int *np) {
    *np = 3;
    return tu_layered_circuit(seed, ntot, n, qmap, NL, *np, 4, diag, 0);
}

/* Strings that share classes under an X layer (Z and Y swapped), plus a few others. */
static plt_psum *class_obs(int ntot, const int *qmap) {
    char text[512];
    snprintf(text, sizeof text,
             "Z%d*Z%d*X%d + 0.7*Y%d*Z%d*X%d - 0.3*Y%d*Y%d*X%d + 0.2*Z%d + 0.5*X%d*Y%d",
             qmap[0], qmap[1], qmap[2], qmap[0], qmap[1], qmap[2], qmap[0], qmap[1], qmap[2],
             qmap[3], qmap[0], qmap[3]);
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse(text, ntot, NULL, &o));
    return o;
}

/* Propagates the model's plan with pp_propagate (layers, composed runs) and step by step
 * (pp_step_apply): the same strings with the same coefficients and path data, bit for bit, and
 * the same drops. Returns the value of the propagated sum; counts what the plan used. */
static double compare_fused(const plt_model *m, const plt_opts *o, const double *params,
                            int *fused, int *tabs, int *lists) {
    void *st = NULL;
    plt_expect_ok(plt_engine_pauliprop.plan(&st, m, o));
    pp_plan *p = st;
    for (size_t i = 0; i < p->ntabs; i++) {
        *tabs += p->tabs[i].im.img != NULL;
        *lists += p->tabs[i].xr.qoff != NULL;
    }
    for (size_t k = p->nsteps; k > 0; k--)
        *fused += pp_layer_lo(p->steps, p->gens, p->nw, k, 0) + 1 < k;
    pp_table a, b;
    pp_table_init(&a, p->nw, p->obs.tf, p->obs.ts);
    pp_table_init(&b, p->nw, p->obs.tf, p->obs.ts);
    pp_acc acc_b = {0};
    plt_expect_ok(pp_table_copy(&a, &p->obs));
    plt_expect_ok(pp_truncate(&a, &p->tr, &p->sc, &acc_b, 1));
    plt_expect_ok(pp_table_copy(&b, &a));
    memset(&p->acc, 0, sizeof p->acc);
    p->acc.dropped_n = acc_b.dropped_n;
    p->acc.dropped_w2 = acc_b.dropped_w2;
    plt_expect_ok(pp_propagate(p, params, p->nsteps, 0, &a));
    for (size_t k = p->nsteps; k > 0; k--) {
        const pp_step *s = &p->steps[k - 1];
        double th = 0;
        if (s->kind == PP_ROT) th = s->param >= 0 ? s->a * params[s->param] + s->b : s->b;
        plt_expect_ok(pp_step_apply(&b, s, s->kind != PP_CLIFF ? p->gens + s->gen : NULL, th,
                                    &p->tr, &p->sc, &acc_b));
    }
    if (a.count != b.count) fprintf(stderr, "%zu terms fused, %zu stepwise\n", a.count, b.count);
    assert_true(a.count == b.count);
    assert_true(p->acc.dropped_n == acc_b.dropped_n);
    plt_expect_close(p->acc.dropped_w2, acc_b.dropped_w2, 1e-12, 1e-300);
    plt_expect_ok(pp_table_index(&a));
    for (size_t i = 0; i < b.count; i++) {
        const size_t j = pp_table_find(&a, b.keys + i * 2 * (size_t)p->nw);
        assert_true(j != PP_NONE);
        assert_true(a.coef[j] == b.coef[i]);
        if (a.tf) assert_true(a.freq[j] == b.freq[i]);
        if (a.ts) assert_true(a.sprod[j] == b.sprod[i]);
    }
    const double v = pp_overlap(p, &a, NULL);
    pp_table_free(&a);
    pp_table_free(&b);
    plt_engine_pauliprop.free(st);
    return v;
}

static void test_fused_equals_stepwise(void **state) {
    (void)state;
    uint64_t seed = plt_test_seed();
    int fused = 0, tabs = 0, lists = 0;
    for (int trial = 0; trial < 24; trial++) {
        const int n = 5 + trial % 4, ntot = trial % 3 == 2 ? 100 : n;
        int qmap[64];
        for (int i = 0; i < n; i++) qmap[i] = ntot == n ? i : (i * 97 + 3) % ntot;
        int np;
        plt_circuit *c = layered(seed + 31 * (uint64_t)trial, ntot, n, qmap, trial % 2, &np);
        plt_psum *obs = class_obs(ntot, qmap);
        plt_model m = {c, obs, NULL};
        plt_opts o;
        plt_opts_init(&o);
        static const double mins[] = {0, 1e-3, 2e-2};
        const double min_abs = mins[trial % 3], small_angle = trial % 7 == 3 ? 1e-2 : 0;
        const int max_weight = trial % 4 == 1 ? 3 : 0, max_freq = trial % 5 == 2 ? 4 : 0;
        plt_test_opts_set(&o, "min-abs", min_abs);
        plt_test_opts_set(&o, "max-weight", max_weight);
        plt_test_opts_set(&o, "max-freq", max_freq);
        plt_test_opts_set(&o, "small-angle", small_angle);
        const double params[3] = {0.4, -1.3, 2.2};
        const double v = compare_fused(&m, &o, params, &fused, &tabs, &lists);
        if (min_abs == 0 && max_weight == 0 && max_freq == 0 && small_angle == 0) {
            double sv;
            plt_expect_ok(tu_run(&plt_engine_statevector, &m, &o, params, &sv, NULL, NULL));
            plt_expect_close(v, sv, 0, 1e-12);
        }
        plt_test_opts_clear(&o);
        plt_circuit_free(c);
        plt_psum_free(obs);
    }
    assert_true(fused > 0);
    assert_true(tabs > 0);
    assert_true(lists > 0);
}

/* A model whose observable's three strings of the given weight share one class of the last
 * layer (RY on every qubit; an RX layer and CZs before it); small angles and min_abs keep the
 * terms few. */
static void check_class_width(int n, int weight, int *fused) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int k;
    plt_expect_ok(plt_circuit_add_param(c, "t", 0.0, &k));
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 99 + (uint64_t)weight);
    for (int l = 0; l < 2; l++) {
        for (int q = 0; q < n; q++) {
            plt_pstring *g = NULL;
            plt_expect_ok(plt_pstring_new(n, &g));
            plt_expect_ok(plt_pstring_set(g, q, l ? 'Y' : 'X'));
            plt_expect_ok(plt_circuit_add_rotation(c, g, k, 0.2 * plt_test_rng_uniform(&r) - 0.1,
                                                   0.05));
            plt_pstring_free(g);
        }
        for (int q = 0; q + 1 < n && l == 0; q += 2) {
            int qq[2] = {q, q + 1};
            plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CZ, qq));
        }
    }
    char text[2048];
    int at = 0;
    for (int v = 0; v < 3; v++) {
        at += snprintf(text + at, sizeof text - (size_t)at, "%s%g", v ? " + " : "", 1.0 - 0.3 * v);
        for (int q = 0; q < weight; q++)
            at += snprintf(text + at, sizeof text - (size_t)at, "*%c%d",
                           q == 2 * v + 1 ? 'X' : 'Z', q);
    }
    plt_psum *obs = NULL;
    plt_expect_ok(plt_psum_parse(text, n, NULL, &obs));
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    plt_test_opts_set(&o, "min-abs", weight > 64 ? 2e-2 : 2e-3);
    const double t = 0.7;
    int tabs = 0, lists = 0;
    compare_fused(&m, &o, &t, fused, &tabs, &lists);
    plt_test_opts_set(&o, "max-freq", 2);
    compare_fused(&m, &o, &t, fused, &tabs, &lists);
    plt_test_opts_clear(&o);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

/* Classes touched by more than 64 rotations (strings of weight 70 on 100 qubits) take the path
 * keyed by whole strings; classes of up to 64 are bit patterns, merged through a table
 * addressed by the pattern up to PP_DIRECT (14) rotations and through an index past it: both
 * sides of that bound and well past it. */
static void test_wide_classes(void **state) {
    (void)state;
    int fused = 0;
    check_class_width(100, 70, &fused);
    check_class_width(40, 14, &fused);
    check_class_width(40, 15, &fused);
    check_class_width(40, 30, &fused);
    assert_true(fused > 0);
}

/* Above the threaded size of a layer: one thread and two give the same table, bit for bit
 * and in the same order (the blocks are concatenated in order). */
static void test_layer_threads(void **state) {
    (void)state;
    const int n = 9;
    int qmap[64];
    for (int i = 0; i < n; i++) qmap[i] = i;
    int np;
    plt_circuit *c = layered(plt_test_seed() + 7, n, n, qmap, 0, &np);
    plt_psum *obs = class_obs(n, qmap);
    plt_model m = {c, obs, NULL};
    const double params[3] = {0.9, -0.6, 1.7};
    for (int t = 0; t < 2; t++) {
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "min-abs", t ? 1e-5 : 0);
        plt_test_opts_set(&o, "max-freq", t ? 9 : 0);
        void *st[2];
        pp_table tab[2];
        for (int h = 0; h < 2; h++) {
            o.threads = h + 1;
            plt_expect_ok(plt_engine_pauliprop.plan(&st[h], &m, &o));
            pp_plan *p = st[h];
            pp_table_init(&tab[h], p->nw, p->obs.tf, p->obs.ts);
            plt_expect_ok(pp_table_copy(&tab[h], &p->obs));
            memset(&p->acc, 0, sizeof p->acc);
            plt_expect_ok(pp_propagate(p, params, p->nsteps, 0, &tab[h]));
        }
        const pp_plan *p1 = st[0], *p2 = st[1];
        assert_true(p1->acc.peak > 2 * (size_t)PP_PAR_MIN_LAYER);
        /* The same table, in the same order. */
        assert_true(tab[0].count == tab[1].count);
        assert_true(memcmp(tab[0].keys, tab[1].keys,
                           tab[0].count * 2 * (size_t)p1->nw * sizeof *tab[0].keys) == 0);
        assert_true(memcmp(tab[0].coef, tab[1].coef, tab[0].count * sizeof *tab[0].coef) == 0);
        assert_true(p1->acc.peak == p2->acc.peak && p1->acc.dropped_n == p2->acc.dropped_n);
        const double l1 = pp_overlap(p1, &tab[0], NULL);
        if (t == 0) {
            double sv;
            plt_expect_ok(tu_run(&plt_engine_statevector, &m, &o, params, &sv, NULL, NULL));
            plt_expect_close(l1, sv, 0, 1e-12);
        } else {
            assert_true(p1->acc.dropped_n > 0);
        }
        for (int h = 0; h < 2; h++) {
            pp_table_free(&tab[h]);
            plt_engine_pauliprop.free(st[h]);
        }
        plt_test_opts_clear(&o);
    }
    plt_circuit_free(c);
    plt_psum_free(obs);
}

/* pp_layer_overlap against pp_layer_apply then pp_overlap, on the last layer of layered
 * circuits, for a basis state with qubits in |1> and a product state, truncated or not, one
 * thread and two (the layer past its threaded size): the same value bit for bit, the same
 * count, drops and dropped weight, and the input table left as it was. */
static void test_layer_overlap(void **state) {
    (void)state;
    const int n = 9;
    int qmap[64];
    for (int i = 0; i < n; i++) qmap[i] = i;
    int np, checked = 0, threaded = 0;
    plt_circuit *c = layered(plt_test_seed() + 11, n, n, qmap, 0, &np);
    plt_psum *obs = class_obs(n, qmap);
    plt_model m = {c, obs, NULL};
    const double params[3] = {0.7, -0.4, 1.3};
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 12);
    for (int v = 0; v < 8; v++) {
        plt_opts o;
        plt_opts_init(&o);
        plt_test_opts_set(&o, "min-abs", v & 1 ? 1e-4 : 0);
        plt_test_opts_set(&o, "max-freq", v & 4 ? 7 : 0);
        o.threads = 1 + (v >> 1 & 1);
        void *st = NULL;
        plt_expect_ok(plt_engine_pauliprop.plan(&st, &m, &o));
        pp_plan *p = st;
        /* A basis state with some qubits in |1>, or a product state. */
        const int product = v & 2;
        for (int q = 0; q < n; q++)
            if (plt_test_rng_uniform(&r) < 0.5) p->basis_z[0] |= 1ULL << q;
        if (product) {
            p->bloch = malloc(3 * (size_t)n * sizeof *p->bloch);
            assert_non_null(p->bloch);
            for (int i = 0; i < 3 * n; i++) p->bloch[i] = 2 * plt_test_rng_uniform(&r) - 1;
            p->product = 1;
        }
        /* The last group, a layer: [0, hi). */
        size_t hi = p->nsteps;
        while (pp_group_lo(p, hi, 0) > 0) hi = pp_group_lo(p, hi, 0);
        assert_true(hi > 1 && p->steps[hi - 1].kind == PP_ROT);
        pp_table t, a;
        pp_table_init(&t, p->nw, p->obs.tf, p->obs.ts);
        pp_table_init(&a, p->nw, p->obs.tf, p->obs.ts);
        plt_expect_ok(pp_table_copy(&t, &p->obs));
        memset(&p->acc, 0, sizeof p->acc);
        plt_expect_ok(pp_propagate(p, params, p->nsteps, hi, &t));
        plt_expect_ok(pp_table_copy(&a, &t));
        const pp_acc acc0 = p->acc;
        pp_acc acc_a = acc0, acc_b = acc0;
        plt_expect_ok(pp_layer_apply(&a, p->steps, 0, hi, p->gens, params, &p->tr, &acc_a,
                                     SIZE_MAX, NULL));
        const double la = pp_overlap(p, &a, NULL);
        double lb = NAN;
        size_t count = 0;
        const size_t tin = t.count;
        const double c0 = t.count ? t.coef[0] : 0;
        plt_expect_ok(pp_layer_overlap(&t, p->steps, 0, hi, p->gens, params, &p->tr, &acc_b,
                                       SIZE_MAX, &p->lws, p->basis_z,
                                       product ? p->bloch : NULL, &lb, &count));
        assert_true(la == lb);
        assert_true(la != 0);
        assert_true(count == a.count);
        assert_true(t.count == tin && (!tin || t.coef[0] == c0));
        assert_true(acc_a.dropped_n == acc_b.dropped_n && acc_a.peak == acc_b.peak);
        assert_true(acc_a.dropped_w2 == acc_b.dropped_w2);
        checked++;
        threaded += o.threads > 1 && tin > PP_PAR_MIN_LAYER;
        pp_table_free(&t);
        pp_table_free(&a);
        plt_engine_pauliprop.free(st);
        plt_test_opts_clear(&o);
    }
    assert_true(checked == 8);
    assert_true(threaded > 0);
    plt_circuit_free(c);
    plt_psum_free(obs);
}

/* A layer that would outgrow the memory limit stops inside the layer with the usual refusal. */
static void test_layer_memory_limit(void **state) {
    (void)state;
    const int n = 14;
    int qmap[64];
    for (int i = 0; i < n; i++) qmap[i] = i;
    int np;
    plt_circuit *c = layered(plt_test_seed() + 7, n, n, qmap, 0, &np);
    plt_psum *obs = class_obs(n, qmap);
    plt_model m = {c, obs, NULL};
    const double params[3] = {0.9, -0.6, 1.7};
    plt_opts o;
    plt_opts_init(&o);
    o.max_memory = 3e5;
    double l;
    plt_expect_error(tu_run(&plt_engine_pauliprop, &m, &o, params, &l, NULL, NULL), PLT_ETOOBIG,
                     "within the rotation layer");
    plt_circuit_free(c);
    plt_psum_free(obs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fused_equals_stepwise),
        cmocka_unit_test(test_wide_classes),
        cmocka_unit_test(test_layer_threads),
        cmocka_unit_test(test_layer_overlap),
        cmocka_unit_test(test_layer_memory_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

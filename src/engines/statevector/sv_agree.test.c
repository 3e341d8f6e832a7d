/* labels: agree props */
/* The statevector engine against the dense oracle (tests/support/dense.c) on random
 * circuits with every op kind, and its gradients against finite differences and the
 * parameter-shift rule. */
#include "engines/statevector/sv_test_util.h"
#include "support/dense.h"

/* Forward state of the engine's plan for a circuit from |bits> (NULL: zero). */
static void sv_state_of(const plt_circuit *c, const plt_psum *obs, const double *params,
                        double *out) {
    plt_model m = {c, obs, NULL};
    plt_opts o;
    plt_opts_init(&o);
    sv_plan *p = NULL;
    plt_expect_ok(sv_plan_new(&m, &o, &p));
    sv_plan_angles(p, params, SIZE_MAX, 0.0);
    sv_forward(p, p->psi);
    memcpy(out, p->psi, sizeof(double) * 2 * ((size_t)1 << p->n));
    sv_plan_free(p);
}

/* Max |a - e^{i phi} b| over the best global phase. */
static double sv_dist_phase(const double *a, const double complex *b, size_t dim) {
    double complex ov = 0;
    for (size_t j = 0; j < dim; j++) ov += conj(b[j]) * (a[2 * j] + I * a[2 * j + 1]);
    double complex ph = cabs(ov) > 0 ? ov / cabs(ov) : 1;
    double d = 0;
    for (size_t j = 0; j < dim; j++) d = fmax(d, cabs(a[2 * j] + I * a[2 * j + 1] - ph * b[j]));
    return d;
}

/* Central differences (h = 1e-5) of the oracle's loss in each of np <= 8 parameters; buf holds
 * the circuit's 2^n amplitudes. */
static void sv_dense_fd(const plt_circuit *c, const plt_psum *obs, const double *params, int np,
                        double complex *buf, double *fd) {
    const int n = plt_circuit_nqubits(c);
    double pp[8];
    assert_true(np <= 8);
    for (int k = 0; k < np; k++) {
        double l[2];
        for (int sgn = 0; sgn < 2; sgn++) {
            memcpy(pp, params, (size_t)np * sizeof *pp);
            pp[k] += sgn ? -1e-5 : 1e-5;
            plt_dense_state(c, pp, NULL, buf);
            l[sgn] = plt_dense_expect(n, buf, obs);
        }
        fd[k] = (l[0] - l[1]) / 2e-5;
    }
}

static void test_random_vs_dense(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    /* n = 7..9 as well: the chunked kernels (64 amplitudes) start there. */
    for (int trial = 0; trial < 69; trial++) {
        int n = trial < 60 ? 1 + trial % 6 : 7 + trial % 3, np = 3;
        plt_circuit *c = svt_circuit(n, np);
        int nops = 5 + plt_test_rng_int(&r, 40);
        for (int k = 0; k < nops; k++) svt_random_op(&r, c, np);
        double params[3];
        for (int k = 0; k < np; k++) params[k] = 4 * plt_test_rng_uniform(&r) - 2;
        plt_psum *obs = svt_random_obs(&r, n, 1 + plt_test_rng_int(&r, 12));
        size_t dim = (size_t)1 << n;
        double complex *ref = malloc(dim * sizeof *ref);
        double *got = malloc(2 * dim * sizeof *got);
        assert_non_null(ref);
        assert_non_null(got);
        plt_dense_state(c, params, NULL, ref);
        sv_state_of(c, obs, params, got);
        /* The IR fixes every matrix (not only up to phase), so the states agree exactly. */
        double d = 0;
        for (size_t j = 0; j < dim; j++)
            d = fmax(d, cabs(got[2 * j] + I * got[2 * j + 1] - ref[j]));
        plt_expect_close(d, 0.0, 0, 1e-10);
        double want = plt_dense_expect(n, ref, obs);
        double loss = svt_loss(c, obs, NULL, PLT_GRAD_AUTO, params, NULL);
        plt_expect_close(loss, want, 0, 1e-10);
        /* The adjoint path's loss (lam = O phi, Re <phi|lam>) is the same number. */
        double grad[3];
        plt_expect_close(svt_loss(c, obs, NULL, PLT_GRAD_ADJOINT, params, grad), want, 0, 1e-10);
        free(ref);
        free(got);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* Layers of rotations and CZ rings or chains, whose CZ runs the forward sweep applies as
 * passes of signs (and merges into neighbouring blocks in the adjoint sweep), at block sizes
 * that cut the rings differently: the state against the oracle, exactly. */
static void test_cz_runs_vs_dense(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 7);
    size_t runs = 0;
    for (int trial = 0; trial < 24; trial++) {
        const int n = 6 + trial % 5, np = 4;
        plt_circuit *c = svt_circuit(n, np);
        for (int layer = 0; layer < 3; layer++) {
            for (int q = 0; q < n; q++) {
                char g[16];
                snprintf(g, sizeof g, "%c%d", "XYZ"[plt_test_rng_int(&r, 3)], q);
                svt_rot(c, g, plt_test_rng_int(&r, np), 1.0, plt_test_rng_uniform(&r));
            }
            /* a ring, a chain from a random start, or CZs on random pairs */
            const int kind = plt_test_rng_int(&r, 3), len = 2 + plt_test_rng_int(&r, n);
            for (int k = 0; k < len; k++) {
                int a = kind == 2 ? plt_test_rng_int(&r, n) : k % n, b = (a + 1) % n;
                if (kind == 1) a = (k + layer) % n, b = (a + 1) % n;
                if (kind == 2) b = (a + 1 + plt_test_rng_int(&r, n - 1)) % n;
                svt_gate(c, PLT_GATE_CZ, a, b);
            }
        }
        double params[4];
        for (int k = 0; k < np; k++) params[k] = 4 * plt_test_rng_uniform(&r) - 2;
        plt_psum *obs = svt_random_obs(&r, n, 4);
        const size_t dim = (size_t)1 << n;
        double complex *ref = malloc(dim * sizeof *ref);
        assert_non_null(ref);
        plt_dense_state(c, params, NULL, ref);
        const int bits[4] = {6, 7, 8, n};
        for (int v = 0; v < 4; v++) {
            plt_model m = {c, obs, NULL};
            plt_opts o;
            plt_opts_init(&o);
            o.threads = 1 + v % 2;
            sv_plan *p = NULL;
            plt_expect_ok(sv_plan_new(&m, &o, &p));
            plt_expect_ok(sv_plan_segment(p, bits[v]));
            sv_plan_angles(p, params, SIZE_MAX, 0.0);
            sv_forward(p, p->psi);
            for (size_t i = 0; i < p->nops; i++) runs += p->ops[i].drun > 1;
            double d = 0;
            for (size_t j = 0; j < dim; j++)
                d = fmax(d, cabs(p->psi[2 * j] + I * p->psi[2 * j + 1] - ref[j]));
            plt_expect_close(d, 0.0, 0, 1e-10);
            sv_plan_free(p);
        }
        free(ref);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(runs > 0); /* the sign passes did run */
}

/* Appends one unit on qubit q from a menu: real ops then diagonal ones (RY RZ, H S, RY Z RZ,
 * X RZ RZ), diagonal then real (RZ RY, Z RY, S H), or neither (RX RZ, RZ RY RZ). */
static void sv_random_unit(plt_test_rng *r, plt_circuit *c, int q, int np) {
    char y[16], z[16], x[16];
    snprintf(y, sizeof y, "Y%d", q);
    snprintf(z, sizeof z, "Z%d", q);
    snprintf(x, sizeof x, "X%d", q);
    const int p1 = plt_test_rng_int(r, np), p2 = plt_test_rng_int(r, np);
    const double b = plt_test_rng_uniform(r);
    switch (plt_test_rng_int(r, 10)) {
    case 0: svt_rot(c, y, p1, 1.0, b), svt_rot(c, z, p2, 0.5, 0.0); break;
    case 1: svt_gate(c, PLT_GATE_H, q, q), svt_gate(c, PLT_GATE_S, q, q); break;
    case 2:
        svt_rot(c, y, p1, 1.0, 0.0), svt_gate(c, PLT_GATE_Z, q, q), svt_rot(c, z, p2, 1.0, b);
        break;
    case 3:
        svt_gate(c, PLT_GATE_X, q, q), svt_rot(c, z, p1, 1.0, 0.0), svt_rot(c, z, -1, 0.0, b);
        break;
    case 4: svt_rot(c, z, p1, 1.0, b), svt_rot(c, y, p2, -1.0, 0.0); break;
    case 5: svt_gate(c, PLT_GATE_Z, q, q), svt_rot(c, y, p1, 1.0, 0.0); break;
    case 6: svt_gate(c, PLT_GATE_S, q, q), svt_gate(c, PLT_GATE_H, q, q); break;
    case 7: svt_rot(c, x, p1, 1.0, 0.0), svt_rot(c, z, p2, 1.0, b); break;
    case 8:
        svt_rot(c, z, p1, 1.0, 0.0), svt_rot(c, y, p2, 1.0, b), svt_rot(c, z, p1, 2.0, 0.0);
        break;
    default: svt_rot(c, y, p1, 1.0, 0.0), svt_rot(c, z, -1, 0.0, b); break;
    }
}

/* Units that are real then diagonal (or the reverse) run in a reduced form that leaves out a
 * global phase (sv_k_u1r): the state with its phase restored, the loss and the adjoint
 * gradient against the oracle (central differences of its loss), at block sizes that put
 * the units on qubit 0, low and high qubits of a block. */
static void test_reduced_units_vs_dense(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 8);
    int forms = 0;
    for (int trial = 0; trial < 16; trial++) {
        const int n = (int[]){1, 2, 3, 7, 9}[trial % 5], np = 4;
        plt_circuit *c = svt_circuit(n, np);
        for (int layer = 0; layer < 3; layer++) {
            for (int q = 0; q < n; q++) sv_random_unit(&r, c, q, np);
            for (int q = 0; q + 1 < n; q++)
                svt_gate(c, layer % 2 ? PLT_GATE_CX : PLT_GATE_CZ, q, q + 1);
        }
        double params[4];
        for (int k = 0; k < np; k++) params[k] = 4 * plt_test_rng_uniform(&r) - 2;
        plt_psum *obs = svt_random_obs(&r, n, 5);
        const size_t dim = (size_t)1 << n;
        double complex *ref = malloc(dim * sizeof *ref);
        assert_non_null(ref);
        plt_dense_state(c, params, NULL, ref);
        const double want = plt_dense_expect(n, ref, obs);
        double fd[4];
        sv_dense_fd(c, obs, params, np, ref, fd);
        plt_dense_state(c, params, NULL, ref);
        const int bits[3] = {0, 6, 8};
        for (int v = 0; v < 3; v++) {
            plt_model m = {c, obs, NULL};
            plt_opts o;
            plt_opts_init(&o);
            o.threads = 1 + v % 2;
            sv_plan *p = NULL;
            plt_expect_ok(sv_plan_new(&m, &o, &p));
            plt_expect_ok(sv_plan_segment(p, bits[v]));
            sv_plan_angles(p, params, SIZE_MAX, 0.0);
            for (size_t i = 0; i < p->nops; i += (size_t)p->ops[i].group)
                forms |= 1 << (int)p->fm[SV_FM * i + SV_FM_RED];
            sv_forward(p, p->psi);
            double d = 0;
            for (size_t j = 0; j < dim; j++)
                d = fmax(d, cabs(p->psi[2 * j] + I * p->psi[2 * j + 1] - ref[j]));
            plt_expect_close(d, 0.0, 0, 1e-10);
            double l, g[4] = {0};
            plt_expect_ok(sv_plan_loss(p, params, &l, g));
            plt_expect_close(l, want, 0, 1e-10);
            for (int k = 0; k < np; k++) plt_expect_close(g[k], fd[k], 1e-6, 1e-6);
            sv_plan_free(p);
        }
        free(ref);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_int_equal(forms, 7); /* general, real then diagonal, diagonal then real */
}

/* Back-to-back rotations about one Pauli string with one parameter (or none) are folded into
 * one op; with different parameters they are not. State, loss and both gradient methods
 * against the oracle. */
static void test_merged_rotations_vs_dense(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 9);
    size_t folded = 0;
    for (int trial = 0; trial < 12; trial++) {
        const int n = 2 + trial % 5, np = 3;
        plt_circuit *c = svt_circuit(n, np);
        for (int k = 0; k < 6; k++) {
            char buf[64];
            svt_random_pauli(&r, n, buf);
            const int reps = 1 + plt_test_rng_int(&r, 3);
            for (int t = 0; t < reps; t++) {
                /* the same parameter, none, or a random one */
                const int mode = plt_test_rng_int(&r, 3);
                const int par = mode == 0 ? k % np : mode == 1 ? -1 : plt_test_rng_int(&r, np);
                svt_rot(c, buf, par, par < 0 ? 0.0 : 2 * plt_test_rng_uniform(&r) - 1,
                        plt_test_rng_uniform(&r));
            }
            svt_random_op(&r, c, np);
        }
        double params[3];
        for (int k = 0; k < np; k++) params[k] = 4 * plt_test_rng_uniform(&r) - 2;
        plt_psum *obs = svt_random_obs(&r, n, 4);
        const size_t dim = (size_t)1 << n;
        double complex *ref = malloc(dim * sizeof *ref);
        assert_non_null(ref);
        double fd[3];
        sv_dense_fd(c, obs, params, np, ref, fd);
        plt_dense_state(c, params, NULL, ref);
        double got[2 * 64];
        sv_state_of(c, obs, params, got);
        for (size_t j = 0; j < dim; j++)
            plt_expect_close(cabs(got[2 * j] + I * got[2 * j + 1] - ref[j]), 0.0, 0, 1e-10);
        const double want = plt_dense_expect(n, ref, obs);
        for (int gm = 0; gm < 2; gm++) {
            double g[3] = {0};
            const double l =
                svt_loss(c, obs, NULL, gm ? PLT_GRAD_SHIFT : PLT_GRAD_ADJOINT, params, g);
            plt_expect_close(l, want, 0, 1e-10);
            for (int k = 0; k < np; k++) plt_expect_close(g[k], fd[k], 1e-6, 1e-6);
        }
        plt_model m = {c, obs, NULL};
        sv_plan *p = NULL;
        plt_expect_ok(sv_plan_new(&m, NULL, &p));
        folded += plt_circuit_nops(c) - p->nops;
        sv_plan_free(p);
        free(ref);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    assert_true(folded > 0);
}

static void test_basis_state_vs_dense(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 1);
    for (int trial = 0; trial < 20; trial++) {
        int n = 2 + trial % 5;
        plt_circuit *c = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        for (int k = 0; k < 20; k++) svt_random_op(&r, c, 0);
        char bits[16], spec[32];
        for (int k = 0; k < n; k++) bits[k] = (char)('0' + plt_test_rng_int(&r, 2));
        bits[n] = 0;
        snprintf(spec, sizeof spec, "basis:%s", bits);
        plt_state *s = NULL;
        plt_expect_ok(plt_state_parse(spec, n, "test", &s));
        plt_psum *obs = svt_random_obs(&r, n, 8);
        double complex ref[64];
        plt_dense_state(c, NULL, bits, ref);
        plt_expect_close(svt_loss(c, obs, s, PLT_GRAD_AUTO, NULL, NULL), plt_dense_expect(n, ref, obs),
                         0, 1e-10);
        plt_state_free(s);
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* Every Clifford of the table on every ordered qubit pair (and every qubit), after a
 * random state preparation, against the oracle. */
static void test_every_clifford_every_pair(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 2);
    const int n = 4;
    const size_t dim = 16;
    for (int g = 0; g < PLT_GATE_COUNT; g++) {
        int two = plt_gate_info_get((plt_gate)g)->nqubits == 2;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                if (two == (a == b) || (!two && b != 0)) continue;
                plt_circuit *c = NULL;
                plt_expect_ok(plt_circuit_new(n, &c));
                for (int k = 0; k < n; k++) {
                    double u[8];
                    int q[2] = {k, k};
                    svt_random_unitary(&r, 2, u);
                    plt_expect_ok(plt_circuit_add_unitary(c, 1, q, u));
                }
                svt_rot(c, "XYZX", -1, 0.7, 0.3);
                svt_gate(c, (plt_gate)g, a, b);
                plt_psum *obs = svt_obs("Z0", n);
                double complex ref[16];
                double got[32];
                plt_dense_state(c, NULL, NULL, ref);
                sv_state_of(c, obs, NULL, got);
                double d = sv_dist_phase(got, ref, dim);
                if (d > 1e-12) print_error("gate %s on (%d, %d)\n", plt_gate_info_get((plt_gate)g)->name, a, b);
                plt_expect_close(d, 0.0, 0, 1e-12);
                plt_psum_free(obs);
                plt_circuit_free(c);
            }
    }
}

/* Adjoint gradient vs central differences and vs the parameter-shift rule, with shared
 * parameters and every op kind around them. */
static void test_gradients(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 3);
    for (int trial = 0; trial < 25; trial++) {
        int n = 1 + trial % 6, np = 4;
        plt_circuit *c = svt_circuit(n, np);
        for (int k = 0; k < 30; k++) svt_random_op(&r, c, np);
        plt_psum *obs = svt_random_obs(&r, n, 1 + plt_test_rng_int(&r, 6));
        double params[4], ga[4], gs[4];
        for (int k = 0; k < np; k++) params[k] = 4 * plt_test_rng_uniform(&r) - 2;
        double l0 = svt_loss(c, obs, NULL, PLT_GRAD_AUTO, params, NULL);
        plt_expect_close(svt_loss(c, obs, NULL, PLT_GRAD_AUTO, params, ga), l0, 0, 1e-12);
        plt_expect_close(svt_loss(c, obs, NULL, PLT_GRAD_SHIFT, params, gs), l0, 0, 1e-12);
        for (int k = 0; k < np; k++) {
            const double h = 1e-5;
            double save = params[k];
            params[k] = save + h;
            double lp = svt_loss(c, obs, NULL, PLT_GRAD_AUTO, params, NULL);
            params[k] = save - h;
            double lm = svt_loss(c, obs, NULL, PLT_GRAD_AUTO, params, NULL);
            params[k] = save;
            plt_expect_close(ga[k], (lp - lm) / (2 * h), 0, 1e-7);
            plt_expect_close(ga[k], gs[k], 0, 1e-10);
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
}

/* The norm (the loss of the identity observable) stays 1 over 100000 random gates. */
static void test_norm_preserved(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 4);
    const int n = 7;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int k = 0; k < 100000; k++) svt_random_op(&r, c, 0);
    plt_psum *obs = svt_obs("1", n);
    plt_expect_close(svt_loss(c, obs, NULL, PLT_GRAD_AUTO, NULL, NULL), 1.0, 0, 1e-12);
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* Blocked execution (runs of ops on few qubits per cache block, any qubits) and units of
 * 1-qubit ops equal op-by-op sweeps, forward and adjoint, at a size with several blocks,
 * for several block sizes and 1 or 2 threads. Layers of RY RZ H on each qubit, a CZ ring
 * and XX rotations at distance 5 give long fusable runs and blocks of high qubits. */
static void test_blocking_invariant(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 5);
    const int n = 14, np = 3; /* 2^14 amplitudes: above SV_PAR_MIN, so 2 threads do split */
    plt_circuit *c = svt_circuit(n, np);
    for (int k = 0; k < 60; k++) svt_random_op(&r, c, np);
    for (int layer = 0; layer < 3; layer++) {
        for (int q = 0; q < n; q++) {
            char buf[32];
            snprintf(buf, sizeof buf, "Y%d", q);
            svt_rot(c, buf, plt_test_rng_int(&r, np), 1.0, 0.1 * q);
            snprintf(buf, sizeof buf, "Z%d", q);
            svt_rot(c, buf, plt_test_rng_int(&r, np), -0.5, 0.0);
            if (q % 3 == 0) svt_gate(c, PLT_GATE_H, q, q);
        }
        for (int q = 0; q < n; q++) svt_gate(c, PLT_GATE_CZ, q, (q + 1) % n);
        for (int q = 0; q + 5 < n; q++) {
            char buf[32];
            snprintf(buf, sizeof buf, "X%d*X%d", q, q + 5);
            svt_rot(c, buf, plt_test_rng_int(&r, np), 1.0, 0.2);
        }
        for (int k = 0; k < 5; k++) svt_random_op(&r, c, np);
    }
    /* Random terms, and some with x on low qubits only (the partner in the same chunk). */
    plt_psum *obs = svt_random_obs(&r, n, 10);
    plt_psum *low = svt_obs("0.7*X0*Y3*Z9 - 0.4*Y1*Y6 + 0.25*X2*Z12", n);
    plt_expect_ok(plt_psum_add_sum(obs, low, 1.0, 0.0));
    plt_psum_free(low);
    double params[3] = {0.3, -1.1, 2.0};
    plt_model m = {c, obs, NULL};
    enum { NV = 7 };
    const int bits[NV] = {0, 5, 5, 4, 7, 9, 12}, thr[NV] = {1, 1, 2, 1, 2, 1, 2};
    double loss[NV], grad[NV][3];
    for (int v = 0; v < NV; v++) {
        plt_opts o;
        plt_opts_init(&o);
        o.threads = thr[v];
        sv_plan *p = NULL;
        plt_expect_ok(sv_plan_new(&m, &o, &p));
        plt_expect_ok(sv_plan_segment(p, bits[v]));
        plt_expect_ok(sv_plan_loss(p, params, &loss[v], grad[v]));
        /* Without a gradient the loss comes from sv_expect (chunked per term), with one from
         * sv_apply_obs (lam = O phi): two independent kernels. */
        double l;
        plt_expect_ok(sv_plan_loss(p, params, &l, NULL));
        plt_expect_close(l, loss[v], 0, 1e-12);
        sv_plan_free(p);
    }
    for (int v = 1; v < NV; v++) {
        plt_expect_close(loss[v], loss[0], 0, 1e-12);
        for (int k = 0; k < np; k++) plt_expect_close(grad[v][k], grad[0][k], 0, 1e-12);
    }
    plt_psum_free(obs);
    plt_circuit_free(c);
}

/* The adjoint sweep's special kernels against the parameter-shift rule (forward passes
 * only): units of one to four 1-qubit ops of every kind (each accumulating only what its
 * rotations need, before or after the unit), units that are one rotation, CZ runs as sign
 * passes at either end of a block, and segments that are a CZ run alone, applied by a
 * neighbour with the CZs that leave its block as per-block Z's and signs; block sizes 6 to
 * 10 qubits, 1 and 2 threads. */
static void test_adjoint_kernels(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 6);
    const int n = 13, np = 5; /* 2^13 amplitudes: SV_PAR_MIN, so 2 threads do split */
    int merged_in = 0, merged_out = 0, kinds = 0, single = 0;
    for (int trial = 0; trial < 4; trial++) {
        plt_circuit *c = svt_circuit(n, np);
        for (int layer = 0; layer < 3; layer++) {
            for (int q = 0; q < n; q++) {
                int len = 1 + plt_test_rng_int(&r, 4);
                for (int k = 0; k < len; k++) {
                    int what = plt_test_rng_int(&r, 8);
                    char buf[32];
                    if (what < 6) {
                        snprintf(buf, sizeof buf, "%c%d", "XYZ"[what % 3], q);
                        int param = what < 5 ? plt_test_rng_int(&r, np) : -1;
                        svt_rot(c, buf, param, 2 * plt_test_rng_uniform(&r) - 1,
                                plt_test_rng_uniform(&r));
                    } else if (what == 6) {
                        const plt_gate g[4] = {PLT_GATE_H, PLT_GATE_S, PLT_GATE_X, PLT_GATE_SX};
                        svt_gate(c, g[plt_test_rng_int(&r, 4)], q, q);
                    } else {
                        double u[8];
                        int qq[2] = {q, q};
                        svt_random_unitary(&r, 2, u);
                        plt_expect_ok(plt_circuit_add_unitary(c, 1, qq, u));
                    }
                }
            }
            /* A CZ ring, or CZs on random pairs, some far apart. */
            for (int q = 0; q < n; q++) {
                int a = q, b = (q + 1) % n;
                if (trial & 1) {
                    a = plt_test_rng_int(&r, n);
                    do b = plt_test_rng_int(&r, n);
                    while (b == a);
                }
                svt_gate(c, PLT_GATE_CZ, a, b);
            }
            if (layer == 1) svt_rot(c, "X2*X9", plt_test_rng_int(&r, np), 1.0, 0.3);
        }
        plt_psum *obs = svt_random_obs(&r, n, 3);
        plt_psum *z0 = svt_obs("0.5*Z0", n);
        plt_expect_ok(plt_psum_add_sum(obs, z0, 1.0, 0.0));
        plt_psum_free(z0);
        double params[5], gs[5];
        for (int k = 0; k < np; k++) params[k] = 4 * plt_test_rng_uniform(&r) - 2;
        double ls = svt_loss(c, obs, NULL, PLT_GRAD_SHIFT, params, gs);
        plt_model m = {c, obs, NULL};
        const int bits[3] = {6, 8, 10};
        for (int v = 0; v < 12; v++) {
            plt_opts o;
            plt_opts_init(&o);
            o.threads = 1 + v % 2;
            sv_plan *p = NULL;
            plt_expect_ok(sv_plan_new(&m, &o, &p));
            /* In the circuit's order a CZ ring across blocks is a segment of its own (merged
             * into a neighbour); reordered, it joins the blocks around it. */
            p->keep_order = v % 4 < 2;
            plt_expect_ok(sv_plan_segment(p, bits[v / 4]));
            for (size_t k = 0; k < p->nsegs; k++) {
                merged_in += p->segs[k].in_count != 0;
                merged_out += p->segs[k].out_count != 0;
            }
            for (size_t i = 0; i < p->nops; i += (size_t)p->ops[i].group) {
                const sv_op *u = &p->ops[i];
                kinds |= 1 << (u->kin * 5 + u->kout);
                /* a unit that is one rotation off qubit 0 (sv_k_grad_rot1), by generator */
                if (u->group == 1 && (u->kind == SV_ROT || u->kind == SV_ZROT) &&
                    sv_op_qubit1(u) > 0)
                    single |= 1 << (u->kind == SV_ZROT ? 0 : u->ny ? 1 : 2);
            }
            double l, g[5] = {0};
            plt_expect_ok(sv_plan_loss(p, params, &l, g));
            plt_expect_close(l, ls, 0, 1e-12);
            for (int k = 0; k < np; k++) plt_expect_close(g[k], gs[k], 0, 1e-10);
            sv_plan_free(p);
        }
        plt_psum_free(obs);
        plt_circuit_free(c);
    }
    /* The special cases did occur: merged segments on both sides, and units accumulating
     * one sum before and one after (Z, X, Y kinds), all three before, or nothing. */
    assert_int_equal(single, 7);
    assert_true(merged_in > 0);
    assert_true(merged_out > 0);
    for (int ki = SV_ACC_NONE; ki <= SV_ACC_ALL; ki++) assert_true(kinds & (1 << (ki * 5)));
    for (int ko = SV_ACC_Z; ko <= SV_ACC_I; ko++)
        assert_true(kinds & (1 << (SV_ACC_Z * 5 + ko) | 1 << (SV_ACC_R * 5 + ko) |
                             1 << (SV_ACC_I * 5 + ko)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_vs_dense),
        cmocka_unit_test(test_cz_runs_vs_dense),
        cmocka_unit_test(test_reduced_units_vs_dense),
        cmocka_unit_test(test_merged_rotations_vs_dense),
        cmocka_unit_test(test_basis_state_vs_dense),
        cmocka_unit_test(test_every_clifford_every_pair),
        cmocka_unit_test(test_gradients),
        cmocka_unit_test(test_norm_preserved),
        cmocka_unit_test(test_blocking_invariant),
        cmocka_unit_test(test_adjoint_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

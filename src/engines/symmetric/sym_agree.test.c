/* labels: agree */
/* The symmetric engine against the statevector (and gsim) on random permutation-invariant
 * circuits: runs of rotations covering whole kinds of strings (single letters, equal-letter
 * pairs and triples, full-weight X/Y strings that go through the band path), single-qubit
 * Clifford runs, swaps; random observables, invariant or not; zero, all-one, product,
 * vector and prepared states. Gradients against central differences; refusals. */
#include "engines/engine_ops.h"
#include "plateau/engine.h"
#include "support/test.h"

extern const plt_engine_ops plt_engine_symmetric;

/* Every string with nx X, ny Y, nz Z letters on n qubits, appended to out[*cnt] as dense text. */
static void strings_of(int n, int nx, int ny, int nz, int q, char *cur, char (*out)[16],
                       int *cnt) {
    if (q == n) {
        if (nx == 0 && ny == 0 && nz == 0) {
            memcpy(out[*cnt], cur, (size_t)n);
            out[*cnt][n] = 0;
            (*cnt)++;
        }
        return;
    }
    const char let[4] = {'I', 'X', 'Y', 'Z'};
    for (int l = 0; l < 4; l++) {
        int ax = nx - (l == 1), ay = ny - (l == 2), az = nz - (l == 3);
        if (ax < 0 || ay < 0 || az < 0) continue;
        if (n - q - 1 < ax + ay + az) continue;
        cur[q] = let[l];
        strings_of(n, ax, ay, az, q + 1, cur, out, cnt);
    }
}

static void add_rot(plt_circuit *c, const char *dense, int param, double a, double b) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_parse(dense, plt_circuit_nqubits(c), "test", &p));
    plt_expect_ok(plt_circuit_add_rotation(c, p, param, a, b));
    plt_pstring_free(p);
}

/* A run: every string of kind (nx, ny, nz), shuffled, angle a * param + b. */
static void add_kind(plt_circuit *c, plt_test_rng *r, int nx, int ny, int nz, int param,
                     double a, double b) {
    int n = plt_circuit_nqubits(c), cnt = 0;
    static char all[5000][16];
    char cur[16];
    strings_of(n, nx, ny, nz, 0, cur, all, &cnt);
    for (int i = cnt - 1; i > 0; i--) {
        int j = plt_test_rng_int(r, i + 1);
        char t[16];
        memcpy(t, all[i], 16);
        memcpy(all[i], all[j], 16);
        memcpy(all[j], t, 16);
    }
    for (int i = 0; i < cnt; i++) add_rot(c, all[i], param, a, b);
}

static int new_param(plt_circuit *c) {
    char nm[16];
    int k;
    snprintf(nm, sizeof nm, "t%d", plt_circuit_nparams(c));
    plt_expect_ok(plt_circuit_add_param(c, nm, 0, &k));
    return k;
}

static plt_circuit *random_circuit(plt_test_rng *r, int n, int blocks) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    const plt_gate one[] = {PLT_GATE_H, PLT_GATE_S, PLT_GATE_SDG, PLT_GATE_X,
                            PLT_GATE_Y, PLT_GATE_Z, PLT_GATE_SX, PLT_GATE_SXDG};
    for (int blk = 0; blk < blocks; blk++) {
        int pick = plt_test_rng_int(r, 11);
        int param = plt_circuit_nparams(c) > 0 && plt_test_rng_int(r, 4) == 0
                        ? plt_test_rng_int(r, plt_circuit_nparams(c))
                        : new_param(c);
        double a = 0.5 + plt_test_rng_uniform(r), b = plt_test_rng_int(r, 3) == 0
                                                          ? plt_test_rng_uniform(r) - 0.5
                                                          : 0;
        if (plt_test_rng_int(r, 8) == 0) param = -1, b = 2 * plt_test_rng_uniform(r) - 1;
        int l = plt_test_rng_int(r, 3);
        int cnt[3] = {0, 0, 0};
        switch (pick) {
        case 0: case 1: case 2: /* one letter on every qubit: linear */
            cnt[l] = 1;
            add_kind(c, r, cnt[0], cnt[1], cnt[2], param, a, b);
            break;
        case 3: case 4: /* equal letters on every pair, with a field of the same letter */
            cnt[l] = 2;
            add_kind(c, r, cnt[0], cnt[1], cnt[2], param, a, b);
            if (plt_test_rng_int(r, 2)) {
                cnt[l] = 1;
                add_kind(c, r, cnt[0], cnt[1], cnt[2], param, 0.5 * a, -b);
            }
            break;
        case 5: /* triples */
            if (n >= 3) {
                cnt[l] = 3;
                add_kind(c, r, cnt[0], cnt[1], cnt[2], param, a, b);
            }
            break;
        case 6: /* full-weight strings of X and Y letters: commuting, the band path */
            add_kind(c, r, n - 1, 1, 0, param, 0.3 * a, b);
            if (plt_test_rng_int(r, 2)) add_kind(c, r, n, 0, 0, param, 0.2, 0);
            break;
        case 7: { /* the same single-qubit Clifford word on every qubit, interleaved */
            plt_gate g1 = one[plt_test_rng_int(r, 8)], g2 = one[plt_test_rng_int(r, 8)];
            for (int q = 0; q < n; q++) {
                plt_expect_ok(plt_circuit_add_clifford(c, g1, &q));
                plt_expect_ok(plt_circuit_add_clifford(c, g2, &q));
            }
            break;
        }
        case 9: /* rzz on every pair written cx rz cx, as QASM files do: absorbed by the plan */
            if (param >= 0 && n >= 2 && blk % 2)
                for (int i = 0; i < n; i++)
                    for (int j = i + 1; j < n; j++) {
                        int qs[2] = {i, j};
                        char g[16];
                        memset(g, 'I', (size_t)n);
                        g[n] = 0;
                        g[j] = 'Z';
                        plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
                        add_rot(c, g, param, a, 0);
                        plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
                    }
            break;
        case 8: { /* all of g1, then all of g2, in another qubit order */
            plt_gate g1 = one[plt_test_rng_int(r, 8)], g2 = one[plt_test_rng_int(r, 8)];
            for (int q = 0; q < n; q++) plt_expect_ok(plt_circuit_add_clifford(c, g1, &q));
            for (int q = n; q-- > 0;) plt_expect_ok(plt_circuit_add_clifford(c, g2, &q));
            break;
        }
        default:
            if (n >= 2) {
                int qs[2] = {0, n - 1};
                plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_SWAP, qs));
            }
        }
    }
    return c;
}

static plt_psum *random_obs(plt_test_rng *r, int n) {
    plt_psum *o = NULL;
    plt_pstring *p = NULL;
    plt_expect_ok(plt_psum_new(n, &o));
    plt_expect_ok(plt_pstring_new(n, &p));
    for (int t = 0; t < 6; t++) {
        for (int q = 0; q < n; q++)
            plt_expect_ok(plt_pstring_set(p, q, "IXYZ"[plt_test_rng_int(r, q < 3 ? 4 : 2) * (q < 3 ? 1 : 3)]));
        plt_expect_ok(plt_psum_add(o, p, 2 * plt_test_rng_uniform(r) - 1, 0));
    }
    plt_pstring_free(p);
    return o;
}

static plt_state *random_state(plt_test_rng *r, int n, int kind) {
    plt_state *s = NULL;
    if (kind == 0) plt_expect_ok(plt_state_new_zero(n, &s));
    if (kind == 1) {
        char bits[32];
        memset(bits, '1', (size_t)n);
        bits[n] = 0;
        plt_expect_ok(plt_state_new_basis(n, bits, &s));
    }
    if (kind == 2) {
        double th = M_PI * plt_test_rng_uniform(r), ph = 2 * M_PI * plt_test_rng_uniform(r);
        double *b = malloc(3 * (size_t)n * sizeof *b);
        for (int q = 0; q < n; q++)
            b[3 * q] = sin(th) * cos(ph), b[3 * q + 1] = sin(th) * sin(ph), b[3 * q + 2] = cos(th);
        plt_expect_ok(plt_state_new_product(n, b, &s));
        free(b);
    }
    if (kind == 3) { /* random amplitudes per number of ones */
        double amp[2 * 16], norm = 0;
        size_t dim = (size_t)1 << n;
        double *v = malloc(2 * dim * sizeof *v);
        for (int k = 0; k <= n; k++) {
            amp[2 * k] = plt_test_rng_uniform(r) - 0.5, amp[2 * k + 1] = plt_test_rng_uniform(r) - 0.5;
        }
        for (size_t i = 0; i < dim; i++) {
            int k = __builtin_popcountll(i);
            v[2 * i] = amp[2 * k], v[2 * i + 1] = amp[2 * k + 1];
            norm += v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1];
        }
        for (size_t i = 0; i < 2 * dim; i++) v[i] /= sqrt(norm);
        plt_expect_ok(plt_state_new_vector(n, v, &s));
        free(v);
    }
    return s;
}

static double run(const char *engine, const plt_model *m, const double *p, double *g) {
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan(engine, m, NULL, &e));
    double l = 0;
    plt_expect_ok(plt_engine_loss(e, p, &l, g));
    plt_engine_free(e);
    return l;
}

static void test_vs_statevector(void **st) {
    (void)st;
    plt_test_rng r;
    uint64_t seed = plt_test_seed();
    plt_test_rng_init(&r, seed);
    for (int trial = 0; trial < 60; trial++) {
        int n = 1 + plt_test_rng_int(&r, 10);
        if (trial % 10 == 9) n = 12;
        plt_circuit *c = random_circuit(&r, n, 2 + plt_test_rng_int(&r, 7));
        plt_psum *o = random_obs(&r, n);
        plt_state *s = random_state(&r, n, trial % 4);
        plt_model m = {c, o, s};
        int np = plt_circuit_nparams(c);
        double p[64], g1[64], g2[64];
        for (int k = 0; k < np; k++) p[k] = 2 * M_PI * plt_test_rng_uniform(&r) - M_PI;
        double l1 = run("symmetric", &m, p, g1), l2 = run("statevector", &m, p, g2);
        plt_expect_close(l1, l2, 0, 1e-10);
        for (int k = 0; k < np; k++) plt_expect_close(g1[k], g2[k], 0, 1e-10);
        plt_state_free(s);
        plt_psum_free(o);
        plt_circuit_free(c);
    }
}

/* The zoo's kind of model built here (rx, ry on every qubit, rzz on every pair), against gsim. */
static void test_vs_gsim(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 3);
    for (int n = 2; n <= 8; n += 2) {
        plt_circuit *c = NULL;
        plt_expect_ok(plt_circuit_new(n, &c));
        for (int l = 0; l < 3; l++) {
            int kx = new_param(c), ky = new_param(c), kz = new_param(c);
            add_kind(c, &r, 1, 0, 0, kx, 1, 0);
            add_kind(c, &r, 0, 1, 0, ky, 1, 0);
            add_kind(c, &r, 0, 0, 2, kz, 1, 0);
        }
        plt_psum *o = NULL;
        plt_expect_ok(plt_psum_parse(n >= 4 ? "0.5*Z0 + Z1*Z3 - 0.3*X2" : "Z0 + X1", n, "t", &o));
        plt_model m = {c, o, NULL};
        int np = plt_circuit_nparams(c);
        double p[64], g1[64], g2[64];
        for (int k = 0; k < np; k++) p[k] = 2 * M_PI * plt_test_rng_uniform(&r) - M_PI;
        double l1 = run("symmetric", &m, p, g1), l2 = run("gsim", &m, p, g2);
        plt_expect_close(l1, l2, 0, 1e-9);
        for (int k = 0; k < np; k++) plt_expect_close(g1[k], g2[k], 0, 1e-9);
        plt_psum_free(o);
        plt_circuit_free(c);
    }
}

/* At n = 60 (beyond the statevector): the adjoint gradient against central differences. */
static void test_gradient_fd(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 5);
    int n = 60;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    for (int l = 0; l < 2; l++) {
        int kx = new_param(c), kz = new_param(c);
        for (int q = 0; q < n; q++) {
            char g[64];
            memset(g, 'I', (size_t)n);
            g[n] = 0;
            g[q] = 'X';
            add_rot(c, g, kx, 1.0, 0.1);
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                char g[64];
                memset(g, 'I', (size_t)n);
                g[n] = 0;
                g[i] = g[j] = 'Y';
                add_rot(c, g, kz, 0.2, 0);
            }
        for (int q = 0; q < n; q++) plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q));
    }
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("Z0*Z7 + 0.4*X3 - Y1*Y2*Z5", n, "t", &o));
    plt_model m = {c, o, NULL};
    plt_engine *e = NULL;
    plt_expect_ok(plt_engine_plan("symmetric", &m, NULL, &e));
    double p[4], g[4], l, lp, lm, h = 1e-5;
    for (int k = 0; k < 4; k++) p[k] = 2 * plt_test_rng_uniform(&r) - 1;
    plt_expect_ok(plt_engine_loss(e, p, &l, g));
    for (int k = 0; k < 4; k++) {
        double q[4];
        memcpy(q, p, sizeof q);
        q[k] += h;
        plt_expect_ok(plt_engine_loss(e, q, &lp, NULL));
        q[k] -= 2 * h;
        plt_expect_ok(plt_engine_loss(e, q, &lm, NULL));
        plt_expect_close(g[k], (lp - lm) / (2 * h), 0, 1e-6);
    }
    plt_engine_free(e);
    plt_psum_free(o);
    plt_circuit_free(c);
}

static void test_refusals(void **st) {
    (void)st;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed() + 9);
    int n = 6;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    int k = new_param(c);
    add_kind(c, &r, 1, 0, 0, k, 1, 0);
    const char *partial[] = {"YIIIII", "IYIIII", "IIIYII", "IIIIYI"};
    int k2 = new_param(c);
    for (int i = 0; i < 4; i++) add_rot(c, partial[i], k2, 1, 0);
    plt_psum *o = NULL;
    plt_expect_ok(plt_psum_parse("Z0", n, "t", &o));
    plt_model m = {c, o, NULL};
    plt_engine *e = NULL;
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "op 6 (Y0 rotation by t1) has no partner on qubit 2");
    plt_circuit_free(c);

    /* an angle that differs inside a complete kind */
    plt_expect_ok(plt_circuit_new(n, &c));
    k = new_param(c);
    add_kind(c, &r, 0, 0, 2, k, 1, 0);
    add_rot(c, "ZZIIII", k, 1, 0.5);
    m.circuit = c;
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "its angle differs from");
    plt_circuit_free(c);

    /* a non-symmetric basis state, a mixed product state */
    plt_expect_ok(plt_circuit_new(n, &c));
    k = new_param(c);
    add_kind(c, &r, 1, 0, 0, k, 1, 0);
    m.circuit = c;
    plt_state *s = NULL;
    plt_expect_ok(plt_state_new_basis(n, "010000", &s));
    m.state = s;
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "not permutation invariant (qubit 1 is 1");
    plt_state_free(s);
    double b[18];
    for (int q = 0; q < n; q++) b[3 * q] = 0, b[3 * q + 1] = 0, b[3 * q + 2] = 0.5;
    plt_expect_ok(plt_state_new_product(n, b, &s));
    m.state = s;
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED, "mixed");
    plt_state_free(s);
    m.state = NULL;

    /* a Clifford on one qubit only; a cx */
    int q = 3;
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_H, &q));
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "op 6 (h on qubit 3)");
    plt_circuit_free(c);
    plt_expect_ok(plt_circuit_new(n, &c));
    int qs[2] = {0, 1};
    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
    k = new_param(c);
    add_kind(c, &r, 1, 0, 0, k, 1, 0); /* cx turns X0 into X0 X1: not invariant */
    m.circuit = c;
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "op 0 (cx on qubits 0, 1): the symmetric engine takes rotations");
    plt_circuit_free(c);

    /* strings of a kind that does not commute with itself */
    plt_expect_ok(plt_circuit_new(n, &c));
    k = new_param(c);
    add_kind(c, &r, 1, 1, 0, k, 1, 0);
    m.circuit = c;
    plt_expect_error(plt_engine_plan("symmetric", &m, NULL, &e), PLT_EUNSUPPORTED,
                     "do not all commute");
    plt_circuit_free(c);
    plt_psum_free(o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vs_statevector),
        cmocka_unit_test(test_vs_gsim),
        cmocka_unit_test(test_gradient_fd),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

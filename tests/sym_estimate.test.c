/* The symmetric engine's estimate accepts exactly the models its plan accepts: every zoo
 * family at small sizes, and random permutation-invariant circuits (rotation runs over whole
 * kinds, rzz written as cx rz cx, single-qubit Clifford and unitary layers, swaps) with one op
 * dropped, altered or moved to another qubit, or left intact. Callers choose routes from
 * estimates, so an estimate that passes a model the plan then refuses is a wrong verdict.
 * Here rather than beside the engine: the zoo is a module above the engines. */
#include "plateau/engine.h"
#include "plateau/zoo.h"
#include "support/test.h"

static int nok, nrefused;

/* Estimate and plan of the symmetric engine agree on m; a refusal is PLT_EUNSUPPORTED naming
 * an op, with the same message from both. */
static void agree(const plt_model *m, const char *what) {
    plt_cost cost;
    plt_status se = plt_engine_estimate("symmetric", m, NULL, &cost);
    char emsg[1024] = "";
    if (se) snprintf(emsg, sizeof emsg, "%s", plt_error_last()->message);
    plt_engine *e = NULL;
    plt_status sp = plt_engine_plan("symmetric", m, NULL, &e);
    if ((se == PLT_OK) != (sp == PLT_OK))
        fail_msg("%s: estimate %s but plan %s (%s)", what, se ? "refuses" : "accepts",
                 sp ? "refuses" : "accepts", se ? emsg : plt_error_last()->message);
    if (se) {
        assert_int_equal(se, PLT_EUNSUPPORTED);
        assert_int_equal(sp, PLT_EUNSUPPORTED);
        assert_non_null(strstr(emsg, "op "));
        assert_string_equal(emsg, plt_error_last()->message);
        nrefused++;
    } else {
        assert_int_equal(cost.exactness, PLT_EXACT);
        assert_true(cost.seconds > 0);
        nok++;
    }
    plt_engine_free(e);
}

static void test_zoo(void **st) {
    (void)st;
    nok = nrefused = 0;
    const int sizes[] = {4, 6, 8};
    for (size_t f = 0; f < plt_zoo_count(); f++)
        for (int s = 0; s < 3; s++)
            for (int layers = 0; layers <= 2; layers++) {
                plt_zoo_model zm;
                if (plt_zoo_build(plt_zoo_name(f), sizes[s], layers, 7, 0, &zm)) continue;
                plt_model m = {zm.circuit, zm.obs, NULL};
                char what[128];
                snprintf(what, sizeof what, "%s at n = %d, %d layers", plt_zoo_name(f),
                         sizes[s], layers);
                agree(&m, what);
                plt_zoo_model_free(&zm);
            }
    /* sn-equivariant passes, the hardware-efficient ansatz does not */
    assert_true(nok > 0);
    assert_true(nrefused > 0);
}

static void add_rot(plt_circuit *c, const int *q, int nq, const char *letters, int param,
                    double a, double b) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(plt_circuit_nqubits(c), &p));
    for (int k = 0; k < nq; k++) plt_expect_ok(plt_pstring_set(p, q[k], letters[k]));
    plt_expect_ok(plt_circuit_add_rotation(c, p, param, a, b));
    plt_pstring_free(p);
}

/* A random permutation-invariant circuit on n qubits. */
static plt_circuit *symmetric_circuit(plt_test_rng *r, int n) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    const char let[3] = {'X', 'Y', 'Z'};
    const plt_gate one[] = {PLT_GATE_H, PLT_GATE_S, PLT_GATE_SX, PLT_GATE_X};
    int blocks = 2 + plt_test_rng_int(r, 4);
    for (int blk = 0; blk < blocks; blk++) {
        int k;
        char nm[16];
        snprintf(nm, sizeof nm, "t%d", blk);
        plt_expect_ok(plt_circuit_add_param(c, nm, 0, &k));
        double a = 0.5 + plt_test_rng_uniform(r);
        char l = let[plt_test_rng_int(r, 3)];
        char ll[2] = {l, l};
        switch (plt_test_rng_int(r, 6)) {
        case 0: /* one letter on every qubit */
            for (int q = 0; q < n; q++) add_rot(c, &q, 1, ll, k, a, 0);
            break;
        case 1: /* the same letter on every pair */
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    int qs[2] = {i, j};
                    add_rot(c, qs, 2, ll, k, a, 0);
                }
            break;
        case 2: /* rzz on every pair written cx rz cx */
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    int qs[2] = {i, j};
                    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
                    add_rot(c, &j, 1, "Z", k, a, 0);
                    plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_CX, qs));
                }
            break;
        case 3: { /* one single-qubit Clifford on every qubit */
            plt_gate g = one[plt_test_rng_int(r, 4)];
            for (int q = 0; q < n; q++) plt_expect_ok(plt_circuit_add_clifford(c, g, &q));
            break;
        }
        case 4: { /* one random single-qubit unitary on every qubit */
            double u[8], v[4], s = 0;
            for (int t = 0; t < 4; t++) {
                v[t] = plt_test_rng_uniform(r) - 0.5;
                s += v[t] * v[t];
            }
            s = sqrt(s);
            /* [[a, -conj(b)], [b, conj(a)]] with |a|^2 + |b|^2 = 1 */
            u[0] = v[0] / s, u[1] = v[1] / s, u[2] = -v[2] / s, u[3] = v[3] / s;
            u[4] = v[2] / s, u[5] = v[3] / s, u[6] = v[0] / s, u[7] = -v[1] / s;
            for (int q = 0; q < n; q++) plt_expect_ok(plt_circuit_add_unitary(c, 1, &q, u));
            break;
        }
        default: {
            int qs[2] = {0, n - 1};
            plt_expect_ok(plt_circuit_add_clifford(c, PLT_GATE_SWAP, qs));
        }
        }
    }
    return c;
}

/* A copy of c with op `at` dropped (mode 0), its angle or gate changed (1) or moved to
 * another qubit (2); mode 3 copies unchanged. */
static plt_circuit *mutated(const plt_circuit *c, plt_test_rng *r, size_t at, int mode) {
    int n = plt_circuit_nqubits(c);
    plt_circuit *d = NULL;
    plt_expect_ok(plt_circuit_new(n, &d));
    for (int k = 0; k < plt_circuit_nparams(c); k++) {
        int idx;
        plt_expect_ok(plt_circuit_add_param(d, plt_circuit_param_name(c, k), 0, &idx));
    }
    for (size_t i = 0; i < plt_circuit_nops(c); i++) {
        const plt_op *op = plt_circuit_op(c, i);
        int q[2] = {op->q[0], op->nq > 1 ? op->q[1] : 0};
        if (i == at && mode == 0) continue;
        if (i == at && mode == 2 && op->nq == 1) q[0] = (q[0] + 1 + plt_test_rng_int(r, n - 1)) % n;
        if (op->kind == PLT_OP_ROTATION) {
            double a = op->a;
            if (i == at && mode == 1) a *= 1.5;
            if (i == at && mode == 2 && op->nq == 1) {
                char l = plt_pstring_get(op->gen, op->q[0]);
                add_rot(d, q, 1, &l, op->param, a, op->b);
            } else {
                plt_expect_ok(plt_circuit_add_rotation(d, op->gen, op->param, a, op->b));
            }
        } else if (op->kind == PLT_OP_CLIFFORD) {
            plt_gate g = op->gate;
            if (i == at && mode == 1 && op->nq == 1) g = g == PLT_GATE_S ? PLT_GATE_H : PLT_GATE_S;
            if (i == at && mode == 1 && op->nq == 2) g = g == PLT_GATE_CX ? PLT_GATE_CZ : PLT_GATE_CX;
            plt_expect_ok(plt_circuit_add_clifford(d, g, q));
        } else {
            double u[8];
            memcpy(u, op->u, sizeof u);
            if (i == at && mode == 1) /* times a phase on |1>: another gate */
                for (int t = 2; t < 4; t++) u[2 * t] = -op->u[2 * t], u[2 * t + 1] = -op->u[2 * t + 1];
            plt_expect_ok(plt_circuit_add_unitary(d, op->nq, q, u));
        }
    }
    return d;
}

static void test_random(void **st) {
    (void)st;
    nok = nrefused = 0;
    plt_test_rng r;
    plt_test_rng_init(&r, plt_test_seed());
    for (int rep = 0; rep < 300; rep++) {
        int n = 2 + plt_test_rng_int(&r, 5);
        plt_circuit *c = symmetric_circuit(&r, n);
        size_t nops = plt_circuit_nops(c);
        int mode = plt_test_rng_int(&r, 4);
        plt_circuit *d = mutated(c, &r, nops ? (size_t)plt_test_rng_int(&r, (int)nops) : 0,
                                 nops ? mode : 3);
        plt_psum *obs = NULL;
        plt_expect_ok(plt_psum_parse("Z0 + 0.5*X0*X1", n, "test", &obs));
        plt_model m0 = {c, obs, NULL}, m1 = {d, obs, NULL};
        char what[64];
        snprintf(what, sizeof what, "random circuit %d on %d qubits", rep, n);
        agree(&m0, what);
        snprintf(what, sizeof what, "random circuit %d on %d qubits, mutation %d", rep, n, mode);
        agree(&m1, what);
        plt_psum_free(obs);
        plt_circuit_free(c);
        plt_circuit_free(d);
    }
    /* the unmutated circuits pass; most mutations break the symmetry */
    assert_true(nok >= 300);
    assert_true(nrefused > 50);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zoo),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

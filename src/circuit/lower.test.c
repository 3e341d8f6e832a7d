/* labels: unit */
/* Every gate of the library, on every qubit ordering within a 3-qubit register (and
 * a few for 4- and 5-qubit gates), against a textbook matrix written here from the
 * OpenQASM / Qiskit definitions, with constant and parametrised arguments. */
#include <complex.h>

#include "circuit/lower.h"
#include "plateau/circuit.h"
#include "support/dense.h"
#include "support/test.h"

typedef double complex cplx;
#define PI 3.14159265358979323846
#define MAXD 32

/* ---------- textbook matrices (local qubit 0 = low bit of the index) ---------- */

static void set1(cplx *m, cplx a, cplx b, cplx c, cplx d) {
    m[0] = a;
    m[1] = b;
    m[2] = c;
    m[3] = d;
}

static void u3(double t, double p, double l, cplx *m) {
    set1(m, cos(t / 2), -cexp(I * l) * sin(t / 2), cexp(I * p) * sin(t / 2),
         cexp(I * (p + l)) * cos(t / 2));
}

static void mmul(int d, const cplx *a, const cplx *b, cplx *o) {
    cplx t[MAXD * MAXD];
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            cplx s = 0;
            for (int k = 0; k < d; k++) s += a[i * d + k] * b[k * d + j];
            t[i * d + j] = s;
        }
    memcpy(o, t, (size_t)d * d * sizeof *o);
}

/* Controlled-U with controls on local qubits 0..k-1 and the target on qubit k. */
static void mc(int k, const cplx *u, cplx *m) {
    int d = 1 << (k + 1), all = (1 << k) - 1;
    memset(m, 0, (size_t)d * d * sizeof *m);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            if ((i & all) != (j & all)) continue;
            if ((i & all) == all)
                m[i * d + j] = u[((i >> k) & 1) * 2 + ((j >> k) & 1)];
            else if (i == j)
                m[i * d + j] = 1;
        }
}

/* Places local k-qubit matrix u on qubits map[] of an n-qubit register. */
static void place(int n, int k, const int *map, const cplx *u, cplx *m) {
    int d = 1 << n, rest = d - 1;
    for (int l = 0; l < k; l++) rest &= ~(1 << map[l]);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            cplx v = 0;
            if ((i & rest) == (j & rest)) {
                int li = 0, lj = 0;
                for (int l = 0; l < k; l++) {
                    li |= ((i >> map[l]) & 1) << l;
                    lj |= ((j >> map[l]) & 1) << l;
                }
                v = u[li * (1 << k) + lj];
            }
            m[i * d + j] = v;
        }
}

/* m = u applied after m, u acting on local qubits q[] of a k-qubit register. */
static void then(int k, cplx *m, int nq, const int *q, const cplx *u) {
    cplx full[MAXD * MAXD];
    place(k, nq, q, u, full);
    mmul(1 << k, full, m, m);
}

static void identity(int d, cplx *m) {
    memset(m, 0, (size_t)d * d * sizeof *m);
    for (int i = 0; i < d; i++) m[i * d + i] = 1;
}

/* exp(-i t/2 P) for a 2-qubit Pauli product a (x) b with a on qubit 0. */
static void rpp(double t, const cplx *a, const cplx *b, cplx *m) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            m[i * 4 + j] = (i == j ? cos(t / 2) : 0) -
                           I * sin(t / 2) * a[(i & 1) * 2 + (j & 1)] * b[(i >> 1) * 2 + (j >> 1)];
}

static const cplx MX[4] = {0, 1, 1, 0}, MY[4] = {0, -I, I, 0}, MZ[4] = {1, 0, 0, -1};

/* Relative-phase Toffolis: the products of their qelib1.inc bodies. */
static void rccx(cplx *m, int k) {
    cplx h[4], t[4], td[4], cx[16];
    u3(PI / 2, 0, PI, h); /* u2(0, pi) */
    u3(0, 0, PI / 4, t);  /* u1(pi/4) */
    u3(0, 0, -PI / 4, td);
    mc(1, MX, cx);
    identity(1 << k, m);
    int tq = k - 1;
#define G1(u) then(k, m, 1, (int[]){tq}, (u))
#define CXq(a) then(k, m, 2, (int[]){(a), tq}, cx)
    if (k == 3) {
        G1(h), G1(t), CXq(1), G1(td), CXq(0), G1(t), CXq(1), G1(td), G1(h);
    } else {
        G1(h), G1(t), CXq(2), G1(td), G1(h), CXq(0), G1(t), CXq(1), G1(td), CXq(0), G1(t);
        CXq(1), G1(td), G1(h), G1(t), CXq(2), G1(td), G1(h);
    }
#undef G1
#undef CXq
}

/* Fills the textbook matrix of `name` with arguments v; returns 0 for an unknown name. */
static int textbook(const char *name, const double *v, cplx *m) {
    cplx u[16], w[16];
#define IS(s) (strcmp(name, (s)) == 0)
    if (IS("id") || IS("u0")) set1(m, 1, 0, 0, 1);
    else if (IS("x")) set1(m, 0, 1, 1, 0);
    else if (IS("y")) set1(m, 0, -I, I, 0);
    else if (IS("z")) set1(m, 1, 0, 0, -1);
    else if (IS("h")) set1(m, M_SQRT1_2, M_SQRT1_2, M_SQRT1_2, -M_SQRT1_2);
    else if (IS("s")) set1(m, 1, 0, 0, I);
    else if (IS("sdg")) set1(m, 1, 0, 0, -I);
    else if (IS("t")) set1(m, 1, 0, 0, cexp(I * PI / 4));
    else if (IS("tdg")) set1(m, 1, 0, 0, cexp(-I * PI / 4));
    else if (IS("sx")) set1(m, (1 + I) / 2, (1 - I) / 2, (1 - I) / 2, (1 + I) / 2);
    else if (IS("sxdg")) set1(m, (1 - I) / 2, (1 + I) / 2, (1 + I) / 2, (1 - I) / 2);
    else if (IS("rx")) set1(m, cos(v[0] / 2), -I * sin(v[0] / 2), -I * sin(v[0] / 2), cos(v[0] / 2));
    else if (IS("ry")) set1(m, cos(v[0] / 2), -sin(v[0] / 2), sin(v[0] / 2), cos(v[0] / 2));
    else if (IS("rz")) set1(m, cexp(-I * v[0] / 2), 0, 0, cexp(I * v[0] / 2));
    else if (IS("p") || IS("phase") || IS("u1")) set1(m, 1, 0, 0, cexp(I * v[0]));
    else if (IS("u2")) u3(PI / 2, v[0], v[1], m);
    else if (IS("u3") || IS("u") || IS("U")) u3(v[0], v[1], v[2], m);
    else if (IS("r"))
        set1(m, cos(v[0] / 2), -I * cexp(-I * v[1]) * sin(v[0] / 2),
             -I * cexp(I * v[1]) * sin(v[0] / 2), cos(v[0] / 2));
    else if (IS("cx") || IS("CX")) mc(1, MX, m);
    else if (IS("cy")) mc(1, MY, m);
    else if (IS("cz")) mc(1, MZ, m);
    else if (IS("ch")) (set1(u, M_SQRT1_2, M_SQRT1_2, M_SQRT1_2, -M_SQRT1_2), mc(1, u, m));
    else if (IS("cs")) (set1(u, 1, 0, 0, I), mc(1, u, m));
    else if (IS("csdg")) (set1(u, 1, 0, 0, -I), mc(1, u, m));
    else if (IS("csx")) (set1(u, (1 + I) / 2, (1 - I) / 2, (1 - I) / 2, (1 + I) / 2), mc(1, u, m));
    else if (IS("cp") || IS("cu1") || IS("cphase")) (set1(u, 1, 0, 0, cexp(I * v[0])), mc(1, u, m));
    else if (IS("crx") || IS("cry") || IS("crz")) {
        textbook(name + 1, v, u);
        mc(1, u, m);
    } else if (IS("cu3")) (u3(v[0], v[1], v[2], u), mc(1, u, m));
    else if (IS("cu")) {
        u3(v[0], v[1], v[2], u);
        for (int i = 0; i < 4; i++) u[i] *= cexp(I * v[3]);
        mc(1, u, m);
    } else if (IS("swap") || IS("iswap")) {
        cplx ph = IS("iswap") ? I : 1;
        identity(4, m);
        m[1 * 4 + 1] = m[2 * 4 + 2] = 0;
        m[1 * 4 + 2] = m[2 * 4 + 1] = ph;
    } else if (IS("ecr")) {
        static const cplx e[16] = {0, 1, 0, I, 1, 0, -I, 0, 0, I, 0, 1, -I, 0, 1, 0};
        for (int i = 0; i < 16; i++) m[i] = e[i] * M_SQRT1_2;
    } else if (IS("dcx")) {
        mc(1, MX, u);
        identity(4, m);
        then(2, m, 2, (int[]){0, 1}, u);
        then(2, m, 2, (int[]){1, 0}, u);
    } else if (IS("rxx")) rpp(v[0], MX, MX, m);
    else if (IS("ryy")) rpp(v[0], MY, MY, m);
    else if (IS("rzz")) rpp(v[0], MZ, MZ, m);
    else if (IS("rzx")) rpp(v[0], MZ, MX, m); /* Qiskit: Z on the first qubit, X on the second */
    else if (IS("ccx")) mc(2, MX, m);
    else if (IS("ccz")) mc(2, MZ, m);
    else if (IS("c3x")) mc(3, MX, m);
    else if (IS("c4x")) mc(4, MX, m);
    else if (IS("c3sqrtx")) (set1(u, (1 + I) / 2, (1 - I) / 2, (1 - I) / 2, (1 + I) / 2), mc(3, u, m));
    else if (IS("cswap")) {
        identity(8, m);
        m[3 * 8 + 3] = m[5 * 8 + 5] = 0; /* |c=1,a=1,b=0> <-> |c=1,a=0,b=1> */
        m[3 * 8 + 5] = m[5 * 8 + 3] = 1;
    } else if (IS("rccx")) rccx(m, 3);
    else if (IS("rc3x")) rccx(m, 4);
    else return 0;
    (void)w;
#undef IS
    return 1;
}

/* ---------- the sweep ---------- */

static int next_map(int n, int k, int *map) {
    /* lexicographic over injective maps {0..k-1} -> {0..n-1} */
    for (int pos = k - 1; pos >= 0; pos--) {
        for (int v = map[pos] + 1; v < n; v++) {
            int used = 0;
            for (int j = 0; j < pos; j++) used |= map[j] == v;
            if (used) continue;
            map[pos] = v;
            int ok = 1;
            for (int j = pos + 1; j < k && ok; j++) {
                ok = 0;
                for (int c = 0; c < n; c++) {
                    int u2 = 0;
                    for (int l = 0; l < j; l++) u2 |= map[l] == c;
                    if (!u2) {
                        map[j] = c;
                        ok = 1;
                        break;
                    }
                }
            }
            return ok;
        }
    }
    return 0;
}

/* mode 0: constant args; 1: arg j on param j; 2: every arg on param 0. */
static void check(const char *name, int np, int k, int n, const int *map, int mode,
                  plt_test_rng *rng) {
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(n, &c));
    double pv[4], v[4];
    plt_affine args[4];
    for (int j = 0; j < 4; j++) {
        char nm[16];
        snprintf(nm, sizeof nm, "p%d", j);
        plt_expect_ok(plt_circuit_add_param(c, nm, NAN, NULL));
        pv[j] = (plt_test_rng_uniform(rng) * 2 - 1) * PI;
    }
    for (int j = 0; j < np; j++) {
        double b = (plt_test_rng_uniform(rng) * 2 - 1) * 2 * PI;
        if (mode == 0) {
            args[j] = (plt_affine){-1, 0.0, b};
        } else {
            int p = mode == 1 ? j : 0;
            double a = (0.5 + 1.5 * plt_test_rng_uniform(rng)) * (plt_test_rng_int(rng, 2) ? 1 : -1);
            args[j] = (plt_affine){p, a, b};
        }
        v[j] = args[j].param >= 0 ? args[j].a * pv[args[j].param] + args[j].b : args[j].b;
    }
    plt_expect_ok(plt_lower_gate(c, name, args, map));
    int d = 1 << n, dk = 1 << k;
    cplx *want = malloc(sizeof(cplx) * d * d), *got = malloc(sizeof(cplx) * d * d);
    cplx loc[MAXD * MAXD];
    assert_true(textbook(name, v, loc));
    (void)dk;
    place(n, k, map, loc, want);
    plt_dense_circuit_matrix(c, pv, got);
    if (!plt_dense_equal_up_to_phase(got, want, d, 1e-10)) {
        print_error("gate %s mode %d on qubits", name, mode);
        for (int l = 0; l < k; l++) print_error(" %d", map[l]);
        print_error(" of %d: compiled unitary differs from the textbook matrix\n", n);
        fail();
    }
    /* Every emitted rotation depends on at most one declared parameter and the circuit
     * stays a list of Cliffords and rotations only. */
    for (size_t i = 0; i < plt_circuit_nops(c); i++)
        assert_int_not_equal(plt_circuit_op(c, i)->kind, PLT_OP_UNITARY);
    free(want);
    free(got);
    plt_circuit_free(c);
}

static void test_every_gate(void **state) {
    (void)state;
    plt_test_rng rng;
    plt_test_rng_init(&rng, plt_test_seed());
    int ngates = 0;
    for (size_t g = 0; plt_lower_name(g); g++) {
        const char *name = plt_lower_name(g);
        int np = -1, k = -1;
        assert_true(plt_lower_known(name, &np, &k));
        assert_true(np >= 0 && np <= 4 && k >= 0 && k <= 5);
        double dummy[4] = {0.1, 0.2, 0.3, 0.4};
        cplx loc[MAXD * MAXD];
        if (!textbook(name, dummy, loc) && k > 0) fail_msg("no textbook matrix for '%s'", name);
        ngates++;
        if (k == 0) {
            /* gphase: nothing to apply, global phase only */
            plt_circuit *c = NULL;
            plt_expect_ok(plt_circuit_new(1, &c));
            plt_affine a = {-1, 0, 0.7};
            plt_expect_ok(plt_lower_gate(c, name, &a, NULL));
            assert_int_equal(plt_circuit_nops(c), 0);
            plt_circuit_free(c);
            continue;
        }
        int trials = k <= 2 ? 3 : 2;
        if (k <= 3) {
            int map[3];
            for (int l = 0; l < k; l++) map[l] = l;
            do {
                for (int t = 0; t < trials; t++)
                    for (int mode = 0; mode < (np ? 3 : 1); mode++)
                        check(name, np, k, 3, map, mode, &rng);
            } while (next_map(3, k, map));
        } else {
            int map[5];
            for (int r = 0; r < 3; r++) {
                for (int l = 0; l < k; l++) map[l] = r == 1 ? k - 1 - l : l;
                if (r == 2) /* a random shuffle */
                    for (int l = k - 1; l > 0; l--) {
                        int s = plt_test_rng_int(&rng, l + 1), tmp = map[l];
                        map[l] = map[s];
                        map[s] = tmp;
                    }
                check(name, np, k, k, map, 0, &rng);
            }
        }
    }
    /* qelib1.inc, stdgates.inc and the extras the brief lists */
    static const char *const required[] = {
        "u3", "u2", "u1", "cx", "id", "u0", "u", "p", "x", "y", "z", "h", "s", "sdg", "t",
        "tdg", "rx", "ry", "rz", "sx", "sxdg", "cz", "cy", "swap", "ch", "ccx", "cswap", "crx",
        "cry", "crz", "cu1", "cp", "cu3", "csx", "cu", "rxx", "rzz", "rccx", "rc3x", "c3x",
        "c3sqrtx", "c4x", "U", "CX", "phase", "cphase", "ryy", "rzx", "ecr", "iswap", "dcx",
        "cs", "csdg", "ccz", "r", "gphase"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!plt_lower_known(required[i], NULL, NULL)) fail_msg("gate '%s' missing", required[i]);
    assert_true(ngates >= (int)(sizeof required / sizeof *required));
}

/* The relative-phase gates really are Toffolis up to phases on the basis states. */
static void test_relative_phase(void **state) {
    (void)state;
    cplx a[MAXD * MAXD], b[MAXD * MAXD];
    for (int k = 3; k <= 4; k++) {
        textbook(k == 3 ? "rccx" : "rc3x", NULL, a);
        mc(k - 1, MX, b);
        int d = 1 << k;
        for (int i = 0; i < d * d; i++) plt_expect_close(cabs(a[i]), cabs(b[i]), 0, 1e-12);
    }
}

static void test_unknown(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_expect_ok(plt_circuit_new(2, &c));
    int q[2] = {0, 1};
    plt_affine a[1] = {{-1, 0, 0.1}};
    assert_int_equal(plt_lower_known("nosuch", NULL, NULL), 0);
    plt_expect_error(plt_lower_gate(c, "nosuch", a, q), PLT_EUNSUPPORTED, "nosuch");
    int np, nq;
    assert_true(plt_lower_known("cu", &np, &nq));
    assert_int_equal(np, 4);
    assert_int_equal(nq, 2);
    assert_int_equal(plt_circuit_nops(c), 0);
    plt_circuit_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_gate),
        cmocka_unit_test(test_relative_phase),
        cmocka_unit_test(test_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

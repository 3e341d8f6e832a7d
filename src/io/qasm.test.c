/* labels: unit */
#include "support/test.h"
#include "support/dense.h"

#include <complex.h>
#include <unistd.h>

#include "plateau/qasm.h"

static plt_status parse(const char *text, plt_circuit **c, plt_qasm_info *info) {
    return plt_qasm_parse(text, strlen(text), "t.qasm", c, info);
}

/* Builds R_P(a*param + b) for a Pauli string given as (letter, qubit) pairs. */
static void rot(plt_circuit *c, const char *letters, const int *qubits, int param, double a,
                double b) {
    plt_pstring *p = NULL;
    plt_expect_ok(plt_pstring_new(plt_circuit_nqubits(c), &p));
    for (int i = 0; letters[i]; i++) plt_expect_ok(plt_pstring_set(p, qubits[i], letters[i]));
    plt_expect_ok(plt_circuit_add_rotation(c, p, param, a, b));
    plt_pstring_free(p);
}

static void cliff(plt_circuit *c, plt_gate g, int q0, int q1) {
    int q[2] = {q0, q1};
    plt_expect_ok(plt_circuit_add_clifford(c, g, q));
}

/* Compares the unitaries of two circuits on n qubits up to a global phase. */
static void expect_same_unitary(const plt_circuit *a, const plt_circuit *b, const double *params) {
    int n = plt_circuit_nqubits(a);
    assert_int_equal(n, plt_circuit_nqubits(b));
    int dim = 1 << n;
    double complex *ma = malloc(sizeof *ma * (size_t)dim * (size_t)dim);
    double complex *mb = malloc(sizeof *mb * (size_t)dim * (size_t)dim);
    assert_non_null(ma);
    assert_non_null(mb);
    plt_dense_circuit_matrix(a, params, ma);
    plt_dense_circuit_matrix(b, params, mb);
    int same = plt_dense_equal_up_to_phase(ma, mb, dim, 1e-10);
    free(ma);
    free(mb);
    assert_true(same);
}

static const char *qiskit3 =
    "OPENQASM 3.0;\n"
    "include \"stdgates.inc\";\n"
    "input float[64] \xce\xb8;\n" /* θ */
    "input float[64] _\xcf\x86_0_;\n" /* _φ_0_ */
    "gate rzz(_gate_p_0) _gate_q_0, _gate_q_1 {\n"
    "  cx _gate_q_0, _gate_q_1;\n  rz(_gate_p_0) _gate_q_1;\n  cx _gate_q_0, _gate_q_1;\n}\n"
    "gate rxx(_gate_p_0) _gate_q_0, _gate_q_1 {\n"
    "  h _gate_q_0;\n  h _gate_q_1;\n  cx _gate_q_0, _gate_q_1;\n  rz(_gate_p_0) _gate_q_1;\n"
    "  cx _gate_q_0, _gate_q_1;\n  h _gate_q_1;\n  h _gate_q_0;\n}\n"
    "gate ryy(_gate_p_0) _gate_q_0, _gate_q_1 {\n"
    "  rx(pi/2) _gate_q_0;\n  rx(pi/2) _gate_q_1;\n  cx _gate_q_0, _gate_q_1;\n"
    "  rz(_gate_p_0) _gate_q_1;\n  cx _gate_q_0, _gate_q_1;\n  rx(-pi/2) _gate_q_0;\n"
    "  rx(-pi/2) _gate_q_1;\n}\n"
    "gate rzx(_gate_p_0) _gate_q_0, _gate_q_1 {\n"
    "  h _gate_q_1;\n  cx _gate_q_0, _gate_q_1;\n  rz(_gate_p_0) _gate_q_1;\n"
    "  cx _gate_q_0, _gate_q_1;\n  h _gate_q_1;\n}\n"
    "/* a two-level definition with two angles */\n"
    "gate pair(a, b) x, y { rzz(a) x, y; ry(b - a/2) y; }\n"
    "bit[3] c;\n"
    "qubit[2] q;\n"
    "qubit[1] r;\n"
    "h q;\n"
    "rzz(2*\xce\xb8) q[0], q[1];\n"
    "rxx(\xce\xb8/2 - 0.5) q[1], r[0];\n"
    "ryy(-_\xcf\x86_0_) q[0], r[0];\n"
    "rzx(_\xcf\x86_0_ + pi/4) r[0], q[0];\n"
    "ry(\xce\xb8) r;\n"
    "cx q[0], r[0];\n"
    "pair(0.3, \xce\xb8) q[1], r[0];\n"
    "barrier q, r;\n"
    "c[0] = measure q[0];\n"
    "c[1] = measure q[1];\n"
    "measure r[0] -> c[2];\n";

static void test_qiskit_export(void **state) {
    (void)state;
    plt_circuit *c = NULL, *h = NULL;
    plt_qasm_info info;
    plt_expect_ok(parse(qiskit3, &c, &info));
    assert_int_equal(info.version, 3);
    assert_int_equal(info.nmeasure, 3);
    assert_int_equal(info.nbarrier, 1);
    assert_int_equal(info.ngate_defs, 5);
    assert_int_equal(plt_circuit_nqubits(c), 3);
    assert_int_equal(plt_circuit_nparams(c), 2);
    assert_string_equal(plt_circuit_param_name(c, 0), "\xce\xb8");
    assert_string_equal(plt_circuit_param_name(c, 1), "_\xcf\x86_0_");
    assert_true(isnan(plt_circuit_param_init(c, 0)));
    /* The user rzz body (cx rz cx) wins over the builtin: its ops include Cliffords. */
    int ncliff = 0;
    for (size_t i = 0; i < plt_circuit_nops(c); i++)
        ncliff += plt_circuit_op(c, i)->kind == PLT_OP_CLIFFORD;
    assert_true(ncliff >= 2 + 2 * 5);

    /* The same circuit by hand, from Pauli rotations: q0, q1 = qubits 0, 1 and r0 = 2. */
    plt_expect_ok(plt_circuit_new(3, &h));
    int k;
    plt_expect_ok(plt_circuit_add_param(h, "t", NAN, &k));
    plt_expect_ok(plt_circuit_add_param(h, "f", NAN, &k));
    cliff(h, PLT_GATE_H, 0, 0);
    cliff(h, PLT_GATE_H, 1, 0);
    rot(h, "ZZ", (int[]){0, 1}, 0, 2.0, 0.0);
    rot(h, "XX", (int[]){1, 2}, 0, 0.5, -0.5);
    rot(h, "YY", (int[]){0, 2}, 1, -1.0, 0.0);
    rot(h, "ZX", (int[]){2, 0}, 1, 1.0, M_PI / 4);
    rot(h, "Y", (int[]){2}, 0, 1.0, 0.0);
    cliff(h, PLT_GATE_CX, 0, 2);
    rot(h, "ZZ", (int[]){1, 2}, -1, 0.0, 0.3);
    rot(h, "Y", (int[]){2}, 0, 1.0, -0.15);
    double params[2] = {0.37, -1.21};
    expect_same_unitary(c, h, params);
    double params2[2] = {2.5, 0.4};
    expect_same_unitary(c, h, params2);
    plt_circuit_free(c);
    plt_circuit_free(h);
}

/* The builtin two-qubit rotations and the Qiskit definitions agree. */
static void test_builtin_matches_definitions(void **state) {
    (void)state;
    const char *builtin = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float[64] t;\n"
                          "qubit[2] q;\nrzz(t) q[0], q[1];\nrxx(2*t) q[1], q[0];\n"
                          "ryy(t+1) q[0], q[1];\nrzx(-t) q[1], q[0];\n";
    const char *defined = "OPENQASM 3;\ninclude \"stdgates.inc\";\ninput float[64] t;\n"
        "gate rzz(p) a, b { cx a, b; rz(p) b; cx a, b; }\n"
        "gate rxx(p) a, b { h a; h b; cx a, b; rz(p) b; cx a, b; h b; h a; }\n"
        "gate ryy(p) a, b { rx(pi/2) a; rx(pi/2) b; cx a, b; rz(p) b; cx a, b; rx(-pi/2) a; "
        "rx(-pi/2) b; }\n"
        "gate rzx(p) a, b { h b; cx a, b; rz(p) b; cx a, b; h b; }\n"
        "qubit[2] q;\nrzz(t) q[0], q[1];\nrxx(2*t) q[1], q[0];\n"
        "ryy(t+1) q[0], q[1];\nrzx(-t) q[1], q[0];\n";
    plt_circuit *a = NULL, *b = NULL;
    plt_expect_ok(parse(builtin, &a, NULL));
    plt_expect_ok(parse(defined, &b, NULL));
    assert_true(plt_circuit_nops(b) > plt_circuit_nops(a));
    double t = 0.83;
    expect_same_unitary(a, b, &t);
    plt_circuit_free(a);
    plt_circuit_free(b);
}

static void test_qasm2_qelib(void **state) {
    (void)state;
    const char *all =
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[5];\ncreg c[5];\n"
        "U(0.1,0.2,0.3) q[0]; CX q[0],q[1]; u3(1,2,3) q[0]; u2(1,2) q[1]; u1(0.5) q[2];\n"
        "id q[0]; u0(1) q[0]; x q[0]; y q[1]; z q[2]; h q[3]; s q[4]; sdg q[0]; t q[1];\n"
        "tdg q[2]; rx(pi) q[0]; ry(pi/2) q[1]; rz(-pi) q[2]; sx q[3]; sxdg q[4];\n"
        "cz q[0],q[1]; cy q[1],q[2]; swap q[2],q[3]; ch q[3],q[4]; ccx q[0],q[1],q[2];\n"
        "cswap q[0],q[1],q[2]; crx(0.1) q[0],q[1]; cry(0.2) q[1],q[2]; crz(0.3) q[2],q[3];\n"
        "cu1(0.4) q[3],q[4]; cp(0.5) q[0],q[4]; cu3(0.1,0.2,0.3) q[1],q[0];\n"
        "csx q[0],q[1]; cu(0.1,0.2,0.3,0.4) q[1],q[2]; rxx(0.3) q[0],q[1];\n"
        "rzz(0.2) q[1],q[2]; rccx q[0],q[1],q[2]; rc3x q[0],q[1],q[2],q[3];\n"
        "c3x q[0],q[1],q[2],q[3]; c3sqrtx q[0],q[1],q[2],q[3]; c4x q[0],q[1],q[2],q[3],q[4];\n"
        "barrier q;\nmeasure q -> c;\n";
    plt_circuit *c = NULL;
    plt_qasm_info info;
    plt_expect_ok(parse(all, &c, &info));
    assert_int_equal(info.version, 2);
    assert_int_equal(info.nmeasure, 1);
    assert_int_equal(info.nbarrier, 1);
    assert_int_equal(plt_circuit_nqubits(c), 5);
    assert_int_equal(plt_circuit_nparams(c), 0);
    assert_true(plt_circuit_nops(c) >= 40);
    plt_circuit_free(c);

    /* U and CX are u3 and cx. */
    plt_circuit *a = NULL, *b = NULL;
    plt_expect_ok(parse("OPENQASM 2.0;\nqreg q[2];\nU(0.1,0.2,0.3) q[1];\nCX q[1],q[0];\n", &a,
                        NULL));
    plt_expect_ok(parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\n"
                        "u3(0.1,0.2,0.3) q[1];\ncx q[1],q[0];\n", &b, NULL));
    expect_same_unitary(a, b, NULL);
    plt_circuit_free(a);
    plt_circuit_free(b);

    /* Broadcast of a Toffoli over three registers equals the element-wise calls. */
    plt_expect_ok(parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg a[2];\nqreg b[2];\n"
                        "qreg t[1];\nh a;\nccx a, b, t[0];\n", &a, NULL));
    plt_expect_ok(parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg a[2];\nqreg b[2];\n"
                        "qreg t[1];\nh a[0]; h a[1];\nccx a[0], b[0], t[0];\n"
                        "ccx a[1], b[1], t[0];\n", &b, NULL));
    expect_same_unitary(a, b, NULL);
    plt_circuit_free(a);
    plt_circuit_free(b);
}

static void test_toffoli_matrix(void **state) {
    (void)state;
    /* ccx q[0],q[1],q[2] flips qubit 2 (bit 2) when bits 0 and 1 are set. */
    plt_circuit *c = NULL;
    plt_expect_ok(parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\n"
                        "ccx q[0],q[1],q[2];\n", &c, NULL));
    double complex m[64], want[64] = {0};
    for (int i = 0; i < 8; i++) want[(i == 3 ? 7 : i == 7 ? 3 : i) * 8 + i] = 1;
    plt_dense_circuit_matrix(c, NULL, m);
    assert_true(plt_dense_equal_up_to_phase(m, want, 8, 1e-10));
    plt_circuit_free(c);
}

static const plt_op *only_rotation(const plt_circuit *c) {
    const plt_op *r = NULL;
    for (size_t i = 0; i < plt_circuit_nops(c); i++)
        if (plt_circuit_op(c, i)->kind == PLT_OP_ROTATION) {
            assert_null(r);
            r = plt_circuit_op(c, i);
        }
    assert_non_null(r);
    return r;
}

static void test_expressions(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_expect_ok(parse("OPENQASM 3;\nqubit q;\n"
                        "rz(sin(pi/2) + sqrt(4) - ln(euler) + 2**3 + 1e-1 + .5 + \xcf\x84 - tau "
                        "+ 3*(2 - 1)/2 - -1 + cos(0)*exp(0) + atan(0) + acos(1) + asin(0)"
                        " + tan(0)) q;\n", &c, NULL));
    const plt_op *op = only_rotation(c);
    assert_int_equal(op->param, -1);
    plt_expect_close(op->b, 1 + 2 - 1 + 8 + 0.1 + 0.5 + 1.5 + 1 + 1, 1e-14, 1e-14);
    plt_circuit_free(c);

    plt_expect_ok(parse("OPENQASM 3;\ninput angle[32] x;\nconst float[64] k = pi/4;\n"
                        "float[64] two = 2;\nqubit q;\n"
                        "rz(-(two*x - 3*x)/4 + k + x*0 + (x - x)) q;\n", &c, NULL));
    op = only_rotation(c);
    assert_int_equal(op->param, 0);
    plt_expect_close(op->a, 0.25, 1e-14, 1e-14);
    plt_expect_close(op->b, M_PI / 4, 1e-14, 1e-14);
    plt_circuit_free(c);

    /* A parameter times zero is a constant, and a constant zero rotation may vanish. */
    plt_expect_ok(parse("OPENQASM 3;\ninput float[64] x;\nqubit q;\nrx(2*x/2) q;\n", &c, NULL));
    op = only_rotation(c);
    assert_int_equal(op->param, 0);
    plt_expect_close(op->a, 1.0, 1e-14, 0);
    plt_circuit_free(c);
}

typedef struct bad {
    const char *text;
    plt_status code;
    int line, col;
    const char *needle;
} bad;

static const bad bads[] = {
    {"", PLT_EPARSE, 1, 1, "empty input"},
    {"// only a comment\n", PLT_EPARSE, 2, 1, "empty input"},
    {"OPENQASM 2.0;\n", PLT_EPARSE, 2, 1, "no qubits declared"},
    {"OPENQASM 2.0\nqreg q[1];", PLT_EPARSE, 1, 13, "expected ';'"},
    {"OPENQASM 3;\nqubit[2] q;\nh q[0]\ncx q[0], q[1];\n", PLT_EPARSE, 3, 7, "expected ';'"},
    {"OPENQASM 3;\nqubit[2] q;\nfoo q[0];\n", PLT_EPARSE, 3, 1, "unknown gate 'foo'"},
    {"OPENQASM 3;\nqubit[3] q;\nh q[5];\n", PLT_EPARSE, 3, 5,
     "index 5 out of range for register q of size 3"},
    {"OPENQASM 3;\nqubit[3] q;\nrx(1, 2) q[0];\n", PLT_EPARSE, 3, 1,
     "takes 1 angle argument, got 2"},
    {"OPENQASM 3;\nqubit[3] q;\ncx q[0];\n", PLT_EPARSE, 3, 1, "acts on 2 qubits, got 1"},
    {"OPENQASM 3;\nqubit[3] q;\nrx(theta) q[0];\n", PLT_EPARSE, 3, 4,
     "undefined identifier 'theta'"},
    {"OPENQASM 3;\nqubit[3] q;\nh r[0];\n", PLT_EPARSE, 3, 3, "undefined qubit register 'r'"},
    {"OPENQASM 3;\nqubit[3] q;\ngate g a { h a;\n", PLT_EPARSE, 3, 10, "unterminated body"},
    {"OPENQASM 3;\nqubit[3] q;\n/* never closed\nh q;", PLT_EPARSE, 3, 1,
     "unterminated block comment"},
    {"OPENQASM 3;\ninclude \"stdgates.inc;\n", PLT_EPARSE, 2, 9, "unterminated string"},
    {"OPENQASM 3;\nqubit[3] q;\ncx q[1], q[1];\n", PLT_EPARSE, 3, 10, "distinct qubits"},
    {"OPENQASM 3;\nqubit[3] q;\ncx q, q[1];\n", PLT_EPARSE, 3, 7, "distinct qubits"},
    {"OPENQASM 3;\nqubit[3] q;\nrx(1/(2-2)) q[0];\n", PLT_EPARSE, 3, 5, "division by zero"},
    {"OPENQASM 3;\nqubit[3] q;\nh q[0];\x00\x01", PLT_EPARSE, 3, 8, "unexpected byte 0x00"},
    {"OPENQASM 3;\nqubit[3] q;\nh q[0] ? ;\n", PLT_EPARSE, 3, 8, "unexpected character '?'"},
    {"OPENQASM 3;\nqubit[0] q;\n", PLT_EPARSE, 2, 7, "size 0"},
    {"OPENQASM 3;\nqubit[-2] q;\n", PLT_EPARSE, 2, 7, "register size"},
    {"OPENQASM 3;\nqubit[99999999999] q;\n", PLT_ETOOBIG, 2, 7, "more than 1000000 qubits"},
    {"OPENQASM 3;\nqubit[99999999999999999999999] q;\n", PLT_ETOOBIG, 2, 7, "qubits"},
    {"OPENQASM 3;\nqubit q;\ngate g a { g a; }\n", PLT_EPARSE, 3, 12, "recursive"},
    {"OPENQASM 3;\nqubit q;\ngate g a { k a; }\ngate k a { x a; }\n", PLT_EPARSE, 3, 12,
     "unknown gate 'k'"},
    {"OPENQASM 3;\nqubit q;\nrx(1e999) q;\n", PLT_EPARSE, 3, 4, "too large"},
    {"OPENQASM 3;\nqubit q;\nrx(exp(1000)) q;\n", PLT_EPARSE, 3, 4, "not a finite number"},
    {"OPENQASM 3;\nqubit q;\nrx(sqrt(-1)) q;\n", PLT_EPARSE, 3, 4, "not a finite number"},
    {"OPENQASM 3;\ninput float[64] a;\ninput float[64] b;\nqubit q;\nrx(a*b) q;\n", PLT_EPARSE,
     5, 5, "'a*b' multiplies two parameters"},
    {"OPENQASM 3;\ninput float[64] a;\ninput float[64] b;\nqubit q;\nrx(2*a+b) q;\n", PLT_EPARSE,
     5, 7, "'2*a+b' combines parameters 'a' and 'b'"},
    {"OPENQASM 3;\ninput float[64] a;\nqubit q;\nrx(sin(a)) q;\n", PLT_EPARSE, 4, 4,
     "applies sin to parameter 'a'"},
    {"OPENQASM 3;\ninput float[64] a;\nqubit q;\nrx(1/a) q;\n", PLT_EPARSE, 4, 5,
     "divides by a parameter"},
    {"OPENQASM 3;\ninput float[64] a;\ninput float[64] b;\nqubit q;\n"
     "gate g(x, y) r { rz(x*y) r; }\ng(a, b) q;\n", PLT_EPARSE, 5, 22,
     "multiplies two parameters; an angle must be a*parameter + b with at most one parameter (in "
     "the call of gate 'g' at 6:1)"},
    {"OPENQASM 3;\nqubit q;\ngate g(x) r { rz(1/x) r; }\ng(0) q;\n", PLT_EPARSE, 3, 19,
     "division by zero"},
    {"OPENQASM 2.0;\nqreg q[1];\nopaque g a;\n", PLT_EUNSUPPORTED, 3, 1, "opaque"},
    {"OPENQASM 2.0;\nqreg q[1];\nreset q[0];\n", PLT_EUNSUPPORTED, 3, 1, "'reset' is not"},
    {"OPENQASM 2.0;\nqreg q[1];\ncreg c[1];\nif (c==1) x q[0];\n", PLT_EUNSUPPORTED, 4, 1,
     "'if' is not supported"},
    {"OPENQASM 3;\nqubit[2] q;\nctrl @ x q[0], q[1];\n", PLT_EUNSUPPORTED, 3, 1,
     "modifier 'ctrl'"},
    {"OPENQASM 3;\nqubit[2] q;\ninv @ x q[0];\n", PLT_EUNSUPPORTED, 3, 1, "modifier 'inv'"},
    {"OPENQASM 3;\nqubit[2] q;\npow(2) @ x q[0];\n", PLT_EUNSUPPORTED, 3, 1, "modifier 'pow'"},
    {"OPENQASM 3;\ninclude \"mygates.inc\";\n", PLT_EUNSUPPORTED, 2, 9, "mygates.inc"},
    {"OPENQASM 4.0;\n", PLT_EUNSUPPORTED, 1, 10, "version 4.0"},
    {"OPENQASM 3;\nqubit[2] q;\nqubit[3] r;\ncx q, r;\n", PLT_EPARSE, 4, 7,
     "sizes 2 and 3"},
    {"OPENQASM 3;\nqubit[2] q;\nh q;\nqubit[3] r;\n", PLT_EUNSUPPORTED, 4, 10, "before the first"},
    {"OPENQASM 3;\nqubit[2] q;\nbit[2] q;\n", PLT_EPARSE, 3, 8, "already declared"},
    {"OPENQASM 3;\nqubit q;\ngate g a {}\ngate g b {}\n", PLT_EPARSE, 4, 6,
     "already defined at line 3"},
    {"OPENQASM 3;\nqubit q;\nfloat[64] x;\n", PLT_EUNSUPPORTED, 3, 1, "input float[64] x"},
    {"OPENQASM 3;\nqubit q;\nrx(((1) q;\n", PLT_EPARSE, 3, 9, "expected ')'"},
    {"OPENQASM 3;\nqubit q;\nfor int i in [0:2] { h q; }\n", PLT_EUNSUPPORTED, 3, 1,
     "control flow"},
    {"OPENQASM 3;\nqubit q;\nh $0;\n", PLT_EUNSUPPORTED, 3, 3, "physical qubit"},
    {"OPENQASM 3;\nqubit q;\ngate g(x) a { rx(y) a; }\n", PLT_EPARSE, 3, 18,
     "undefined identifier 'y' in the body of gate 'g'"},
    {"OPENQASM 3;\nqubit q;\ngate g a { h b; }\n", PLT_EPARSE, 3, 14, "'b' is not a qubit"},
    {"OPENQASM 3;\nqubit[2] q;\ngate g a, b { cx a, a; }\n", PLT_EPARSE, 3, 21, "distinct"},
    {"OPENQASM 3;\nqubit q;\nh q;\nOPENQASM 3;\n", PLT_EPARSE, 4, 1, "first statement"},
    {"OPENQASM 3;\nqubit q;\nrx(2 3) q;\n", PLT_EPARSE, 3, 6, "',' or ')'"},
    {"OPENQASM 3;\nqubit q;\nrx(foo(1)) q;\n", PLT_EPARSE, 3, 4, "unknown function 'foo'"},
    {"OPENQASM 3;\nqubit q;\nrx(1) q\n", PLT_EPARSE, 3, 8, "found end of file"},
    {"OPENQASM 3;\nqubit q;\n12abc;\n", PLT_EPARSE, 3, 1, "malformed number"},
};

static void test_bad_inputs(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        const bad *b = &bads[i];
        size_t len = strlen(b->text);
        if (strstr(b->needle, "0x00")) len += 2; /* the NUL byte and what follows it */
        plt_circuit *c = (plt_circuit *)1;
        plt_status st = plt_qasm_parse(b->text, len, "t.qasm", &c, NULL);
        const plt_error *e = plt_error_last();
        int ok = st == b->code && e->line == b->line && e->col == b->col &&
                 strstr(e->message, b->needle) && c == NULL && !strchr(e->message, '\n') &&
                 strcmp(e->origin, "t.qasm") == 0;
        if (!ok) {
            print_error("case %zu: status %d (want %d) at %d:%d (want %d:%d): '%s' (want '%s')\n",
                        i, (int)st, (int)b->code, e->line, e->col, b->line, b->col, e->message,
                        b->needle);
            fail();
        }
    }
}

/* Inputs built at run time: deep nesting, exponential gate expansion, long garbage. */
static void test_generated_inputs(void **state) {
    (void)state;
    size_t depth = 100000;
    char *s = malloc(2 * depth + 100);
    assert_non_null(s);
    size_t k = (size_t)sprintf(s, "OPENQASM 3;\nqubit q;\nrx(");
    memset(s + k, '(', depth);
    k += depth;
    s[k++] = '1';
    memset(s + k, ')', depth);
    k += depth;
    k += (size_t)sprintf(s + k, ") q;\n");
    plt_circuit *c = NULL;
    plt_expect_error(plt_qasm_parse(s, k, "deep.qasm", &c, NULL), PLT_EPARSE, "deeper than 256");
    /* Unary minus recurses too. */
    k = (size_t)sprintf(s, "OPENQASM 3;\nqubit q;\nrx(");
    memset(s + k, '-', depth);
    k += depth;
    k += (size_t)sprintf(s + k, "1) q;\n");
    plt_expect_error(plt_qasm_parse(s, k, "deep.qasm", &c, NULL), PLT_EPARSE, "deeper than 256");
    free(s);

    /* g_k calls g_{k-1} twice: 2^60 applications, refused before expanding. */
    char *t = malloc(8000);
    assert_non_null(t);
    k = (size_t)sprintf(t, "OPENQASM 3;\nqubit q;\ngate g0 a { x a; }\n");
    for (int i = 1; i <= 60; i++)
        k += (size_t)sprintf(t + k, "gate g%d a { g%d a; g%d a; }\n", i, i - 1, i - 1);
    k += (size_t)sprintf(t + k, "g60 q;\n");
    plt_expect_error(plt_qasm_parse(t, k, "exp.qasm", &c, NULL), PLT_ETOOBIG,
                     "more than 50000000");
    /* Empty bodies cost their re-reading too. */
    k = (size_t)sprintf(t, "OPENQASM 3;\nqubit q;\ngate g0 a { }\n");
    for (int i = 1; i <= 60; i++)
        k += (size_t)sprintf(t + k, "gate g%d a { g%d a; g%d a; }\n", i, i - 1, i - 1);
    k += (size_t)sprintf(t + k, "g60 q;\n");
    plt_expect_error(plt_qasm_parse(t, k, "exp.qasm", &c, NULL), PLT_ETOOBIG,
                     "more than 50000000");
    free(t);

    /* Random bytes must fail cleanly or parse; never crash. */
    plt_test_rng rng;
    plt_test_rng_init(&rng, plt_test_seed());
    char buf[512];
    for (int trial = 0; trial < 2000; trial++) {
        size_t n = (size_t)plt_test_rng_int(&rng, (int)sizeof buf);
        for (size_t i = 0; i < n; i++) buf[i] = (char)plt_test_rng_int(&rng, 256);
        if (plt_qasm_parse(buf, n, "rand", &c, NULL) == PLT_OK) plt_circuit_free(c);
    }
    /* Mutations of a valid file exercise deeper paths. */
    size_t len = strlen(qiskit3);
    char *m = malloc(len);
    assert_non_null(m);
    for (int trial = 0; trial < 3000; trial++) {
        memcpy(m, qiskit3, len);
        int edits = 1 + plt_test_rng_int(&rng, 4);
        for (int e = 0; e < edits; e++)
            m[plt_test_rng_int(&rng, (int)len)] = "(){};,[]-*/+ qx0\n\"@"[plt_test_rng_int(&rng,
                                                                                        20)];
        size_t n = (size_t)plt_test_rng_int(&rng, (int)len + 1);
        if (plt_qasm_parse(m, n, "mut", &c, NULL) == PLT_OK) plt_circuit_free(c);
    }
    free(m);
}

static void test_read_file(void **state) {
    (void)state;
    plt_circuit *c = NULL;
    plt_expect_error(plt_qasm_read_file("/nonexistent/dir/x.qasm", &c, NULL), PLT_EIO,
                     "/nonexistent/dir/x.qasm: cannot open: No such file");
    assert_null(c);
    char path[] = "/tmp/plt_qasm_test_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n"
          "bad q[0];\n", f);
    fclose(f);
    plt_status st = plt_qasm_read_file(path, &c, NULL);
    const plt_error *e = plt_error_last();
    assert_int_equal(st, PLT_EPARSE);
    assert_string_equal(e->origin, path);
    assert_int_equal(e->line, 6);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n", f);
    fclose(f);
    plt_qasm_info info;
    plt_expect_ok(plt_qasm_read_file(path, &c, &info));
    assert_int_equal(plt_circuit_nqubits(c), 2);
    assert_int_equal(plt_circuit_nops(c), 2);
    plt_circuit_free(c);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qiskit_export),
        cmocka_unit_test(test_builtin_matches_definitions),
        cmocka_unit_test(test_qasm2_qelib),
        cmocka_unit_test(test_toffoli_matrix),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_generated_inputs),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

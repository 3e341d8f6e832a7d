/* OpenQASM 3 output: every IR op written exactly (up to a global phase), so that the
 * reader gives back the same unitary. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "plateau/qasm.h"

/* Names a parameter must not take: they would mean something else to a reader. */
static const char *const reserved[] = {
    "q",     "pi",   "tau",   "euler", "input",  "output",   "float",   "int",     "uint",
    "bit",   "bool", "qubit", "qreg",  "creg",   "gate",     "include", "measure", "barrier",
    "reset", "if",   "else",  "for",   "while",  "const",    "angle",   "def",     "return",
    "let",   "in",   "sin",   "cos",   "tan",    "exp",      "ln",      "sqrt",    "asin",
    "acos",  "atan", "U",     "CX",    "gphase", "OPENQASM",
};

/* Gates that stdgates.inc lacks, defined in the file when used. */
enum { DEF_RXX, DEF_RYY, DEF_RZZ, DEF_SXDG, DEF_ISWAP, DEF_ECR, DEF_COUNT };
static const char *const def_text[DEF_COUNT] = {
    "gate rxx(theta) a, b { h a; h b; cx a, b; rz(theta) b; cx a, b; h a; h b; }\n",
    "gate ryy(theta) a, b { sdg a; sdg b; h a; h b; cx a, b; rz(theta) b; cx a, b; h a; h b; "
    "s a; s b; }\n",
    "gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }\n",
    "gate sxdg a { h a; sdg a; h a; }\n",
    "gate iswap a, b { s a; s b; h a; cx a, b; cx b, a; h b; }\n",
    /* ECR = RZX(pi/4) X RZX(-pi/4), each RZX by a basis change of its target. */
    "gate ecr a, b { h b; cx a, b; rz(pi/4) b; cx a, b; h b; x a; h b; cx a, b; rz(-pi/4) b; "
    "cx a, b; h b; }\n",
};

static int is_identifier(const char *s) {
    if (!s || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return 0;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_')) return 0;
    return 1;
}

static plt_status check_name(const plt_circuit *c, int k) {
    const char *name = plt_circuit_param_name(c, k);
    int bad = !is_identifier(name) || plt_gate_by_name(name) != PLT_GATE_COUNT;
    for (size_t i = 0; !bad && i < sizeof reserved / sizeof reserved[0]; i++)
        bad = strcmp(name, reserved[i]) == 0;
    static const char *const gates[] = {"rx",   "ry",    "rz",  "rxx", "ryy", "rzz",
                                        "sxdg", "iswap", "ecr", "t",   "tdg", "p",
                                        "u",    "u1",    "u2",  "u3",  "id"};
    for (size_t i = 0; !bad && i < sizeof gates / sizeof gates[0]; i++)
        bad = strcmp(name, gates[i]) == 0;
    if (bad)
        return plt_fail(PLT_EUNSUPPORTED,
                        "parameter %d is named '%.60s', which is not a usable OpenQASM 3 "
                        "identifier (letters, digits and _, not a keyword or gate name); "
                        "rename it",
                        k, name ? name : "(null)");
    return PLT_OK;
}

static void angle(FILE *f, const plt_circuit *c, const plt_op *op) {
    if (op->param < 0) {
        fprintf(f, "%.17g", op->b);
        return;
    }
    fprintf(f, "%.17g*%s", op->a, plt_circuit_param_name(c, op->param));
    if (op->b != 0) fprintf(f, " + %.17g", op->b);
}

static void two_qubit_def(const plt_op *op, unsigned *used) {
    if (op->kind == PLT_OP_CLIFFORD) {
        if (op->gate == PLT_GATE_SXDG) *used |= 1u << DEF_SXDG;
        if (op->gate == PLT_GATE_ISWAP) *used |= 1u << DEF_ISWAP;
        if (op->gate == PLT_GATE_ECR) *used |= 1u << DEF_ECR;
        return;
    }
    if (op->kind != PLT_OP_ROTATION || op->nq != 2) return;
    int qs[2];
    plt_pstring_support(op->gen, qs, 2);
    char l0 = plt_pstring_get(op->gen, qs[0]), l1 = plt_pstring_get(op->gen, qs[1]);
    if (l0 == l1) *used |= 1u << (l0 == 'X' ? DEF_RXX : l0 == 'Y' ? DEF_RYY : DEF_RZZ);
}

/* R_P(theta) for a general P: V^dag (ladder^dag Rz(theta) ladder) V with V rotating
 * each factor to Z (h for X; sdg then h for Y). */
static plt_status write_general(FILE *f, const plt_circuit *c, const plt_op *op) {
    int w = op->nq;
    int *qs = malloc((size_t)w * sizeof *qs);
    if (!qs) return plt_fail_nomem("a rotation's support");
    plt_pstring_support(op->gen, qs, w);
    for (int i = 0; i < w; i++) {
        char l = plt_pstring_get(op->gen, qs[i]);
        if (l == 'Y') fprintf(f, "sdg q[%d];\n", qs[i]);
        if (l != 'Z') fprintf(f, "h q[%d];\n", qs[i]);
    }
    for (int i = 0; i + 1 < w; i++)
        fprintf(f, "cx q[%d], q[%d];\n", qs[i], qs[i + 1]);
    fprintf(f, "rz(");
    angle(f, c, op);
    fprintf(f, ") q[%d];\n", qs[w - 1]);
    for (int i = w - 2; i >= 0; i--)
        fprintf(f, "cx q[%d], q[%d];\n", qs[i], qs[i + 1]);
    for (int i = 0; i < w; i++) {
        char l = plt_pstring_get(op->gen, qs[i]);
        if (l != 'Z') fprintf(f, "h q[%d];\n", qs[i]);
        if (l == 'Y') fprintf(f, "s q[%d];\n", qs[i]);
    }
    free(qs);
    return PLT_OK;
}

static plt_status write_rotation(FILE *f, const plt_circuit *c, const plt_op *op) {
    int qs[2];
    if (op->nq > 2) return write_general(f, c, op);
    plt_pstring_support(op->gen, qs, 2);
    char l0 = plt_pstring_get(op->gen, qs[0]);
    if (op->nq == 2 && l0 != plt_pstring_get(op->gen, qs[1])) return write_general(f, c, op);
    fprintf(f, "r%s%c(",
            op->nq == 2 ? (l0 == 'X'   ? "x"
                           : l0 == 'Y' ? "y"
                                       : "z")
                        : "",
            l0 == 'X'   ? 'x'
            : l0 == 'Y' ? 'y'
                        : 'z');
    angle(f, c, op);
    if (op->nq == 1)
        fprintf(f, ") q[%d];\n", qs[0]);
    else
        fprintf(f, ") q[%d], q[%d];\n", qs[0], qs[1]);
    return PLT_OK;
}

plt_status plt_qasm_write(const plt_circuit *c, FILE *f) {
    if (!c || !f) return plt_fail(PLT_EINVAL, "plt_qasm_write: circuit and file are required");
    plt_status st;
    size_t nops = plt_circuit_nops(c);
    unsigned used = 0;
    for (int k = 0; k < plt_circuit_nparams(c); k++)
        if ((st = check_name(c, k))) return st;
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_UNITARY)
            return plt_fail(PLT_EUNSUPPORTED,
                            "operation %zu is a general %d-qubit unitary, which has no exact "
                            "OpenQASM form here; build the circuit from Cliffords and Pauli "
                            "rotations to export it",
                            i, op->nq);
        two_qubit_def(op, &used);
    }
    fprintf(f, "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
    for (int d = 0; d < DEF_COUNT; d++)
        if (used & (1u << d)) fputs(def_text[d], f);
    fprintf(f, "qubit[%d] q;\n", plt_circuit_nqubits(c));
    for (int k = 0; k < plt_circuit_nparams(c); k++)
        fprintf(f, "input float[64] %s;\n", plt_circuit_param_name(c, k));
    for (size_t i = 0; i < nops; i++) {
        const plt_op *op = plt_circuit_op(c, i);
        if (op->kind == PLT_OP_CLIFFORD) {
            const plt_gate_info *gi = plt_gate_info_get(op->gate);
            if (gi->nqubits == 1)
                fprintf(f, "%s q[%d];\n", gi->name, op->q[0]);
            else
                fprintf(f, "%s q[%d], q[%d];\n", gi->name, op->q[0], op->q[1]);
        } else if ((st = write_rotation(f, c, op))) {
            return st;
        }
    }
    if (fflush(f) || ferror(f))
        return plt_fail(PLT_EIO, "could not write the OpenQASM output (disk full or closed?)");
    return PLT_OK;
}

plt_status plt_qasm_write_string(const plt_circuit *c, char **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_qasm_write_string: out is NULL");
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return plt_fail_nomem("the OpenQASM text");
    plt_status st = plt_qasm_write(c, f);
    if (fclose(f) && !st) st = plt_fail_nomem("the OpenQASM text");
    if (st) {
        free(buf);
        return st;
    }
    *out = buf;
    return PLT_OK;
}

/* The named gates of OpenQASM 2 (qelib1.inc), OpenQASM 3 (stdgates.inc) and the
 * common Qiskit/PennyLane extras, as ONE table of recipes over the IR: Cliffords on
 * local qubits, Pauli rotations on local strings, and multi-controlled phases. Every
 * angle is a linear combination of the gate's arguments plus a constant. All recipes
 * are exact up to a global phase; lower.test.c checks each against a textbook matrix. */
#include <math.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "circuit/lower.h"
#include "core/error.h"

#define PI 3.14159265358979323846
#define MAXQ 5
#define MAXARGS 4

typedef enum step_kind { ST_END, ST_CLIFF, ST_ROT, ST_MCP } step_kind;

/* One step, applied in list order (time order).
 * ST_CLIFF: gate on local qubits q.
 * ST_ROT:   R_P(angle), P given by one letter per local qubit (letter k = local qubit k).
 * ST_MCP:   exp(i angle |1..1><1..1|) on the local qubits of `mask` (a controlled phase);
 *           it expands into commuting Z-string rotations since
 *           |1..1><1..1| = prod_c (I - Z_c) / 2.
 * angle = sum_j c[j] * arg[j] + k. */
typedef struct step {
    step_kind kind;
    plt_gate gate;
    int q[2];
    const char *pauli;
    unsigned mask;
    double c[MAXARGS];
    double k;
} step;

typedef struct recipe {
    const char *name;
    int nparams, nqubits;
    const step *steps; /* NULL for the identity */
} recipe;

#define STEPS(...) ((const step[]){__VA_ARGS__, {.kind = ST_END}})
#define CL(g, ...) {.kind = ST_CLIFF, .gate = PLT_GATE_##g, .q = {__VA_ARGS__}}
#define ROTK(p, kk) {.kind = ST_ROT, .pauli = (p), .k = (kk)}
#define ROT1(p, j, cj) {.kind = ST_ROT, .pauli = (p), .c = {[j] = (cj)}}
#define MCPK(m, kk) {.kind = ST_MCP, .mask = (m), .k = (kk)}
#define MCP1(m, j, cj) {.kind = ST_MCP, .mask = (m), .c = {[j] = (cj)}}

/* U3(t, p, l) = P(p) RY(t) P(l) exactly, so the controlled U3 is cp(l), cry(t), cp(p) in
 * time order, each angle in one argument. Arguments t, p, l are 0, 1, 2. */
#define CU3_BODY                                                                        \
    MCP1(3u, 2, 1.0), ROT1("IY", 0, 0.5), ROT1("ZY", 0, -0.5), MCP1(3u, 1, 1.0)
/* rccx and rc3x are relative-phase gates, so their phases are what qelib1's bodies make
 * them: u2(0,pi) = H exactly and u1(l) = RZ(l) up to phase. */
#define T3(s) ROTK("IIZ", (s) * PI / 4)
#define T4(s) ROTK("IIIZ", (s) * PI / 4)

static const recipe recipes[] = {
    /* identities and phases */
    {.name = "id", .nparams = 0, .nqubits = 1},
    {.name = "u0", .nparams = 1, .nqubits = 1},
    {.name = "gphase", .nparams = 1, .nqubits = 0},
    /* one-qubit Cliffords */
    {.name = "x", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(X, 0))},
    {.name = "y", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(Y, 0))},
    {.name = "z", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(Z, 0))},
    {.name = "h", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(H, 0))},
    {.name = "s", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(S, 0))},
    {.name = "sdg", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(SDG, 0))},
    {.name = "sx", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(SX, 0))},
    {.name = "sxdg", .nparams = 0, .nqubits = 1, .steps = STEPS(CL(SXDG, 0))},
    /* one-qubit rotations */
    {.name = "t", .nparams = 0, .nqubits = 1, .steps = STEPS(ROTK("Z", PI / 4))},
    {.name = "tdg", .nparams = 0, .nqubits = 1, .steps = STEPS(ROTK("Z", -PI / 4))},
    {.name = "rx", .nparams = 1, .nqubits = 1, .steps = STEPS(ROT1("X", 0, 1.0))},
    {.name = "ry", .nparams = 1, .nqubits = 1, .steps = STEPS(ROT1("Y", 0, 1.0))},
    {.name = "rz", .nparams = 1, .nqubits = 1, .steps = STEPS(ROT1("Z", 0, 1.0))},
    {.name = "p", .nparams = 1, .nqubits = 1, .steps = STEPS(ROT1("Z", 0, 1.0))},
    {.name = "phase", .nparams = 1, .nqubits = 1, .steps = STEPS(ROT1("Z", 0, 1.0))},
    {.name = "u1", .nparams = 1, .nqubits = 1, .steps = STEPS(ROT1("Z", 0, 1.0))},
    {.name = "u2", .nparams = 2, .nqubits = 1,
     .steps = STEPS(ROT1("Z", 1, 1.0), ROTK("Y", PI / 2), ROT1("Z", 0, 1.0))},
    {.name = "u3", .nparams = 3, .nqubits = 1,
     .steps = STEPS(ROT1("Z", 2, 1.0), ROT1("Y", 0, 1.0), ROT1("Z", 1, 1.0))},
    {.name = "u", .nparams = 3, .nqubits = 1,
     .steps = STEPS(ROT1("Z", 2, 1.0), ROT1("Y", 0, 1.0), ROT1("Z", 1, 1.0))},
    {.name = "U", .nparams = 3, .nqubits = 1,
     .steps = STEPS(ROT1("Z", 2, 1.0), ROT1("Y", 0, 1.0), ROT1("Z", 1, 1.0))},
    /* r(t, p) = exp(-i t/2 (cos p X + sin p Y)) = RZ(p) RX(t) RZ(-p) */
    {.name = "r", .nparams = 2, .nqubits = 1,
     .steps = STEPS(ROT1("Z", 1, -1.0), ROT1("X", 0, 1.0), ROT1("Z", 1, 1.0))},
    /* two-qubit Cliffords; local qubit 0 is the control */
    {.name = "cx", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(CX, 0, 1))},
    {.name = "CX", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(CX, 0, 1))},
    {.name = "cy", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(CY, 0, 1))},
    {.name = "cz", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(CZ, 0, 1))},
    {.name = "swap", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(SWAP, 0, 1))},
    {.name = "iswap", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(ISWAP, 0, 1))},
    {.name = "ecr", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(ECR, 0, 1))},
    {.name = "dcx", .nparams = 0, .nqubits = 2, .steps = STEPS(CL(CX, 0, 1), CL(CX, 1, 0))},
    /* CH = RY_t(pi/4) CZ RY_t(-pi/4) */
    {.name = "ch", .nparams = 0, .nqubits = 2,
     .steps = STEPS(ROTK("IY", -PI / 4), CL(CZ, 0, 1), ROTK("IY", PI / 4))},
    /* controlled phases */
    {.name = "cp", .nparams = 1, .nqubits = 2, .steps = STEPS(MCP1(3u, 0, 1.0))},
    {.name = "cu1", .nparams = 1, .nqubits = 2, .steps = STEPS(MCP1(3u, 0, 1.0))},
    {.name = "cphase", .nparams = 1, .nqubits = 2, .steps = STEPS(MCP1(3u, 0, 1.0))},
    {.name = "cs", .nparams = 0, .nqubits = 2, .steps = STEPS(MCPK(3u, PI / 2))},
    {.name = "csdg", .nparams = 0, .nqubits = 2, .steps = STEPS(MCPK(3u, -PI / 2))},
    /* SX = H S H exactly */
    {.name = "csx", .nparams = 0, .nqubits = 2,
     .steps = STEPS(CL(H, 1), MCPK(3u, PI / 2), CL(H, 1))},
    /* controlled rotations: C-R_P(t) = R_P(t/2) R_{Z_c P}(-t/2) */
    {.name = "crx", .nparams = 1, .nqubits = 2,
     .steps = STEPS(ROT1("IX", 0, 0.5), ROT1("ZX", 0, -0.5))},
    {.name = "cry", .nparams = 1, .nqubits = 2,
     .steps = STEPS(ROT1("IY", 0, 0.5), ROT1("ZY", 0, -0.5))},
    {.name = "crz", .nparams = 1, .nqubits = 2,
     .steps = STEPS(ROT1("IZ", 0, 0.5), ROT1("ZZ", 0, -0.5))},
    {.name = "cu3", .nparams = 3, .nqubits = 2, .steps = STEPS(CU3_BODY)},
    /* cu(t, p, l, g) = P_c(g) then the controlled U3 */
    {.name = "cu", .nparams = 4, .nqubits = 2,
     .steps = STEPS(ROT1("ZI", 3, 1.0), CU3_BODY)},
    /* two-qubit Pauli rotations; rzx has Z on local qubit 0 (Qiskit) */
    {.name = "rxx", .nparams = 1, .nqubits = 2, .steps = STEPS(ROT1("XX", 0, 1.0))},
    {.name = "ryy", .nparams = 1, .nqubits = 2, .steps = STEPS(ROT1("YY", 0, 1.0))},
    {.name = "rzz", .nparams = 1, .nqubits = 2, .steps = STEPS(ROT1("ZZ", 0, 1.0))},
    {.name = "rzx", .nparams = 1, .nqubits = 2, .steps = STEPS(ROT1("ZX", 0, 1.0))},
    /* three qubits and more: controls first, target last */
    {.name = "ccx", .nparams = 0, .nqubits = 3,
     .steps = STEPS(CL(H, 2), MCPK(7u, PI), CL(H, 2))},
    {.name = "ccz", .nparams = 0, .nqubits = 3, .steps = STEPS(MCPK(7u, PI))},
    {.name = "cswap", .nparams = 0, .nqubits = 3,
     .steps = STEPS(CL(CX, 2, 1), CL(H, 2), MCPK(7u, PI), CL(H, 2), CL(CX, 2, 1))},
    {.name = "rccx", .nparams = 0, .nqubits = 3,
     .steps = STEPS(CL(H, 2), T3(1), CL(CX, 1, 2), T3(-1), CL(CX, 0, 2), T3(1), CL(CX, 1, 2),
                    T3(-1), CL(H, 2))},
    {.name = "c3x", .nparams = 0, .nqubits = 4,
     .steps = STEPS(CL(H, 3), MCPK(15u, PI), CL(H, 3))},
    {.name = "c3sqrtx", .nparams = 0, .nqubits = 4,
     .steps = STEPS(CL(H, 3), MCPK(15u, PI / 2), CL(H, 3))},
    {.name = "rc3x", .nparams = 0, .nqubits = 4,
     .steps = STEPS(CL(H, 3), T4(1), CL(CX, 2, 3), T4(-1), CL(H, 3), CL(CX, 0, 3), T4(1),
                    CL(CX, 1, 3), T4(-1), CL(CX, 0, 3), T4(1), CL(CX, 1, 3), T4(-1), CL(H, 3),
                    T4(1), CL(CX, 2, 3), T4(-1), CL(H, 3))},
    {.name = "c4x", .nparams = 0, .nqubits = 5,
     .steps = STEPS(CL(H, 4), MCPK(31u, PI), CL(H, 4))},
};

#define NRECIPES (sizeof recipes / sizeof recipes[0])

static const recipe *find(const char *name) {
    if (!name) return NULL;
    for (size_t i = 0; i < NRECIPES; i++)
        if (strcmp(recipes[i].name, name) == 0) return &recipes[i];
    return NULL;
}

int plt_lower_known(const char *name, int *nparams, int *nqubits) {
    const recipe *r = find(name);
    if (!r) return 0;
    if (nparams) *nparams = r->nparams;
    if (nqubits) *nqubits = r->nqubits;
    return 1;
}

const char *plt_lower_name(size_t i) { return i < NRECIPES ? recipes[i].name : NULL; }

/* angle = scale * (sum_j c[j] args[j] + k), refused when it would mix two parameters. */
static plt_status combine(const plt_circuit *c, const recipe *r, const step *s,
                          const plt_affine *args, double scale, plt_affine *out) {
    out->param = -1;
    out->a = 0.0;
    out->b = s->k;
    for (int j = 0; j < r->nparams; j++) {
        double cj = s->c[j];
        if (cj == 0.0) continue;
        out->b += cj * args[j].b;
        if (args[j].param < 0 || args[j].a == 0.0) continue;
        if (out->param >= 0 && out->param != args[j].param) {
            const char *n1 = plt_circuit_param_name(c, out->param);
            const char *n2 = plt_circuit_param_name(c, args[j].param);
            return plt_fail(PLT_EINVAL,
                            "gate '%s': one rotation angle would combine parameters '%s' and "
                            "'%s'; each rotation may depend on one parameter (pass one of them "
                            "as a number)",
                            r->name, n1 ? n1 : "?", n2 ? n2 : "?");
        }
        out->param = args[j].param;
        out->a += cj * args[j].a;
    }
    out->a *= scale;
    out->b *= scale;
    if (out->param < 0) out->a = 0.0;
    return PLT_OK;
}

static plt_status add_rot(plt_circuit *c, plt_pstring *p, const plt_affine *ang) {
    return plt_circuit_add_rotation(c, p, ang->param, ang->a, ang->b);
}

static plt_status clear(plt_pstring *p, const int *qubits, int nq) {
    for (int i = 0; i < nq; i++) {
        plt_status st = plt_pstring_set(p, qubits[i], 'I');
        if (st) return st;
    }
    return PLT_OK;
}

static plt_status apply_step(plt_circuit *c, const recipe *r, const step *s,
                             const plt_affine *args, const int *qubits, plt_pstring *p) {
    plt_status st = PLT_OK;
    plt_affine ang;
    switch (s->kind) {
    case ST_END: break;
    case ST_CLIFF: {
        int q[2] = {qubits[s->q[0]], qubits[s->q[1]]};
        st = plt_circuit_add_clifford(c, s->gate, q);
        break;
    }
    case ST_ROT:
        if ((st = combine(c, r, s, args, 1.0, &ang))) break;
        if ((st = clear(p, qubits, r->nqubits))) break;
        for (int i = 0; s->pauli[i] && !st; i++) st = plt_pstring_set(p, qubits[i], s->pauli[i]);
        if (!st) st = add_rot(c, p, &ang);
        break;
    case ST_MCP: {
        /* exp(i phi prod_c (I - Z_c)/2) = prod_{T nonempty} R_{Z_T}(-2 phi (-1)^|T| / 2^m) */
        int m = __builtin_popcount(s->mask);
        for (unsigned t = 1; t < (1u << r->nqubits) && !st; t++) {
            if ((t & s->mask) != t) continue;
            double sign = (__builtin_popcount(t) & 1) ? -1.0 : 1.0;
            if ((st = combine(c, r, s, args, -2.0 * sign / (double)(1u << m), &ang))) break;
            if ((st = clear(p, qubits, r->nqubits))) break;
            for (int i = 0; i < r->nqubits && !st; i++)
                if (t & (1u << i)) st = plt_pstring_set(p, qubits[i], 'Z');
            if (!st) st = add_rot(c, p, &ang);
        }
        break;
    }
    }
    return st;
}

plt_status plt_lower_gate(plt_circuit *c, const char *name, const plt_affine *args,
                          const int *qubits) {
    const recipe *r = find(name);
    if (!r)
        return plt_fail(PLT_EUNSUPPORTED, "unknown gate '%s'; define it with a gate declaration",
                        name ? name : "(null)");
    if (!c) return plt_fail(PLT_EINVAL, "plt_lower_gate: circuit must not be NULL");
    if (!r->steps) return PLT_OK;
    plt_pstring *p = NULL;
    plt_status st = plt_pstring_new(plt_circuit_nqubits(c), &p);
    if (st) return st;
    size_t before = plt_circuit_nops(c);
    for (const step *s = r->steps; s->kind != ST_END && !st; s++)
        st = apply_step(c, r, s, args, qubits, p);
    plt_pstring_free(p);
    /* A gate goes in whole or not at all. */
    if (st) plt_circuit_truncate(c, before);
    return st;
}

/* Internal: the state shared by the QASM statement parser (qasm_parse.c) and the
 * angle-expression evaluator (qasm_expr.c). */
#ifndef PLT_IO_QASM_PARSE_H
#define PLT_IO_QASM_PARSE_H

#include <stdint.h>

#include "circuit/lower.h"
#include "core/error.h"
#include "io/qasm_lex.h"
#include "io/qasm_names.h"
#include "plateau/qasm.h"

/* Limits that keep every input finite in time and stack. */
#define QASM_MAX_DEPTH 256          /* expression nesting */
#define QASM_MAX_GATE_NESTING 256   /* gate bodies calling gates calling ... */
#define QASM_MAX_GATE_ARGS 1024     /* angle or qubit arguments of one gate definition */
#define QASM_MAX_OPS UINT64_C(50000000) /* gate applications after expansion */

/* An angle value: affine in at most one parameter, or `sym` (unknown) while a
 * gate body is checked at its definition, before any argument is known. */
typedef struct qasm_val {
    int sym;
    plt_affine v;
} qasm_val;

/* Names in the global table. */
enum { QN_QREG, QN_CREG, QN_PARAM, QN_CONST };
/* Names in a gate's local table. */
enum { QN_GATE_ANGLE, QN_GATE_QUBIT };

typedef struct qasm_reg {
    const char *name;
    size_t len;
    int size, offset; /* offset: first global qubit (quantum registers) */
} qasm_reg;

typedef struct qasm_gate {
    const char *name;
    size_t len;
    int nparams, nqubits;
    qasm_names local; /* angle and qubit argument names */
    qasm_lex body;    /* cursor just after '{' */
    uint64_t cost;    /* builtin gate applications per call (saturated) */
    int nesting;      /* 1 + deepest callee nesting */
    int line, col;
} qasm_gate;

/* The context of a gate body being read: argument values, or check mode. */
typedef struct qasm_env {
    const qasm_gate *g;
    int limit;            /* callees must be user gates with index < limit (or builtins) */
    int check;            /* definition-time check: values are sym, nothing is emitted */
    const qasm_val *args;
    const int *qubits;
    uint64_t *cost;       /* check mode: accumulates the body's cost */
    int *nesting;         /* check mode: 1 + deepest callee nesting */
} qasm_env;

typedef struct qasm_parser {
    qasm_lex lx;
    qasm_tok tok;         /* current token; lx is positioned after it */
    size_t prev_end;      /* end offset of the previous token */
    int prev_line, prev_col;
    const char *text;
    const char *origin;
    plt_qasm_info info;
    int depth;            /* expression recursion */
    const qasm_env *env;  /* NULL at top level */

    qasm_names vars;
    qasm_reg *qregs, *cregs;
    int nqregs, ncregs, capq, capc;
    int nqubits;
    double *consts;
    int nconsts, capconst;
    char **pnames;        /* parameters declared before the circuit exists */
    int nparams, cappar;

    qasm_gate *gates;
    int ngates, capgates;
    qasm_names gnames;

    plt_circuit *c;       /* created at the first gate application */
    uint64_t nops;
} qasm_parser;

plt_status qasm_advance(qasm_parser *p);
plt_status qasm_fail_tok(qasm_parser *p, plt_status code, const qasm_tok *t, const char *fmt,
                         ...) PLT_PRINTF(4, 5);
/* Parses one angle expression at the current token. */
plt_status qasm_expr(qasm_parser *p, qasm_val *out);

#endif

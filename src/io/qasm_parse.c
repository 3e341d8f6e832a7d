#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "io/qasm_parse.h"

/* ---------- tokens and errors ---------- */

plt_status qasm_advance(qasm_parser *p) {
    p->prev_end = p->tok.end;
    p->prev_line = p->tok.end_line;
    p->prev_col = p->tok.end_col;
    return qasm_lex_next(&p->lx, &p->tok);
}

plt_status qasm_fail_tok(qasm_parser *p, plt_status code, const qasm_tok *t, const char *fmt,
                         ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return plt_fail_at(code, p->origin, t->line, t->col, "%s", msg);
}

static const char *tok_text(const qasm_parser *p, const qasm_tok *t, char *buf, size_t cap) {
    if (t->kind == QK_EOF) return "end of file";
    return qasm_snip(p->text, t->start, t->end, buf, cap);
}

static plt_status unexpected(qasm_parser *p, const char *what) {
    char buf[64];
    if (p->tok.kind == QK_EOF)
        return qasm_fail_tok(p, PLT_EPARSE, &p->tok, "expected %s, found end of file", what);
    return qasm_fail_tok(p, PLT_EPARSE, &p->tok, "expected %s, found '%s'", what,
                         tok_text(p, &p->tok, buf, sizeof buf));
}

static plt_status expect(qasm_parser *p, int c, const char *what) {
    if (qasm_tok_punct(&p->tok, c)) return qasm_advance(p);
    return unexpected(p, what);
}

/* A missing ';' is reported just after the token it should follow, where it belongs. */
static plt_status expect_semi(qasm_parser *p) {
    if (qasm_tok_punct(&p->tok, ';')) return qasm_advance(p);
    char buf[64];
    return plt_fail_at(PLT_EPARSE, p->origin, p->prev_line, p->prev_col,
                       "expected ';' at the end of the statement, found %s%s%s",
                       p->tok.kind == QK_EOF ? "" : "'", tok_text(p, &p->tok, buf, sizeof buf),
                       p->tok.kind == QK_EOF ? "" : "'");
}

static plt_status expect_id(qasm_parser *p, qasm_tok *out, const char *what) {
    if (p->tok.kind != QK_ID) return unexpected(p, what);
    *out = p->tok;
    return qasm_advance(p);
}

static plt_status grow(void **a, int *cap, int need, size_t size, const char *what) {
    if (need <= *cap) return PLT_OK;
    int n = *cap ? *cap : 8;
    while (n < need) {
        if (n > INT_MAX / 2) return plt_fail_nomem(what);
        n *= 2;
    }
    void *b = realloc(*a, (size_t)n * size);
    if (!b) return plt_fail_nomem(what);
    *a = b;
    *cap = n;
    return PLT_OK;
}

/* ---------- declarations ---------- */

static plt_status declare_name(qasm_parser *p, const qasm_tok *t, int kind, int idx) {
    char buf[96];
    if (qasm_names_find(&p->vars, t->s, t->len))
        return qasm_fail_tok(p, PLT_EPARSE, t, "'%s' is already declared; choose another name",
                             tok_text(p, t, buf, sizeof buf));
    return qasm_names_add(&p->vars, t->s, t->len, kind, idx);
}

/* A register size or index: a non-negative integer literal. */
static plt_status int_literal(qasm_parser *p, const char *what, uint64_t *v, int *big) {
    if (p->tok.kind != QK_INT) return unexpected(p, what);
    *v = p->tok.ival;
    *big = p->tok.big;
    return qasm_advance(p);
}

static plt_status add_register(qasm_parser *p, const qasm_tok *name, const qasm_tok *size_tok,
                               uint64_t size, int big, int quantum) {
    plt_status st;
    char nb[96];
    tok_text(p, name, nb, sizeof nb);
    if (!big && size == 0)
        return qasm_fail_tok(p, PLT_EPARSE, size_tok,
                             "register '%s' has size 0; a register needs at least 1 %s", nb,
                             quantum ? "qubit" : "bit");
    if (quantum) {
        if (big || size > (uint64_t)(PLT_MAX_QUBITS - p->nqubits))
            return qasm_fail_tok(p, PLT_ETOOBIG, size_tok,
                                 "register '%s' of size %s makes more than %d qubits in total; "
                                 "use a smaller register", nb,
                                 tok_text(p, size_tok, (char[40]){0}, 40), PLT_MAX_QUBITS);
        if (p->c)
            return qasm_fail_tok(p, PLT_EUNSUPPORTED, name,
                                 "qubit register '%s' is declared after the first gate; declare "
                                 "every qubit register before the first gate", nb);
        if ((st = grow((void **)&p->qregs, &p->capq, p->nqregs + 1, sizeof *p->qregs,
                       "QASM registers")))
            return st;
        if ((st = declare_name(p, name, QN_QREG, p->nqregs))) return st;
        p->qregs[p->nqregs++] = (qasm_reg){name->s, name->len, (int)size, p->nqubits};
        p->nqubits += (int)size;
    } else {
        if (big || size > INT_MAX)
            return qasm_fail_tok(p, PLT_EPARSE, size_tok,
                                 "register '%s' of size %s is too large (at most %d bits)", nb,
                                 tok_text(p, size_tok, (char[40]){0}, 40), INT_MAX);
        if ((st = grow((void **)&p->cregs, &p->capc, p->ncregs + 1, sizeof *p->cregs,
                       "QASM registers")))
            return st;
        if ((st = declare_name(p, name, QN_CREG, p->ncregs))) return st;
        p->cregs[p->ncregs++] = (qasm_reg){name->s, name->len, (int)size, 0};
    }
    return PLT_OK;
}

/* qreg q[n]; creg c[n]; (after the keyword) */
static plt_status decl_qasm2_register(qasm_parser *p, int quantum) {
    qasm_tok name, size_tok;
    uint64_t size = 0;
    int big = 0;
    plt_status st;
    if ((st = expect_id(p, &name, "a register name"))) return st;
    if ((st = expect(p, '[', "'[' and the register size"))) return st;
    size_tok = p->tok;
    if ((st = int_literal(p, "a register size (a positive integer)", &size, &big))) return st;
    if ((st = expect(p, ']', "']' after the register size"))) return st;
    if ((st = expect_semi(p))) return st;
    return add_register(p, &name, &size_tok, size, big, quantum);
}

/* qubit[n] q; qubit q; bit[n] c; bit c; (after the keyword) */
static plt_status decl_qasm3_register(qasm_parser *p, int quantum) {
    qasm_tok name, size_tok = p->tok;
    uint64_t size = 1;
    int big = 0;
    plt_status st;
    if (qasm_tok_punct(&p->tok, '[')) {
        if ((st = qasm_advance(p))) return st;
        size_tok = p->tok;
        if ((st = int_literal(p, "a register size (a positive integer)", &size, &big))) return st;
        if ((st = expect(p, ']', "']' after the register size"))) return st;
    }
    if ((st = expect_id(p, &name, "a register name"))) return st;
    if (!quantum && qasm_tok_punct(&p->tok, '='))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &p->tok,
                             "initialised bit registers are not supported; declare the bits and "
                             "measure in a separate statement");
    if ((st = expect_semi(p))) return st;
    return add_register(p, &name, &size_tok, size, big, quantum);
}

/* float[64], float, angle[32], angle: the angle-like types. */
static plt_status angle_type(qasm_parser *p, const char *role) {
    plt_status st;
    char buf[64];
    if (!qasm_tok_is(&p->tok, "float") && !qasm_tok_is(&p->tok, "angle"))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &p->tok,
                             "%s of type '%s' is not supported (only float[64] and angle)", role,
                             tok_text(p, &p->tok, buf, sizeof buf));
    if ((st = qasm_advance(p))) return st;
    if (qasm_tok_punct(&p->tok, '[')) {
        uint64_t w;
        int big;
        if ((st = qasm_advance(p))) return st;
        if ((st = int_literal(p, "a bit width", &w, &big))) return st;
        if ((st = expect(p, ']', "']' after the bit width"))) return st;
    }
    return PLT_OK;
}

static plt_status add_param(qasm_parser *p, const qasm_tok *name) {
    plt_status st;
    int k = p->nparams;
    if ((st = declare_name(p, name, QN_PARAM, k))) return st;
    if ((st = grow((void **)&p->pnames, &p->cappar, k + 1, sizeof *p->pnames, "QASM parameters")))
        return st;
    p->pnames[k] = malloc(name->len + 1);
    if (!p->pnames[k]) return plt_fail_nomem("a QASM parameter name");
    memcpy(p->pnames[k], name->s, name->len);
    p->pnames[k][name->len] = '\0';
    p->nparams++;
    if (p->c) {
        int idx;
        if ((st = plt_circuit_add_param(p->c, p->pnames[k], NAN, &idx))) return st;
        PLT_ASSERT(idx == k);
    }
    return PLT_OK;
}

/* input float[64] name; (after `input`) */
static plt_status decl_input(qasm_parser *p) {
    qasm_tok name;
    plt_status st;
    if ((st = angle_type(p, "input"))) return st;
    if ((st = expect_id(p, &name, "the input parameter's name"))) return st;
    if ((st = expect_semi(p))) return st;
    return add_param(p, &name);
}

/* [const] float[64] name = expr; (at the type) */
static plt_status decl_const(qasm_parser *p) {
    qasm_tok type = p->tok, name, eq;
    qasm_val v;
    plt_status st;
    char buf[96];
    if ((st = angle_type(p, "a constant"))) return st;
    if ((st = expect_id(p, &name, "the variable's name"))) return st;
    eq = p->tok;
    if (!qasm_tok_punct(&eq, '='))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &type,
                             "variable '%s' has no value; declare a model parameter as 'input "
                             "float[64] %s;' or give a constant value",
                             tok_text(p, &name, buf, sizeof buf), buf);
    if ((st = qasm_advance(p))) return st;
    if ((st = qasm_expr(p, &v))) return st;
    if (v.v.param >= 0)
        return qasm_fail_tok(p, PLT_EPARSE, &eq,
                             "constant '%s' depends on parameter '%s'; a constant needs a "
                             "constant value", tok_text(p, &name, buf, sizeof buf),
                             p->pnames[v.v.param]);
    if ((st = expect_semi(p))) return st;
    if ((st = grow((void **)&p->consts, &p->capconst, p->nconsts + 1, sizeof *p->consts,
                   "QASM constants")))
        return st;
    if ((st = declare_name(p, &name, QN_CONST, p->nconsts))) return st;
    p->consts[p->nconsts++] = v.v.b;
    return PLT_OK;
}

/* ---------- operands ---------- */

/* A qubit operand: one qubit, or a whole register to broadcast over. */
typedef struct operand {
    qasm_tok t;
    int first;  /* global qubit (or local argument index in a checked body) */
    int size;   /* 0: one qubit; else the register size to broadcast over */
} operand;

static plt_status reg_index(qasm_parser *p, const qasm_tok *name, int size, int *index) {
    plt_status st;
    char nb[96], ib[40];
    if ((st = qasm_advance(p))) return st; /* '[' */
    qasm_tok it = p->tok;
    if (it.kind != QK_INT)
        return qasm_fail_tok(p, it.kind == QK_PUNCT && it.ch == '-' ? PLT_EPARSE
                                                                     : PLT_EUNSUPPORTED, &it,
                             "register index must be a non-negative integer literal, found '%s'",
                             tok_text(p, &it, ib, sizeof ib));
    if (it.big || it.ival >= (uint64_t)size)
        return qasm_fail_tok(p, PLT_EPARSE, &it,
                             "index %s out of range for register %s of size %d (valid 0..%d)",
                             tok_text(p, &it, ib, sizeof ib), tok_text(p, name, nb, sizeof nb),
                             size, size - 1);
    *index = (int)it.ival;
    if ((st = qasm_advance(p))) return st;
    if (qasm_tok_punct(&p->tok, ':') || qasm_tok_punct(&p->tok, ','))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &p->tok,
                             "register slices and index lists are not supported; index one qubit "
                             "or name the whole register");
    return expect(p, ']', "']' after the index");
}

static plt_status qubit_operand(qasm_parser *p, operand *o) {
    plt_status st;
    char buf[96];
    o->t = p->tok;
    if (p->tok.kind == QK_HWQUBIT)
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &p->tok,
                             "physical qubit '%s' is not supported; declare 'qubit[n] q;' and use "
                             "q[k]", tok_text(p, &p->tok, buf, sizeof buf));
    if (p->tok.kind != QK_ID) return unexpected(p, "a qubit operand");
    tok_text(p, &o->t, buf, sizeof buf);
    if (p->env) {
        const qasm_name *e = qasm_names_find(&p->env->g->local, o->t.s, o->t.len);
        if (!e || e->kind != QN_GATE_QUBIT)
            return qasm_fail_tok(p, PLT_EPARSE, &o->t, "'%s' is not a qubit argument of gate "
                                 "'%.*s'", buf, (int)p->env->g->len, p->env->g->name);
        o->first = p->env->check ? e->idx : p->env->qubits[e->idx];
        o->size = 0;
        if ((st = qasm_advance(p))) return st;
        if (qasm_tok_punct(&p->tok, '['))
            return qasm_fail_tok(p, PLT_EPARSE, &p->tok,
                                 "qubit argument '%s' of a gate cannot be indexed", buf);
        return PLT_OK;
    }
    const qasm_name *e = qasm_names_find(&p->vars, o->t.s, o->t.len);
    if (!e)
        return qasm_fail_tok(p, PLT_EPARSE, &o->t,
                             "undefined qubit register '%s' (declare it with 'qubit[n] %s;')",
                             buf, buf);
    if (e->kind != QN_QREG)
        return qasm_fail_tok(p, PLT_EPARSE, &o->t, "'%s' is not a qubit register", buf);
    const qasm_reg *r = &p->qregs[e->idx];
    if ((st = qasm_advance(p))) return st;
    if (qasm_tok_punct(&p->tok, '[')) {
        int k;
        if ((st = reg_index(p, &o->t, r->size, &k))) return st;
        o->first = r->offset + k;
        o->size = 0;
    } else {
        o->first = r->offset;
        o->size = r->size;
    }
    return PLT_OK;
}

static plt_status bit_operand(qasm_parser *p) {
    plt_status st;
    char buf[96];
    qasm_tok t = p->tok;
    if (t.kind != QK_ID) return unexpected(p, "a classical bit operand");
    const qasm_name *e = qasm_names_find(&p->vars, t.s, t.len);
    if (!e || e->kind != QN_CREG)
        return qasm_fail_tok(p, PLT_EPARSE, &t, "'%s' is not a declared bit register",
                             tok_text(p, &t, buf, sizeof buf));
    if ((st = qasm_advance(p))) return st;
    if (qasm_tok_punct(&p->tok, '[')) {
        int k;
        return reg_index(p, &t, p->cregs[e->idx].size, &k);
    }
    return PLT_OK;
}

/* Operands up to ';' (not consumed); used by barrier and measure. */
static plt_status qubit_list(qasm_parser *p, int allow_empty) {
    plt_status st;
    if (allow_empty && qasm_tok_punct(&p->tok, ';')) return PLT_OK;
    for (;;) {
        operand o;
        if ((st = qubit_operand(p, &o))) return st;
        if (!qasm_tok_punct(&p->tok, ',')) return PLT_OK;
        if ((st = qasm_advance(p))) return st;
    }
}

/* ---------- gate calls ---------- */

static plt_status statement(qasm_parser *p);

/* Resolved callee: a user gate, a builtin (lowered by src/circuit) or gphase. */
typedef struct callee {
    const qasm_gate *user;
    int user_idx;
    const char *builtin; /* name for plt_lower_gate (points into `buf`) */
    char buf[24];
    int gphase;
    int nparams, nqubits;
} callee;

static int known_builtin(const char *name, callee *c) {
    if (strlen(name) >= sizeof c->buf || !plt_lower_known(name, &c->nparams, &c->nqubits))
        return 0;
    strcpy(c->buf, name);
    c->builtin = c->buf;
    return 1;
}

static plt_status resolve(qasm_parser *p, const qasm_tok *t, callee *c) {
    char name[64];
    memset(c, 0, sizeof *c);
    c->user_idx = -1;
    tok_text(p, t, name, sizeof name);
    if (p->env && p->env->check && t->len == p->env->g->len &&
        memcmp(t->s, p->env->g->name, t->len) == 0)
        return qasm_fail_tok(p, PLT_EPARSE, t,
                             "gate '%s' calls itself; recursive gates are not allowed", name);
    int limit = p->env ? p->env->limit : p->ngates;
    const qasm_name *e = qasm_names_find(&p->gnames, t->s, t->len);
    if (e && e->idx < limit) {
        c->user = &p->gates[e->idx];
        c->user_idx = e->idx;
        c->nparams = c->user->nparams;
        c->nqubits = c->user->nqubits;
        return PLT_OK;
    }
    if (qasm_tok_is(t, "gphase")) {
        c->gphase = 1;
        c->nparams = 1;
        return PLT_OK;
    }
    if (t->len < sizeof name - 1 && memchr(t->s, '\0', t->len) == NULL) {
        if (known_builtin(name, c)) return PLT_OK;
        if (strcmp(name, "U") == 0 && known_builtin("u3", c)) return PLT_OK;
        if (strcmp(name, "CX") == 0 && known_builtin("cx", c)) return PLT_OK;
    }
    return qasm_fail_tok(p, PLT_EPARSE, t,
                         "unknown gate '%s' (not in qelib1.inc or stdgates.inc, and not defined "
                         "by an earlier 'gate' statement)", name);
}

static plt_status ensure_circuit(qasm_parser *p, const qasm_tok *at) {
    plt_status st;
    if (p->c) return PLT_OK;
    if (p->nqubits == 0)
        return qasm_fail_tok(p, PLT_EPARSE, at,
                             "gate applied before any qubit is declared; declare 'qubit[n] q;' "
                             "first");
    if ((st = plt_circuit_new(p->nqubits, &p->c))) return st;
    for (int k = 0; k < p->nparams; k++) {
        int idx;
        if ((st = plt_circuit_add_param(p->c, p->pnames[k], NAN, &idx))) return st;
        PLT_ASSERT(idx == k);
    }
    return PLT_OK;
}

/* Applies a resolved gate to distinct global qubits (not in check mode). */
static plt_status apply(qasm_parser *p, const callee *c, const qasm_tok *at, const qasm_val *args,
                        const int *qubits) {
    plt_status st;
    if (c->gphase) return PLT_OK; /* a global phase: invisible to every expectation value */
    if (c->builtin) {
        plt_affine a[8];
        PLT_ASSERT(c->nparams <= 8);
        for (int i = 0; i < c->nparams; i++) a[i] = args[i].v;
        if ((st = ensure_circuit(p, at))) return st;
        st = plt_lower_gate(p->c, c->builtin, a, qubits);
        if (st && st != PLT_ENOMEM) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", plt_error_last()->message);
            return qasm_fail_tok(p, st, at, "%s", msg);
        }
        return st;
    }
    /* A user gate: re-read its body with the arguments bound. */
    qasm_env env = {c->user, c->user_idx, 0, args, qubits, NULL, NULL};
    qasm_lex lx = p->lx;
    qasm_tok tok = p->tok;
    size_t prev_end = p->prev_end;
    int prev_line = p->prev_line, prev_col = p->prev_col;
    const qasm_env *outer = p->env;
    p->env = &env;
    p->lx = c->user->body;
    st = qasm_lex_next(&p->lx, &p->tok);
    while (!st && !qasm_tok_punct(&p->tok, '}')) st = statement(p);
    p->env = outer;
    if (st && st != PLT_ENOMEM && !outer) {
        /* The error points into the body; name the call that led there too. */
        const plt_error *e = plt_error_last();
        char msg[1024];
        int line = e->line, col = e->col;
        snprintf(msg, sizeof msg, "%s", e->message);
        st = plt_fail_at(st, p->origin, line, col, "%s (in the call of gate '%.*s' at %d:%d)",
                         msg, (int)c->user->len, c->user->name, at->line, at->col);
    }
    p->lx = lx;
    p->tok = tok;
    p->prev_end = prev_end;
    p->prev_line = prev_line;
    p->prev_col = prev_col;
    return st;
}

static uint64_t sat_add(uint64_t a, uint64_t b) {
    return a + b > QASM_MAX_OPS ? QASM_MAX_OPS + 1 : a + b;
}

/* name[(args)] operands; -- the current token is the name. */
static plt_status gate_call(qasm_parser *p) {
    plt_status st = PLT_OK;
    qasm_tok name = p->tok;
    char nb[64];
    callee c;
    if ((st = resolve(p, &name, &c))) return st;
    if ((st = qasm_advance(p))) return st;
    tok_text(p, &name, nb, sizeof nb);

    qasm_val small_args[8];
    int small_q[8];
    operand small_o[8];
    qasm_val *args = small_args;
    int *qubits = small_q;
    operand *ops = small_o;
    if (c.nparams > 8 || c.nqubits > 8) {
        args = malloc(sizeof *args * (size_t)(c.nparams + 1));
        qubits = malloc(sizeof *qubits * (size_t)(c.nqubits + 1));
        ops = malloc(sizeof *ops * (size_t)(c.nqubits + 1));
        if (!args || !qubits || !ops) {
            st = plt_fail_nomem("gate arguments");
            goto done;
        }
    }
    int nargs = 0;
    if (qasm_tok_punct(&p->tok, '(')) {
        if ((st = qasm_advance(p))) goto done;
        while (!qasm_tok_punct(&p->tok, ')')) {
            qasm_val v;
            if ((st = qasm_expr(p, &v))) goto done;
            if (nargs < c.nparams) args[nargs] = v;
            nargs++;
            if (qasm_tok_punct(&p->tok, ')')) break;
            if ((st = expect(p, ',', "',' or ')' in the argument list"))) goto done;
        }
        if ((st = qasm_advance(p))) goto done;
    }
    if (nargs != c.nparams) {
        st = qasm_fail_tok(p, PLT_EPARSE, &name, "gate '%s' takes %d angle argument%s, got %d", nb,
                           c.nparams, c.nparams == 1 ? "" : "s", nargs);
        goto done;
    }
    int nops = 0, size = 0;
    while (p->tok.kind != QK_EOF && !qasm_tok_punct(&p->tok, ';')) {
        operand o;
        if ((st = qubit_operand(p, &o))) goto done;
        if (nops < c.nqubits) ops[nops] = o;
        nops++;
        if (o.size) {
            if (size && o.size != size) {
                st = qasm_fail_tok(p, PLT_EPARSE, &o.t,
                                   "cannot broadcast '%s' over registers of sizes %d and %d", nb,
                                   size, o.size);
                goto done;
            }
            size = o.size;
        }
        if (!qasm_tok_punct(&p->tok, ',')) break;
        if ((st = qasm_advance(p))) goto done;
    }
    if (nops != c.nqubits) {
        if (nops == 0 && !qasm_tok_punct(&p->tok, ';') && p->tok.kind != QK_EOF) {
            st = unexpected(p, "a qubit operand");
            goto done;
        }
        st = qasm_fail_tok(p, PLT_EPARSE, &name, "gate '%s' acts on %d qubit%s, got %d", nb,
                           c.nqubits, c.nqubits == 1 ? "" : "s", nops);
        goto done;
    }
    if ((st = expect_semi(p))) goto done;
    /* Repeated qubits repeat in every broadcast application, so the first one tells. */
    for (int i = 0; i < nops; i++)
        for (int j = 0; j < i; j++) {
            int same = ops[i].size && ops[j].size ? ops[i].first == ops[j].first
                       : ops[i].size ? ops[j].first >= ops[i].first &&
                                           ops[j].first < ops[i].first + ops[i].size
                       : ops[j].size ? ops[i].first >= ops[j].first &&
                                           ops[i].first < ops[j].first + ops[j].size
                                     : ops[i].first == ops[j].first;
            if (same) {
                char ob[96];
                st = qasm_fail_tok(p, PLT_EPARSE, &ops[i].t,
                                   "qubit operand '%s' overlaps an earlier operand of '%s'; a "
                                   "gate needs distinct qubits",
                                   tok_text(p, &ops[i].t, ob, sizeof ob), nb);
                goto done;
            }
        }
    uint64_t unit = c.user ? c.user->cost : c.gphase ? 0 : 1;
    if (p->env && p->env->check) {
        *p->env->cost = sat_add(*p->env->cost, unit);
        int nest = c.user ? c.user->nesting : 0;
        if (nest + 1 > *p->env->nesting) *p->env->nesting = nest + 1;
        goto done;
    }
    if (!p->env) {
        uint64_t reps = size ? (uint64_t)size : 1;
        uint64_t add = unit > QASM_MAX_OPS / reps ? QASM_MAX_OPS + 1 : unit * reps;
        p->nops = sat_add(p->nops, add);
        if (p->nops > QASM_MAX_OPS) {
            st = qasm_fail_tok(p, PLT_ETOOBIG, &name,
                               "the circuit expands to more than %llu gate applications (gate "
                               "definitions nest too deeply or the registers are too large)",
                               (unsigned long long)QASM_MAX_OPS);
            goto done;
        }
    }
    for (int r = 0; r < (size ? size : 1); r++) {
        for (int i = 0; i < nops; i++) qubits[i] = ops[i].first + (ops[i].size ? r : 0);
        if ((st = apply(p, &c, &name, args, qubits))) goto done;
    }
done:
    if (args != small_args) free(args);
    if (qubits != small_q) free(qubits);
    if (ops != small_o) free(ops);
    return st;
}

/* ---------- gate definitions ---------- */

static plt_status local_name(qasm_parser *p, qasm_gate *g, const qasm_tok *t, int kind, int idx) {
    char buf[96];
    if (qasm_names_find(&g->local, t->s, t->len))
        return qasm_fail_tok(p, PLT_EPARSE, t, "argument '%s' of gate '%.*s' is repeated",
                             tok_text(p, t, buf, sizeof buf), (int)g->len, g->name);
    if (idx >= QASM_MAX_GATE_ARGS)
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, t,
                             "gate '%.*s' has more than %d arguments of one kind", (int)g->len,
                             g->name, QASM_MAX_GATE_ARGS);
    return qasm_names_add(&g->local, t->s, t->len, kind, idx);
}

static plt_status gate_definition(qasm_parser *p) {
    plt_status st;
    qasm_gate g;
    qasm_tok name, open;
    char nb[96];
    memset(&g, 0, sizeof g);
    if ((st = expect_id(p, &name, "the gate's name"))) goto fail;
    tok_text(p, &name, nb, sizeof nb);
    const qasm_name *prev = qasm_names_find(&p->gnames, name.s, name.len);
    if (prev) {
        st = qasm_fail_tok(p, PLT_EPARSE, &name, "gate '%s' is already defined at line %d", nb,
                           p->gates[prev->idx].line);
        goto fail;
    }
    g.name = name.s;
    g.len = name.len;
    g.line = name.line;
    g.col = name.col;
    if (qasm_tok_punct(&p->tok, '(')) {
        if ((st = qasm_advance(p))) goto fail;
        while (!qasm_tok_punct(&p->tok, ')')) {
            qasm_tok a;
            if ((st = expect_id(p, &a, "an angle argument name"))) goto fail;
            if ((st = local_name(p, &g, &a, QN_GATE_ANGLE, g.nparams))) goto fail;
            g.nparams++;
            if (qasm_tok_punct(&p->tok, ')')) break;
            if ((st = expect(p, ',', "',' or ')' in the argument list"))) goto fail;
        }
        if ((st = qasm_advance(p))) goto fail;
    }
    for (;;) {
        qasm_tok a;
        if ((st = expect_id(p, &a, "a qubit argument name"))) goto fail;
        if ((st = local_name(p, &g, &a, QN_GATE_QUBIT, g.nqubits))) goto fail;
        g.nqubits++;
        if (!qasm_tok_punct(&p->tok, ',')) break;
        if ((st = qasm_advance(p))) goto fail;
    }
    open = p->tok;
    if (!qasm_tok_punct(&open, '{')) {
        st = unexpected(p, "'{' to start the gate body");
        goto fail;
    }
    g.body = p->lx;
    if ((st = qasm_advance(p))) goto fail;

    /* Check the body once now, so that calls cannot fail on syntax, and measure its cost:
     * its tokens (re-read at each call) plus the cost of what it calls. */
    uint64_t cost = 0;
    int nesting = 0;
    qasm_env env = {&g, p->ngates, 1, NULL, NULL, &cost, &nesting};
    const qasm_env *outer = p->env;
    size_t start = p->tok.start;
    p->env = &env;
    while (!qasm_tok_punct(&p->tok, '}')) {
        if (p->tok.kind == QK_EOF) {
            st = qasm_fail_tok(p, PLT_EPARSE, &open,
                               "unterminated body of gate '%s': '{' has no matching '}'", nb);
            break;
        }
        if ((st = statement(p))) break;
    }
    p->env = outer;
    if (st) goto fail;
    /* Tokens are a fair measure of re-reading cost; bytes over-count comments. */
    g.cost = sat_add(cost, 1 + (p->tok.start - start) / 4);
    g.nesting = nesting;
    if (g.nesting > QASM_MAX_GATE_NESTING) {
        st = qasm_fail_tok(p, PLT_EUNSUPPORTED, &name,
                           "gate '%s' nests gate calls %d deep (at most %d)", nb, g.nesting,
                           QASM_MAX_GATE_NESTING);
        goto fail;
    }
    if ((st = qasm_advance(p))) goto fail;
    if ((st = grow((void **)&p->gates, &p->capgates, p->ngates + 1, sizeof *p->gates,
                   "QASM gate definitions")))
        goto fail;
    if ((st = qasm_names_add(&p->gnames, g.name, g.len, 0, p->ngates))) goto fail;
    p->gates[p->ngates++] = g;
    p->info.ngate_defs++;
    return PLT_OK;
fail:
    qasm_names_free(&g.local);
    return st;
}

/* ---------- statements ---------- */

static plt_status measure(qasm_parser *p) {
    plt_status st;
    if ((st = qasm_advance(p))) return st;
    if ((st = qubit_list(p, 0))) return st;
    if (p->tok.kind == QK_ARROW) {
        if ((st = qasm_advance(p)) || (st = bit_operand(p))) return st;
    }
    p->info.nmeasure++;
    return expect_semi(p);
}

static plt_status unsupported(qasm_parser *p, const char *why) {
    char buf[64];
    return qasm_fail_tok(p, PLT_EUNSUPPORTED, &p->tok, "'%s' is not supported: %s",
                         tok_text(p, &p->tok, buf, sizeof buf), why);
}

static int is_any(const qasm_tok *t, const char *const *words) {
    for (; *words; words++)
        if (qasm_tok_is(t, *words)) return 1;
    return 0;
}

static plt_status include(qasm_parser *p) {
    plt_status st;
    char buf[96];
    if ((st = qasm_advance(p))) return st;
    qasm_tok f = p->tok;
    if (f.kind != QK_STRING) return unexpected(p, "a file name in quotes");
    if (!(f.len == 10 && memcmp(f.s, "qelib1.inc", 10) == 0) &&
        !(f.len == 12 && memcmp(f.s, "stdgates.inc", 12) == 0))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &f,
                             "cannot include \"%s\": only qelib1.inc and stdgates.inc are "
                             "supported (built in); paste other definitions into the file",
                             qasm_snip(p->text, f.start + 1, f.end - 1, buf, sizeof buf));
    if ((st = qasm_advance(p))) return st;
    return expect_semi(p);
}

static plt_status statement(qasm_parser *p) {
    static const char *const control[] = {"if", "for", "while", "switch", "def", "return",
                                          "break", "continue", "end", "box", NULL};
    static const char *const decls[] = {"int", "uint", "bool", "complex", "duration", "stretch",
                                        "output", "array", "let", "extern", NULL};
    static const char *const pulse[] = {"delay", "defcal", "defcalgrammar", "cal", NULL};
    static const char *const modifiers[] = {"ctrl", "negctrl", "inv", "pow", NULL};
    plt_status st;
    qasm_tok t = p->tok;
    char buf[64];
    int body = p->env != NULL;

    if (t.kind == QK_PUNCT && (t.ch == '#' || t.ch == '@'))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &t,
                             "pragmas and annotations ('%c') are not supported", t.ch);
    if (t.kind != QK_ID) return unexpected(p, "a statement");
    if (is_any(&t, modifiers)) {
        qasm_lex save = p->lx;
        qasm_tok after;
        if (qasm_lex_next(&save, &after) == PLT_OK &&
            (qasm_tok_punct(&after, '@') || qasm_tok_punct(&after, '(')))
            return qasm_fail_tok(p, PLT_EUNSUPPORTED, &t,
                                 "gate modifier '%s' is not supported; define the controlled, "
                                 "inverse or power gate explicitly with 'gate'",
                                 tok_text(p, &t, buf, sizeof buf));
    }
    if (qasm_tok_is(&t, "barrier")) {
        if ((st = qasm_advance(p)) || (st = qubit_list(p, 1))) return st;
        if (!body) p->info.nbarrier++;
        return expect_semi(p);
    }
    if (body) {
        if (qasm_tok_is(&t, "gate") || qasm_tok_is(&t, "measure") || qasm_tok_is(&t, "reset") ||
            qasm_tok_is(&t, "qubit") || qasm_tok_is(&t, "qreg") || is_any(&t, control))
            return qasm_fail_tok(p, PLT_EUNSUPPORTED, &t,
                                 "'%s' is not allowed in a gate body (only gate calls and "
                                 "barrier)", tok_text(p, &t, buf, sizeof buf));
        return gate_call(p);
    }
    if (qasm_tok_is(&t, "OPENQASM"))
        return qasm_fail_tok(p, PLT_EPARSE, &t,
                             "'OPENQASM' must be the first statement of the file");
    if (qasm_tok_is(&t, "include")) return include(p);
    if (qasm_tok_is(&t, "qreg") || qasm_tok_is(&t, "creg")) {
        int q = qasm_tok_is(&t, "qreg");
        if ((st = qasm_advance(p))) return st;
        return decl_qasm2_register(p, q);
    }
    if (qasm_tok_is(&t, "qubit") || qasm_tok_is(&t, "bit")) {
        int q = qasm_tok_is(&t, "qubit");
        if ((st = qasm_advance(p))) return st;
        return decl_qasm3_register(p, q);
    }
    if (qasm_tok_is(&t, "input")) {
        if ((st = qasm_advance(p))) return st;
        return decl_input(p);
    }
    if (qasm_tok_is(&t, "const")) {
        if ((st = qasm_advance(p))) return st;
        return decl_const(p);
    }
    if (qasm_tok_is(&t, "float") || qasm_tok_is(&t, "angle")) return decl_const(p);
    if (qasm_tok_is(&t, "gate")) {
        if ((st = qasm_advance(p))) return st;
        return gate_definition(p);
    }
    if (qasm_tok_is(&t, "opaque"))
        return unsupported(p, "opaque gates have no definition to simulate; define the gate with "
                              "'gate' instead");
    if (qasm_tok_is(&t, "measure")) return measure(p);
    if (qasm_tok_is(&t, "reset"))
        return unsupported(p, "the circuit must be unitary; remove the reset");
    if (qasm_tok_is(&t, "if"))
        return unsupported(p, "classically controlled gates make the circuit non-unitary; remove "
                              "the condition");
    if (is_any(&t, control))
        return unsupported(p, "only straight-line gate circuits are read (no control flow)");
    if (is_any(&t, decls))
        return unsupported(p, "only qubit, bit, input float[64] and constant angle declarations "
                              "are read");
    if (is_any(&t, pulse)) return unsupported(p, "timing and pulse-level statements are ignored "
                                                 "by no engine; remove them");
    const qasm_name *e = qasm_names_find(&p->vars, t.s, t.len);
    if (e && e->kind == QN_CREG) {
        /* c = measure q;  c[0] = measure q[0]; */
        if ((st = bit_operand(p))) return st;
        if ((st = expect(p, '=', "'=' and 'measure'"))) return st;
        if (!qasm_tok_is(&p->tok, "measure"))
            return unexpected(p, "'measure' (only measurement results can be assigned to bits)");
        if ((st = qasm_advance(p)) || (st = qubit_list(p, 0))) return st;
        p->info.nmeasure++;
        return expect_semi(p);
    }
    return gate_call(p);
}

static plt_status version(qasm_parser *p) {
    plt_status st;
    char buf[64];
    qasm_tok v;
    if ((st = qasm_advance(p))) return st;
    v = p->tok;
    if (v.kind != QK_INT && v.kind != QK_REAL) return unexpected(p, "a version number");
    if (!(v.num >= 2.0 && v.num < 4.0))
        return qasm_fail_tok(p, PLT_EUNSUPPORTED, &v,
                             "OpenQASM version %s is not supported (2.0 and 3 are)",
                             tok_text(p, &v, buf, sizeof buf));
    p->info.version = (int)v.num;
    if ((st = qasm_advance(p))) return st;
    return expect_semi(p);
}

static void parser_free(qasm_parser *p) {
    qasm_names_free(&p->vars);
    qasm_names_free(&p->gnames);
    for (int i = 0; i < p->ngates; i++) qasm_names_free(&p->gates[i].local);
    free(p->gates);
    for (int i = 0; i < p->nparams; i++) free(p->pnames[i]);
    free(p->pnames);
    free(p->qregs);
    free(p->cregs);
    free(p->consts);
    plt_circuit_free(p->c);
}

plt_status plt_qasm_parse(const char *text, size_t len, const char *origin, plt_circuit **out,
                          plt_qasm_info *info) {
    plt_status st;
    qasm_parser p;
    if (!out) return plt_fail(PLT_EINVAL, "plt_qasm_parse: out is NULL");
    *out = NULL;
    if (!text && len) return plt_fail(PLT_EINVAL, "plt_qasm_parse: text is NULL");
    if (!origin) origin = "<qasm>";
    memset(&p, 0, sizeof p);
    p.text = text ? text : "";
    p.origin = origin;
    p.info.version = 3;
    qasm_lex_init(&p.lx, p.text, text ? len : 0, origin);
    if ((st = qasm_lex_next(&p.lx, &p.tok))) goto fail;
    if (p.tok.kind == QK_EOF) {
        st = qasm_fail_tok(&p, PLT_EPARSE, &p.tok,
                           "empty input: expected 'OPENQASM 3.0;' or 'OPENQASM 2.0;' and a "
                           "circuit");
        goto fail;
    }
    if (qasm_tok_is(&p.tok, "OPENQASM") && (st = version(&p))) goto fail;
    while (p.tok.kind != QK_EOF)
        if ((st = statement(&p))) goto fail;
    if (p.nqubits == 0) {
        st = qasm_fail_tok(&p, PLT_EPARSE, &p.tok,
                           "no qubits declared; declare them with 'qubit[n] q;' or 'qreg q[n];'");
        goto fail;
    }
    if ((st = ensure_circuit(&p, &p.tok))) goto fail;
    if (info) *info = p.info;
    *out = p.c;
    p.c = NULL;
    parser_free(&p);
    return PLT_OK;
fail:
    parser_free(&p);
    return st;
}

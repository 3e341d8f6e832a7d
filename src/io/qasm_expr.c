#include <math.h>
#include <string.h>

#include "io/qasm_parse.h"

static plt_status parse_sum(qasm_parser *p, qasm_val *out);

static qasm_val constant(double x) { return (qasm_val){0, {-1, 0.0, x}}; }

/* The finite-value check every operation ends with: an angle must be a number. */
static plt_status finish(qasm_parser *p, const qasm_tok *op, size_t start, qasm_val *v) {
    if (v->sym) return PLT_OK;
    if (v->v.param >= 0 && v->v.a == 0.0) v->v.param = -1;
    if (isfinite(v->v.a) && isfinite(v->v.b)) return PLT_OK;
    char buf[96];
    return qasm_fail_tok(p, PLT_EPARSE, op, "angle expression '%s' is not a finite number",
                         qasm_snip(p->text, start, p->prev_end, buf, sizeof buf));
}

static const char *pname(qasm_parser *p, int k) { return p->pnames[k]; }

static plt_status two_params(qasm_parser *p, const qasm_tok *op, size_t start, const char *what) {
    char buf[96];
    return qasm_fail_tok(p, PLT_EPARSE, op,
                         "angle expression '%s' %s; an angle must be a*parameter + b with at most "
                         "one parameter",
                         qasm_snip(p->text, start, p->prev_end, buf, sizeof buf), what);
}

static plt_status add(qasm_parser *p, const qasm_tok *op, size_t start, qasm_val *x,
                      const qasm_val *y, double sign) {
    if (x->sym || y->sym) {
        x->sym = 1;
        return PLT_OK;
    }
    if (x->v.param >= 0 && y->v.param >= 0 && x->v.param != y->v.param) {
        char what[160];
        snprintf(what, sizeof what, "combines parameters '%s' and '%s'", pname(p, x->v.param),
                 pname(p, y->v.param));
        return two_params(p, op, start, what);
    }
    if (x->v.param < 0) {
        x->v.param = y->v.param;
        x->v.a = sign * y->v.a;
    } else if (y->v.param >= 0) {
        x->v.a += sign * y->v.a;
    }
    x->v.b += sign * y->v.b;
    return finish(p, op, start, x);
}

static plt_status mul(qasm_parser *p, const qasm_tok *op, size_t start, qasm_val *x,
                      const qasm_val *y, int divide) {
    if (!x->sym && !y->sym && divide && y->v.param < 0 && y->v.b == 0.0) {
        char buf[96];
        return qasm_fail_tok(p, PLT_EPARSE, op, "division by zero in angle expression '%s'",
                             qasm_snip(p->text, start, p->prev_end, buf, sizeof buf));
    }
    if (x->sym || y->sym) {
        x->sym = 1;
        return PLT_OK;
    }
    if (divide && y->v.param >= 0)
        return two_params(p, op, start, "divides by a parameter");
    if (x->v.param >= 0 && y->v.param >= 0)
        return two_params(p, op, start, "multiplies two parameters");
    if (x->v.param < 0 && y->v.param >= 0) {
        double k = x->v.b;
        *x = *y;
        x->v.a *= k;
        x->v.b *= k;
    } else {
        double k = divide ? 1.0 / y->v.b : y->v.b;
        x->v.a *= k;
        x->v.b *= k;
    }
    return finish(p, op, start, x);
}

static plt_status need_const(qasm_parser *p, const qasm_tok *at, size_t start, const qasm_val *v,
                             const char *what) {
    if (v->sym || v->v.param < 0) return PLT_OK;
    char buf[96];
    return qasm_fail_tok(p, PLT_EPARSE, at,
                         "angle expression '%s' applies %s to parameter '%s'; only constants may "
                         "go through %s (an angle must be a*parameter + b)",
                         qasm_snip(p->text, start, p->prev_end, buf, sizeof buf), what,
                         pname(p, v->v.param), what);
}

typedef struct qasm_fn {
    const char *name;
    double (*f)(double);
} qasm_fn;

static const qasm_fn fns[] = {
    {"sin", sin},     {"cos", cos},     {"tan", tan},       {"exp", exp},
    {"ln", log},      {"sqrt", sqrt},   {"asin", asin},     {"acos", acos},
    {"atan", atan},   {"arcsin", asin}, {"arccos", acos},   {"arctan", atan},
};

static int builtin_constant(const qasm_tok *t, double *x) {
    static const struct { const char *name; double v; } k[] = {
        {"pi", 3.14159265358979323846},  {"\xcf\x80", 3.14159265358979323846},
        {"tau", 6.28318530717958647692}, {"\xcf\x84", 6.28318530717958647692},
        {"euler", 2.71828182845904523536}, {"\xe2\x84\x87", 2.71828182845904523536},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (qasm_tok_is(t, k[i].name)) {
            *x = k[i].v;
            return 1;
        }
    return 0;
}

static plt_status identifier(qasm_parser *p, const qasm_tok *t, qasm_val *out) {
    char buf[96];
    if (p->env) {
        const qasm_name *e = qasm_names_find(&p->env->g->local, t->s, t->len);
        if (e && e->kind == QN_GATE_ANGLE) {
            *out = p->env->check ? (qasm_val){1, {-1, 0, 0}} : p->env->args[e->idx];
            return PLT_OK;
        }
        if (e)
            return qasm_fail_tok(p, PLT_EPARSE, t, "'%s' is a qubit argument of gate '%.*s', not "
                                 "an angle", qasm_snip(p->text, t->start, t->end, buf, sizeof buf),
                                 (int)p->env->g->len, p->env->g->name);
    }
    double x;
    if (builtin_constant(t, &x)) {
        *out = constant(x);
        return PLT_OK;
    }
    const qasm_name *e = qasm_names_find(&p->vars, t->s, t->len);
    if (e && e->kind == QN_CONST) {
        *out = constant(p->consts[e->idx]);
        return PLT_OK;
    }
    if (e && e->kind == QN_PARAM && !p->env) {
        *out = (qasm_val){0, {e->idx, 1.0, 0.0}};
        return PLT_OK;
    }
    qasm_snip(p->text, t->start, t->end, buf, sizeof buf);
    if (e && e->kind == QN_PARAM)
        return qasm_fail_tok(p, PLT_EPARSE, t, "gate body of '%.*s' uses input parameter '%s'; "
                             "pass it as an argument of the gate instead",
                             (int)p->env->g->len, p->env->g->name, buf);
    if (e)
        return qasm_fail_tok(p, PLT_EPARSE, t, "'%s' is a register, not an angle", buf);
    if (p->env)
        return qasm_fail_tok(p, PLT_EPARSE, t,
                             "undefined identifier '%s' in the body of gate '%.*s' (not one of "
                             "its angle arguments)", buf, (int)p->env->g->len, p->env->g->name);
    return qasm_fail_tok(p, PLT_EPARSE, t,
                         "undefined identifier '%s' in angle expression (declare it with "
                         "'input float[64] %s;')", buf, buf);
}

static plt_status expect_punct(qasm_parser *p, int c, const char *ctx) {
    if (qasm_tok_punct(&p->tok, c)) return qasm_advance(p);
    char buf[64];
    if (p->tok.kind == QK_EOF)
        return qasm_fail_tok(p, PLT_EPARSE, &p->tok, "expected '%c' %s, found end of file", c, ctx);
    return qasm_fail_tok(p, PLT_EPARSE, &p->tok, "expected '%c' %s, found '%s'", c, ctx,
                         qasm_snip(p->text, p->tok.start, p->tok.end, buf, sizeof buf));
}

static plt_status parse_unary(qasm_parser *p, qasm_val *out);

static plt_status parse_primary(qasm_parser *p, qasm_val *out) {
    qasm_tok t = p->tok;
    plt_status st;
    char buf[64];
    if (t.kind == QK_INT || t.kind == QK_REAL) {
        if (!isfinite(t.num))
            return qasm_fail_tok(p, PLT_EPARSE, &t, "number '%s' is too large",
                                 qasm_snip(p->text, t.start, t.end, buf, sizeof buf));
        *out = constant(t.num);
        return qasm_advance(p);
    }
    if (qasm_tok_punct(&t, '(')) {
        if ((st = qasm_advance(p))) return st;
        if ((st = parse_sum(p, out))) return st;
        return expect_punct(p, ')', "to close the parenthesis");
    }
    if (t.kind == QK_ID) {
        if ((st = qasm_advance(p))) return st;
        int local = p->env && qasm_names_find(&p->env->g->local, t.s, t.len);
        if (!local && qasm_tok_punct(&p->tok, '(')) {
            for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
                if (!qasm_tok_is(&t, fns[i].name)) continue;
                if ((st = qasm_advance(p))) return st;
                if ((st = parse_sum(p, out))) return st;
                if ((st = expect_punct(p, ')', "after the function argument"))) return st;
                if ((st = need_const(p, &t, t.start, out, fns[i].name))) return st;
                if (!out->sym) out->v.b = fns[i].f(out->v.b);
                return finish(p, &t, t.start, out);
            }
            return qasm_fail_tok(p, PLT_EPARSE, &t,
                                 "unknown function '%s' (known: sin cos tan exp ln sqrt asin acos "
                                 "atan)", qasm_snip(p->text, t.start, t.end, buf, sizeof buf));
        }
        return identifier(p, &t, out);
    }
    if (t.kind == QK_EOF)
        return qasm_fail_tok(p, PLT_EPARSE, &t, "expected an angle expression, found end of file");
    return qasm_fail_tok(p, PLT_EPARSE, &t, "expected an angle expression, found '%s'",
                         qasm_snip(p->text, t.start, t.end, buf, sizeof buf));
}

static plt_status parse_unary(qasm_parser *p, qasm_val *out) {
    plt_status st;
    if (++p->depth > QASM_MAX_DEPTH) {
        return qasm_fail_tok(p, PLT_EPARSE, &p->tok,
                             "angle expression nested deeper than %d levels", QASM_MAX_DEPTH);
    }
    qasm_tok t = p->tok;
    if (qasm_tok_punct(&t, '-') || qasm_tok_punct(&t, '+')) {
        if ((st = qasm_advance(p)) || (st = parse_unary(p, out))) return st;
        if (t.ch == '-' && !out->sym) {
            out->v.a = -out->v.a;
            out->v.b = -out->v.b;
        }
    } else {
        if ((st = parse_primary(p, out))) return st;
        if (p->tok.kind == QK_POW || qasm_tok_punct(&p->tok, '^')) {
            qasm_tok op = p->tok;
            qasm_val y;
            if ((st = qasm_advance(p)) || (st = parse_unary(p, &y))) return st;
            if ((st = need_const(p, &op, t.start, out, "a power")) ||
                (st = need_const(p, &op, t.start, &y, "a power")))
                return st;
            if (out->sym || y.sym) out->sym = 1;
            else out->v.b = pow(out->v.b, y.v.b);
            if ((st = finish(p, &op, t.start, out))) return st;
        }
    }
    p->depth--;
    return PLT_OK;
}

static plt_status parse_product(qasm_parser *p, qasm_val *out) {
    size_t start = p->tok.start;
    plt_status st = parse_unary(p, out);
    while (!st && (qasm_tok_punct(&p->tok, '*') || qasm_tok_punct(&p->tok, '/'))) {
        qasm_tok op = p->tok;
        qasm_val y;
        if ((st = qasm_advance(p)) || (st = parse_unary(p, &y))) return st;
        st = mul(p, &op, start, out, &y, op.ch == '/');
    }
    return st;
}

static plt_status parse_sum(qasm_parser *p, qasm_val *out) {
    size_t start = p->tok.start;
    plt_status st = parse_product(p, out);
    while (!st && (qasm_tok_punct(&p->tok, '+') || qasm_tok_punct(&p->tok, '-'))) {
        qasm_tok op = p->tok;
        qasm_val y;
        if ((st = qasm_advance(p)) || (st = parse_product(p, &y))) return st;
        st = add(p, &op, start, out, &y, op.ch == '-' ? -1.0 : 1.0);
    }
    return st;
}

plt_status qasm_expr(qasm_parser *p, qasm_val *out) {
    p->depth = 0;
    return parse_sum(p, out);
}

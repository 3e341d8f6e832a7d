/* Text forms of Pauli strings and sums. One iterative scanner reads terms into flat arrays
 * (no recursion, so no input nests); the qubit count is known only at the end when n = -1,
 * so strings are built in a second pass. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/psum_impl.h"

typedef struct factor {
    int q;
    char letter;
    size_t pos;
} factor;

typedef struct term {
    double re, im;
    size_t f0, nf;
    size_t pos;
} term;

typedef struct scan {
    const char *s;
    size_t pos;
    int n; /* -1 when taken from the text */
    const char *origin;
    factor *f;
    size_t nf, fcap;
    term *t;
    size_t nt, tcap;
    int dense_len; /* letters of the dense strings seen, -1 for none */
    size_t dense_pos;
    int maxq;
} scan;

static void locate(const char *s, size_t pos, int *line, int *col) {
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < pos && s[i]; i++)
        if (s[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    size_t c = pos - start + 1;
    *col = c > 1000000000 ? 1000000000 : (int)c;
}

static plt_status PLT_PRINTF(4, 5) fail(const scan *sc, plt_status code, size_t pos,
                                        const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line, col;
    locate(sc->s, pos, &line, &col);
    return plt_fail_at(code, sc->origin, line, col, "%s", msg);
}

/* What stands at pos, for messages: a quoted character or "the end of the input". */
static const char *found(const scan *sc, size_t pos, char *buf, size_t cap) {
    unsigned char c = (unsigned char)sc->s[pos];
    if (!c) return "the end of the input";
    if (c >= 32 && c < 127)
        snprintf(buf, cap, "'%c'", c);
    else
        snprintf(buf, cap, "byte 0x%02x", c);
    return buf;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_letter(char c) { return c && strchr("IXYZixyz", c) != NULL; }
static char upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

static void skip_ws(scan *sc) {
    while (is_ws(sc->s[sc->pos])) sc->pos++;
}

static plt_status push_factor(scan *sc, int q, char letter, size_t pos) {
    if (sc->nf == sc->fcap) {
        size_t cap = sc->fcap ? 2 * sc->fcap : 16;
        factor *f = realloc(sc->f, cap * sizeof *f);
        if (!f) return plt_fail_nomem("parsing a Pauli sum");
        sc->f = f;
        sc->fcap = cap;
    }
    sc->f[sc->nf++] = (factor){q, letter, pos};
    if (q > sc->maxq) sc->maxq = q;
    return PLT_OK;
}

/* A real number: digits, optional fraction, optional exponent; never "inf" or "nan". */
static plt_status number(scan *sc, double *v) {
    const char *s = sc->s;
    size_t p0 = sc->pos, p = p0, digits = 0;
    char buf[24];
    while (is_digit(s[p])) p++, digits++;
    if (s[p] == '.') {
        p++;
        while (is_digit(s[p])) p++, digits++;
    }
    if (!digits) return fail(sc, PLT_EPARSE, p0, "expected a number, found %s",
                             found(sc, p0, buf, sizeof buf));
    if (s[p] == 'e' || s[p] == 'E') {
        size_t pe = p++;
        if (s[p] == '+' || s[p] == '-') p++;
        if (!is_digit(s[p]))
            return fail(sc, PLT_EPARSE, pe, "exponent of the number has no digits (write 1e-3)");
        while (is_digit(s[p])) p++;
    }
    size_t len = p - p0;
    if (len > 400)
        return fail(sc, PLT_EPARSE, p0, "number of %zu characters is too long (at most 400)", len);
    char tmp[401];
    memcpy(tmp, s + p0, len);
    tmp[len] = '\0';
    double d = strtod(tmp, NULL);
    if (!isfinite(d))
        return fail(sc, PLT_EPARSE, p0, "coefficient %.40s is not a finite number (|c| < 1.8e308)",
                    tmp);
    *v = d;
    sc->pos = p;
    return PLT_OK;
}

/* "(re+imj)" as printed by plt_psum_to_text. */
static plt_status complex_number(scan *sc, double *re, double *im) {
    char buf[24];
    sc->pos++; /* '(' */
    skip_ws(sc);
    double sgn = 1;
    if (sc->s[sc->pos] == '-' || sc->s[sc->pos] == '+') sgn = sc->s[sc->pos++] == '-' ? -1 : 1;
    plt_status st = number(sc, re);
    if (st) return st;
    *re *= sgn;
    skip_ws(sc);
    char c = sc->s[sc->pos];
    if (c != '+' && c != '-')
        return fail(sc, PLT_EPARSE, sc->pos,
                    "expected '+' or '-' and an imaginary part as in (0.5+2j), found %s",
                    found(sc, sc->pos, buf, sizeof buf));
    sc->pos++;
    skip_ws(sc);
    st = number(sc, im);
    if (st) return st;
    if (c == '-') *im = -*im;
    if (sc->s[sc->pos] != 'j')
        return fail(sc, PLT_EPARSE, sc->pos, "expected 'j' after the imaginary part, found %s",
                    found(sc, sc->pos, buf, sizeof buf));
    sc->pos++;
    skip_ws(sc);
    if (sc->s[sc->pos] != ')')
        return fail(sc, PLT_EPARSE, sc->pos, "expected ')' to close the complex coefficient, found %s",
                    found(sc, sc->pos, buf, sizeof buf));
    sc->pos++;
    return PLT_OK;
}

/* Factors joined by '*': indexed ("X0*Z3", "I" alone allowed) or one dense string ("XIZY"). */
static plt_status product(scan *sc) {
    const char *s = sc->s;
    char buf[24];
    int nfac = 0;
    for (;;) {
        skip_ws(sc);
        size_t p0 = sc->pos;
        if (!is_letter(s[p0]))
            return fail(sc, PLT_EPARSE, p0, "expected a Pauli letter (I, X, Y, Z), found %s",
                        found(sc, p0, buf, sizeof buf));
        size_t p = p0;
        while (is_letter(s[p])) p++;
        size_t nlet = p - p0;
        nfac++;
        if (is_digit(s[p])) {
            if (nlet > 1)
                return fail(sc, PLT_EPARSE, p0,
                            "'%.*s' mixes the dense and indexed forms: write one letter per "
                            "index joined by '*' (X0*Z3) or one letter per qubit (XIZY)",
                            (int)(nlet + 1 > 40 ? 40 : nlet + 1), s + p0);
            size_t d0 = p;
            long q = 0;
            while (is_digit(s[p])) {
                if (q <= PLT_MAX_QUBITS) q = q * 10 + (s[p] - '0');
                p++;
            }
            size_t nd = p - d0;
            int nd_shown = nd > 30 ? 30 : (int)nd;
            const char *more = nd > 30 ? "..." : "";
            if (sc->n > 0 && q >= sc->n)
                return fail(sc, PLT_EINVAL, d0,
                            "qubit %.*s%s is out of range for a %d-qubit circuit (valid 0..%d)",
                            nd_shown, s + d0, more, sc->n, sc->n - 1);
            if (q >= PLT_MAX_QUBITS)
                return fail(sc, PLT_EINVAL, d0,
                            "qubit %.*s%s is beyond the limit of %d qubits (valid 0..%d)",
                            nd_shown, s + d0, more, PLT_MAX_QUBITS, PLT_MAX_QUBITS - 1);
            plt_status st = push_factor(sc, (int)q, upper(s[p0]), d0);
            if (st) return st;
            sc->pos = p;
        } else if (nlet == 1 && upper(s[p0]) == 'I') {
            sc->pos = p; /* identity factor: no qubit */
        } else {
            size_t q = p;
            while (is_ws(s[q])) q++;
            if (nfac > 1 || s[q] == '*')
                return fail(sc, PLT_EPARSE, p0,
                            "'%c' has no qubit index: in the indexed form every factor is a "
                            "letter and an index (X0*Z3), and a dense string (XIZY) stands alone",
                            s[p0]);
            if (nlet > PLT_MAX_QUBITS)
                return fail(sc, PLT_EPARSE, p0, "dense string of %zu letters exceeds the limit "
                            "of %d qubits", nlet, PLT_MAX_QUBITS);
            if (sc->n > 0 && (int)nlet != sc->n)
                return fail(sc, PLT_EPARSE, p0,
                            "dense string has %zu letters for a %d-qubit circuit (write one "
                            "letter per qubit, or the indexed form X0*Z3)", nlet, sc->n);
            if (sc->dense_len >= 0 && (int)nlet != sc->dense_len)
                return fail(sc, PLT_EPARSE, p0,
                            "dense string has %zu letters but an earlier one has %d (all dense "
                            "strings need one letter per qubit)", nlet, sc->dense_len);
            if (sc->dense_len < 0) {
                sc->dense_len = (int)nlet;
                sc->dense_pos = p0;
            }
            for (size_t k = 0; k < nlet; k++) {
                char c = upper(s[p0 + k]);
                if (c == 'I') continue;
                plt_status st = push_factor(sc, (int)k, c, p0 + k);
                if (st) return st;
            }
            sc->pos = p;
            return PLT_OK;
        }
        size_t save = sc->pos;
        skip_ws(sc);
        if (s[sc->pos] != '*') {
            sc->pos = save;
            break;
        }
        sc->pos++;
    }
    return PLT_OK;
}

static plt_status push_term(scan *sc, double re, double im, size_t f0, size_t pos) {
    if (sc->nt == sc->tcap) {
        size_t cap = sc->tcap ? 2 * sc->tcap : 8;
        term *t = realloc(sc->t, cap * sizeof *t);
        if (!t) return plt_fail_nomem("parsing a Pauli sum");
        sc->t = t;
        sc->tcap = cap;
    }
    sc->t[sc->nt++] = (term){re, im, f0, sc->nf - f0, pos};
    return PLT_OK;
}

/* [coefficient ['*' product]] | product, with the sign already read. */
static plt_status one_term(scan *sc, double sign, int allow_coef) {
    char buf[24];
    skip_ws(sc);
    size_t p0 = sc->pos, f0 = sc->nf;
    char c = sc->s[p0];
    double re = 1, im = 0;
    int has_coef = 0;
    if (allow_coef && c == '(') {
        plt_status st = complex_number(sc, &re, &im);
        if (st) return st;
        has_coef = 1;
    } else if (allow_coef && (is_digit(c) || c == '.')) {
        plt_status st = number(sc, &re);
        if (st) return st;
        has_coef = 1;
    } else if (!is_letter(c)) {
        if (!allow_coef && (is_digit(c) || c == '+' || c == '-' || c == '(' || c == '.'))
            return fail(sc, PLT_EPARSE, p0,
                        "a Pauli string takes no sign or coefficient (parse it as a sum)");
        return fail(sc, PLT_EPARSE, p0,
                    "expected a term such as 0.5*Z0*Z1, X3 or XIZY, found %s",
                    found(sc, p0, buf, sizeof buf));
    }
    if (has_coef) {
        size_t save = sc->pos;
        skip_ws(sc);
        if (sc->s[sc->pos] == '*') {
            sc->pos++;
            plt_status st = product(sc);
            if (st) return st;
        } else if (is_letter(sc->s[sc->pos])) {
            return fail(sc, PLT_EPARSE, sc->pos,
                        "expected '*' between the coefficient and the Pauli string (2*X0)");
        } else {
            sc->pos = save; /* a bare number: a multiple of the identity */
        }
    } else {
        plt_status st = product(sc);
        if (st) return st;
    }
    return push_term(sc, sign * re, sign * im, f0, p0);
}

static int cmp_factor(const void *a, const void *b) {
    const factor *x = a, *y = b;
    if (x->q != y->q) return x->q < y->q ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Settles n, then checks ranges (when n came from the text) and repeated qubits. */
static plt_status settle(scan *sc, int *n_out) {
    int n = sc->n;
    if (n < 0) n = sc->dense_len >= 0 ? sc->dense_len : (sc->maxq + 1 > 1 ? sc->maxq + 1 : 1);
    for (size_t i = 0; i < sc->nf; i++)
        if (sc->f[i].q >= n)
            return fail(sc, PLT_EINVAL, sc->f[i].pos,
                        "qubit %d is out of range for a %d-qubit circuit (valid 0..%d; the dense "
                        "strings set %d qubits)", sc->f[i].q, n, n - 1, n);
    for (size_t t = 0; t < sc->nt; t++) {
        factor *f = sc->f + sc->t[t].f0;
        size_t nf = sc->t[t].nf;
        if (nf < 2) continue;
        /* Sorting in place is fine: the order of factors on distinct qubits does not matter,
         * and ties keep text order so the message points at the repetition. */
        qsort(f, nf, sizeof *f, cmp_factor);
        size_t bad = SIZE_MAX;
        int badq = 0;
        for (size_t k = 1; k < nf; k++)
            if (f[k].q == f[k - 1].q && f[k].pos < bad) {
                bad = f[k].pos;
                badq = f[k].q;
            }
        if (bad != SIZE_MAX)
            return fail(sc, PLT_EPARSE, bad,
                        "qubit %d is repeated in one term (give each qubit at most one letter)",
                        badq);
    }
    *n_out = n;
    return PLT_OK;
}

static void fill(const scan *sc, const term *t, plt_pstring *p) {
    memset(p->x, 0, 2 * (size_t)p->nw * sizeof *p->x);
    for (size_t k = 0; k < t->nf; k++) {
        const factor *f = sc->f + t->f0 + k;
        uint64_t bit = 1ULL << (f->q % 64);
        if (f->letter == 'X' || f->letter == 'Y') p->x[f->q / 64] |= bit;
        if (f->letter == 'Z' || f->letter == 'Y') p->z[f->q / 64] |= bit;
    }
}

static plt_status check_args(const char *text, int n, void *out) {
    if (!out) return plt_fail(PLT_EINVAL, "Pauli text parser: out is NULL");
    if (!text) return plt_fail(PLT_EINVAL, "Pauli text parser: text is NULL");
    if (n == 0 || n < -1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "qubit count %d is invalid (use 1..%d, or -1 to take it "
                        "from the text)", n, PLT_MAX_QUBITS);
    return PLT_OK;
}

static plt_status expect_end(scan *sc, const char *what) {
    char buf[24];
    skip_ws(sc);
    if (sc->s[sc->pos])
        return fail(sc, PLT_EPARSE, sc->pos, "unexpected %s after the %s",
                    found(sc, sc->pos, buf, sizeof buf), what);
    return PLT_OK;
}

plt_status plt_pstring_parse(const char *text, int n, const char *origin, plt_pstring **out) {
    plt_status st = check_args(text, n, out);
    if (st) return st;
    *out = NULL;
    scan sc = {.s = text, .n = n, .origin = origin, .dense_len = -1, .maxq = -1};
    plt_pstring *p = NULL;
    skip_ws(&sc);
    if (!text[sc.pos]) {
        st = fail(&sc, PLT_EPARSE, sc.pos, "empty Pauli string (write e.g. X0*Z3, XIZY or I)");
        goto fail;
    }
    if ((st = one_term(&sc, 1.0, 0))) goto fail;
    if ((st = expect_end(&sc, "Pauli string"))) goto fail;
    int nn;
    if ((st = settle(&sc, &nn))) goto fail;
    if ((st = plt_pstring_new(nn, &p))) goto fail;
    fill(&sc, &sc.t[0], p);
    free(sc.f);
    free(sc.t);
    *out = p;
    return PLT_OK;
fail:
    free(sc.f);
    free(sc.t);
    plt_pstring_free(p);
    return st;
}

/* ---------- Hermitian check ---------- */

/* Indexed text of a term for messages, cut at cap - 4 characters with "...". */
static void term_label(const uint64_t *x, const uint64_t *z, int nw, char *buf, size_t cap) {
    size_t len = 0;
    buf[0] = '\0';
    for (int w = 0; w < nw; w++) {
        uint64_t m = x[w] | z[w];
        while (m) {
            int bit = __builtin_ctzll(m);
            m &= m - 1;
            int xb = (int)((x[w] >> bit) & 1u), zb = (int)((z[w] >> bit) & 1u);
            char f[32];
            int k = snprintf(f, sizeof f, "%s%c%d", len ? "*" : "", "IZXY"[2 * xb + zb],
                             64 * w + bit);
            if (len + (size_t)k + 4 > cap) {
                snprintf(buf + len, cap - len, "...");
                return;
            }
            memcpy(buf + len, f, (size_t)k + 1);
            len += (size_t)k;
        }
    }
    if (!len) snprintf(buf, cap, "I");
}

/* One wording for the parser and the model check, so the CLI and the C API say the same. */
static void not_hermitian(char *msg, size_t cap, const uint64_t *x, const uint64_t *z, int nw,
                          double re, double im, int summed) {
    char label[80];
    term_label(x, z, nw, label, sizeof label);
    snprintf(msg, cap,
             "the observable must be Hermitian: term %s has coefficient %g%+gi%s; give real "
             "coefficients (imaginary part exactly 0, e.g. 0.5 or (0.5+0j))",
             label, re + 0.0 /* no "-0" */, im, summed ? " (summed over its occurrences)" : "");
}

plt_status plt_psum_check_hermitian(const plt_psum *s) {
    if (!s) return plt_fail(PLT_EINVAL, "plt_psum_check_hermitian: sum is NULL");
    for (size_t i = 0; i < s->count; i++) {
        const double *c = plt_psum_coef(s, i);
        if (c[1] == 0.0) continue; /* -0.0 too; NaN is refused */
        char msg[300];
        not_hermitian(msg, sizeof msg, plt_psum_x(s, i), plt_psum_z(s, i), s->nw, c[0], c[1], 0);
        return plt_fail(PLT_EINVAL, "%s", msg);
    }
    return PLT_OK;
}

/* The first term of the text whose string has a non-real summed coefficient: checking the
 * sum, not each written term, keeps (1+1j)*X0 - (0+1j)*X0 valid. */
static plt_status hermitian_at(const scan *sc, const plt_psum *s, plt_pstring *p) {
    for (size_t t = 0; t < sc->nt; t++) {
        if (sc->t[t].im == 0.0) continue;
        fill(sc, &sc->t[t], p);
        size_t i = plt_psum_find_words(s, p->x, p->z);
        if (i == SIZE_MAX) continue;
        const double *c = plt_psum_coef(s, i);
        if (c[1] == 0.0) continue;
        char msg[300];
        int summed = c[0] != sc->t[t].re || c[1] != sc->t[t].im;
        not_hermitian(msg, sizeof msg, p->x, p->z, p->nw, c[0], c[1], summed);
        return fail(sc, PLT_EINVAL, sc->t[t].pos, "%s", msg);
    }
    /* Not reached: a string whose sum is not real has a written term that is not. */
    return plt_psum_check_hermitian(s);
}

static plt_status parse_sum(const char *text, int n, const char *origin, int hermitian,
                            plt_psum **out) {
    plt_status st = check_args(text, n, out);
    if (st) return st;
    *out = NULL;
    scan sc = {.s = text, .n = n, .origin = origin, .dense_len = -1, .maxq = -1};
    plt_psum *s = NULL;
    plt_pstring *p = NULL;
    char buf[24];
    skip_ws(&sc);
    if (!text[sc.pos]) {
        st = fail(&sc, PLT_EPARSE, sc.pos,
                  "empty Pauli sum (write e.g. 0.5*Z0*Z1 + X3, or 0 for the zero operator)");
        goto fail;
    }
    double sign = 1;
    if (text[sc.pos] == '+' || text[sc.pos] == '-') sign = text[sc.pos++] == '-' ? -1 : 1;
    for (;;) {
        if ((st = one_term(&sc, sign, 1))) goto fail;
        skip_ws(&sc);
        char c = text[sc.pos];
        if (!c) break;
        if (c != '+' && c != '-') {
            st = fail(&sc, PLT_EPARSE, sc.pos, "expected '+', '-' or the end after a term, found %s",
                      found(&sc, sc.pos, buf, sizeof buf));
            goto fail;
        }
        sign = c == '-' ? -1 : 1;
        sc.pos++;
    }
    int nn;
    if ((st = settle(&sc, &nn))) goto fail;
    if ((st = plt_psum_new(nn, &s))) goto fail;
    if ((st = plt_pstring_new(nn, &p))) goto fail;
    for (size_t t = 0; t < sc.nt; t++) {
        fill(&sc, &sc.t[t], p);
        if ((st = plt_psum_add(s, p, sc.t[t].re, sc.t[t].im))) goto fail;
    }
    if (hermitian && (st = hermitian_at(&sc, s, p))) goto fail;
    plt_pstring_free(p);
    free(sc.f);
    free(sc.t);
    *out = s;
    return PLT_OK;
fail:
    free(sc.f);
    free(sc.t);
    plt_pstring_free(p);
    plt_psum_free(s);
    return st;
}

plt_status plt_psum_parse(const char *text, int n, const char *origin, plt_psum **out) {
    return parse_sum(text, n, origin, 0, out);
}

plt_status plt_psum_parse_hermitian(const char *text, int n, const char *origin,
                                    plt_psum **out) {
    return parse_sum(text, n, origin, 1, out);
}

/* ---------- printing ---------- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
    int bad;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) PLT_PRINTF(2, 3);
static void put(sbuf *b, const char *fmt, ...) {
    if (b->bad) return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->bad = 1;
            return;
        }
        if (b->s && b->len + (size_t)k < b->cap) {
            b->len += (size_t)k;
            return;
        }
        size_t cap = b->cap ? b->cap : 64;
        while (cap <= b->len + (size_t)k) cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->bad = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* Shortest %g form that reads back to the same double. */
static void fmt_num(char *buf, size_t cap, double v) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

plt_status plt_psum_to_text(const plt_psum *s, char **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_psum_to_text: out is NULL");
    *out = NULL;
    if (!s) return plt_fail(PLT_EINVAL, "plt_psum_to_text: sum is NULL");
    sbuf b = {0};
    char num[40], num2[40];
    if (!s->count) put(&b, "0");
    for (size_t i = 0; i < s->count; i++) {
        const double *c = plt_psum_coef(s, i);
        const uint64_t *x = plt_psum_x(s, i), *z = plt_psum_z(s, i);
        int identity = plt_pw_weight(x, z, s->nw) == 0;
        if (c[1] != 0 || isnan(c[1])) {
            fmt_num(num, sizeof num, c[0]);
            fmt_num(num2, sizeof num2, fabs(c[1]));
            put(&b, "%s(%s%c%sj)", i ? " + " : "", num, signbit(c[1]) ? '-' : '+', num2);
            if (!identity) put(&b, "*");
        } else {
            int neg = signbit(c[0]) != 0;
            double a = fabs(c[0]);
            put(&b, "%s", i ? (neg ? " - " : " + ") : (neg ? "-" : ""));
            if (identity || a != 1.0) {
                fmt_num(num, sizeof num, a);
                put(&b, "%s%s", num, identity ? "" : "*");
            }
        }
        if (identity) continue;
        int k = 0;
        for (int w = 0; w < s->nw; w++) {
            uint64_t m = x[w] | z[w];
            while (m) {
                int bit = __builtin_ctzll(m);
                m &= m - 1;
                int xb = (int)((x[w] >> bit) & 1u), zb = (int)((z[w] >> bit) & 1u);
                put(&b, "%s%c%d", k++ ? "*" : "", "IZXY"[2 * xb + zb], 64 * w + bit);
            }
        }
    }
    if (b.bad) {
        free(b.s);
        return plt_fail_nomem("the text of a Pauli sum");
    }
    *out = b.s;
    return PLT_OK;
}

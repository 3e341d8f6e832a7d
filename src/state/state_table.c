/* "expect:FILE": a table of measured Pauli expectation values, the data-acquisition route
 * in its plainest form (one value per string, as a device measures them directly). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "state/state_impl.h"
#include "state/state_table.h"
#include "pauli/psum_impl.h"

/* A measured value may overshoot +-1 by its statistical error; this much and no more. */
#define TABLE_RANGE_TOL 0.1

static int blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* One line "STRING VALUE": the string in either Pauli form (Z0*Z3 or ZIIZ). */
static plt_status table_line(char *p, int line, const char *path, int n, plt_psum *tab) {
    char *q = p;
    while (blank(*q)) q++;
    if (!*q) return PLT_OK;
    char *s0 = q;
    while (*q && !blank(*q)) q++;
    char *s1 = q, save = *q;
    *q = '\0';
    plt_pstring *ps = NULL;
    plt_status st = plt_pstring_parse(s0, n, NULL, &ps);
    *q = save;
    if (st) {
        /* The parser's reason, copied: raising the new error reuses its record. */
        char why[200];
        const plt_error *e = plt_error_last();
        snprintf(why, sizeof why, "%s", e && e->message ? e->message : "");
        return plt_fail_at(st, path, line, (int)(s0 - p) + 1,
                           "'%.*s' is not a Pauli string of %d qubits (%s)",
                           (int)(q - s0 > 40 ? 40 : q - s0), s0, n, why);
    }
    while (blank(*q)) q++;
    int vcol = (int)(q - p) + 1;
    if (!*q) {
        plt_pstring_free(ps);
        return plt_fail_at(PLT_EPARSE, path, line, vcol,
                           "no value after the string (write 'STRING VALUE')");
    }
    char *end = q;
    double v = strtod(q, &end);
    if (end == q || !isfinite(v) || (*end && !blank(*end))) {
        size_t w = strcspn(q, " \t\r");
        plt_pstring_free(ps);
        return plt_fail_at(PLT_EPARSE, path, line, vcol, "'%.*s' is not a finite number",
                           (int)(w > 40 ? 40 : w), q);
    }
    q = end;
    while (blank(*q)) q++;
    if (*q) {
        plt_pstring_free(ps);
        return plt_fail_at(PLT_EPARSE, path, line, (int)(q - p) + 1,
                           "more than a string and a value on the line (write one "
                           "'STRING VALUE' a line)");
    }
    if (fabs(v) > 1 + TABLE_RANGE_TOL) {
        plt_pstring_free(ps);
        return plt_fail_at(PLT_EINVAL, path, line, vcol,
                           "%g is not the expectation value of a Pauli string (|value| <= 1)", v);
    }
    int ident = plt_pstring_weight(ps) == 0;
    if (ident && fabs(v - 1) > 1e-12) {
        plt_pstring_free(ps);
        return plt_fail_at(PLT_EINVAL, path, line, vcol,
                           "the identity has expectation value 1, not %g", v);
    }
    if (plt_psum_find_words(tab, ps->x, ps->z) != SIZE_MAX) {
        plt_pstring_free(ps);
        return plt_fail_at(PLT_EINVAL, path, line, (int)(s0 - p) + 1,
                           "'%.*s' is given twice (one value per string)",
                           (int)(s1 - s0 > 40 ? 40 : s1 - s0), s0);
    }
    st = plt_psum_add_words(tab, ps->x, ps->z, v, 0, NULL);
    plt_pstring_free(ps);
    return st;
}

plt_status state_parse_table(const char *path, int n, const char *origin, plt_state **out) {
    *out = NULL;
    char *text = NULL;
    plt_status st = state_read_text(path, origin, &text);
    if (st) return st;
    st = state_table_parse_text(text, path, n, out);
    free(text);
    return st;
}

plt_status state_table_parse_text(char *text, const char *path, int n, plt_state **out) {
    *out = NULL;
    plt_psum *tab = NULL;
    plt_status st = plt_psum_new(n, &tab);
    if (st) return st;
    int line = 1;
    char *p = text;
    while (*p) {
        char *eol = strchr(p, '\n');
        if (eol) *eol = '\0';
        char *hash = strchr(p, '#');
        if (hash) *hash = '\0';
        if ((st = table_line(p, line, path, n, tab))) goto fail;
        if (!eol) break;
        p = eol + 1;
        line++;
    }
    if (plt_psum_nterms(tab) == 0) {
        st = plt_fail_at(PLT_EINVAL, path, line, 1,
                         "the table has no values (write one 'STRING VALUE' a line, e.g. "
                         "'Z0*Z1 0.42')");
        goto fail;
    }
    if ((st = state_alloc(PLT_STATE_TABLE, n, out))) goto fail;
    (*out)->table = tab;
    (*out)->path = strdup(path);
    if (!(*out)->path) {
        plt_state_free(*out);
        *out = NULL;
        return plt_fail_nomem("a state path");
    }
    return PLT_OK;
fail:
    plt_psum_free(tab);
    return st;
}

int state_table_value(const plt_state *s, const uint64_t *x, const uint64_t *z, double *v) {
    int nw = plt_psum_nwords(s->table), ident = 1;
    for (int w = 0; w < nw; w++) ident &= !x[w] && !z[w];
    if (ident) {
        *v = 1;
        return 1;
    }
    size_t j = plt_psum_find_words(s->table, x, z);
    if (j == SIZE_MAX) return 0;
    *v = plt_psum_coef(s->table, j)[0];
    return 1;
}

plt_status state_table_missing(const plt_state *s, const uint64_t *x, const uint64_t *z) {
    plt_pstring *p = NULL;
    char *txt = NULL;
    int n = plt_psum_nqubits(s->table), nw = plt_psum_nwords(s->table);
    if (plt_pstring_new(n, &p) == PLT_OK) {
        memcpy(p->x, x, (size_t)nw * sizeof *x);
        memcpy(p->z, z, (size_t)nw * sizeof *z);
        if (plt_pstring_to_text(p, 0, &txt)) txt = NULL;
    }
    plt_status st = plt_fail(PLT_EUNSUPPORTED,
                             "the expectation table '%s' has no value for %s, which the "
                             "simulation needs; measure it too, or give shadows:FILE (from "
                             "which any string is estimated)",
                             s->path ? s->path : "", txt ? txt : "a string");
    plt_free(txt);
    plt_pstring_free(p);
    return st;
}

size_t plt_state_table_size(const plt_state *s) {
    return s && s->kind == PLT_STATE_TABLE ? plt_psum_nterms(s->table) : 0;
}

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/qasm_lex.h"

void qasm_lex_init(qasm_lex *lx, const char *text, size_t len, const char *origin) {
    lx->s = text;
    lx->n = len;
    lx->pos = 0;
    lx->line = 1;
    lx->col = 1;
    lx->origin = origin;
}

/* Columns count characters, not bytes: UTF-8 continuation bytes do not advance. */
static void bump(qasm_lex *lx) {
    unsigned char c = (unsigned char)lx->s[lx->pos++];
    if (c == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        lx->col++;
    }
}

static int at(const qasm_lex *lx, size_t k) {
    return lx->pos + k < lx->n ? (unsigned char)lx->s[lx->pos + k] : -1;
}

static int is_id_start(int c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_id_char(int c) { return is_id_start(c) || is_digit(c); }

/* Length of the well-formed UTF-8 sequence at pos (2..4), or 0. Identifiers may hold
 * UTF-8 letters (θ, π); anything else above 0x7f is binary data, refused by value. */
static int utf8_len(const qasm_lex *lx) {
    int c = at(lx, 0), n;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    for (int k = 1; k < n; k++)
        if ((at(lx, (size_t)k) & 0xC0) != 0x80) return 0;
    int c1 = at(lx, 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F))
        return 0; /* overlong, surrogate or beyond U+10FFFF */
    return n;
}

static plt_status bad_byte(const qasm_lex *lx) {
    int c = at(lx, 0);
    if (c >= 0x21 && c < 0x7f)
        return plt_fail_at(PLT_EPARSE, lx->origin, lx->line, lx->col, "unexpected character '%c'",
                           c);
    return plt_fail_at(PLT_EPARSE, lx->origin, lx->line, lx->col,
                       "unexpected byte 0x%02x (not OpenQASM text)", (unsigned)c);
}

/* Consumes an identifier: ASCII letters, digits, '_' and whole UTF-8 characters. */
static plt_status lex_ident(qasm_lex *lx) {
    for (;;) {
        int c = at(lx, 0);
        if (c >= 0x80) {
            int n = utf8_len(lx);
            if (!n) return bad_byte(lx);
            while (n--) bump(lx);
        } else if (is_id_char(c)) {
            bump(lx);
        } else {
            return PLT_OK;
        }
    }
}

static plt_status skip_blank(qasm_lex *lx) {
    for (;;) {
        int c = at(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            bump(lx);
        } else if (c == '/' && at(lx, 1) == '/') {
            while (lx->pos < lx->n && lx->s[lx->pos] != '\n') bump(lx);
        } else if (c == '/' && at(lx, 1) == '*') {
            int line = lx->line, col = lx->col;
            bump(lx);
            bump(lx);
            for (;;) {
                if (lx->pos >= lx->n)
                    return plt_fail_at(PLT_EPARSE, lx->origin, line, col,
                                       "unterminated block comment: '/*' has no matching '*/'");
                if (at(lx, 0) == '*' && at(lx, 1) == '/') {
                    bump(lx);
                    bump(lx);
                    break;
                }
                bump(lx);
            }
        } else {
            return PLT_OK;
        }
    }
}

static plt_status lex_number(qasm_lex *lx, qasm_tok *t) {
    int real = 0;
    while (is_digit(at(lx, 0))) bump(lx);
    if (at(lx, 0) == '.') {
        real = 1;
        bump(lx);
        while (is_digit(at(lx, 0))) bump(lx);
    }
    if ((at(lx, 0) == 'e' || at(lx, 0) == 'E') &&
        (is_digit(at(lx, 1)) || ((at(lx, 1) == '+' || at(lx, 1) == '-') && is_digit(at(lx, 2))))) {
        real = 1;
        bump(lx);
        if (at(lx, 0) == '+' || at(lx, 0) == '-') bump(lx);
        while (is_digit(at(lx, 0))) bump(lx);
    }
    if (is_id_start(at(lx, 0)))
        return plt_fail_at(PLT_EPARSE, lx->origin, t->line, t->col,
                           "malformed number '%.*s%c': a letter follows the digits",
                           (int)(lx->pos - t->start > 40 ? 40 : lx->pos - t->start),
                           lx->s + t->start, at(lx, 0) < 0x80 ? at(lx, 0) : '?');
    size_t len = lx->pos - t->start;
    t->kind = real ? QK_REAL : QK_INT;
    if (!real) {
        uint64_t v = 0;
        t->big = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned d = (unsigned)(lx->s[t->start + i] - '0');
            if (v > (UINT64_C(1) << 62) / 10) t->big = 1;
            else v = v * 10 + d;
        }
        t->ival = t->big ? 0 : v;
    }
    /* strtod needs a terminated copy; the text itself need not be terminated. */
    char small[64], *buf = small;
    if (len + 1 > sizeof small) {
        buf = malloc(len + 1);
        if (!buf) return plt_fail_nomem("a QASM number");
    }
    memcpy(buf, lx->s + t->start, len);
    buf[len] = '\0';
    t->num = strtod(buf, NULL);
    if (buf != small) free(buf);
    return PLT_OK;
}

plt_status qasm_lex_next(qasm_lex *lx, qasm_tok *t) {
    plt_status st = skip_blank(lx);
    if (st) return st;
    memset(t, 0, sizeof *t);
    t->start = lx->pos;
    t->line = lx->line;
    t->col = lx->col;
    t->s = lx->s + lx->pos;
    int c = at(lx, 0);
    if (c < 0) {
        t->kind = QK_EOF;
    } else if (is_id_start(c)) {
        if ((st = lex_ident(lx))) return st;
        t->kind = QK_ID;
    } else if (is_digit(c) || (c == '.' && is_digit(at(lx, 1)))) {
        st = lex_number(lx, t);
        if (st) return st;
    } else if (c == '"' || c == '\'') {
        bump(lx);
        t->s = lx->s + lx->pos;
        while (lx->pos < lx->n && at(lx, 0) != c && at(lx, 0) != '\n') bump(lx);
        if (at(lx, 0) != c)
            return plt_fail_at(PLT_EPARSE, lx->origin, t->line, t->col,
                               "unterminated string: missing closing %c on this line", c);
        t->len = (size_t)(lx->s + lx->pos - t->s);
        bump(lx);
        t->kind = QK_STRING;
    } else if (c == '$' && is_digit(at(lx, 1))) {
        bump(lx);
        while (is_digit(at(lx, 0))) bump(lx);
        t->kind = QK_HWQUBIT;
    } else if (c == '-' && at(lx, 1) == '>') {
        bump(lx);
        bump(lx);
        t->kind = QK_ARROW;
    } else if (c == '*' && at(lx, 1) == '*') {
        bump(lx);
        bump(lx);
        t->kind = QK_POW;
    } else if (c == '=' && at(lx, 1) == '=') {
        bump(lx);
        bump(lx);
        t->kind = QK_EQEQ;
    } else if (c != 0 && strchr(";,()[]{}+-*/=@:^<>!#", c)) {
        bump(lx);
        t->kind = QK_PUNCT;
        t->ch = c;
    } else {
        return bad_byte(lx);
    }
    if (t->kind != QK_STRING) t->len = lx->pos - t->start;
    t->end = lx->pos;
    t->end_line = lx->line;
    t->end_col = lx->col;
    return PLT_OK;
}

int qasm_tok_is(const qasm_tok *t, const char *word) {
    size_t n = strlen(word);
    return t->kind == QK_ID && t->len == n && memcmp(t->s, word, n) == 0;
}

int qasm_tok_punct(const qasm_tok *t, int c) { return t->kind == QK_PUNCT && t->ch == c; }

const char *qasm_snip(const char *text, size_t a, size_t b, char *buf, size_t cap) {
    size_t k = 0, limit = cap - 4, i;
    for (i = a; i < b && k < limit; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && k > 0 && buf[k - 1] == ' ') continue;
        buf[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (i < b) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

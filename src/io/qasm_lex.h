/* Internal: the OpenQASM 2/3 lexer. A lexer is a small copyable cursor over the
 * text, so a gate body can be re-read from its saved position at every call
 * instead of being stored as a token list. */
#ifndef PLT_IO_QASM_LEX_H
#define PLT_IO_QASM_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/status.h"

typedef enum qasm_tk {
    QK_EOF,
    QK_ID,     /* identifier; may contain UTF-8 bytes (Qiskit writes θ) */
    QK_INT,    /* decimal integer; `big` set when it does not fit in 63 bits */
    QK_REAL,   /* number with a point or an exponent, in `num` */
    QK_STRING, /* "..." without the quotes in s, len */
    QK_HWQUBIT,/* $n */
    QK_ARROW,  /* -> */
    QK_POW,    /* ** */
    QK_EQEQ,   /* == */
    QK_PUNCT   /* one character in `ch` */
} qasm_tk;

typedef struct qasm_tok {
    qasm_tk kind;
    int ch;               /* QK_PUNCT */
    const char *s;        /* token text (for QK_STRING: between the quotes) */
    size_t len;
    size_t start, end;    /* byte offsets of the whole token */
    int line, col;        /* 1-based position of its first character */
    int end_line, end_col;/* position just after it */
    uint64_t ival;        /* QK_INT */
    int big;              /* QK_INT too large */
    double num;           /* QK_INT, QK_REAL */
} qasm_tok;

typedef struct qasm_lex {
    const char *s;
    size_t n, pos;
    int line, col;
    const char *origin;
} qasm_lex;

void qasm_lex_init(qasm_lex *lx, const char *text, size_t len, const char *origin);
/* Skips blanks and comments and reads one token. PLT_EPARSE on an invalid byte,
 * an unterminated comment or string, or an unreadable number. */
plt_status qasm_lex_next(qasm_lex *lx, qasm_tok *t);
/* 1 when t is the identifier `word`. */
int qasm_tok_is(const qasm_tok *t, const char *word);
/* 1 when t is the one-character punctuation c. */
int qasm_tok_punct(const qasm_tok *t, int c);
/* A printable, one-line, bounded rendering of text[a..b) into buf (cap >= 8). */
const char *qasm_snip(const char *text, size_t a, size_t b, char *buf, size_t cap);

#endif

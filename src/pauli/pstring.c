#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/pstring.h"

/* Y = i X Z, so a string is i^{popcount(x&z)} X^x Z^z. Moving Z^z1 past X^x2 costs
 * (-1)^{popcount(z1&x2)}, and the product's own Y factors take back i^{popcount(x3&z3)}. */
int plt_pw_mul(const uint64_t *x1, const uint64_t *z1, const uint64_t *x2, const uint64_t *z2,
               uint64_t *xo, uint64_t *zo, int nw) {
    unsigned acc = 0;
    for (int w = 0; w < nw; w++) {
        uint64_t a = x1[w], b = z1[w], c = x2[w], d = z2[w];
        uint64_t x3 = a ^ c, z3 = b ^ d;
        acc += (unsigned)__builtin_popcountll(a & b) + (unsigned)__builtin_popcountll(c & d) +
               2u * (unsigned)__builtin_popcountll(b & c) - (unsigned)__builtin_popcountll(x3 & z3);
        xo[w] = x3;
        zo[w] = z3;
    }
    return (int)(acc & 3u);
}

plt_status plt_pstring_new(int n, plt_pstring **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_pstring_new: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "a Pauli string needs 1..%d qubits, got %d", PLT_MAX_QUBITS,
                        n);
    plt_pstring *p = malloc(sizeof *p);
    int nw = plt_nwords(n);
    uint64_t *words = calloc(2 * (size_t)nw, sizeof *words);
    if (!p || !words) {
        free(p);
        free(words);
        return plt_fail_nomem("a Pauli string");
    }
    p->n = n;
    p->nw = nw;
    p->x = words;
    p->z = words + nw;
    *out = p;
    return PLT_OK;
}

plt_status plt_pstring_clone(const plt_pstring *p, plt_pstring **out) {
    if (!p) return plt_fail(PLT_EINVAL, "plt_pstring_clone: string is NULL");
    plt_status st = plt_pstring_new(p->n, out);
    if (st) return st;
    memcpy((*out)->x, p->x, 2 * (size_t)p->nw * sizeof(uint64_t));
    return PLT_OK;
}

void plt_pstring_free(plt_pstring *p) {
    if (!p) return;
    free(p->x);
    free(p);
}

int plt_pstring_nqubits(const plt_pstring *p) { return p ? p->n : 0; }

char plt_pstring_get(const plt_pstring *p, int q) {
    if (!p || q < 0 || q >= p->n) return '?';
    int x = (int)((p->x[q / 64] >> (q % 64)) & 1u);
    int z = (int)((p->z[q / 64] >> (q % 64)) & 1u);
    return "IZXY"[2 * x + z];
}

plt_status plt_pstring_set(plt_pstring *p, int q, char letter) {
    if (!p) return plt_fail(PLT_EINVAL, "plt_pstring_set: string is NULL");
    if (q < 0 || q >= p->n)
        return plt_fail(PLT_EINVAL, "qubit %d is out of range for a %d-qubit string (valid 0..%d)",
                        q, p->n, p->n - 1);
    int x, z;
    switch (letter) {
    case 'I': case 'i': x = 0; z = 0; break;
    case 'X': case 'x': x = 1; z = 0; break;
    case 'Y': case 'y': x = 1; z = 1; break;
    case 'Z': case 'z': x = 0; z = 1; break;
    default:
        return plt_fail(PLT_EINVAL, "'%c' (code %d) is not a Pauli letter (use I, X, Y or Z)",
                        (letter >= 32 && letter < 127) ? letter : '?', (int)(unsigned char)letter);
    }
    uint64_t bit = 1ULL << (q % 64);
    p->x[q / 64] = x ? (p->x[q / 64] | bit) : (p->x[q / 64] & ~bit);
    p->z[q / 64] = z ? (p->z[q / 64] | bit) : (p->z[q / 64] & ~bit);
    return PLT_OK;
}

plt_status plt_pstring_copy(plt_pstring *a, const plt_pstring *b) {
    if (!a || !b) return plt_fail(PLT_EINVAL, "plt_pstring_copy: string is NULL");
    if (a->n != b->n)
        return plt_fail(PLT_EINVAL, "cannot copy a %d-qubit string into a %d-qubit string", b->n,
                        a->n);
    if (a != b) memcpy(a->x, b->x, 2 * (size_t)a->nw * sizeof(uint64_t));
    return PLT_OK;
}

int plt_pstring_weight(const plt_pstring *p) { return p ? plt_pw_weight(p->x, p->z, p->nw) : 0; }

int plt_pstring_support(const plt_pstring *p, int *qubits, int cap) {
    if (!p) return 0;
    int k = 0;
    for (int w = 0; w < p->nw; w++) {
        uint64_t m = p->x[w] | p->z[w];
        while (m) {
            int b = __builtin_ctzll(m);
            if (qubits && k < cap) qubits[k] = 64 * w + b;
            k++;
            m &= m - 1;
        }
    }
    return k;
}

uint64_t plt_pstring_hash(const plt_pstring *p) { return p ? plt_pw_hash(p->x, p->z, p->nw) : 0; }

int plt_pstring_equal(const plt_pstring *a, const plt_pstring *b) {
    if (!a || !b || a->n != b->n) return 0;
    return memcmp(a->x, b->x, 2 * (size_t)a->nw * sizeof(uint64_t)) == 0;
}

int plt_pstring_commutes(const plt_pstring *a, const plt_pstring *b) {
    if (!a || !b || a->n != b->n) return -1;
    return plt_pw_commutes(a->x, a->z, b->x, b->z, a->nw);
}

plt_status plt_pstring_mul(const plt_pstring *a, const plt_pstring *b, plt_pstring *out,
                           int *phase) {
    if (!a || !b || !out) return plt_fail(PLT_EINVAL, "plt_pstring_mul: string is NULL");
    if (a->n != b->n || a->n != out->n)
        return plt_fail(PLT_EINVAL,
                        "cannot multiply strings of %d and %d qubits into one of %d qubits", a->n,
                        b->n, out->n);
    int ph = plt_pw_mul(a->x, a->z, b->x, b->z, out->x, out->z, a->nw);
    if (phase) *phase = ph;
    return PLT_OK;
}

/* Indexed text needs at most 1 letter + 7 digits + '*' per factor. */
plt_status plt_pstring_to_text(const plt_pstring *p, int dense, char **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_pstring_to_text: out is NULL");
    *out = NULL;
    if (!p) return plt_fail(PLT_EINVAL, "plt_pstring_to_text: string is NULL");
    size_t cap = dense ? (size_t)p->n + 1 : (size_t)plt_pstring_weight(p) * 12 + 2;
    char *s = malloc(cap);
    if (!s) return plt_fail_nomem("the text of a Pauli string");
    size_t k = 0;
    if (dense) {
        for (int q = 0; q < p->n; q++) s[k++] = plt_pstring_get(p, q);
    } else {
        for (int w = 0; w < p->nw; w++) {
            uint64_t m = p->x[w] | p->z[w];
            while (m) {
                int q = 64 * w + __builtin_ctzll(m);
                m &= m - 1;
                if (k) s[k++] = '*';
                s[k++] = plt_pstring_get(p, q);
                k += (size_t)snprintf(s + k, cap - k, "%d", q);
            }
        }
        if (!k) s[k++] = 'I';
    }
    s[k] = '\0';
    *out = s;
    return PLT_OK;
}

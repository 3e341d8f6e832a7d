/* Shadow data in memory: shots as bit planes. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "shadows/shadows_impl.h"

plt_status plt_shadows_new(int n, plt_shadows **out) {
    if (!out) return plt_fail(PLT_EINVAL, "plt_shadows_new: out is NULL");
    *out = NULL;
    if (n < 1 || n > PLT_MAX_QUBITS)
        return plt_fail(PLT_EINVAL, "shadow data need 1..%d qubits, not %d", PLT_MAX_QUBITS, n);
    plt_shadows *s = calloc(1, sizeof *s);
    if (!s) return plt_fail_nomem("shadow data");
    s->n = n;
    s->nw = (n + 63) / 64;
    *out = s;
    return PLT_OK;
}

void plt_shadows_free(plt_shadows *s) {
    if (!s) return;
    free(s->data);
    free(s);
}

int plt_shadows_nqubits(const plt_shadows *s) { return s ? s->n : 0; }
size_t plt_shadows_nshots(const plt_shadows *s) { return s ? s->count : 0; }

uint64_t *shadows_push(plt_shadows *s) {
    size_t per = 3 * (size_t)s->nw;
    if (s->count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        if (cap > SIZE_MAX / (per * sizeof(uint64_t))) return NULL;
        uint64_t *d = realloc(s->data, cap * per * sizeof *d);
        if (!d) return NULL;
        s->data = d;
        s->cap = cap;
    }
    uint64_t *w = s->data + per * s->count++;
    memset(w, 0, per * sizeof *w);
    return w;
}

plt_status plt_shadows_add(plt_shadows *s, const char *bases, const char *bits) {
    if (!s || !bases || !bits) return plt_fail(PLT_EINVAL, "plt_shadows_add: NULL argument");
    size_t lb = strlen(bases), lo = strlen(bits);
    if (lb != (size_t)s->n || lo != (size_t)s->n)
        return plt_fail(PLT_EINVAL,
                        "a shot needs %d basis letters and %d bits, got %zu and %zu (one per "
                        "qubit, qubit 0 first)", s->n, s->n, lb, lo);
    for (int q = 0; q < s->n; q++) {
        char c = bases[q];
        if (!strchr("XYZxyz", c) || !c)
            return plt_fail(PLT_EINVAL, "'%c' (qubit %d) is not a measurement basis (X, Y or Z)",
                            c, q);
        if (bits[q] != '0' && bits[q] != '1')
            return plt_fail(PLT_EINVAL, "'%c' (qubit %d) is not an outcome bit (0 or 1)", bits[q],
                            q);
    }
    uint64_t *w = shadows_push(s);
    if (!w) return plt_fail_nomem("a shot of shadow data");
    for (int q = 0; q < s->n; q++) {
        char c = bases[q] & ~0x20;
        shadows_set_basis(w, s->nw, q, c == 'X' ? 0 : c == 'Y' ? 1 : 2);
        if (bits[q] == '1') w[2 * s->nw + q / 64] |= UINT64_C(1) << (q % 64);
    }
    return PLT_OK;
}

plt_status plt_shadows_shot(const plt_shadows *s, size_t i, char *bases, char *bits) {
    if (!s || !bases || !bits) return plt_fail(PLT_EINVAL, "plt_shadows_shot: NULL argument");
    if (i >= s->count)
        return plt_fail(PLT_EINVAL, "shot %zu is out of range (the data hold %zu shots)", i,
                        s->count);
    const uint64_t *w = shadows_shot_words(s, i);
    for (int q = 0; q < s->n; q++) {
        int x = (int)(w[q / 64] >> (q % 64)) & 1, z = (int)(w[s->nw + q / 64] >> (q % 64)) & 1;
        bases[q] = x ? (z ? 'Y' : 'X') : 'Z';
        bits[q] = ((w[2 * s->nw + q / 64] >> (q % 64)) & 1) ? '1' : '0';
    }
    bases[s->n] = bits[s->n] = '\0';
    return PLT_OK;
}

#include "lie/strtab.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "pauli/pstring.h"

static uint64_t *slot_key(const plt_strtab *t, size_t i) {
    return t->keys + i * 2 * (size_t)t->nw;
}

static int same(const plt_strtab *t, uint32_t i, const uint64_t *x, const uint64_t *z) {
    const uint64_t *k = slot_key(t, i);
    return memcmp(k, x, (size_t)t->nw * 8) == 0 && memcmp(k + t->nw, z, (size_t)t->nw * 8) == 0;
}

static plt_status rehash(plt_strtab *t, size_t nslots) {
    uint32_t *s = malloc(nslots * sizeof *s);
    if (!s) return plt_fail_nomem("the Lie closure's string table");
    memset(s, 0xff, nslots * sizeof *s);
    size_t mask = nslots - 1;
    for (size_t i = 0; i < t->count; i++) {
        const uint64_t *k = slot_key(t, i);
        size_t h = (size_t)plt_pw_hash(k, k + t->nw, t->nw) & mask;
        while (s[h] != PLT_STRTAB_NONE) h = (h + 1) & mask;
        s[h] = (uint32_t)i;
    }
    free(t->slots);
    t->slots = s;
    t->mask = mask;
    return PLT_OK;
}

plt_status plt_strtab_init(plt_strtab *t, int nw, size_t expect) {
    memset(t, 0, sizeof *t);
    t->nw = nw;
    t->cap = expect < 16 ? 16 : expect;
    t->keys = malloc(t->cap * 2 * (size_t)nw * sizeof *t->keys);
    size_t ns = 32;
    while (ns < 2 * t->cap) ns <<= 1;
    if (!t->keys) return plt_fail_nomem("the Lie closure's string table");
    return rehash(t, ns);
}

void plt_strtab_destroy(plt_strtab *t) {
    free(t->keys);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

uint32_t plt_strtab_find(const plt_strtab *t, const uint64_t *x, const uint64_t *z) {
    size_t h = (size_t)plt_pw_hash(x, z, t->nw) & t->mask;
    for (;;) {
        uint32_t i = t->slots[h];
        if (i == PLT_STRTAB_NONE || same(t, i, x, z)) return i;
        h = (h + 1) & t->mask;
    }
}

plt_status plt_strtab_insert(plt_strtab *t, const uint64_t *x, const uint64_t *z, uint32_t *index,
                             int *added) {
    size_t h = (size_t)plt_pw_hash(x, z, t->nw) & t->mask;
    *added = 0;
    for (;;) {
        uint32_t i = t->slots[h];
        if (i == PLT_STRTAB_NONE) break;
        if (same(t, i, x, z)) {
            *index = i;
            return PLT_OK;
        }
        h = (h + 1) & t->mask;
    }
    if (t->count + 1 >= (size_t)UINT32_MAX - 1)
        return plt_fail(PLT_ETOOBIG, "the Lie closure holds more than 2^32 Pauli strings");
    if (t->count == t->cap) {
        size_t nc = t->cap * 2;
        uint64_t *k = realloc(t->keys, nc * 2 * (size_t)t->nw * sizeof *k);
        if (!k) return plt_fail_nomem("the Lie closure's string table");
        t->keys = k;
        t->cap = nc;
    }
    uint64_t *k = slot_key(t, t->count);
    memcpy(k, x, (size_t)t->nw * 8);
    memcpy(k + t->nw, z, (size_t)t->nw * 8);
    t->slots[h] = (uint32_t)t->count;
    *index = (uint32_t)t->count++;
    *added = 1;
    if (2 * t->count > t->mask + 1) return rehash(t, 2 * (t->mask + 1));
    return PLT_OK;
}

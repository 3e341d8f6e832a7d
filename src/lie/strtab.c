#include "lie/strtab.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

#define WHAT "the Lie closure's string table"

plt_status plt_strtab_init(plt_strtab *t, int nw, size_t expect) {
    memset(t, 0, sizeof *t);
    t->nw = nw;
    t->cap = expect < 16 ? 16 : expect;
    t->keys = malloc(t->cap * 2 * (size_t)nw * sizeof *t->keys);
    if (!t->keys) return plt_fail_nomem(WHAT);
    return plt_pw_index_resize(&t->index, plt_pw_index_slots_for(t->cap), t->keys, nw, 0, WHAT);
}

void plt_strtab_destroy(plt_strtab *t) {
    free(t->keys);
    plt_pw_index_free(&t->index);
    memset(t, 0, sizeof *t);
}

plt_status plt_strtab_insert(plt_strtab *t, const uint64_t *x, const uint64_t *z, uint32_t *index,
                             int *added) {
    const int nw = t->nw;
    const uint64_t h = plt_pw_hash(x, z, nw);
    int found;
    size_t j = plt_pw_index_probe(&t->index, t->keys, nw, x, z, h, &found);
    *added = 0;
    if (found) {
        *index = t->index.slot[j];
        return PLT_OK;
    }
    if (t->count + 1 >= PLT_PW_INDEX_MAX_TERMS)
        return plt_fail(PLT_ETOOBIG, "the Lie closure holds more than 2^32 Pauli strings");
    if (t->count == t->cap) {
        size_t nc = t->cap * 2;
        uint64_t *k = realloc(t->keys, nc * 2 * (size_t)nw * sizeof *k);
        if (!k) return plt_fail_nomem(WHAT);
        t->keys = k;
        t->cap = nc;
    }
    if (2 * (t->count + 1) > t->index.mask + 1) {
        plt_status st = plt_pw_index_resize(&t->index, plt_pw_index_slots_for(t->count + 1),
                                            t->keys, nw, t->count, WHAT);
        if (st) return st;
        j = plt_pw_index_probe(&t->index, t->keys, nw, x, z, h, &found);
    }
    uint64_t *k = t->keys + t->count * 2 * (size_t)nw;
    memcpy(k, x, (size_t)nw * sizeof *k);
    memcpy(k + nw, z, (size_t)nw * sizeof *k);
    t->index.slot[j] = (uint32_t)t->count;
    *index = (uint32_t)t->count++;
    *added = 1;
    return PLT_OK;
}

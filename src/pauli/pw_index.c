#include "pauli/pw_index.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

size_t plt_pw_index_slots_for(size_t nterms) {
    size_t slots = 16;
    while (slots / 2 < nterms) slots *= 2;
    return slots;
}

plt_status plt_pw_index_resize(plt_pw_index *ix, size_t nslots, const uint64_t *keys, int nw,
                               size_t count, const char *what) {
    if (nslots > SIZE_MAX / sizeof *ix->slot) return plt_fail_nomem(what);
    uint32_t *slot = malloc(nslots * sizeof *slot);
    if (!slot) return plt_fail_nomem(what);
    free(ix->slot);
    ix->slot = slot;
    ix->mask = nslots - 1;
    plt_pw_index_refill(ix, keys, nw, count);
    return PLT_OK;
}

void plt_pw_index_refill(plt_pw_index *ix, const uint64_t *keys, int nw, size_t count) {
    plt_pw_index_clear(ix);
    for (size_t i = 0; i < count; i++) plt_pw_index_place(ix, keys, nw, i, 0);
}

void plt_pw_index_clear(plt_pw_index *ix) {
    if (ix->slot) memset(ix->slot, 0xff, (ix->mask + 1) * sizeof *ix->slot);
}

void plt_pw_index_free(plt_pw_index *ix) {
    free(ix->slot);
    ix->slot = NULL;
    ix->mask = 0;
}

static size_t home(const plt_pw_index *ix, const uint64_t *keys, int nw, size_t i) {
    const uint64_t *k = keys + i * 2 * (size_t)nw;
    return (size_t)plt_pw_hash(k, k + nw, nw) & ix->mask;
}

static size_t slot_of(const plt_pw_index *ix, const uint64_t *keys, int nw, size_t i) {
    size_t j = home(ix, keys, nw, i);
    while (ix->slot[j] != (uint32_t)i) j = (j + 1) & ix->mask;
    return j;
}

void plt_pw_index_remove(plt_pw_index *ix, const uint64_t *keys, int nw, size_t i) {
    size_t hole = slot_of(ix, keys, nw, i);
    for (size_t j = (hole + 1) & ix->mask;; j = (j + 1) & ix->mask) {
        const uint32_t t = ix->slot[j];
        if (t == PLT_PW_EMPTY) break;
        const size_t h = home(ix, keys, nw, t);
        /* t may fill the hole unless its home lies cyclically in (hole, j]. */
        int between = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
        if (!between) {
            ix->slot[hole] = t;
            hole = j;
        }
    }
    ix->slot[hole] = PLT_PW_EMPTY;
}

void plt_pw_index_renumber(plt_pw_index *ix, const uint64_t *keys, int nw, size_t from,
                           size_t to) {
    ix->slot[slot_of(ix, keys, nw, from)] = (uint32_t)to;
}

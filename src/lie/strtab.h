/* Internal: a growable set of Pauli strings (raw x/z words) numbered in insertion order.
 * Open addressing with linear probing over 32-bit indices, load <= 1/2. */
#ifndef PLT_LIE_STRTAB_H
#define PLT_LIE_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "plateau/status.h"

#define PLT_STRTAB_NONE UINT32_MAX

typedef struct plt_strtab {
    int nw;
    size_t count, cap;  /* strings held, room in keys */
    uint64_t *keys;     /* cap * 2 * nw words: x plane then z plane per string */
    uint32_t *slots;    /* mask + 1 slots of string index, PLT_STRTAB_NONE when empty */
    size_t mask;
} plt_strtab;

plt_status plt_strtab_init(plt_strtab *t, int nw, size_t expect);
void plt_strtab_destroy(plt_strtab *t);
static inline const uint64_t *plt_strtab_x(const plt_strtab *t, size_t i) {
    return t->keys + i * 2 * (size_t)t->nw;
}
static inline const uint64_t *plt_strtab_z(const plt_strtab *t, size_t i) {
    return t->keys + i * 2 * (size_t)t->nw + t->nw;
}
/* Index of (x, z), or PLT_STRTAB_NONE. */
uint32_t plt_strtab_find(const plt_strtab *t, const uint64_t *x, const uint64_t *z);
/* Index of (x, z), inserting it when absent (*added = 1 then). PLT_ENOMEM, PLT_ETOOBIG. */
plt_status plt_strtab_insert(plt_strtab *t, const uint64_t *x, const uint64_t *z, uint32_t *index,
                             int *added);

#endif

/* Internal: a growable set of Pauli strings (raw x/z words) numbered in insertion order, found
 * through the Pauli-string index (pauli/pw_index.h). */
#ifndef PLT_LIE_STRTAB_H
#define PLT_LIE_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "pauli/pw_index.h"
#include "plateau/status.h"

#define PLT_STRTAB_NONE UINT32_MAX

typedef struct plt_strtab {
    int nw;
    size_t count, cap;  /* strings held, room in keys */
    uint64_t *keys;     /* cap * 2 * nw words: x plane then z plane per string */
    plt_pw_index index; /* string numbers by string, over keys */
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
static inline uint32_t plt_strtab_find(const plt_strtab *t, const uint64_t *x,
                                       const uint64_t *z) {
    size_t i = plt_pw_index_find(&t->index, t->keys, t->nw, x, z);
    return i == SIZE_MAX ? PLT_STRTAB_NONE : (uint32_t)i;
}
/* Index of (x, z), inserting it when absent (*added = 1 then). PLT_ENOMEM, PLT_ETOOBIG. */
plt_status plt_strtab_insert(plt_strtab *t, const uint64_t *x, const uint64_t *z, uint32_t *index,
                             int *added);

#endif

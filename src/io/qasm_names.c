#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/qasm_names.h"

static uint64_t hash(const char *s, size_t len) {
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    return h;
}

const qasm_name *qasm_names_find(const qasm_names *t, const char *s, size_t len) {
    if (t->cap == 0) return NULL;
    for (size_t i = hash(s, len) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const qasm_name *e = &t->slot[i];
        if (!e->s) return NULL;
        if (e->len == len && memcmp(e->s, s, len) == 0) return e;
    }
}

static void put(qasm_name *slot, size_t cap, qasm_name e) {
    size_t i = hash(e.s, e.len) & (cap - 1);
    while (slot[i].s) i = (i + 1) & (cap - 1);
    slot[i] = e;
}

plt_status qasm_names_add(qasm_names *t, const char *s, size_t len, int kind, int idx) {
    if (2 * (t->count + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        qasm_name *slot = calloc(cap, sizeof *slot);
        if (!slot) return plt_fail_nomem("the QASM name table");
        for (size_t i = 0; i < t->cap; i++)
            if (t->slot[i].s) put(slot, cap, t->slot[i]);
        free(t->slot);
        t->slot = slot;
        t->cap = cap;
    }
    put(t->slot, t->cap, (qasm_name){s, len, kind, idx});
    t->count++;
    return PLT_OK;
}

void qasm_names_free(qasm_names *t) {
    free(t->slot);
    t->slot = NULL;
    t->cap = t->count = 0;
}

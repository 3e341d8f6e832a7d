/* Internal: a name -> (kind, index) hash table for the QASM reader. Keys point
 * into the source text (not terminated), so the table never copies names; it
 * keeps lookups O(1) for files declaring very many registers or gates. */
#ifndef PLT_IO_QASM_NAMES_H
#define PLT_IO_QASM_NAMES_H

#include <stddef.h>

#include "plateau/status.h"

typedef struct qasm_name {
    const char *s;
    size_t len;
    int kind;
    int idx;
} qasm_name;

typedef struct qasm_names {
    qasm_name *slot;
    size_t cap, count;
} qasm_names;

/* NULL when absent. */
const qasm_name *qasm_names_find(const qasm_names *t, const char *s, size_t len);
/* Adds a name that is not present yet. PLT_ENOMEM only. */
plt_status qasm_names_add(qasm_names *t, const char *s, size_t len, int kind, int idx);
void qasm_names_free(qasm_names *t);

#endif

/* Internal: memory budget and aligned allocation. Runs that would not fit are
 * refused before anything is allocated. */
#ifndef PLT_CORE_MEM_H
#define PLT_CORE_MEM_H

#include <stddef.h>

#include "plateau/status.h"

/* Bytes of memory currently available to this process (MemAvailable, else free
 * physical pages); a large constant when it cannot be read. */
double plt_mem_available(void);

/* PLT_OK when `bytes` fits under `limit` (limit <= 0 means plt_mem_available()),
 * else PLT_ETOOBIG with one line naming `what`, both sizes and the fixes. */
plt_status plt_mem_check(double bytes, double limit, const char *what);

/* Human-readable size ("1.5 GiB") into buf. */
const char *plt_mem_format(double bytes, char *buf, size_t cap);

/* 64-byte aligned allocation of `bytes` (NULL on failure or overflow); free with plt_aligned_free. */
void *plt_aligned_alloc(size_t bytes);
void plt_aligned_free(void *p);

#endif

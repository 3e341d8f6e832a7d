/* Internal: raising errors into the thread-local record (see plateau/status.h). */
#ifndef PLT_CORE_ERROR_H
#define PLT_CORE_ERROR_H

#include <stdio.h>
#include <stdlib.h>

#include "plateau/status.h"

#if defined(__GNUC__)
#define PLT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PLT_PRINTF(a, b)
#endif

/* Records code and message (no origin) and returns code. */
plt_status plt_fail(plt_status code, const char *fmt, ...) PLT_PRINTF(2, 3);
/* Records code, message and the input position (origin may be NULL) and returns code. */
plt_status plt_fail_at(plt_status code, const char *origin, int line, int col, const char *fmt,
                       ...) PLT_PRINTF(5, 6);
/* PLT_ENOMEM with a message naming what could not be allocated. */
plt_status plt_fail_nomem(const char *what);

/* Bugs are not user errors: print the condition and abort, also in release builds. */
#define PLT_ASSERT(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "plateau: internal error at %s:%d: %s\n", __FILE__, __LINE__, \
                    #cond);                                                                \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif

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

/* Records "internal error at FILE:LINE: COND" (PLT_EINTERNAL), hands it to the fatal handler
 * (plt_set_fatal_handler) and aborts. */
_Noreturn void plt_assert_fail(const char *file, int line, const char *cond);

/* Bugs are not user errors: abort, also in release builds. The library prints nothing; the
 * program's fatal handler shows the condition. */
#define PLT_ASSERT(cond)                                                  \
    do {                                                                  \
        if (!(cond)) plt_assert_fail(__FILE__, __LINE__, #cond);          \
    } while (0)

#endif

#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void plt_text_append(char *buf, size_t cap, const char *fmt, ...) {
    size_t len = strlen(buf);
    if (len + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
    if (w >= 0 && (size_t)w >= cap - len && cap - len > 8) {
        /* What does not fit ends with "..." at a word. */
        char *sp = strrchr(buf + len, ' ');
        char *end = sp && sp > buf + len ? sp : buf + cap - 4;
        snprintf(end, (size_t)(buf + cap - end), "...");
    }
}

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* libgit2-style: one record per thread, so concurrent plans report independently. */
static _Thread_local struct {
    plt_error pub;
    char message[1024];
    char origin[512];
} last = {{PLT_OK, "", "", 0, 0}, "", ""};

static void fix_pointers(void) {
    last.pub.message = last.message;
    last.pub.origin = last.origin;
}

const plt_error *plt_error_last(void) {
    fix_pointers();
    return &last.pub;
}

void plt_error_clear(void) {
    last.pub.code = PLT_OK;
    last.message[0] = '\0';
    last.origin[0] = '\0';
    last.pub.line = last.pub.col = 0;
    fix_pointers();
}

const char *plt_status_str(plt_status s) {
    switch (s) {
    case PLT_OK: return "ok";
    case PLT_EINVAL: return "invalid argument";
    case PLT_EPARSE: return "parse error";
    case PLT_ENOMEM: return "out of memory";
    case PLT_ETOOBIG: return "too big for the memory limit";
    case PLT_EUNSUPPORTED: return "unsupported";
    case PLT_EIO: return "input/output error";
    case PLT_EINTERRUPTED: return "interrupted";
    case PLT_EINTERNAL: return "internal error";
    }
    return "unknown status";
}

static plt_status record(plt_status code, const char *origin, int line, int col, const char *fmt,
                         va_list ap) {
    last.pub.code = code;
    vsnprintf(last.message, sizeof last.message, fmt, ap);
    snprintf(last.origin, sizeof last.origin, "%s", origin ? origin : "");
    last.pub.line = line;
    last.pub.col = col;
    fix_pointers();
    return code;
}

plt_status plt_fail(plt_status code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    record(code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

plt_status plt_fail_at(plt_status code, const char *origin, int line, int col, const char *fmt,
                       ...) {
    va_list ap;
    va_start(ap, fmt);
    record(code, origin, line, col, fmt, ap);
    va_end(ap);
    return code;
}

static plt_fatal_fn fatal_handler;

plt_fatal_fn plt_set_fatal_handler(plt_fatal_fn fn) {
    plt_fatal_fn old = fatal_handler;
    fatal_handler = fn;
    return old;
}

void plt_assert_fail(const char *file, int line, const char *cond) {
    plt_fail(PLT_EINTERNAL, "internal error at %s:%d: %s", file, line, cond);
    if (fatal_handler) fatal_handler(last.message);
    abort();
}

plt_status plt_fail_nomem(const char *what) {
    return plt_fail(PLT_ENOMEM, "out of memory allocating %s", what);
}

char *plt_error_format(char *buf, unsigned long cap) {
    const plt_error *e = plt_error_last();
    if (cap == 0) return buf;
    if (e->origin[0] && e->line > 0)
        snprintf(buf, cap, "%s:%d:%d: %s", e->origin, e->line, e->col, e->message);
    else if (e->origin[0])
        snprintf(buf, cap, "%s: %s", e->origin, e->message);
    else
        snprintf(buf, cap, "%s", e->message[0] ? e->message : plt_status_str(e->code));
    return buf;
}

/* Test support: cmocka plus a double comparison that prints both values, the
 * difference and the seed; random tests take their seed from PLT_TEST_SEED. */
#ifndef PLT_TEST_SUPPORT_H
#define PLT_TEST_SUPPORT_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plateau/rng.h"

/* The seed of this test run: PLT_TEST_SEED if set, else a fixed default. */
uint64_t plt_test_seed(void);

/* Factor for wall-clock allowances and budgets: PLT_TIME_SCALE (the sanitizer build sets 10),
 * at least 1. */
double plt_test_time_scale(void);
/* The library's generator (plateau/rng.h), under the names the tests have always used. */
typedef plt_rng plt_test_rng;
void plt_test_rng_init(plt_test_rng *r, uint64_t seed);
uint64_t plt_test_rng_u64(plt_test_rng *r);
double plt_test_rng_uniform(plt_test_rng *r);           /* [0, 1) */
int plt_test_rng_int(plt_test_rng *r, int n);           /* [0, n) */

void plt_expect_close_impl(double a, double b, double rtol, double atol, const char *ea,
                           const char *eb, const char *file, int line);
#define plt_expect_close(a, b, rtol, atol) \
    plt_expect_close_impl((a), (b), (rtol), (atol), #a, #b, __FILE__, __LINE__)

/* Runs fn(argc, argv) (a CLI entry point) with stdout and stderr captured into out and err
 * (NUL-terminated, cut at their capacities); returns fn's status. */
int plt_test_capture(int (*fn)(int, char **), int argc, char **argv, char *out, size_t outcap,
                     char *err, size_t errcap);

/* Engine settings on a plt_opts (plateau/engine.h): plt_test_opts_set sets `name` to value
 * (asserting that it is accepted) in a settings object it makes on first use, or copies from
 * the one o borrows, and points o->settings at; plt_test_opts_clear frees that object and
 * sets o->settings to NULL (call it before o goes out of scope or is re-initialised). */
struct plt_opts;
void plt_test_opts_set(struct plt_opts *o, const char *name, double value);
void plt_test_opts_clear(struct plt_opts *o);

/* Asserts st == PLT_OK, printing the last error message otherwise. */
#define plt_expect_ok(expr)                                                            \
    do {                                                                               \
        plt_status st_ = (expr);                                                       \
        if (st_ != PLT_OK) {                                                           \
            char buf_[1200];                                                           \
            print_error("%s failed: %s\n", #expr, plt_error_format(buf_, sizeof buf_)); \
            fail();                                                                    \
        }                                                                              \
    } while (0)

/* Asserts a status and that the last error message contains `needle`. */
#define plt_expect_error(expr, code, needle)                                           \
    do {                                                                               \
        plt_status st_ = (expr);                                                       \
        char buf_[1200];                                                               \
        plt_error_format(buf_, sizeof buf_);                                           \
        if (st_ != (code) || !strstr(buf_, (needle))) {                                \
            print_error("%s: status %d (want %d), message '%s' (want '%s')\n", #expr, \
                        (int)st_, (int)(code), buf_, (needle));                        \
            fail();                                                                    \
        }                                                                              \
    } while (0)

#endif

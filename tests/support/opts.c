/* Engine settings on a test's plt_opts in one line each (in its own file: only the tests that
 * use it link the engines' settings). */
#include "support/test.h"
#include "plateau/engine.h"

/* The settings objects plt_test_opts_set made: it changes these in place, copies any other
 * (a caller's own, borrowed) before changing it, and plt_test_opts_clear frees them. */
#define OWNED_MAX 64
static plt_settings *owned[OWNED_MAX];

static int owned_at(const plt_settings *s) {
    for (int i = 0; s && i < OWNED_MAX; i++)
        if (owned[i] == s) return i;
    return -1;
}

void plt_test_opts_set(struct plt_opts *o, const char *name, double value) {
    int at = owned_at(o->settings);
    if (at < 0) {
        for (int i = 0; i < OWNED_MAX && at < 0; i++)
            if (!owned[i]) at = i;
        if (at < 0) fail_msg("plt_test_opts_set: more than %d settings objects alive", OWNED_MAX);
        plt_expect_ok(plt_settings_clone(o->settings, &owned[at]));
        o->settings = owned[at];
    }
    plt_expect_ok(plt_settings_set(owned[at], name, value));
}

void plt_test_opts_clear(struct plt_opts *o) {
    int at = owned_at(o->settings);
    if (at >= 0) {
        plt_settings_free(owned[at]);
        owned[at] = NULL;
    }
    o->settings = NULL;
}

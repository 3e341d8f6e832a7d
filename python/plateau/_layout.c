/* The layout the C compiler gives the structs that the Python binding declares again
 * (python/plateau/_ffi.py): their sizes and the offset of the last field the binding declares.
 * A test compares them with cffi's, so a field inserted in a public header and not in the
 * binding fails a test instead of corrupting memory; a field appended at the end only makes
 * the struct larger, which the binding allocates (plateau._ffi.new). Built only into the shared
 * library of the Python package (CMake option PLT_PYTHON). */
#include <stddef.h>
#include <string.h>

#include "plateau/plateau.h"

size_t plt_py_sizeof(const char *type);
size_t plt_py_offset_last(const char *type);

#define PLT_PY_LAYOUT(t, last) {#t, sizeof(t), offsetof(t, last)}
static const struct {
    const char *name;
    size_t size, last;
} plt_py_layouts[] = {
    PLT_PY_LAYOUT(plt_error, col),
    PLT_PY_LAYOUT(plt_opts, losses_only),
    PLT_PY_LAYOUT(plt_cost, error),
    PLT_PY_LAYOUT(plt_stats, work_seconds),
    PLT_PY_LAYOUT(plt_progress, total),
    PLT_PY_LAYOUT(plt_setting_info, help),
    PLT_PY_LAYOUT(plt_param_dist, width),
    PLT_PY_LAYOUT(plt_check_opts, progress_ctx),
    PLT_PY_LAYOUT(plt_route, reason),
    PLT_PY_LAYOUT(plt_trunc_step, predicted_seconds),
    PLT_PY_LAYOUT(plt_verdict, interval_high),
    PLT_PY_LAYOUT(plt_var_ci, count),
    PLT_PY_LAYOUT(plt_linfit, resid),
    PLT_PY_LAYOUT(plt_decay_fit, evidence),
    PLT_PY_LAYOUT(plt_bp_opts, progress_ctx),
    PLT_PY_LAYOUT(plt_bp_point, dla_note),
    PLT_PY_LAYOUT(plt_bp_result, seconds),
    PLT_PY_LAYOUT(plt_dla_report, note),
    PLT_PY_LAYOUT(plt_zoo_model, param_range),
    PLT_PY_LAYOUT(plt_shadow_estimate, matched),
    PLT_PY_LAYOUT(plt_optimizer_config, memory),
    PLT_PY_LAYOUT(plt_model, state),
    PLT_PY_LAYOUT(plt_lie_part, ngens),
};

static size_t plt_py_find(const char *type) {
    for (size_t i = 0; i < sizeof plt_py_layouts / sizeof plt_py_layouts[0]; i++)
        if (strcmp(plt_py_layouts[i].name, type) == 0) return i;
    return SIZE_MAX;
}

/* sizeof the named struct typedef, 0 when the binding asks for one not listed here. */
size_t plt_py_sizeof(const char *type) {
    size_t i = plt_py_find(type);
    return i == SIZE_MAX ? 0 : plt_py_layouts[i].size;
}

/* offsetof its last field as the binding declares it (SIZE_MAX when not listed). */
size_t plt_py_offset_last(const char *type) {
    size_t i = plt_py_find(type);
    return i == SIZE_MAX ? SIZE_MAX : plt_py_layouts[i].last;
}

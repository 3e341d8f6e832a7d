/* The sizes the C compiler gives the structs that the Python binding declares again
 * (python/plateau/_ffi.py): a test compares them with cffi's, so a field added to a public
 * header and not to the binding fails a test instead of corrupting memory. Built only into
 * the shared library of the Python package (CMake option PLT_PYTHON). */
#include <string.h>

#include "plateau/plateau.h"

size_t plt_py_sizeof(const char *type);

#define PLT_PY_SIZE(t) {#t, sizeof(t)}
static const struct {
    const char *name;
    size_t size;
} plt_py_sizes[] = {
    PLT_PY_SIZE(plt_error),        PLT_PY_SIZE(plt_opts),          PLT_PY_SIZE(plt_cost),
    PLT_PY_SIZE(plt_stats),        PLT_PY_SIZE(plt_progress),      PLT_PY_SIZE(plt_setting_info),
    PLT_PY_SIZE(plt_param_dist),   PLT_PY_SIZE(plt_check_opts),    PLT_PY_SIZE(plt_route),
    PLT_PY_SIZE(plt_trunc_step),   PLT_PY_SIZE(plt_verdict),       PLT_PY_SIZE(plt_var_ci),
    PLT_PY_SIZE(plt_linfit),       PLT_PY_SIZE(plt_decay_fit),     PLT_PY_SIZE(plt_bp_opts),
    PLT_PY_SIZE(plt_bp_point),     PLT_PY_SIZE(plt_bp_result),     PLT_PY_SIZE(plt_dla_report),
    PLT_PY_SIZE(plt_zoo_model),    PLT_PY_SIZE(plt_shadow_estimate),
    PLT_PY_SIZE(plt_optimizer_config), PLT_PY_SIZE(plt_model),     PLT_PY_SIZE(plt_lie_part),
};

/* sizeof the named struct typedef, 0 when the binding asks for one not listed here. */
size_t plt_py_sizeof(const char *type) {
    for (size_t i = 0; i < sizeof plt_py_sizes / sizeof plt_py_sizes[0]; i++)
        if (strcmp(plt_py_sizes[i].name, type) == 0) return plt_py_sizes[i].size;
    return 0;
}

/* The engine contract (FFTW-style solver table). A new engine is one folder that
 * defines one `const plt_engine_ops` and one line in registry.c. */
#ifndef PLT_ENGINES_ENGINE_OPS_H
#define PLT_ENGINES_ENGINE_OPS_H

#include "plateau/engine.h"

typedef struct plt_engine_ops {
    const char *name;
    /* Cheap applicability and cost; PLT_EUNSUPPORTED with the reason when it does not apply. */
    plt_status (*estimate)(const plt_model *m, const plt_opts *o, plt_cost *cost);
    /* Parameter-independent work; *state owns everything it allocates. The model has
     * already been validated (qubit counts agree, observable non-NULL). */
    plt_status (*plan)(void **state, const plt_model *m, const plt_opts *o);
    /* Loss and, when grad != NULL, the gradient; params already checked finite. */
    plt_status (*loss)(void *state, const double *params, double *loss, double *grad);
    /* 1 when results are exact. */
    int (*exact)(const void *state);
    /* Optional (may be NULL): statistics of the last evaluation. */
    void (*stats)(const void *state, plt_stats *out);
    void (*free)(void *state);
    /* 1 when the engine models opts->noise and opts->dephasing; the others are refused a
     * model with either > 0 (engine.c), never left to ignore them silently. */
    int models_noise;
} plt_engine_ops;

/* Adds an engine after the built-in ones (for tests and plug-ins; call before any other
 * thread uses the registry). The table must outlive every use. PLT_EINVAL for a table
 * without a name or a required op, a name already taken, or more than 8 additions. */
PLT_NODISCARD plt_status plt_engine_register(const plt_engine_ops *ops);

/* The registry, in order of preference for equal cost (registry.c). */
extern const plt_engine_ops *const plt_engine_table[];
extern const size_t plt_engine_table_len;

#endif

/* The engine contract (FFTW-style solver table). A new engine is one folder that
 * defines one `const plt_engine_ops` and one line in registry.c. */
#ifndef PLT_ENGINES_ENGINE_OPS_H
#define PLT_ENGINES_ENGINE_OPS_H

#include "plateau/engine.h"
#include "plateau/settings.h"

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
    /* The engine's settings (may be NULL/0): read them with plt_settings_value(o->settings,
     * &settings[k]); the CLI makes an option of each and validates values by this table. */
    const plt_setting_info *settings;
    size_t nsettings;
    /* Optional (NULL for engines that are exact or nothing): step `step` of the engine's
     * approximation ladder (0 = the loosest and cheapest; each next step keeps more), sized
     * so that its predicted cost is at most `allowance` seconds. Writes the step's values into
     * `settings` and its predicted cost into *cost. PLT_EUNSUPPORTED, with the reason, past
     * the last step or when not even the smallest version of the step fits. A run at those
     * settings reports a rigorous bound on its error in plt_stats.error_bound. With
     * o->losses_only the step may stop a run at a deterministic work limit (a setting) instead
     * of sizing it for the worst case; a run's plt_stats.work_seconds is what it is charged. */
    plt_status (*ladder)(const plt_model *m, const plt_opts *o, size_t step, double allowance,
                         plt_settings *settings, plt_cost *cost);
} plt_engine_ops;

/* Registered engine i (built-in first, then those added at run time); NULL past the end. */
const plt_engine_ops *plt_engine_ops_at(size_t i);
/* The registered engine called `name`, or NULL. */
const plt_engine_ops *plt_engine_ops_find(const char *name);

/* Adds an engine after the built-in ones (for tests and plug-ins; call before any other
 * thread uses the registry). The table must outlive every use. PLT_EINVAL for a table
 * without a name or a required op, a name already taken, or more than 8 additions. */
PLT_NODISCARD plt_status plt_engine_register(const plt_engine_ops *ops);

/* The registry, in order of preference for equal cost (registry.c). */
extern const plt_engine_ops *const plt_engine_table[];
extern const size_t plt_engine_table_len;

#endif

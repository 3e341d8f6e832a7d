/* plateau — engine settings: each engine declares its own table (name, type, default, range,
 * help); a plt_settings object carries values for any of them from the user (CLI options,
 * the C API) to whichever engine runs.
 *
 * A setting is known by its name ("max-weight", whose CLI option is --max-weight). Two
 * engines may declare the same name only with the same type and meaning; a value set once
 * reaches both. A name no registered engine declares, or a value outside every declaring
 * engine's range, is refused with the engine and the accepted range named.
 */
#ifndef PLATEAU_SETTINGS_H
#define PLATEAU_SETTINGS_H

#include <stddef.h>

#include "plateau/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum plt_setting_type {
    PLT_SETTING_INT,   /* a whole number in [lo, hi] */
    PLT_SETTING_REAL,  /* a finite number in [lo, hi] */
    PLT_SETTING_COUNT  /* a whole number of items in [lo, hi], may be written 1e6 */
} plt_setting_type;

typedef struct plt_setting_info {
    const char *name;  /* lower case with dashes: "max-weight" */
    plt_setting_type type;
    double def;        /* the value when none is given (0 = off, for truncations) */
    double lo, hi;     /* accepted values, inclusive */
    const char *arg;   /* what the value looks like in help: "W" */
    const char *help;  /* one line */
} plt_setting_info;

/* The settings table of registered engine i (borrowed, static; *count entries; NULL and 0
 * for an engine without settings or i out of range). */
const plt_setting_info *plt_engine_settings(size_t i, size_t *count);

typedef struct plt_settings plt_settings;

PLT_NODISCARD plt_status plt_settings_new(plt_settings **out);
PLT_NODISCARD plt_status plt_settings_clone(const plt_settings *s, plt_settings **out);
void plt_settings_free(plt_settings *s);
/* Sets `name` to `value`. PLT_EINVAL, with one line naming the engine(s) and the accepted
 * range, for a name no registered engine declares, a value outside the range, a fraction
 * for a whole-number setting, or a non-finite value. */
PLT_NODISCARD plt_status plt_settings_set(plt_settings *s, const char *name, double value);
/* Forgets a value (the default applies again). */
void plt_settings_unset(plt_settings *s, const char *name);
/* 1 when a value was set for `name`. */
int plt_settings_has(const plt_settings *s, const char *name);
/* The value of setting `info` in s (s may be NULL), else info->def. */
double plt_settings_value(const plt_settings *s, const plt_setting_info *info);
/* "name=value name=value" of the values set, in the order set (for messages and verdicts;
 * into buf[0..cap), cut with "..." when it does not fit). */
const char *plt_settings_format(const plt_settings *s, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif

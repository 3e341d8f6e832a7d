/* Engine settings: values keyed by name, validated against the tables of the registered
 * engines, read by each engine through its own table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "engines/engine_ops.h"
#include "plateau/settings.h"

#define PLT_SETTINGS_MAX 32

struct plt_settings {
    size_t n;
    char name[PLT_SETTINGS_MAX][32];
    double value[PLT_SETTINGS_MAX];
};

const plt_setting_info *plt_engine_settings(size_t i, size_t *count) {
    const plt_engine_ops *ops = plt_engine_ops_at(i);
    if (count) *count = ops ? ops->nsettings : 0;
    return ops && ops->nsettings ? ops->settings : NULL;
}

plt_status plt_settings_new(plt_settings **out) {
    if (!out) return plt_fail(PLT_EINVAL, "settings: NULL output");
    *out = calloc(1, sizeof **out);
    return *out ? PLT_OK : plt_fail_nomem("engine settings");
}

plt_status plt_settings_clone(const plt_settings *s, plt_settings **out) {
    plt_status st = plt_settings_new(out);
    if (!st && s) **out = *s;
    return st;
}

void plt_settings_free(plt_settings *s) { free(s); }

static int find(const plt_settings *s, const char *name) {
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->name[i], name) == 0) return (int)i;
    return -1;
}

/* 1 when value is one the table entry accepts. */
static int fits(const plt_setting_info *in, double v) {
    if (!isfinite(v) || v < in->lo || v > in->hi) return 0;
    return in->type == PLT_SETTING_REAL || v == floor(v);
}

plt_status plt_settings_set(plt_settings *s, const char *name, double value) {
    if (!s || !name) return plt_fail(PLT_EINVAL, "settings: NULL settings or name");
    int declared = 0;
    char names[256] = "", why[600] = "";
    for (size_t i = 0; i < plt_engine_count(); i++) {
        size_t cnt;
        const plt_setting_info *t = plt_engine_settings(i, &cnt);
        for (size_t k = 0; k < cnt; k++) {
            if (strcmp(t[k].name, name) != 0) continue;
            declared++;
            if (fits(&t[k], value)) continue;
            if (!why[0])
                snprintf(why, sizeof why, "%s: %s %g is outside what the %s engine accepts "
                         "(%s from %g to %g)", name, name, value, plt_engine_name(i),
                         t[k].type == PLT_SETTING_REAL ? "a number" : "a whole number",
                         t[k].lo, t[k].hi);
        }
        for (size_t k = 0; k < cnt; k++) {
            size_t len = strlen(names);
            if (len + 40 < sizeof names && !strstr(names, t[k].name))
                snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", t[k].name);
        }
    }
    if (!declared)
        return plt_fail(PLT_EINVAL, "%s: no registered engine has this setting (settings: %s)",
                        name, names[0] ? names : "none");
    if (why[0]) return plt_fail(PLT_EINVAL, "%s", why);
    int at = find(s, name);
    if (at < 0) {
        if (s->n == PLT_SETTINGS_MAX || strlen(name) >= sizeof s->name[0])
            return plt_fail(PLT_EINVAL, "%s: too many settings or too long a name", name);
        at = (int)s->n++;
        snprintf(s->name[at], sizeof s->name[at], "%s", name);
    }
    s->value[at] = value;
    return PLT_OK;
}

void plt_settings_unset(plt_settings *s, const char *name) {
    int at = s && name ? find(s, name) : -1;
    if (at < 0) return;
    for (size_t i = (size_t)at; i + 1 < s->n; i++) {
        memcpy(s->name[i], s->name[i + 1], sizeof s->name[i]);
        s->value[i] = s->value[i + 1];
    }
    s->n--;
}

int plt_settings_has(const plt_settings *s, const char *name) {
    return name && find(s, name) >= 0;
}

double plt_settings_value(const plt_settings *s, const plt_setting_info *info) {
    int at = info ? find(s, info->name) : -1;
    return at >= 0 ? s->value[at] : info ? info->def : NAN;
}

const char *plt_settings_format(const plt_settings *s, char *buf, size_t cap) {
    if (!buf || cap == 0) return buf;
    buf[0] = 0;
    size_t len = 0;
    for (size_t i = 0; s && i < s->n && len + 1 < cap; i++) {
        int w = snprintf(buf + len, cap - len, "%s%s=%.15g", i ? " " : "", s->name[i],
                         s->value[i]);
        if (w < 0 || (size_t)w >= cap - len) {
            if (cap > 4) snprintf(buf + cap - 4, 4, "...");
            break;
        }
        len += (size_t)w;
    }
    return buf;
}

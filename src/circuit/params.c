/* Circuit parameters: names and initial values, declared in order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circuit/circuit_impl.h"
#include "core/error.h"

int plt_circuit_nparams(const plt_circuit *c) { return c ? c->np : 0; }

const char *plt_circuit_param_name(const plt_circuit *c, int k) {
    return c && k >= 0 && k < c->np ? c->pname[k] : NULL;
}

double plt_circuit_param_init(const plt_circuit *c, int k) {
    return c && k >= 0 && k < c->np ? c->pinit[k] : NAN;
}

int plt_circuit_param_index(const plt_circuit *c, const char *name) {
    if (!c || !name) return -1;
    for (int k = 0; k < c->np; k++)
        if (strcmp(c->pname[k], name) == 0) return k;
    return -1;
}

plt_status plt_circuit_add_param(plt_circuit *c, const char *name, double init, int *index) {
    if (!c || !name || !*name)
        return plt_fail(PLT_EINVAL, "plt_circuit_add_param: a circuit and a non-empty name are "
                                    "required");
    if (plt_circuit_param_index(c, name) >= 0)
        return plt_fail(PLT_EINVAL, "parameter '%s' is declared twice; give each a unique name",
                        name);
    if (c->np == c->pcap) {
        if (c->pcap > (1 << 28)) return plt_fail_nomem("the parameter table");
        int cap = c->pcap ? 2 * c->pcap : 8;
        char **names = realloc(c->pname, (size_t)cap * sizeof *names);
        if (!names) return plt_fail_nomem("the parameter table");
        c->pname = names;
        double *inits = realloc(c->pinit, (size_t)cap * sizeof *inits);
        if (!inits) return plt_fail_nomem("the parameter table");
        c->pinit = inits;
        c->pcap = cap;
    }
    char *copy = strdup(name);
    if (!copy) return plt_fail_nomem("a parameter name");
    c->pname[c->np] = copy;
    c->pinit[c->np] = init;
    if (index) *index = c->np;
    c->np++;
    return PLT_OK;
}

void plt_circuit_params_clear(plt_circuit *c) {
    for (int k = 0; k < c->np; k++) free(c->pname[k]);
    free(c->pname);
    free(c->pinit);
    c->pname = NULL;
    c->pinit = NULL;
    c->np = c->pcap = 0;
}

plt_status plt_circuit_copy_params(plt_circuit *dst, const plt_circuit *src) {
    for (int k = 0; k < src->np; k++) {
        plt_status st = plt_circuit_add_param(dst, src->pname[k], src->pinit[k], NULL);
        if (st) return st;
    }
    return PLT_OK;
}

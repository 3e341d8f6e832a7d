/* The amplitudes of a prepared state, for callers outside the engines (the shadow
 * sampler): one forward pass of a plan whose observable is the identity. */
#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "engines/statevector/sv.h"

plt_status plt_statevector_amplitudes(const plt_circuit *c, const plt_state *s,
                                      const double *params, double *amps) {
    if (!c || !amps) return plt_fail(PLT_EINVAL, "plt_statevector_amplitudes: NULL argument");
    int n = plt_circuit_nqubits(c);
    if (plt_circuit_nparams(c) > 0 && !params)
        return plt_fail(PLT_EINVAL, "the circuit has %d parameters but none were given",
                        plt_circuit_nparams(c));
    if (n > SV_MAX_QUBITS)
        return plt_fail(PLT_ETOOBIG, "%d qubits exceed the state vector's limit of %d", n,
                        SV_MAX_QUBITS);
    if (s && plt_state_nqubits(s) != n)
        return plt_fail(PLT_EINVAL, "the state has %d qubits but the circuit has %d",
                        plt_state_nqubits(s), n);
    plt_psum *id = NULL;
    plt_pstring *one = NULL;
    sv_plan *p = NULL;
    plt_status st;
    if ((st = plt_psum_new(n, &id)) || (st = plt_pstring_new(n, &one)) ||
        (st = plt_psum_add(id, one, 1.0, 0.0)))
        goto done;
    plt_opts o;
    plt_opts_init(&o);
    plt_model m = {c, id, s};
    if ((st = sv_plan_new(&m, &o, &p)) != PLT_OK) goto done;
    static const double none[1] = {0};
    sv_plan_angles(p, params ? params : none, SIZE_MAX, 0.0);
    sv_forward(p, p->psi);
    memcpy(amps, p->psi, 2 * ((size_t)1 << n) * sizeof *amps);
done:
    sv_plan_free(p);
    plt_pstring_free(one);
    plt_psum_free(id);
    return st;
}

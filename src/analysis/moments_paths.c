/* Pauli-path sampling (filled in below). */
#include "analysis/moments_impl.h"
#include "core/error.h"

plt_status mom_paths_run(const plt_circuit *c, const plt_psum *obs, const plt_param_dist *dist,
                         mom_state *st, size_t paths, double level, uint64_t seed,
                         plt_moment *l2, plt_moment *gsum, plt_moment *g0) {
    (void)c, (void)obs, (void)dist, (void)st, (void)paths, (void)level, (void)seed;
    (void)l2, (void)gsum, (void)g0;
    return plt_fail(PLT_EUNSUPPORTED, "path sampling is not built yet");
}

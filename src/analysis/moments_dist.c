/* The angle's trigonometric moments in closed form. For t = a p + b with p symmetric about 0,
 * E[e^{i k t}] = e^{i k b} E[cos(k a p)], so E[cos k t] = cos(k b) g(k a) and
 * E[sin k t] = sin(k b) g(k a), with g the characteristic function of p; the squares follow
 * from cos^2 = (1 + cos 2t)/2, sin^2 = (1 - cos 2t)/2, sin cos = sin(2t)/2. */
#include <math.h>

#include "analysis/moments_impl.h"

double mom_char(const plt_param_dist *d, double a) {
    const double x = a * d->width;
    if (x == 0) return 1;
    if (d->kind == PLT_DIST_NORMAL) return exp(-0.5 * x * x);
    /* A full period (or any multiple of a half one) must give exactly 0, not 1e-17: the
     * chain drops zero-weight branches, which is what keeps full-period pairs diagonal. */
    const double q = x / M_PI, r = nearbyint(q);
    if (r != 0 && fabs(q - r) <= 1e-12 * fmax(1, fabs(q))) return 0;
    return sin(x) / x;
}

void mom_trig_of(const plt_param_dist *d, double a, double b, mom_trig *out) {
    const double g1 = mom_char(d, a), g2 = mom_char(d, 2 * a);
    const double c2 = cos(2 * b) * g2, s2 = sin(2 * b) * g2;
    out->c = cos(b) * g1;
    out->s = sin(b) * g1;
    out->cc = 0.5 * (1 + c2);
    out->ss = 0.5 * (1 - c2);
    out->sc = 0.5 * s2;
    /* cos b and sin b at b = 0 are exact; keep exact zeros exact where b is 0. */
    if (b == 0) out->s = out->sc = 0;
}

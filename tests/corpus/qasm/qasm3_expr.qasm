OPENQASM 3;
include "stdgates.inc";
// expressions, constants, single-qubit registers
input angle[32] x;
const float[64] k = sin(pi/6) * sqrt(2) + ln(euler) - 2**-1;
float[64] w = τ / 4;
qubit a;
qubit[3] b;
/* a parameterised gate with two angles */
gate layer(s, t) u, v { rx(s) u; ry(t - s/2) v; cz u, v; }
layer(x, k) a, b[0];
layer(0.3, -x*2 + w) b[1], b[2];
cp(x) b[0], b[2];
gphase(pi);
bit[4] out;
out = measure b;

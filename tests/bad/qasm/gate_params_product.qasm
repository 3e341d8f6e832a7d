OPENQASM 3.0;
include "stdgates.inc";
input float[64] a;
input float[64] b;
qubit q;
gate g(x, y) r { rz(x*y) r; }
g(a, b) q;

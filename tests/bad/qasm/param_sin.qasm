OPENQASM 3.0;
include "stdgates.inc";
input float[64] a;
qubit q;
rx(sin(a)) q;

OPENQASM 3.0;
include "stdgates.inc";
input float[64] a;
qubit q;
rx(1/a) q;

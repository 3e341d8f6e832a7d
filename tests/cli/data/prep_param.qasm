OPENQASM 3.0;
include "stdgates.inc";
input float[64] t;
qubit[3] q;
rx(t) q[0];

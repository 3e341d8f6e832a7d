OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[1] q;
rx(theta) q[0];

OPENQASM 3.0;
include "stdgates.inc";
input float[64] a;
input float[64] b;
qubit q;
rx(a*b) q;

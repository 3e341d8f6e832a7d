OPENQASM 3.0;
include "stdgates.inc";
qubit q;
float[64] x;

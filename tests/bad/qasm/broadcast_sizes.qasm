OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
qubit[3] r;
cx q, r;

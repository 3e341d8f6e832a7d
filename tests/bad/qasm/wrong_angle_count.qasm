OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
rx(0.1, 0.2) q[0];

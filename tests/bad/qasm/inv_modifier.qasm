OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
inv @ s q[0];

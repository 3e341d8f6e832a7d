OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
pow(2) @ s q[0];

OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[123456789012345678901234567890];

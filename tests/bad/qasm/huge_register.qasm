OPENQASM 3.0;
include "stdgates.inc";
qubit[99999999999] q;

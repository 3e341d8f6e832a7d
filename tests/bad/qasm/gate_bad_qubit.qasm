OPENQASM 3.0;
include "stdgates.inc";
qubit q;
gate g a { h b; }

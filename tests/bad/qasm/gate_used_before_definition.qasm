OPENQASM 3.0;
include "stdgates.inc";
qubit q;
gate f a { k a; }
gate k a { x a; }

OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
gate g a {
  h a;

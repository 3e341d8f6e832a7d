OPENQASM 3.0;
include "mygates.inc";

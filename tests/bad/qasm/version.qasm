OPENQASM 4.0;
qubit q;

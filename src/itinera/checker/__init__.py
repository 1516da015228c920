"""Independent judges of solutions: they never import the solver."""

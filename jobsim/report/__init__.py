"""Reports: kubectl-style tables and machine-readable output, computed from objects."""

"""Controllers (layer 3): the Job controller and its pure decision functions."""

"""jobsim: a discrete-event simulator of the Kubernetes Job controller."""

__all__: list[str] = []

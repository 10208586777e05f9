"""Manifests shared by the CLI and scenario tests."""

from __future__ import annotations

PI_JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
      restartPolicy: Never
"""
"""The smallest useful Job: one pod of image perl, restartPolicy Never."""

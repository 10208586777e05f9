"""The ``Pod Template:`` section of ``kubectl describe job``: ``DescribePodTemplate``.

Owns upstream ``DescribePodTemplate`` and the container helpers it calls with no container
statuses (``describeContainers``, ``describeContainerBasicInfo``, ``describeContainerCommand``,
``describeResources``, ``DescribeProbe``, ``describeContainerEnvFrom``,
``describeContainerEnvVars``, ``describeContainerVolumes``, ``describeVolumes``,
``describeTopologySpreadConstraints``) from
``staging/src/k8s.io/kubectl/pkg/describe/describe.go``.

Deliberate simplifications: volume sources other than ``emptyDir`` print upstream's fallback
line ``<unknown>``; resource quantities print as written (the apiserver would canonicalize
them); ``resourceFieldRef`` env values print the raw request/limit. Pure; imports layer 0,
``jobsim.labels`` and :mod:`jobsim.report.prefix_writer` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jobsim.api.core_v1 import Container, PodTemplateSpec
from jobsim.api.meta_v1 import LabelSelector
from jobsim.labels import format_label_selector
from jobsim.report.prefix_writer import PrefixWriter

__all__ = ["describe_pod_template", "describe_probe"]


def describe_pod_template(template: PodTemplateSpec, w: PrefixWriter) -> None:
    """``DescribePodTemplate``: labels, containers, volumes, node selectors, tolerations."""
    w.write(0, "Pod Template:\n")
    w.labels_multiline("  Labels", template.metadata.labels)
    if template.metadata.annotations:
        w.annotations_multiline("  Annotations", template.metadata.annotations)
    spec = template.spec
    if spec.service_account_name:
        w.write(1, f"Service Account:\t{spec.service_account_name}\n")
    if spec.init_containers:
        _describe_containers("Init Containers", spec.init_containers, w, "  ")
    _describe_containers("Containers", spec.containers, w, "  ")
    _describe_volumes(spec.volumes, w, "  ")
    _describe_topology_spread_constraints(spec.topology_spread_constraints, w, "  ")
    if spec.priority_class_name:
        w.write(1, f"Priority Class Name:\t{spec.priority_class_name}\n")
    w.labels_multiline("  Node-Selectors", spec.node_selector)
    w.tolerations_multiline("  Tolerations", spec.tolerations)


def _describe_containers(
    label: str, containers: Sequence[Container], w: PrefixWriter, space: str
) -> None:
    none = " <none>" if not containers else ""
    w.write(0, f"{space}{label}:{none}\n")
    for container in containers:
        _basic_info(container, w, space)
        _command(container, w)
        _resources(container, w)
        _probes(container, w)
        if container.env_from:
            _env_from(container, w)
        _env_vars(container, w)
        _volume_mounts(container, w)


def _ports(container: Container, host: bool) -> str:
    return ", ".join(
        f"{p.host_port if host else p.container_port}/{p.protocol}" for p in container.ports or ()
    )


def _basic_info(container: Container, w: PrefixWriter, space: str) -> None:
    name_indent = " " if space else ""
    w.write(1, f"{name_indent}{container.name}:\n")
    w.write(2, f"Image:\t{container.image}\n")
    ports = _ports(container, host=False)
    w.write(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
    host_ports = _ports(container, host=True)
    if "," in host_ports:
        w.write(2, f"Host Ports:\t{host_ports}\n")
    else:
        w.write(2, f"Host Port:\t{host_ports or '<none>'}\n")
    seccomp = (container.security_context or {}).get("seccompProfile")
    if isinstance(seccomp, Mapping):
        w.write(2, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
        if seccomp.get("type") == "Localhost":
            w.write(3, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")


def _command(container: Container, w: PrefixWriter) -> None:
    for title, values in (("Command", container.command), ("Args", container.args)):
        if values:
            w.write(2, f"{title}:\n")
            for value in values:
                for line in value.split("\n"):
                    w.write(3, f"{line}\n")


def _resources(container: Container, w: PrefixWriter) -> None:
    resources = container.resources
    for title, values in (("Limits", resources.limits), ("Requests", resources.requests)):
        if values:
            w.write(2, f"{title}:\n")
        for name in sorted(values or {}):
            w.write(3, f"{name}:\t{(values or {})[name]}\n")


def describe_probe(probe: Mapping[str, Any]) -> str:
    """``DescribeProbe``: ``http-get http://:8080/healthz delay=0s timeout=1s ...``."""
    attrs = (
        f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 0)}s"
        f" period={probe.get('periodSeconds', 0)}s #success={probe.get('successThreshold', 0)}"
        f" #failure={probe.get('failureThreshold', 0)}"
    )
    if isinstance(probe.get("exec"), Mapping):
        command = " ".join(str(c) for c in probe["exec"].get("command") or ())
        return f"exec [{command}] {attrs}"
    if isinstance(probe.get("httpGet"), Mapping):
        get = probe["httpGet"]
        host, port = str(get.get("host") or ""), str(get.get("port") or "")
        netloc = f"{host}:{port}" if port else host
        scheme = str(get.get("scheme") or "").lower()
        return f"http-get {scheme}://{netloc}{get.get('path') or ''} {attrs}"
    if isinstance(probe.get("tcpSocket"), Mapping):
        sock = probe["tcpSocket"]
        return f"tcp-socket {sock.get('host') or ''}:{sock.get('port') or ''} {attrs}"
    if isinstance(probe.get("grpc"), Mapping):
        grpc = probe["grpc"]
        return f"grpc <pod>:{grpc.get('port', 0)} {grpc.get('service') or ''} {attrs}"
    return f"unknown {attrs}"


def _probes(container: Container, w: PrefixWriter) -> None:
    for title, probe in (
        ("Liveness", container.liveness_probe),
        ("Readiness", container.readiness_probe),
        ("Startup", container.startup_probe),
    ):
        if probe is not None:
            w.write(2, f"{title}:\t{describe_probe(probe)}\n")


def _env_from(container: Container, w: PrefixWriter) -> None:
    w.write(2, "Environment Variables from:\n")
    for source in container.env_from or ():
        ref, kind = (source.get("configMapRef"), "ConfigMap")
        if not isinstance(ref, Mapping):
            ref, kind = (source.get("secretRef"), "Secret")
        ref = ref if isinstance(ref, Mapping) else {}
        optional = "true" if ref.get("optional") else "false"
        prefix = source.get("prefix") or ""
        what = f"{kind} with prefix '{prefix}'" if prefix else kind
        w.write(3, f"{ref.get('name', '')}\t{what}\tOptional: {optional}\n")


def _env_vars(container: Container, w: PrefixWriter) -> None:
    w.write(2, "Environment:\t<none>\n" if not container.env else "Environment:\n")
    for env in container.env or ():
        source = env.value_from
        if source is None:
            for i, line in enumerate(env.value.split("\n")):
                w.write(3, f"{env.name}:\t{line}\n" if i == 0 else f"\t{line}\n")
        elif source.field_ref is not None:
            ref = source.field_ref
            w.write(3, f"{env.name}:\t ({ref.api_version}:{ref.field_path})\n")
        elif source.resource_field_ref is not None:
            resource = str(source.resource_field_ref.get("resource", ""))
            group, _, name = resource.partition(".")
            values = container.resources.limits if group == "limits" else None
            values = container.resources.requests if group == "requests" else values
            value = str((values or {}).get(name, "0"))
            if value == "0" and resource in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(3, f"{env.name}:\t{value} ({resource})\n")
        elif source.secret_key_ref is not None:
            ref_map = source.secret_key_ref
            optional = "true" if ref_map.get("optional") else "false"
            where = (
                f"<set to the key '{ref_map.get('key', '')}' in secret '{ref_map.get('name', '')}'>"
            )
            w.write(3, f"{env.name}:\t{where}\tOptional: {optional}\n")
        elif source.config_map_key_ref is not None:
            ref_map = source.config_map_key_ref
            optional = "true" if ref_map.get("optional") else "false"
            where = (
                f"<set to the key '{ref_map.get('key', '')}' of config map "
                f"'{ref_map.get('name', '')}'>"
            )
            w.write(3, f"{env.name}:\t{where}\tOptional: {optional}\n")


def _volume_mounts(container: Container, w: PrefixWriter) -> None:
    mounts = [m for m in container.volume_mounts or () if isinstance(m, Mapping)]
    w.write(2, "Mounts:\t<none>\n" if not mounts else "Mounts:\n")
    for mount in sorted(mounts, key=lambda m: str(m.get("mountPath", ""))):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f'path="{mount["subPath"]}"')
        path, name = mount.get("mountPath", ""), mount.get("name", "")
        w.write(3, f"{path} from {name} ({','.join(flags)})\n")
    devices = [d for d in container.volume_devices or () if isinstance(d, Mapping)]
    if devices:
        w.write(2, "Devices:\n")
        for device in sorted(devices, key=lambda d: str(d.get("devicePath", ""))):
            w.write(3, f"{device.get('devicePath', '')} from {device.get('name', '')}\n")


def _describe_volumes(volumes: Sequence[Any] | None, w: PrefixWriter, space: str) -> None:
    items = [v for v in volumes or () if isinstance(v, Mapping)]
    if not items:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in items:
        w.write(1, f"{' ' if space else ''}{volume.get('name', '')}:\n")
        empty_dir = volume.get("emptyDir")
        if isinstance(empty_dir, Mapping):
            size = empty_dir.get("sizeLimit") or "<unset>"
            w.write(
                2,
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                f"    Medium:\t{empty_dir.get('medium', '')}\n"
                f"    SizeLimit:\t{size}\n",
            )
        else:
            w.write(1, "<unknown>\n")


def _describe_topology_spread_constraints(
    constraints: Sequence[Any] | None, w: PrefixWriter, space: str
) -> None:
    items = [c for c in constraints or () if isinstance(c, Mapping)]
    if not items:
        return
    items.sort(key=lambda c: str(c.get("topologyKey", "")))
    w.write(0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(items):
        if i != 0:
            w.write(0, f"{space}\t")
        text = (
            f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')}"
            f" when max skew {tsc.get('maxSkew', 0)} is exceeded"
        )
        selector = tsc.get("labelSelector")
        if isinstance(selector, Mapping):
            parsed = LabelSelector.from_dict(dict(selector))
            text += f" for selector {format_label_selector(parsed)}"
        w.write(0, text + "\n")

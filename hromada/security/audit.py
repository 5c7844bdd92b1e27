"""The dependency audit: the installed packages and their known vulnerabilities, asked of pip-audit.

pip-audit (an optional dependency: ``pip install 'hromada[audit]'``) looks every installed distribution up
in a public vulnerability database over the network. When it is missing or cannot reach that service
(this machine may have no internet), the audit still lists the versions in use and says why it could not
tell their vulnerability status; nothing is guessed.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from typing import Any

NETWORK_HINTS = (
    "connection",
    "resolve",
    "network",
    "timed out",
    "timeout",
    "unreachable",
    "max retries",
    "name or service",
    "temporary failure",
    "proxy",
)


@dataclasses.dataclass
class Found:
    reachable: bool
    tool: str
    packages: list[dict[str, Any]]
    error: str = ""


def installed() -> dict[str, str]:
    """Every installed distribution of this interpreter: {name: version}."""
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found[name] = dist.version
    return dict(sorted(found.items(), key=lambda item: item[0].lower()))


def _tool_version() -> str:
    try:
        return f"pip-audit {importlib.metadata.version('pip-audit')}"
    except importlib.metadata.PackageNotFoundError:
        return ""


def audit_installed(*, timeout: float = 120.0) -> Found:
    """Run pip-audit over this environment; every package with its vulnerabilities (empty when unknown)."""
    versions = installed()
    packages: list[dict[str, Any]] = [
        {"name": n, "version": v, "vulnerabilities": []} for n, v in versions.items()
    ]
    tool = _tool_version()
    if importlib.util.find_spec("pip_audit") is None:
        return Found(False, "", packages, "pip-audit is not installed (pip install 'hromada[audit]').")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Found(
            False, tool, packages, f"could not reach the vulnerability service (no answer in {timeout:g} s)"
        )
    parsed = _parse(result.stdout)
    if parsed is None:
        detail = (result.stderr or result.stdout).strip().splitlines()
        last = detail[-1] if detail else f"exit status {result.returncode}"
        text = " ".join(detail).lower()
        if any(hint in text for hint in NETWORK_HINTS):
            return Found(False, tool, packages, f"could not reach the vulnerability service: {last}"[:2000])
        return Found(False, tool, packages, f"pip-audit failed: {last}"[:2000])
    audited = [entry for entry in parsed if "vulns" in entry and not entry.get("skip_reason")]
    if parsed and not audited:
        # pip-audit skips a package it cannot look up and still exits 0: when it looked none up, the
        # service did not answer (no network, or a proxy that refuses it).
        first = str(parsed[0].get("skip_reason", ""))
        return Found(False, tool, packages, f"could not reach the vulnerability service: {first}"[:2000])
    by_name = {entry["name"].lower(): entry for entry in parsed}
    for package in packages:
        entry = by_name.get(package["name"].lower())
        if entry:
            package["vulnerabilities"] = [
                {
                    "id": vuln.get("id", ""),
                    "fix_versions": list(vuln.get("fix_versions", [])),
                    "aliases": list(vuln.get("aliases", [])),
                }
                for vuln in entry.get("vulns", [])
            ]
            if entry.get("skip_reason"):
                package["skipped"] = str(entry["skip_reason"])
    return Found(True, tool, packages)


def _parse(output: str) -> list[dict[str, Any]] | None:
    try:
        data = json.loads(output)
    except (ValueError, TypeError):
        return None
    dependencies = data.get("dependencies") if isinstance(data, dict) else None
    return dependencies if isinstance(dependencies, list) else None

"""Anti-fraud: spikes of signatures from one network or one e-mail domain. Pure Python, no Django import.

The detector gets, for one petition and one recent window, how many signatures came from each network
(an IPv4 /24 or an IPv6 /64) and from each e-mail domain, and reports the keys whose count is both large
in absolute terms and a large share of the window. Large public mail providers are expected to be common,
so their domains need a higher share. Moderators get the spikes as notifications; nothing is blocked
automatically (a student hostel or a village behind one NAT is legitimate).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

COMMON_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "ukr.net",
        "i.ua",
        "meta.ua",
        "outlook.com",
        "hotmail.com",
        "yahoo.com",
        "icloud.com",
        "proton.me",
        "protonmail.com",
        "bigmir.net",
    }
)


def network_of(address: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) network of an address as text; '' for something that is not an IP."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def email_domain(email: str | None) -> str:
    """The lower-case domain of an e-mail address ('' without one)."""
    if not email or "@" not in email:
        return ""
    return email.rsplit("@", 1)[1].strip().lower()[:100]


@dataclass(frozen=True)
class Thresholds:
    min_count: int = 50
    """At least this many signatures from one key in the window."""
    min_share: float = 0.3
    """…and at least this share of all signatures in the window."""
    common_domain_share: float = 0.8
    """A common public mail domain must reach this share instead."""


@dataclass(frozen=True)
class Spike:
    kind: str  # "network" or "email_domain"
    key: str
    count: int
    share: float


def detect(
    *,
    total: int,
    networks: Mapping[str, int],
    domains: Mapping[str, int],
    thresholds: Thresholds = Thresholds(),
) -> list[Spike]:
    """The spikes among the window's counts, largest first."""
    if total <= 0:
        return []
    spikes: list[Spike] = []
    for kind, counts in (("network", networks), ("email_domain", domains)):
        for key, count in counts.items():
            if not key:
                continue
            share = count / total
            needed = thresholds.min_share
            if kind == "email_domain" and key in COMMON_MAIL_DOMAINS:
                needed = thresholds.common_domain_share
            if count >= thresholds.min_count and share >= needed:
                spikes.append(Spike(kind=kind, key=key, count=count, share=round(share, 4)))
    return sorted(spikes, key=lambda s: (-s.count, s.kind, s.key))

"""Find the client's address: the proxy's X-Forwarded-For only when TRUSTED_PROXIES names the proxy."""

from __future__ import annotations

import ipaddress

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """Return the networks of a comma-separated list of addresses and CIDR ranges; ValueError if one is not."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """Return the nearest address in the chain that is not a trusted proxy.

    A client can write anything into X-Forwarded-For, so hops are read right to left and only
    while the hop that added them is trusted.
    """
    address = peer or "unknown"
    if not trusted or not _trusted(address, trusted):
        return address
    for hop in reversed([part.strip() for part in (forwarded_for or "").split(",") if part.strip()]):
        address = hop
        if not _trusted(hop, trusted):
            break
    return address

"""Which network addresses newsfuse may fetch from: public ones only.

A URL is a request an attacker may write. Fetching it must never reach the machine itself,
its private network, a cloud's metadata service or any address the public internet does
not route, whatever form the address takes: written as a name that resolves to it, in
decimal or octal ("2130706433", "0177.0.0.1"), as an IPv4-mapped IPv6 address
("::ffff:127.0.0.1") or behind a redirect. The check runs on the resolved address of every
connection (``client.Fetcher``), so no later lookup can swap it.
"""

from __future__ import annotations

import ipaddress
import socket

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")
"""Carrier-grade NAT space: private to a provider's network."""


def refusal(address: Address) -> str | None:
    """Why ``address`` may not be fetched from ("a loopback address", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if mapped is not None:  # an IPv4 address wearing IPv6 clothes is judged as itself
            reason = refusal(mapped)
            if reason is not None:
                return reason
    if address in _METADATA:
        return "a cloud metadata address"
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address in _SHARED if address.version == 4 else False, "a shared (carrier-grade NAT) address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "an address the internet does not route"),
    )
    return next((reason for refused, reason in checks if refused), None)


def literal_address(host: str) -> Address | None:
    """The address a host written as a number stands for ("127.0.0.1", "[::1]", and the
    old forms C libraries still accept: "2130706433", "0177.0.0.1", "0x7f.1"), or None for a
    name."""
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if bare and all(part for part in bare.split(".")) and all(c in "0123456789abcdefxABCDEFX." for c in bare):
        try:  # inet_aton reads decimal, octal and hexadecimal parts as resolvers do
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None

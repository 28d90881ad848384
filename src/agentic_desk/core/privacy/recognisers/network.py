"""Network addresses: IPv4 dotted quads and IPv6 addresses (full or compressed), not version
or section numbers, OIDs, MAC addresses, times or ``a::b`` code paths."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.text import Span, window_before

__all__ = ["find_ip_addresses", "mask_ip_address"]

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4_RE = re.compile(rf"(?=[0-9])(?<![\w.\-])({_OCTET}(?:\.{_OCTET}){{3}})(?![\w\-]|\.[0-9])")
_IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?"
    r"(?![\w:]|\.[0-9])"
)
_IPV6_GROUP_SEPARATOR_RE = re.compile(r"[:.]")
_VERSION_CUE_RE = re.compile(
    r"(?:(?<![\w.@\-])(?:v|ver|version|versions|release|released|build|rev|revision|update|upgrade|"
    r"upgraded|patch|firmware|software|kernel|python|node|java|chrome|firefox|ios|android|"
    r"macos|windows|sdk|library|package|pkg|section|sec|sect|clause|para|paragraph|article|"
    r"art|rule|chapter|ch|item|figure|fig|table|step|appendix|schedule|part)\b|§§?)",
    re.IGNORECASE,
)
_VERSION_GAP_RE = re.compile(
    r"[\s:#=.\-(]*(?:(?:is|was|to|of|number|no|nr|#|now|from)[\s:#=.\-(]+){0,2}", re.IGNORECASE
)


def _ipv4_is_version(text: str, start: int) -> bool:
    """Is the dotted quad right after a version or section label ("version 1.2.3.4")?"""
    window = window_before(text, start, 32)
    return any(_VERSION_GAP_RE.fullmatch(window, m.end()) for m in _VERSION_CUE_RE.finditer(window))


def find_ip_addresses(text: str) -> Iterator[Span]:
    """IPv4 addresses (0-255 octets, no port or prefix length) and IPv6 addresses, loopback
    included."""
    for m in _IPV4_RE.finditer(text):
        if not _ipv4_is_version(text, m.start()):
            yield m.start(), m.end()
    for m in _IPV6_RE.finditer(text):
        candidate = m.group(0)
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        hexgroups = [g for g in _IPV6_GROUP_SEPARATOR_RE.split(candidate) if g]
        if (
            "::" in candidate
            and candidate != "::1"
            and (not hexgroups or (len(hexgroups) < 3 and max(len(g) for g in hexgroups) < 3))
        ):
            continue  # a::b, Foo::Bar-like code, not an address
        yield m.start(), m.end()


def mask_ip_address(text: str) -> str:
    """The first IPv4 octet or IPv6 group only."""
    if ":" in text:
        head = text.split(":", 1)[0]
        return f"{head}:{BULLET * 4}" if head else f"::{BULLET * 4}"
    first = text.split(".", 1)[0]
    return f"{first}.{BULLET * 3}.{BULLET * 3}.{BULLET * 3}"

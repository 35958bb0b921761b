"""Who is asking: the address that throttles and login lockouts count against."""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    trusted = settings.TRUSTED_PROXIES
    return "*" in trusted or address in trusted


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR; or, when the request came through a trusted proxy (FORWARDED_ALLOW_IPS, as
    gunicorn trusts), the address the proxies saw: the last one in X-Forwarded-For that is not
    itself a trusted proxy. A client can put anything at the start of that header, never at its
    end, so the addresses it made up are never used."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not (remote and forwarded and _trusted(remote)):
        return remote
    hops = [part.strip() for part in forwarded.split(",")]
    if "*" in settings.TRUSTED_PROXIES:
        hops = hops[-1:]  # "whoever reaches us is the proxy": its one hop, the address it saw
    for candidate in reversed(hops):
        try:
            ip_address(candidate)
        except ValueError:
            return remote  # a header that is not a list of addresses: not to be trusted
        if not _trusted(candidate) or "*" in settings.TRUSTED_PROXIES:
            return candidate
    return remote

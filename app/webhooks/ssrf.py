"""SSRF guard for callback URLs: https only, and only to public addresses.

Checked when a subscription is made and again on every connection the worker opens (`GuardedBackend`
resolves the host itself and connects to the address it approved, so a DNS answer cannot change between
the check and the connect).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit

import httpcore
from httpcore._backends.base import SOCKET_OPTION

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL_LENGTH = 2000


class UnsafeAddress(Exception):
    """The callback host is, or resolves to, an address the service must not call."""


def _ip(value: str) -> IpAddress:
    ip = ipaddress.ip_address(value.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def adres_toegestaan(ip: IpAddress, allow_loopback: bool) -> bool:
    """Only globally routable unicast addresses (no private, link-local, CGNAT, multicast, reserved,
    unspecified or documentation ranges); loopback only when explicitly allowed (development, tests)."""
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not ip.is_multicast


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.") or host.lower().endswith(".localhost"):
        return True
    try:
        return _ip(host).is_loopback
    except ValueError:
        return False


def resolve(host: str, port: int) -> list[IpAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeAddress("host is niet te herleiden") from exc
    ips: list[IpAddress] = []
    for *_, sockaddr in infos:
        ip = _ip(str(sockaddr[0]))
        if ip not in ips:
            ips.append(ip)
    return ips


def toegestane_adressen(host: str, port: int, allow_loopback: bool) -> list[IpAddress]:
    """Every address the host resolves to, all of which must be allowed (one bad one refuses the host)."""
    ips = resolve(host, port)
    if not ips:
        raise UnsafeAddress("host is niet te herleiden")
    if not all(adres_toegestaan(ip, allow_loopback) for ip in ips):
        raise UnsafeAddress("host verwijst naar een niet-publiek adres")
    return ips


def _port(parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError as exc:
        raise UnsafeAddress("ongeldige poort") from exc
    return port or (443 if parts.scheme == "https" else 80)


def check_callback_url(url: str, allow_loopback: bool) -> None:
    """Raise OnveiligAdres with a reason fit for a 400 (it never echoes the URL)."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeAddress(f"langer dan {MAX_URL_LENGTH} tekens")
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeAddress("moet een absolute https-URL zijn")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress("mag geen gebruikersnaam of wachtwoord bevatten")
    if parts.fragment:
        raise UnsafeAddress("mag geen fragment (#) bevatten")
    loopback = is_loopback_host(host)
    if parts.scheme == "http" and not (loopback and allow_loopback):
        raise UnsafeAddress("moet https gebruiken")
    if loopback and not allow_loopback:
        raise UnsafeAddress("loopback-adressen zijn niet toegestaan")
    toegestane_adressen(host, _port(parts), allow_loopback)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore network backend that connects only to approved addresses (TLS still uses the host name
    for SNI and certificate checks: httpcore passes it to start_tls separately)."""

    def __init__(self, allow_loopback: bool) -> None:
        self.allow_loopback = allow_loopback

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        ips = toegestane_adressen(host, port, self.allow_loopback)
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for ip in ips:
            try:
                return super().connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or UnsafeAddress("host is niet te herleiden")

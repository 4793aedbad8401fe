"""SSRF guard for callback URLs: https only, and only to public addresses.

Two checks, one rule (`adres_toegestaan`):

* `check_callback_url` runs when a subscription is made. It validates exactly the string that is stored:
  any whitespace or control character (Unicode Cc, Cf, Zs, Zl, Zp) refuses the URL instead of being
  cleaned away by the parser; host and port are taken from httpx's parser, the one the worker sends with
  (scheme and port must read the same to urllib); port 0 and ports outside 1..65535 are refused.
* `GuardedBackend` runs on every connection the worker opens. It is a public httpcore network backend
  (`httpcore.NetworkBackend`, wrapping the public `httpcore.SyncBackend`): it resolves the host itself,
  refuses the host when any address is not allowed, and connects to the approved addresses only, in the
  resolver's order (IPv4/IPv6 fallback). The DNS answer that was checked is the one connected to, so
  there is no rebinding window. TLS still uses the host name for SNI and the certificate check: httpcore
  passes the origin's host name to `start_tls` separately. `app.webhooks.sending.GuardedTransport`
  plugs this backend into an `httpcore.ConnectionPool`.

The resolver is injectable (`Resolver`, default `socket.getaddrinfo`) so tests can point a name anywhere.

IPv6 forms that carry an IPv4 address (decision for issue 10, item 4):

* `::ffff:0:0/96` (IPv4-mapped): judged as the IPv4 address it is; a socket connects to exactly that.
* `64:ff9b::/96` (well-known NAT64 prefix, RFC 6052): allowed only when the embedded IPv4 (the last 32
  bits) is itself a public address. IPv6-only networks with DNS64 resolve every IPv4-only receiver to
  such an address, so refusing the prefix would break them. Loopback is never allowed through NAT64, not
  even in development: the translator, not this host, would be called.
* Refused outright, whatever they embed: `::/96` (IPv4-compatible, deprecated by RFC 4291 and on some
  systems routed into an IPv4 tunnel), `::ffff:0:0:0/96` (IPv4-translated, RFC 2765), `64:ff9b:1::/48`
  (local-use NAT64, RFC 8215: never global, and where the IPv4 sits depends on the operator's prefix
  length), `2002::/16` (6to4, relays deprecated by RFC 7526; the embedded IPv4 is a gateway that
  decapsulates to anything) and `2001::/32` (Teredo: the server IPv4 in bits 32-63 and the client IPv4
  as the complement of the last 32 bits; a NAT traversal client is never a webhook receiver). `::` and
  `::1` keep their own meaning (unspecified, loopback).
"""

from __future__ import annotations

import ipaddress
import socket
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpcore
import httpx

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL_LENGTH = 2000
DEFAULT_PORTS = {"https": 443, "http": 80}

# Unicode categories refused anywhere in a URL: controls (Cc, includes \t \r \n and NUL), format
# characters (Cf: zero-width, bidi overrides, BOM) and every kind of space or separator.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
REFUSED_TRANSITION_NETWORKS = (
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # local-use NAT64
    ipaddress.IPv6Network("2002::/16"),  # 6to4
    ipaddress.IPv6Network("2001::/32"),  # Teredo
)


class UnsafeAddress(Exception):
    """The callback host is, or resolves to, an address the service must not call."""


class Resolver(Protocol):
    """The shape of `socket.getaddrinfo(host, port, family, type)`: entries whose last item is a
    sockaddr with the address first."""

    def __call__(
        self, host: str, port: int, family: int = ..., kind: int = ..., /
    ) -> Sequence[tuple[Any, ...]]: ...


def _ip(value: str) -> IpAddress:
    ip = ipaddress.ip_address(value.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _literal(host: str) -> IpAddress | None:
    try:
        return _ip(host)
    except ValueError:
        return None


def adres_toegestaan(ip: IpAddress, allow_loopback: bool) -> bool:
    """Only globally routable unicast addresses (no private, link-local, CGNAT, multicast, reserved,
    unspecified or documentation ranges); loopback only when explicitly allowed (development, tests).
    IPv6 forms that embed an IPv4 address follow the module docstring."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return adres_toegestaan(ip.ipv4_mapped, allow_loopback)
        if ip in NAT64_WELL_KNOWN:
            return adres_toegestaan(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF), allow_loopback=False)
        if ip.is_loopback or ip.is_unspecified:  # ::1 and :: lie in ::/96 but mean themselves
            return ip.is_loopback and allow_loopback
        if any(ip in net for net in REFUSED_TRANSITION_NETWORKS):
            return False
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not ip.is_multicast


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.") or host.lower().endswith((".localhost", ".localhost.")):
        return True
    ip = _literal(host)
    return ip is not None and ip.is_loopback


def resolve(host: str, port: int, resolver: Resolver = socket.getaddrinfo) -> list[IpAddress]:
    """The host's addresses, in the resolver's order, without duplicates. An IP literal is itself."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = resolver(host, port, 0, socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise UnsafeAddress("host is niet te herleiden") from exc
    ips: list[IpAddress] = []
    for info in infos:
        try:
            ip = _ip(str(info[-1][0]))
        except (ValueError, IndexError, TypeError) as exc:
            raise UnsafeAddress("host verwijst naar een niet-publiek adres") from exc
        if ip not in ips:
            ips.append(ip)
    return ips


def toegestane_adressen(
    host: str, port: int, allow_loopback: bool, resolver: Resolver = socket.getaddrinfo
) -> list[IpAddress]:
    """Every address the host resolves to, all of which must be allowed (one bad one refuses the host)."""
    if not 1 <= port <= 65535:
        raise UnsafeAddress("ongeldige poort")
    ips = resolve(host, port, resolver)
    if not ips:
        raise UnsafeAddress("host is niet te herleiden")
    if not all(adres_toegestaan(ip, allow_loopback) for ip in ips):
        raise UnsafeAddress("host verwijst naar een niet-publiek adres")
    return ips


def _has_refused_character(url: str) -> bool:
    return any(unicodedata.category(char) in REFUSED_CATEGORIES for char in url)


def check_callback_url(url: str, allow_loopback: bool, *, resolver: Resolver = socket.getaddrinfo) -> None:
    """Raise UnsafeAddress with a reason fit for a 400 (it never echoes the URL). Validates `url` as is:
    nothing is stripped or cleaned first, so the string checked is the string stored and sent."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeAddress(f"langer dan {MAX_URL_LENGTH} tekens")
    if _has_refused_character(url):
        raise UnsafeAddress("mag geen spaties, tabs of stuurtekens bevatten")
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise UnsafeAddress("moet een absolute https-URL zijn")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress("mag geen gebruikersnaam of wachtwoord bevatten")
    if parts.fragment:
        raise UnsafeAddress("mag geen fragment (#) bevatten")
    try:
        urllib_port = parts.port
    except ValueError as exc:
        raise UnsafeAddress("ongeldige poort") from exc
    if urllib_port is not None and not 1 <= urllib_port <= 65535:
        raise UnsafeAddress("ongeldige poort")
    # The worker sends with httpx: take host and port from its parser, and refuse any URL the two parsers
    # read differently (a parser differential would make the check judge another host than is called).
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise UnsafeAddress("ongeldige URL") from exc
    default_port = DEFAULT_PORTS[parts.scheme]
    port = default_port if parsed.port is None else parsed.port
    if (
        not host
        or parsed.scheme != parts.scheme
        or port != (default_port if urllib_port is None else urllib_port)
        or parsed.userinfo
        or parsed.fragment
    ):
        raise UnsafeAddress("ongeldige URL")
    if not 1 <= port <= 65535:
        raise UnsafeAddress("ongeldige poort")
    loopback = is_loopback_host(host)
    if parts.scheme == "http" and not (loopback and allow_loopback):
        raise UnsafeAddress("moet https gebruiken")
    if loopback and not allow_loopback:
        raise UnsafeAddress("loopback-adressen zijn niet toegestaan")
    toegestane_adressen(host, port, allow_loopback, resolver)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore network backend that connects only to approved addresses (see the module docstring)."""

    def __init__(
        self,
        allow_loopback: bool,
        resolver: Resolver = socket.getaddrinfo,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.allow_loopback = allow_loopback
        self.resolver = resolver
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        ips = toegestane_adressen(host, port, self.allow_loopback, self.resolver)
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for ip in ips:
            try:
                return self.inner.connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or UnsafeAddress("host is niet te herleiden")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise UnsafeAddress("alleen TCP-verbindingen zijn toegestaan")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)

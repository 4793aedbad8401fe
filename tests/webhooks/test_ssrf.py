"""The SSRF guard on callback URLs (issue 10, item 4), in production mode (allow_loopback False).

Every IPv6 form that carries an IPv4 address, port 0 and out-of-range ports, and any whitespace or control
character are refused; public addresses stay allowed. Host names resolve through an injected resolver, so
no test here uses DNS. A refusal never echoes the URL.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from app.webhooks.ssrf import UnsafeAddress, adres_toegestaan, check_callback_url

HOST = "hook.example.test"
NIET_PUBLIEK = "host verwijst naar een niet-publiek adres"
ONGELDIGE_POORT = "ongeldige poort"
STUURTEKENS = "mag geen spaties, tabs of stuurtekens bevatten"

# The five URLs the outside audit found accepted, as the issue writes them (the ellipsis included).
AUDIT_URLS = [
    "https://[64:ff9b::a9fe:a9fe]/…",  # NAT64 of 169.254.169.254, the cloud metadata address
    "https://[2002:a9fe:a9fe::]/…",  # 6to4 of 169.254.169.254
    "https://[::127.0.0.1]/…",  # IPv4-compatible loopback
    "https://8.8.8.8:0/…",  # port 0
    "https://8.8.8.8/ho\tok",  # a TAB: urlsplit drops it, so the cleaned copy was checked
]


class FakeResolver:
    """A getaddrinfo stand-in: each name maps to a list of addresses; records every question."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int, family: int = 0, kind: int = 0, /) -> list[tuple[Any, ...]]:
        self.calls.append((host, port))
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in self.answers[host]
        ]


def teredo(server: str, client: str) -> str:
    """A Teredo address (2001::/32): server IPv4 in bits 32-63, client IPv4 complemented in the last 32."""
    value = (0x2001_0000 << 96) | (int(ipaddress.IPv4Address(server)) << 64)
    value |= 0xFFFF_FFFF & ~int(ipaddress.IPv4Address(client))
    return str(ipaddress.IPv6Address(value))


def refused(url: str, allow_loopback: bool = False, resolver: FakeResolver | None = None) -> str:
    with pytest.raises(UnsafeAddress) as info:
        check_callback_url(url, allow_loopback, resolver=resolver or FakeResolver({}))
    reason = str(info.value)
    assert url not in reason
    assert "://" not in reason
    return reason


METADATA_TEREDO = teredo("169.254.169.254", "127.0.0.1")
PUBLIC_TEREDO = teredo("65.54.227.120", "8.8.4.4")

# IPv6 transition forms that point at an internal IPv4 address: (address, what it embeds).
INTERNAL_TRANSITION_ADDRESSES = [
    ("::ffff:169.254.169.254", "mapped"),
    ("::ffff:a9fe:a9fe", "mapped, hex"),
    ("::ffff:10.0.0.1", "mapped private"),
    ("::127.0.0.1", "compatible loopback"),
    ("::169.254.169.254", "compatible metadata"),
    ("::10.1.2.3", "compatible private"),
    ("64:ff9b::a9fe:a9fe", "NAT64 metadata"),
    ("64:ff9b::169.254.169.254", "NAT64 metadata, dotted"),
    ("0064:FF9B:0000:0000:0000:0000:A9FE:A9FE", "NAT64 metadata, uppercase and padded"),
    ("64:ff9b::7f00:1", "NAT64 loopback"),
    ("64:ff9b::a00:1", "NAT64 private"),
    ("64:ff9b::c0a8:101", "NAT64 private 192.168"),
    ("64:ff9b::6440:1", "NAT64 CGNAT"),
    ("64:ff9b:1::a9fe:a9fe", "local-use NAT64 metadata"),
    ("64:ff9b:1:a9fe:a9:fe00::", "local-use NAT64 /48 layout"),
    ("2002:a9fe:a9fe::", "6to4 metadata"),
    ("2002:7f00:1::1", "6to4 loopback"),
    ("2002:a00:1::1", "6to4 private"),
    (METADATA_TEREDO, "Teredo, metadata server and loopback client"),
    (teredo("8.8.8.8", "169.254.169.254"), "Teredo, metadata client"),
    (teredo("10.0.0.1", "8.8.8.8"), "Teredo, private server"),
    ("::ffff:0:a9fe:a9fe", "IPv4-translated metadata"),
]

# Forms refused outright whatever they embed (module docstring of app.webhooks.ssrf).
PUBLIC_BUT_REFUSED_TRANSITION_ADDRESSES = [
    ("::8.8.8.8", "compatible, deprecated"),
    ("64:ff9b:1::808:808", "local-use NAT64, never global"),
    ("2002:808:808::1", "6to4, deprecated relays"),
    (PUBLIC_TEREDO, "Teredo"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo, RFC 4380 example"),
    ("::ffff:0:808:808", "IPv4-translated"),
]

ALL_REFUSED_TRANSITION_ADDRESSES = [a for a, _ in INTERNAL_TRANSITION_ADDRESSES] + [
    a for a, _ in PUBLIC_BUT_REFUSED_TRANSITION_ADDRESSES
]


def test_the_teredo_helper_builds_what_python_reads_back() -> None:
    address = ipaddress.IPv6Address(METADATA_TEREDO)
    assert address.teredo == (ipaddress.IPv4Address("169.254.169.254"), ipaddress.IPv4Address("127.0.0.1"))


@pytest.mark.parametrize("url", AUDIT_URLS)
def test_the_audit_urls_are_refused(url: str) -> None:
    refused(url)


@pytest.mark.parametrize("url", AUDIT_URLS)
def test_the_audit_urls_are_refused_in_development_too(url: str) -> None:
    refused(url, allow_loopback=True)


@pytest.mark.parametrize("address", ALL_REFUSED_TRANSITION_ADDRESSES)
def test_ipv6_transition_literals_are_refused(address: str) -> None:
    assert refused(f"https://[{address}]/webhook") == NIET_PUBLIEK


@pytest.mark.parametrize("address", ALL_REFUSED_TRANSITION_ADDRESSES)
def test_ipv6_transition_addresses_behind_a_name_are_refused(address: str) -> None:
    resolver = FakeResolver({HOST: [address]})
    assert refused(f"https://{HOST}/webhook", resolver=resolver) == NIET_PUBLIEK
    assert resolver.calls == [(HOST, 443)]


@pytest.mark.parametrize(
    "address", [address for address, form in INTERNAL_TRANSITION_ADDRESSES if not form.startswith("mapped")]
)
def test_transition_forms_do_not_count_as_loopback_in_development(address: str) -> None:
    # allow_loopback admits ::1 and 127.0.0.0/8 themselves, never an IPv4 smuggled through another form.
    assert adres_toegestaan(ipaddress.ip_address(address), allow_loopback=True) is False


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("::ffff:127.0.0.1", True),  # mapped: a socket reaches 127.0.0.1 itself
        ("::1", True),
        ("::", False),
        ("64:ff9b::7f00:1", False),  # NAT64: the translator would be called, not this host
    ],
)
def test_loopback_in_development_is_only_real_loopback(address: str, allowed: bool) -> None:
    assert adres_toegestaan(ipaddress.ip_address(address), allow_loopback=True) is allowed


@pytest.mark.parametrize(
    "url",
    [
        "https://8.8.8.8:0/webhook",
        "https://8.8.8.8:00/webhook",
        "https://8.8.8.8:000000/webhook",
        "https://[2001:4860:4860::8888]:0/webhook",
        f"https://{HOST}:0/webhook",
        "https://8.8.8.8:65536/webhook",
        "https://8.8.8.8:99999/webhook",
        "https://8.8.8.8:-1/webhook",
        "https://8.8.8.8:+443/webhook",
        "https://8.8.8.8:٤٤٣/webhook",  # Arabic-Indic digits: int() reads them as 443
    ],
)
def test_port_zero_and_ports_outside_the_range_are_refused(url: str) -> None:
    resolver = FakeResolver({HOST: ["8.8.8.8"]})
    assert refused(url, resolver=resolver) == ONGELDIGE_POORT
    assert resolver.calls == []


REFUSED_CHARACTERS = [
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x7f",
    "\x85",  # NEL (Cc)
    " ",
    "\u00a0",  # no-break space (Zs)
    "\u3000",  # ideographic space (Zs)
    "\u2028",  # line separator (Zl)
    "\u2029",  # paragraph separator (Zp)
    "\u200b",  # zero-width space (Cf)
    "\u200e",  # left-to-right mark (Cf)
    "\u202e",  # right-to-left override (Cf)
    "\u2066",  # left-to-right isolate (Cf)
    "\ufeff",  # BOM (Cf)
    "\u00ad",  # soft hyphen (Cf)
]
URL_TEMPLATES = [
    "{c}https://8.8.8.8/webhook",
    "https://8.8.8.8/webhook{c}",
    "ht{c}tps://8.8.8.8/webhook",
    "https:/{c}/8.8.8.8/webhook",
    "https://8.8.{c}8.8/webhook",
    "https://8.8.8.8:4{c}43/webhook",
    "https://8.8.8.8/web{c}hook",
    "https://8.8.8.8/webhook?a={c}",
]


@pytest.mark.parametrize("template", URL_TEMPLATES)
@pytest.mark.parametrize("char", REFUSED_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_whitespace_and_control_characters_anywhere_are_refused(char: str, template: str) -> None:
    url = template.format(c=char)
    assert refused(url) == STUURTEKENS
    check_callback_url(template.format(c=""), allow_loopback=False)  # the same URL without it is fine


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0\t.1/webhook",  # the cleaned copy is loopback, which used to give it away
        "https://8.8.8.8\t@127.0.0.1/webhook",
        "https://8.8.8.8/\r\nHost: 169.254.169.254",
        f"https://{HOST}/webhook\n",
    ],
)
def test_urls_that_the_parser_would_clean_are_refused_before_parsing(url: str) -> None:
    resolver = FakeResolver({HOST: ["8.8.8.8"]})
    assert refused(url, resolver=resolver) == STUURTEKENS
    assert resolver.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1]x/webhook",  # urllib reads host ::1, httpx refuses the URL
        "https://[v1.x]/webhook",
        "https://8.8.8.8:443:1/webhook",
        "https:///webhook",
        "https:8.8.8.8/webhook",
    ],
)
def test_urls_the_parsers_read_differently_are_refused(url: str) -> None:
    refused(url)


@pytest.mark.parametrize(
    ("url", "answers"),
    [
        ("https://8.8.8.8/webhook", {}),
        ("https://8.8.8.8:8443/webhook", {}),
        ("https://8.8.8.8:443/…", {}),
        ("https://[2001:4860:4860::8888]/webhook", {}),
        ("https://[2001:4860:4860::8888]:8443/webhook", {}),
        ("https://[::ffff:8.8.8.8]/webhook", {}),  # mapped: judged as 8.8.8.8
        ("https://[64:ff9b::808:808]/webhook", {}),  # NAT64 of a public address (DNS64 networks)
        (f"https://{HOST}/webhook", {HOST: ["8.8.8.8"]}),
        (f"https://{HOST}:8443/webhook?partner=gemeente", {HOST: ["2001:4860:4860::8888", "8.8.8.8"]}),
        (f"https://{HOST.upper()}/webhook", {HOST: ["8.8.8.8"]}),
        (f"https://{HOST}/webhook", {HOST: ["64:ff9b::808:808"]}),
        ("https://bücher.example.test/webhook", {"xn--bcher-kva.example.test": ["8.8.8.8"]}),
    ],
)
def test_public_addresses_stay_allowed(url: str, answers: dict[str, list[str]]) -> None:
    check_callback_url(url, allow_loopback=False, resolver=FakeResolver(answers))


def test_the_resolver_is_asked_for_the_host_and_port_that_will_be_called() -> None:
    resolver = FakeResolver({HOST: ["8.8.8.8"], "xn--bcher-kva.example.test": ["8.8.8.8"]})
    check_callback_url("https://Hook.Example.TEST:8443/webhook", allow_loopback=False, resolver=resolver)
    check_callback_url("https://bücher.example.test/webhook", allow_loopback=False, resolver=resolver)
    assert resolver.calls == [(HOST, 8443), ("xn--bcher-kva.example.test", 443)]


@pytest.mark.parametrize(
    "answers",
    [
        ["8.8.8.8", "127.0.0.1"],
        ["2001:4860:4860::8888", "64:ff9b::a9fe:a9fe"],
        ["8.8.8.8", "2002:a9fe:a9fe::"],
        ["169.254.169.254"],
    ],
)
def test_a_name_with_any_internal_address_is_refused(answers: list[str]) -> None:
    assert refused(f"https://{HOST}/webhook", resolver=FakeResolver({HOST: answers})) == NIET_PUBLIEK


def test_a_name_that_does_not_resolve_is_refused() -> None:
    assert refused(f"https://{HOST}/webhook") == "host is niet te herleiden"

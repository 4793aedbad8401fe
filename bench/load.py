"""Load benchmark (issue 8, item 6; DESIGN §13): does the service hold the national load shape?

Not part of CI. It starts its own server (`ketenmeldingen serve --demo`, optionally `--workers N`) on a
fresh database — or uses `--server-url` — and through the beheer API creates the national partner
landscape: 342 aangesloten gemeenten, 3 reclassering organisations, 25 BIJ-gemandateerden (the BIJ mandates
spread over them) and the police, one client each. Every partner then holds a long poll on its feed while
DJI posts a realistic mix (begin, intake, toestemming, reclasseringsopdracht, corrections, overplaatsing,
BIJ-meldingen, einde) at `--rate` requests/s, with a burst of `--burst-clients` DJI clients posting begin
detenties as fast as they can in the middle of the run.

The benchmark computes the deliveries it expects itself, from DESIGN §6 and what it posted — it never asks
the service whom it routed to — and reports errors per endpoint, missed and duplicated deliveries,
POST→poll latency (from the POST's 2xx response to the poller receiving the event; burst and non-burst
windows apart), `/health/ready` latency (polled every 200 ms), server RSS and CPU, and the load client's
own CPU. Event types whose recipients depend on the disclosure policy (informatieblad.*,
basisvoorwaarden.gewijzigd) are counted as "unchecked", with only a plausibility check of the recipient.

`--year` runs the "national year" instead: `--persons` persons (default 30,000) spread over the gemeenten,
each begin → intake → toestemming → einde, plus BIJ-meldingen (2,000 per 30,000 persons) from
`--dji-clients` concurrent DJI clients; then every gemeente drains its feed with `expand=data`.

    .venv/bin/python -m bench.load --backend postgresql                      # full load shape, 60 s
    .venv/bin/python -m bench.load --backend postgresql --workers 2
    .venv/bin/python -m bench.load --backend sqlite --scale 0.1 --duration 10  # smoke run
    .venv/bin/python -m bench.load --backend postgresql --year --persons 300 --scale 0.1
    .venv/bin/python -m bench.load --app-dir /tmp/old-checkout ...           # serve another checkout

The output is a Markdown block (command line first) for bench/RESULTS.md; `--json FILE` writes the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import dataclasses
import datetime as dt
import json
import math
import os
import random
import re
import resource
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import psycopg

from app.bij.gemeenten import GEMEENTEN

REPO = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("KETEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
API = "/api/v1"
EVENT_PREFIX = "nl.justitiabelen."
# Exactly predictable from DESIGN §6 and what was posted; the others depend on the disclosure policy.
CHECKED_TYPES = frozenset(
    {
        "detentie.gestart",
        "detentie.overgeplaatst",
        "detentie.einddatum-verwacht",
        "detentie.beeindigd",
        "detentie.ingetrokken",
        "bij.gemeld",
    }
)
RECLASSERING = ("RN", "SVG", "LJR")
LONG_POLL = "GET /api/v1/notificaties (long poll)"
NATIONAL = {"gemeente": 342, "reclassering": 3, "bij_gemandateerde": 25, "politie": 1}
CLK_TCK = os.sysconf("SC_CLK_TCK")
SSL_CONTEXT = ssl.create_default_context()  # one for all clients: each would otherwise load the CA file


# --------------------------------------------------------------------------------------------------------
# Test data
# --------------------------------------------------------------------------------------------------------
def _elfproef(nummer: str) -> bool:
    """The BSN eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11."""
    cijfers = [int(c) for c in nummer]
    som = sum(c * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True)) - cijfers[8]
    return len(nummer) == 9 and som % 11 == 0


# Only numbers from the test range 99999xxxx (never a real person's number), all elfproef-valid.
TEST_BSNS: tuple[str, ...] = tuple(str(n) for n in range(999_990_000, 1_000_000_000) if _elfproef(str(n)))


def test_bsn(rng: random.Random) -> str:
    return rng.choice(TEST_BSNS)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def nu() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def detentie_body(
    rng: random.Random,
    inrichting: str,
    inschrijving: str | None,
    hervestiging: str | None = None,
    begindatum: dt.datetime | None = None,
    verwachte_einddatum: dt.date | None = None,
) -> dict[str, Any]:
    begin = begindatum or nu() - dt.timedelta(minutes=rng.randint(60, 30 * 24 * 60))
    einde = verwachte_einddatum or (begin + dt.timedelta(days=rng.randint(30, 400))).date()
    body: dict[str, Any] = {
        "bronId": f"BENCH-{uuid.uuid4().hex}",
        "persoon": {
            "bsn": test_bsn(rng),
            "geslachtsnaam": "Bench",
            "voornamen": f"Proef {rng.randint(1, 9999)}",
            "geboortedatum": f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        },
        "inrichting": inrichting,
        "titel": rng.choice(["vrijheidsstraf", "voorlopige_hechtenis", "vervangende_hechtenis"]),
        "instroom": rng.choice(["arrestant", "preventief", "zelfmelder", "overig"]),
        "begindatum": utc(begin),
        "verwachteEinddatum": einde.isoformat(),
        "gemeenteVanInschrijving": inschrijving,
    }
    if hervestiging is not None:
        body["gemeenteVanHervestiging"] = hervestiging
    return body


def intake_body(rng: random.Random, afgenomen_op: dt.datetime) -> dict[str, Any]:
    def status() -> str:
        return rng.choice(["op_orde", "niet_op_orde", "onbekend"])

    body: dict[str, Any] = {
        "afgenomenOp": utc(afgenomen_op),
        "identiteitsbewijs": {"status": status(), "hulpvraag": rng.random() < 0.3, "aanwezig": True},
        "onderdak": {
            "status": status(),
            "hulpvraag": rng.random() < 0.5,
            "woonsituatie": rng.choice(["huurwoning", "inwonend", "dak_thuisloos", "onbekend"]),
            "briefadresNodig": rng.random() < 0.3,
        },
        "werkInkomen": {"status": status(), "hulpvraag": rng.random() < 0.4, "inkomstenbron": "geen"},
        "schulden": {"status": status(), "hulpvraag": rng.random() < 0.5, "schuldenBekend": True},
        "zorg": {"status": status(), "hulpvraag": False, "zorgverzekeringOpgeschort": rng.random() < 0.5},
        "sociaalNetwerk": {"hulpvraag": rng.random() < 0.3},
        "kinderenMantelzorg": {"minderjarigeKinderen": False, "mantelzorger": False, "hulpvraag": False},
        "casemanager": {"naam": "C. Bench", "telefoon": "075 123 4567", "email": "casemanager@pi.example"},
    }
    if rng.random() < 0.3:
        body["zorgToelichting"] = "Bench: geen bijzonderheden."
    return body


def toestemming_body(rng: random.Random, verklaard_op: dt.datetime) -> dict[str, Any]:
    categorieen = ["identiteitsbewijs", "onderdak", "werk_inkomen", "schulden", "zorg"]
    categorieen += ["zorg_toelichting", "sociaal_netwerk", "kinderen_mantelzorg"]
    gekozen = sorted(rng.sample(categorieen, rng.randint(0, len(categorieen))))
    ontvangers = rng.choice([["gemeente"], ["gemeente", "reclassering"], ["reclassering"]]) if gekozen else []
    return {"verklaardOp": utc(verklaard_op), "categorieen": gekozen, "ontvangers": ontvangers}


def bij_body(rng: random.Random, detentie_id: str, gemeentecode: str) -> dict[str, Any]:
    van = (nu() + dt.timedelta(days=rng.randint(1, 14))).replace(hour=9, minute=0, second=0, microsecond=0)
    soort = rng.choices(["verlof", "einde_detentie", "overplaatsing", "risico_18b"], [6, 2, 1, 1])[0]
    return {
        "detentieId": detentie_id,
        "soort": soort,
        "delict": {"categorie": rng.choice(["geweld", "zeden"]), "omschrijving": "Bench-delict"},
        "verblijfadres": {
            "straat": "Benchstraat",
            "huisnummer": str(rng.randint(1, 200)),
            "postcode": f"{rng.randint(1000, 9999)} {rng.choice(['AA', 'AB', 'BC', 'KL', 'XZ'])}",
            "woonplaats": GEMEENTEN.get(gemeentecode, "Benchdorp"),
            "gemeentecode": gemeentecode,
        },
        "periode": {"van": utc(van), "tot": utc(van + dt.timedelta(days=2))},
        "voorwaarden": [{"soort": "contactverbod", "omschrijving": "Geen contact met het slachtoffer"}],
    }


# --------------------------------------------------------------------------------------------------------
# Database, server process, /proc
# --------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def database(backend: str) -> Iterator[str]:
    """A fresh database: a temporary SQLite file, or `keten_bench_<hex>` on PG_ADMIN's server (dropped)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="keten_bench_") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    name = f"keten_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ServerStartFailed(RuntimeError):
    pass


@dataclasses.dataclass
class Server:
    base: str
    pid: int | None  # the root of the server's process tree (None: not known, --server-url)
    log: Path | None = None
    command: str = ""

    def pids(self) -> list[int]:
        return proc_tree(self.pid) if self.pid else []


def server_env(url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "KETEN_DATABASE_URL": url,
        "KETEN_HOST": "127.0.0.1",
        "KETEN_PORT": str(port),
        "KETEN_JWT_SLEUTEL": "bench-jwt-" + "k" * 40,
        "KETEN_PSEUDONIEM_SLEUTEL": "bench-pseudoniem-" + "p" * 30,
        "KETEN_PUBLIEKE_URL": f"http://127.0.0.1:{port}",
        "KETEN_LOG_LEVEL": "WARNING",
        "KETEN_DEMO": "true",
        "KETEN_TOKEN_GELDIGHEID_SECONDEN": "86400",
    }


def _with_app_dir(env: dict[str, str], app_dir: Path | None) -> dict[str, str]:
    """Serve another checkout (e.g. `git archive <commit> | tar -x -C DIR`) with this venv: its `app`
    package comes first on the path, before the editable install of this one."""
    if app_dir is None:
        return env
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(app_dir), env.get("PYTHONPATH")]))}


@contextlib.contextmanager
def start_server(
    url: str, workers: int | None, app_dir: Path | None = None, ready_timeout: float = 120
) -> Iterator[Server]:
    """`ketenmeldingen serve --demo [--workers N]` in its own process group; stopped with SIGTERM."""
    port = free_port()
    exe = Path(sys.executable).with_name("ketenmeldingen")
    args = [str(exe), "serve", "--demo"] + (["--workers", str(workers)] if workers is not None else [])
    log = Path(tempfile.mkstemp(prefix="keten_bench_server_", suffix=".log")[1])
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args,
            env=_with_app_dir(server_env(url, port), app_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=sterf_met_ouder,
        )
    base = f"http://127.0.0.1:{port}"
    command = " ".join(shlex.quote(a) for a in ["ketenmeldingen", *args[1:]])
    bewaar = True
    try:
        try:
            _wait_ready(proc, base, log, ready_timeout, workers)
        except ServerStartFailed:
            bewaar = False  # its tail is in the message
            raise
        yield Server(base, proc.pid, log, command)
        bewaar = False
    finally:
        _stop(proc)
        if bewaar:
            print(f"server log kept: {log}", file=sys.stderr)
        else:
            log.unlink(missing_ok=True)


def sterf_met_ouder() -> None:
    """In the child: SIGTERM when the benchmark dies (Linux PR_SET_PDEATHSIG), so no server outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def _wait_ready(
    proc: subprocess.Popen[bytes], base: str, log: Path, timeout: float, workers: int | None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            hint = ""
            if workers is not None and re.search(r"(?i)no such option", tail):
                hint = (
                    " — `ketenmeldingen serve` does not accept --workers (not implemented in this checkout)"
                )
            raise ServerStartFailed(f"server exited with code {proc.returncode}{hint}\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise ServerStartFailed(
        f"server not ready after {timeout:.0f} s\n{log.read_text(errors='replace')[-3000:]}"
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    t0 = time.monotonic()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)  # our own session: the server and its worker processes
    try:
        proc.wait(timeout=15)
        print(f"server stopped {time.monotonic() - t0:.1f} s after SIGTERM", file=sys.stderr)
    except subprocess.TimeoutExpired:
        print("server still running 15 s after SIGTERM: SIGKILL", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def proc_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children[ppid].append(int(entry.name))
    result, todo = [], [root]
    while todo:
        pid = todo.pop()
        result.append(pid)
        todo.extend(children.get(pid, []))
    return result


def rss_mib(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pids: Sequence[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime
    return total


def server_log_summary(log: Path | None) -> tuple[int, list[tuple[str, int]]]:
    """Lines at level error/critical (JSON or plain) and the most common messages among them; -1 when
    there is no log to read (an external server)."""
    if log is None or not log.exists():
        return -1, []
    messages: Counter[str] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if isinstance(entry, dict):
            if str(entry.get("level", "")).lower() not in ("error", "critical", "exception"):
                continue
            text = str(entry.get("event", "")) + " " + str(entry.get("exception", ""))[-300:]
        elif "Traceback" in line or " ERROR" in line or line.startswith(("ERROR", "sqlalchemy.exc")):
            text = line
        else:
            continue
        messages[re.sub(r"\s+", " ", re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", text)).strip()[:160]] += 1
    return sum(messages.values()), messages.most_common(3)


# --------------------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------------------
def pct(values: Sequence[float], p: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo = math.floor(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    v = seconds * 1000
    return f"{v:.1f}" if v < 10 else f"{v:,.0f}"


@dataclasses.dataclass
class Endpoint:
    latencies: list[float] = dataclasses.field(default_factory=list)
    uitkomsten: Counter[str] = dataclasses.field(default_factory=Counter)
    voorbeelden: list[str] = dataclasses.field(default_factory=list)

    @property
    def fouten(self) -> int:
        return sum(n for k, n in self.uitkomsten.items() if not k.startswith("2"))


class Verzoeken:
    """Per endpoint: latency of every request and its outcome (status code or exception name)."""

    def __init__(self) -> None:
        self.endpoints: dict[str, Endpoint] = defaultdict(Endpoint)

    def noteer(self, endpoint: str, seconden: float, uitkomst: str, detail: str = "") -> None:
        e = self.endpoints[endpoint]
        e.latencies.append(seconden)
        e.uitkomsten[uitkomst] += 1
        if not uitkomst.startswith("2") and len(e.voorbeelden) < 3:
            e.voorbeelden.append(f"{uitkomst}: {detail[:300]}")

    def tabel(self) -> list[str]:
        rows = [
            "| endpoint | requests | 2xx | errors | error kinds | p50 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---|---:|---:|---:|",
        ]
        for naam, e in sorted(self.endpoints.items()):
            ok = sum(n for k, n in e.uitkomsten.items() if k.startswith("2"))
            soorten = ", ".join(f"{k}×{n}" for k, n in e.uitkomsten.most_common() if not k.startswith("2"))
            rows.append(
                f"| {naam} | {len(e.latencies)} | {ok} | {e.fouten} | {soorten or '–'} | "
                f"{ms(pct(e.latencies, 50))} | {ms(pct(e.latencies, 99))} | "
                f"{ms(max(e.latencies, default=None))} |"
            )
        return rows

    def als_json(self) -> dict[str, Any]:
        return {
            naam: {
                "requests": len(e.latencies),
                "outcomes": dict(e.uitkomsten),
                "errors": e.fouten,
                "p50_ms": _ms_or_none(pct(e.latencies, 50)),
                "p99_ms": _ms_or_none(pct(e.latencies, 99)),
                "max_ms": _ms_or_none(max(e.latencies, default=None)),
                "error_examples": e.voorbeelden,
            }
            for naam, e in sorted(self.endpoints.items())
        }


def _ms_or_none(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def _uitkomst(exc: BaseException) -> str:
    return "timeout" if isinstance(exc, httpx.TimeoutException) else type(exc).__name__


# --------------------------------------------------------------------------------------------------------
# Partners: the national landscape through the beheer API
# --------------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Ontvanger:
    """A receiving partner the benchmark polls for, with its own client and token."""

    partner_id: str
    naam: str
    rol: str
    start_sequence: int
    token: str = ""
    client_id: str = ""


@dataclasses.dataclass
class Topologie:
    gemeente: dict[str, str]  # gemeentecode -> partner id, aangesloten and active
    reclassering: dict[str, list[str]]  # organisatie -> partner ids (active)
    mandaat: dict[str, str]  # gemeentecode -> active bij_gemandateerde partner id
    politie: list[str]
    ontvangers: list[Ontvanger]
    dji_inrichtingen: list[str]
    dji_token: str
    aantallen: dict[str, int]

    @property
    def aangesloten_codes(self) -> list[str]:
        return sorted(self.gemeente)

    @property
    def andere_codes(self) -> list[str]:
        """Gemeentecodes without an aangesloten partner: nobody may receive a melding for them."""
        return sorted(set(GEMEENTEN) - set(self.gemeente))


async def token(client: httpx.AsyncClient, client_id: str, secret: str) -> str:
    r = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


async def _gather_limited(coros: Sequence[Any], limit: int = 8) -> list[Any]:
    sem = asyncio.Semaphore(limit)

    async def one(coro: Any) -> Any:
        async with sem:
            return await coro

    return list(await asyncio.gather(*(one(c) for c in coros)))


async def richt_in(base: str, scale: float, seed: int, nieuw_systeem: bool) -> Topologie:
    """Create what is missing of the national landscape (scaled), a client per receiving partner and a
    token each. Idempotent: partners from an earlier run against the same server are reused."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(base_url=base, timeout=120, verify=SSL_CONTEXT) as c:
        beheer = {"Authorization": f"Bearer {await token(c, 'demo-beheer', 'demo-beheer-secret')}"}
        dji_token = await token(c, "demo-dji", "demo-dji-secret")

        async def partners() -> list[dict[str, Any]]:
            r = await c.get(f"{API}/beheer/partners", headers=beheer)
            r.raise_for_status()
            return list(r.json()["partners"])

        async def maak(body: dict[str, Any]) -> None:
            r = await c.post(f"{API}/beheer/partners", json=body, headers=beheer)
            if r.status_code != 201:
                raise RuntimeError(f"partner {body['naam']}: {r.status_code} {r.text[:300]}")

        bestaand = await partners()
        actief = [p for p in bestaand if p["actief"]]
        gemeenten = {p["gemeentecode"]: p for p in actief if p["rol"] == "gemeente"}
        bezet = {p["gemeentecode"] for p in bestaand if p["gemeentecode"]}

        # Gemeenten: the existing ones first, then the other CBS codes in a seeded random order.
        doel = max(round(NATIONAL["gemeente"] * scale), sum(p["aangesloten"] for p in gemeenten.values()))
        vrij = sorted(set(GEMEENTEN) - bezet)
        rng.shuffle(vrij)
        werk: list[Any] = []
        aantal = sum(p["aangesloten"] for p in gemeenten.values())
        for _, p in sorted(gemeenten.items()):
            if not p["aangesloten"] and nieuw_systeem and aantal < doel:
                # e.g. demo Utrecht: aangesloten in the national shape (only on a server we started)
                werk.append(
                    c.patch(f"{API}/beheer/partners/{p['id']}", json={"aangesloten": True}, headers=beheer)
                )
                aantal += 1
        for code in vrij[: max(0, doel - aantal)]:
            naam = f"bench-gemeente-{code}"
            werk.append(maak({"naam": naam, "rol": "gemeente", "gemeentecode": code, "aangesloten": True}))

        # Reclassering: every organisation has a partner.
        orgs = {p["organisatie"] for p in actief if p["rol"] == "reclassering"}
        for org in RECLASSERING:
            if org not in orgs:
                werk.append(
                    maak(
                        {
                            "naam": f"bench-reclassering-{org.lower()}",
                            "rol": "reclassering",
                            "organisatie": org,
                        }
                    )
                )

        # BIJ: the mandates for the gemeenten without one spread over the new bij_gemandateerden.
        r = await c.get(f"{API}/beheer/mandaten", headers=beheer)
        r.raise_for_status()
        zonder = sorted(set(GEMEENTEN) - {m["gemeentecode"] for m in r.json()["mandaten"]})
        bij_bestaand = [p for p in actief if p["rol"] == "bij_gemandateerde"]
        nieuw_bij = max(0, round(NATIONAL["bij_gemandateerde"] * scale) - len(bij_bestaand))
        for i in range(nieuw_bij):
            codes = zonder[i::nieuw_bij]
            werk.append(
                maak(
                    {
                        "naam": f"bench-bij-{run}-{i:02d}",
                        "rol": "bij_gemandateerde",
                        "bijGemeentecodes": codes,
                    }
                )
            )
        if not any(p["rol"] == "politie" for p in actief):
            werk.append(maak({"naam": "bench-politie", "rol": "politie"}))
        for result in await _gather_limited(werk):
            if isinstance(result, httpx.Response) and result.status_code != 200:
                raise RuntimeError(f"beheer: {result.status_code} {result.text[:300]}")

        # The landscape as it now is.
        alle = [p for p in await partners() if p["actief"]]
        r = await c.get(f"{API}/beheer/mandaten", headers=beheer)
        r.raise_for_status()
        ids = {p["id"] for p in alle}
        mandaat = {
            m["gemeentecode"]: str(m["partnerId"]) for m in r.json()["mandaten"] if m["partnerId"] in ids
        }
        dji = next(p for p in alle if p["naam"] == "demo-dji")
        ontvangend = [
            p
            for p in alle
            if (p["rol"] == "gemeente" and p["aangesloten"])
            or p["rol"] in ("reclassering", "bij_gemandateerde", "politie")
        ]
        ontvangers = [
            Ontvanger(p["id"], p["naam"], p["rol"], int(p["feed"]["laatsteSequence"])) for p in ontvangend
        ]

        async def client_en_token(o: Ontvanger) -> None:
            r = await c.post(f"{API}/beheer/partners/{o.partner_id}/clients", headers=beheer)
            if r.status_code != 201:
                raise RuntimeError(f"client for {o.naam}: {r.status_code} {r.text[:300]}")
            o.client_id = r.json()["clientId"]
            o.token = await token(c, o.client_id, r.json()["clientSecret"])

        await _gather_limited([client_en_token(o) for o in ontvangers])
        aantallen = Counter(o.rol for o in ontvangers)
        return Topologie(
            gemeente={p["gemeentecode"]: p["id"] for p in ontvangend if p["rol"] == "gemeente"},
            reclassering={
                org: sorted(p["id"] for p in ontvangend if p["organisatie"] == org) for org in RECLASSERING
            },
            mandaat=mandaat,
            politie=sorted(p["id"] for p in ontvangend if p["rol"] == "politie"),
            ontvangers=ontvangers,
            dji_inrichtingen=list(dji["inrichtingen"]),
            dji_token=dji_token,
            aantallen=dict(aantallen),
        )


# --------------------------------------------------------------------------------------------------------
# What the benchmark expects (DESIGN §6) and what arrived
# --------------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Detentie:
    """The benchmark's own view of a detentie it posted."""

    inrichting: str
    begindatum: dt.datetime
    verwachte_einddatum: dt.date
    inschrijving: str | None
    hervestiging: str | None = None
    na_ontslag: str | None = None
    id: str = ""
    opdrachten: set[str] = dataclasses.field(default_factory=set)  # organisaties, active (van yesterday)
    bij_ontvangers: set[str] = dataclasses.field(default_factory=set)
    ooit_gemeenten: set[str] = dataclasses.field(default_factory=set)  # for the plausibility check
    laatste_verklaring: dt.datetime | None = None

    @property
    def verantwoordelijk(self) -> set[str]:
        return {c for c in (self.inschrijving, self.hervestiging, self.na_ontslag) if c}


def detentie_ontvangers(topo: Topologie, d: Detentie) -> set[str]:
    """DESIGN §6: the aangesloten responsible gemeenten, plus reclassering with an active opdracht."""
    gemeenten = {topo.gemeente[c] for c in d.verantwoordelijk if c in topo.gemeente}
    return gemeenten | {p for org in d.opdrachten for p in topo.reclassering.get(org, [])}


def bij_ontvangers(topo: Topologie, gemeentecode: str) -> set[str]:
    """The bij_gemandateerde holding the mandate for the address's gemeente, and the police."""
    houder = topo.mandaat.get(gemeentecode)
    return ({houder} if houder else set()) | set(topo.politie)


Sleutel = tuple[str, str, str]  # (partner id, subject, short event type)


@dataclasses.dataclass
class Aankomst:
    partner: str
    subject: str
    type: str
    id: str
    t: float


class Leveringen:
    def __init__(self, topo: Topologie) -> None:
        self.topo = topo
        self.verwacht: dict[Sleutel, list[tuple[float, bool]]] = defaultdict(list)
        self.aankomsten: list[Aankomst] = []
        self.aangekomen: Counter[Sleutel] = Counter()
        self.gezien: set[tuple[str, str]] = set()
        self.detenties: dict[str, Detentie] = {}
        self.onzeker: set[str] = set()  # subjects after a request with an unknown outcome (timeout)
        self.gaten = 0
        self.volgorde = 0

    def verwacht_event(self, type_: str, d: Detentie, ontvangers: set[str], t: float, burst: bool) -> None:
        for partner in ontvangers:
            self.verwacht[(partner, d.id, type_)].append((t, burst))

    def ontvang(self, partner: str, event: dict[str, Any], t: float) -> None:
        type_ = str(event.get("type", "")).removeprefix(EVENT_PREFIX)
        a = Aankomst(partner, str(event.get("subject")), type_, str(event.get("id")), t)
        self.aankomsten.append(a)
        if (partner, a.id) not in self.gezien:
            self.gezien.add((partner, a.id))
            self.aangekomen[(partner, a.subject, type_)] += 1

    def openstaand(self) -> int:
        return sum(
            max(0, len(v) - self.aangekomen[k]) for k, v in self.verwacht.items() if k[1] not in self.onzeker
        )

    def analyse(self, gepolde: set[str]) -> dict[str, Any]:
        uniek: dict[Sleutel, list[float]] = defaultdict(list)
        gezien: Counter[tuple[str, str]] = Counter()
        dubbel_id = onbekend = ongecontroleerd = implausibel = uitgesloten = 0
        per_type: Counter[str] = Counter()
        for a in self.aankomsten:
            gezien[(a.partner, a.id)] += 1
            if gezien[(a.partner, a.id)] > 1:
                dubbel_id += 1
                continue
            per_type[a.type] += 1
            d = self.detenties.get(a.subject)
            if d is None:
                onbekend += 1  # not posted by this run (or a begin whose response never came)
            elif a.type in CHECKED_TYPES:
                uniek[(a.partner, a.subject, a.type)].append(a.t)
            else:
                ongecontroleerd += 1
                if a.partner not in self._plausibel(d):
                    implausibel += 1
        lat: dict[bool, list[float]] = {False: [], True: []}
        voor_antwoord = verwacht = gemist = extra = onverwacht = 0
        for key in set(self.verwacht) | set(uniek):
            partner, subject, _ = key
            if partner not in gepolde:
                continue
            exp, arr = sorted(self.verwacht.get(key, [])), sorted(uniek.get(key, []))
            if subject in self.onzeker:
                uitgesloten += len(arr)
                continue
            verwacht += len(exp)
            n = min(len(exp), len(arr))
            for (t_post, burst), t_aan in zip(exp[:n], arr[:n], strict=True):
                voor_antwoord += t_aan < t_post
                lat[burst].append(max(0.0, t_aan - t_post))
            gemist += len(exp) - n
            if exp:
                extra += len(arr) - n
            else:
                onverwacht += len(arr)
        return {
            "expected": verwacht,
            "delivered_checked": verwacht - gemist,
            "missed": gemist,
            "duplicated_same_id": dubbel_id,
            "extra_same_type": extra,
            "unexpected_recipient": onverwacht,
            "unchecked": ongecontroleerd,
            "unchecked_implausible_recipient": implausibel,
            "unknown_subject": onbekend,
            "excluded_uncertain": uitgesloten,
            "uncertain_subjects": len(self.onzeker),
            "arrived_before_post_response": voor_antwoord,
            "sequence_gaps": self.gaten,
            "per_type": dict(sorted(per_type.items())),
            "latency_nonburst_s": _samenvatting(lat[False]),
            "latency_burst_s": _samenvatting(lat[True]),
        }

    def _plausibel(self, d: Detentie) -> set[str]:
        """Who could get an informatieblad or basisvoorwaarden event for `d`: a gemeente that was ever
        responsible, a reclassering organisation with an opdracht."""
        gemeenten = {self.topo.gemeente[c] for c in d.ooit_gemeenten if c in self.topo.gemeente}
        return gemeenten | {p for org in d.opdrachten for p in self.topo.reclassering.get(org, [])}


def _samenvatting(values: Sequence[float]) -> dict[str, float | int | None]:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "max": max(values, default=None),
    }


# --------------------------------------------------------------------------------------------------------
# The DJI side: one change per call, its expectations recorded on 2xx
# --------------------------------------------------------------------------------------------------------
class Dji:
    """Posts as DJI and records, on each 2xx, which partner must receive which event (DESIGN §6)."""

    def __init__(self, topo: Topologie, lev: Leveringen, verzoeken: Verzoeken, rng: random.Random) -> None:
        self.topo, self.lev, self.verzoeken, self.rng = topo, lev, verzoeken, rng
        self.headers = {"Authorization": f"Bearer {topo.dji_token}"}
        self.vrij: list[Detentie] = []  # posted, not ended, no request in flight
        self.burst_venster = (math.inf, -math.inf)

    def in_burst(self, t: float) -> bool:
        return self.burst_venster[0] <= t <= self.burst_venster[1]

    def gemeentecode(self) -> str | None:
        """Mostly an aangesloten gemeente; sometimes one that is not (nobody told), sometimes unknown."""
        x = self.rng.random()
        if x < 0.05:
            return None
        if x < 0.15 and self.topo.andere_codes:
            return self.rng.choice(self.topo.andere_codes)
        return self.rng.choice(self.topo.aangesloten_codes)

    def andere_code(self, *niet: str | None) -> str:
        while True:
            code = self.gemeentecode()
            if code is not None and code not in niet:
                return code

    async def _call(
        self, c: httpx.AsyncClient, endpoint: str, method: str, path: str, body: dict[str, Any]
    ) -> tuple[httpx.Response | None, float]:
        t0 = time.perf_counter()
        soort = "application/merge-patch+json" if method == "PATCH" else "application/json"
        headers = {**self.headers, "Content-Type": soort}
        try:
            r = await c.request(method, API + path, content=json.dumps(body), headers=headers)
        except asyncio.CancelledError:
            self.verzoeken.noteer(endpoint, time.perf_counter() - t0, "cancelled")
            raise
        except httpx.HTTPError as exc:
            t = time.perf_counter()
            self.verzoeken.noteer(endpoint, t - t0, _uitkomst(exc), repr(exc))
            return None, t
        t = time.perf_counter()
        self.verzoeken.noteer(endpoint, t - t0, str(r.status_code), r.text)
        return r, t

    async def begin(
        self, c: httpx.AsyncClient, endpoint: str = "POST /api/v1/detenties", **kw: Any
    ) -> Detentie | None:
        inschrijving = kw.pop("inschrijving", self.gemeentecode())
        hervestiging = self.andere_code(inschrijving) if self.rng.random() < 0.15 else None
        body = detentie_body(
            self.rng, self.rng.choice(self.topo.dji_inrichtingen), inschrijving, hervestiging, **kw
        )
        d = Detentie(
            inrichting=body["inrichting"],
            begindatum=dt.datetime.fromisoformat(body["begindatum"]),
            verwachte_einddatum=dt.date.fromisoformat(body["verwachteEinddatum"]),
            inschrijving=inschrijving,
            hervestiging=hervestiging,
        )
        r, t = await self._call(c, endpoint, "POST", "/detenties", body)
        if r is None or not r.is_success:
            return None
        d.id = str(r.json()["id"])
        d.ooit_gemeenten |= d.verantwoordelijk
        self.lev.detenties[d.id] = d
        self.lev.verwacht_event("detentie.gestart", d, detentie_ontvangers(self.topo, d), t, self.in_burst(t))
        return d

    async def wijzig(self, c: httpx.AsyncClient, soort: str, d: Detentie) -> bool:
        """One change to `d` (no other request for `d` in flight). Returns whether `d` may be changed
        again; on a 2xx the events it must cause are recorded as expected."""
        stappen = {
            "intake": self._intake,
            "toestemming": self._toestemming,
            "opdracht": self._opdracht,
            "einddatum": self._einddatum,
            "gemeente": self._gemeente,
            "overplaatsing": self._overplaatsing,
            "bij": self._bij,
            "einde": self._einde,
        }
        return await stappen[soort](c, d)

    def _verwacht(self, type_: str, d: Detentie, ontvangers: set[str], t: float) -> None:
        self.lev.verwacht_event(type_, d, ontvangers, t, self.in_burst(t))

    async def _intake(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        body = intake_body(self.rng, nu() - dt.timedelta(seconds=1))
        r, _ = await self._call(
            c, f"POST {API}/detenties/{{id}}/intakes", "POST", f"/detenties/{d.id}/intakes", body
        )
        return self._afloop(r, d)  # informatieblad/basisvoorwaarden events: unchecked

    async def _toestemming(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        moment = nu() - dt.timedelta(seconds=1)
        if d.laatste_verklaring and moment <= d.laatste_verklaring:
            moment = d.laatste_verklaring + dt.timedelta(milliseconds=1)
        pad = f"/detenties/{d.id}/toestemming"
        body = toestemming_body(self.rng, moment)
        r, _ = await self._call(c, f"PUT {API}/detenties/{{id}}/toestemming", "PUT", pad, body)
        if r is not None and r.is_success:
            d.laatste_verklaring = moment
        return self._afloop(r, d)

    async def _opdracht(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        org = self.rng.choice(RECLASSERING)
        # Active from yesterday (Dutch date), without end: detentie events reach the organisation at once.
        gisteren = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).date() - dt.timedelta(days=1)
        body = {
            "organisatie": org,
            "soort": self.rng.choice(["advies", "toezicht"]),
            "van": gisteren.isoformat(),
        }
        pad = f"/detenties/{d.id}/reclasseringsopdrachten"
        r, _ = await self._call(c, f"POST {API}/detenties/{{id}}/reclasseringsopdrachten", "POST", pad, body)
        if r is not None and r.is_success:
            d.opdrachten.add(org)
        return self._afloop(r, d)

    async def _einddatum(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        datum = d.verwachte_einddatum + dt.timedelta(days=self.rng.choice([-14, -7, 7, 14, 30, 60]))
        datum = max(datum, d.begindatum.date() + dt.timedelta(days=1))
        if datum == d.verwachte_einddatum:
            datum += dt.timedelta(days=1)  # only a change is an event
        body = {"verwachteEinddatum": datum.isoformat()}
        r, t = await self._call(
            c, f"PATCH {API}/detenties/{{id}} (verwachteEinddatum)", "PATCH", f"/detenties/{d.id}", body
        )
        if r is not None and r.is_success:
            d.verwachte_einddatum = datum
            self._verwacht("detentie.einddatum-verwacht", d, detentie_ontvangers(self.topo, d), t)
        return self._afloop(r, d)

    async def _gemeente(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        """A corrected gemeente: the old one gets detentie.ingetrokken, the new one detentie.gestart."""
        oud = detentie_ontvangers(self.topo, d)
        inschrijving, hervestiging = d.inschrijving, d.hervestiging
        if self.rng.random() < 0.6:
            inschrijving = self.andere_code(d.inschrijving, d.hervestiging)
            body: dict[str, str | None] = {"gemeenteVanInschrijving": inschrijving}
        else:
            wis = d.hervestiging is not None and self.rng.random() < 0.5
            hervestiging = None if wis else self.andere_code(d.inschrijving, d.hervestiging)
            body = {"gemeenteVanHervestiging": hervestiging}
        r, t = await self._call(
            c, f"PATCH {API}/detenties/{{id}} (gemeente)", "PATCH", f"/detenties/{d.id}", body
        )
        if r is not None and r.is_success:
            d.inschrijving, d.hervestiging = inschrijving, hervestiging
            d.ooit_gemeenten |= d.verantwoordelijk
            nieuw = detentie_ontvangers(self.topo, d)
            self._verwacht("detentie.ingetrokken", d, oud - nieuw, t)
            self._verwacht("detentie.gestart", d, nieuw - oud, t)
        return self._afloop(r, d)

    async def _overplaatsing(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        andere = [i for i in self.topo.dji_inrichtingen if i != d.inrichting]
        if not andere:
            return True
        naar = self.rng.choice(andere)
        body = {"naarInrichting": naar, "datum": utc(nu() - dt.timedelta(seconds=1))}
        pad = f"/detenties/{d.id}/overplaatsingen"
        r, t = await self._call(c, f"POST {API}/detenties/{{id}}/overplaatsingen", "POST", pad, body)
        if r is not None and r.is_success:
            d.inrichting = naar
            self._verwacht("detentie.overgeplaatst", d, detentie_ontvangers(self.topo, d), t)
        return self._afloop(r, d)

    async def _bij(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        code = self.rng.choice(sorted(GEMEENTEN))
        r, t = await self._call(
            c, f"POST {API}/bij-meldingen", "POST", "/bij-meldingen", bij_body(self.rng, d.id, code)
        )
        if r is not None and r.is_success:
            ontvangers = bij_ontvangers(self.topo, code)
            d.bij_ontvangers |= ontvangers  # they are told of the einde too (DESIGN §6)
            self._verwacht("bij.gemeld", d, ontvangers, t)
        return self._afloop(r, d)

    async def _einde(self, c: httpx.AsyncClient, d: Detentie) -> bool:
        na_ontslag = self.andere_code(*d.verantwoordelijk) if self.rng.random() < 0.25 else None
        redenen = ["einde_straf", "voorwaardelijke_invrijheidstelling", "schorsing", "overdracht"]
        body = {"einddatum": utc(nu() - dt.timedelta(seconds=1)), "reden": self.rng.choice(redenen)}
        if na_ontslag:
            body["gemeenteNaOntslag"] = na_ontslag
        r, t = await self._call(
            c, f"POST {API}/detenties/{{id}}/einde", "POST", f"/detenties/{d.id}/einde", body
        )
        if r is not None and r.is_success:
            d.na_ontslag = na_ontslag
            d.ooit_gemeenten |= d.verantwoordelijk
            # The responsible gemeenten (now with gemeenteNaOntslag), reclassering, earlier BIJ recipients.
            self._verwacht("detentie.beeindigd", d, detentie_ontvangers(self.topo, d) | d.bij_ontvangers, t)
            return False
        return self._afloop(r, d)

    def _afloop(self, r: httpx.Response | None, d: Detentie) -> bool:
        """Whether `d` may be changed again. After a timeout the change may or may not have committed, and
        a 404/409 means the benchmark's view of `d` differs from the service's: its deliveries are then
        left out of the check. Any other failure rolled back (nothing expected, `d` unchanged)."""
        if r is None or r.status_code in (404, 409):
            self.lev.onzeker.add(d.id)
            return False
        return True


MIX = {
    "begin": 27,
    "intake": 14,
    "toestemming": 10,
    "opdracht": 6,
    "einddatum": 8,
    "gemeente": 5,
    "overplaatsing": 3,
    "bij": 6,
    "einde": 21,
}


# --------------------------------------------------------------------------------------------------------
# The load shape
# --------------------------------------------------------------------------------------------------------
@contextlib.asynccontextmanager
async def taken() -> AsyncIterator[list[asyncio.Task[Any]]]:
    lijst: list[asyncio.Task[Any]] = []
    try:
        yield lijst
    finally:
        for task in lijst:
            task.cancel()
        for uitkomst in await asyncio.gather(*lijst, return_exceptions=True):
            if isinstance(uitkomst, Exception):
                taakfout(uitkomst)


TAAKFOUTEN: Counter[str] = Counter()


def taakfout(exc: BaseException) -> None:
    """A bug in the benchmark itself (not a server error): counted, reported, first one printed."""
    if not TAAKFOUTEN:
        print(f"benchmark task failed: {exc!r}", file=sys.stderr)
    TAAKFOUTEN[type(exc).__name__] += 1


def opruimen(lopend: list[asyncio.Task[Any]]) -> None:
    """Drop finished tasks, noting any that failed."""
    for t in lopend:
        exc = t.exception() if t.done() and not t.cancelled() else None
        if exc is not None:
            taakfout(exc)
    lopend[:] = [t for t in lopend if not t.done()]


async def poller(base: str, o: Ontvanger, lev: Leveringen, verzoeken: Verzoeken, wacht: int) -> None:
    headers = {"Authorization": f"Bearer {o.token}"}
    na = o.start_sequence
    timeout = httpx.Timeout(wacht + 30, connect=30)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=timeout, verify=SSL_CONTEXT) as c:
        while True:
            t0 = time.perf_counter()
            try:
                r = await c.get(f"{API}/notificaties", params={"na": na, "wacht": wacht, "limit": 100})
            except httpx.HTTPError as exc:
                verzoeken.noteer(
                    LONG_POLL,
                    time.perf_counter() - t0,
                    _uitkomst(exc),
                    repr(exc),
                )
                await asyncio.sleep(0.5)
                continue
            t = time.perf_counter()
            verzoeken.noteer(LONG_POLL, t - t0, str(r.status_code), r.text)
            if r.status_code != 200:
                await asyncio.sleep(0.5)
                continue
            try:
                body = r.json()
                events = list(body["notificaties"])
                laatste = int(body["laatsteSequence"])
            except (ValueError, KeyError, TypeError) as exc:
                verzoeken.noteer(LONG_POLL, 0.0, "bad body", repr(exc))
                await asyncio.sleep(0.5)
                continue
            for event in events:
                seq = int(event["sequence"])
                if seq != na + 1:
                    lev.gaten += 1
                na = max(na, seq)
                lev.ontvang(o.partner_id, event, t)
            na = max(na, laatste)


async def health(base: str, samples: list[float], verzoeken: Verzoeken) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60, verify=SSL_CONTEXT) as c:
        while True:
            t0 = time.perf_counter()
            try:
                r = await c.get("/health/ready")
                uitkomst, detail = str(r.status_code), r.text
            except asyncio.CancelledError:
                wachtend = time.perf_counter() - t0
                if wachtend > 1:  # still unanswered when the run ended: that wait counts too
                    samples.append(wachtend)
                    verzoeken.noteer("GET /health/ready (every 200 ms)", wachtend, "unanswered at the end")
                raise
            except httpx.HTTPError as exc:
                uitkomst, detail = _uitkomst(exc), repr(exc)
            dt_ = time.perf_counter() - t0
            samples.append(dt_)
            verzoeken.noteer("GET /health/ready (every 200 ms)", dt_, uitkomst, detail)
            await asyncio.sleep(max(0.0, 0.2 - dt_))


async def lus_vertraging(samples: list[float]) -> None:
    """How late the load client's own event loop wakes up: if high, the client was the bottleneck."""
    while True:
        t0 = time.perf_counter()
        await asyncio.sleep(0.1)
        samples.append(time.perf_counter() - t0 - 0.1)


def _rss_sample(server: Server, piek: dict[str, float]) -> None:
    pids = server.pids()
    per = [rss_mib(p) for p in pids]
    piek["som"] = max(piek["som"], sum(per))
    piek["proces"] = max(piek["proces"], max(per, default=0.0))
    piek["processen"] = max(piek["processen"], len(pids))
    piek["client"] = max(piek["client"], rss_mib(os.getpid()))


async def rss(server: Server, piek: dict[str, float]) -> None:
    while True:
        _rss_sample(server, piek)
        await asyncio.sleep(1)


async def dji_poster(
    c: httpx.AsyncClient,
    dji: Dji,
    eind: float,
    rate: float,
    max_inflight: int,
    lopend: list[asyncio.Task[Any]],
    overgeslagen: list[int],
) -> None:
    """Open loop: a change every 1/rate s, whatever the server's latency (up to max_inflight in flight).
    Returns at `eind`; the requests still in flight stay in `lopend`."""
    soorten, gewichten = list(MIX), list(MIX.values())
    volgende = time.perf_counter()
    while volgende < eind:
        opruimen(lopend)
        if len(lopend) >= max_inflight:
            overgeslagen[0] += 1
        else:
            soort = dji.rng.choices(soorten, gewichten)[0]
            lopend.append(asyncio.create_task(_een_wijziging(c, dji, soort)))
        volgende += 1 / rate
        await asyncio.sleep(max(0.0, volgende - time.perf_counter()))


async def _een_wijziging(c: httpx.AsyncClient, dji: Dji, soort: str) -> None:
    if soort == "begin" or not dji.vrij:
        d = await dji.begin(c)
        if d is not None:
            dji.vrij.append(d)
        return
    i = dji.rng.randrange(len(dji.vrij))
    dji.vrij[i], dji.vrij[-1] = dji.vrij[-1], dji.vrij[i]
    d = dji.vrij.pop()
    try:
        opnieuw = await dji.wijzig(c, soort, d)
    except asyncio.CancelledError:
        dji.lev.onzeker.add(d.id)  # still running at the end of the grace period: outcome unknown
        raise
    if opnieuw:
        dji.vrij.append(d)


async def burst_client(base: str, dji: Dji, begin: float, eind: float) -> None:
    """Closed loop: begin detenties as fast as the server answers, from `begin` until `eind`."""
    await asyncio.sleep(max(0.0, begin - time.perf_counter()))
    async with httpx.AsyncClient(base_url=base, timeout=60, verify=SSL_CONTEXT) as c:
        while time.perf_counter() < eind:
            d = await dji.begin(c, "POST /api/v1/detenties (burst)")
            if d is not None:
                dji.vrij.append(d)


async def run_load(args: argparse.Namespace, server: Server) -> dict[str, Any]:
    t_setup = time.perf_counter()
    topo = await richt_in(server.base, args.scale, args.seed, nieuw_systeem=args.server_url is None)
    setup_s = time.perf_counter() - t_setup
    print(
        f"setup: {len(topo.ontvangers)} polling partners {topo.aantallen} in {setup_s:.1f} s", file=sys.stderr
    )
    lev, verzoeken = Leveringen(topo), Verzoeken()
    dji = Dji(topo, lev, verzoeken, random.Random(args.seed + 1))
    health_samples: list[float] = []
    lag: list[float] = []
    piek = {"som": 0.0, "proces": 0.0, "processen": 0.0, "client": 0.0}
    overgeslagen = [0]
    afgebroken = 0
    ru0, cpu_server0, wall0 = (
        resource.getrusage(resource.RUSAGE_SELF),
        cpu_seconds(server.pids()),
        time.perf_counter(),
    )
    async with taken() as achtergrond:
        for o in topo.ontvangers:
            achtergrond.append(asyncio.create_task(poller(server.base, o, lev, verzoeken, args.wacht)))
        achtergrond.append(asyncio.create_task(health(server.base, health_samples, verzoeken)))
        achtergrond.append(asyncio.create_task(lus_vertraging(lag)))
        achtergrond.append(asyncio.create_task(rss(server, piek)))
        await asyncio.sleep(args.warmup)  # every poller has its first long poll open
        t0 = time.perf_counter()
        eind = t0 + args.duration
        b0, b1 = t0 + args.burst_start * args.duration, t0 + args.burst_end * args.duration
        dji.burst_venster = (b0, b1)
        print(
            f"posting {args.rate}/s for {args.duration} s; burst of {args.burst_clients} clients "
            f"at {b0 - t0:.0f}-{b1 - t0:.0f} s",
            file=sys.stderr,
        )

        voortgang = asyncio.create_task(_voortgang(t0, verzoeken, lev))
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with (
            httpx.AsyncClient(base_url=server.base, timeout=60, limits=limits, verify=SSL_CONTEXT) as c,
            taken() as lopend,
        ):
            lopend += [
                asyncio.create_task(burst_client(server.base, dji, b0, b1)) for _ in range(args.burst_clients)
            ]
            await dji_poster(c, dji, eind, args.rate, args.max_inflight, lopend, overgeslagen)
            await asyncio.sleep(max(0.0, b1 - time.perf_counter()))
            opruimen(lopend)
            nog = list(lopend)
            if nog:  # requests still in flight: wait for them, then cancel the rest (outcome unknown)
                _, nog_steeds = await asyncio.wait(nog, timeout=args.grace)
                afgebroken = len(nog_steeds)
        posten_klaar = time.perf_counter()
        # Stragglers: wait until everything expected arrived, at most args.straggler_wait seconds.
        for _ in range(math.ceil(args.straggler_wait / 0.25)):
            if not lev.openstaand():
                break
            await asyncio.sleep(0.25)
        straggler_s = time.perf_counter() - posten_klaar
        voortgang.cancel()
        _rss_sample(server, piek)
    ru1, cpu_server1, wall1 = (
        resource.getrusage(resource.RUSAGE_SELF),
        cpu_seconds(server.pids()),
        time.perf_counter(),
    )
    client_cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    leveringen = lev.analyse({o.partner_id for o in topo.ontvangers})
    fouten, meldingen = server_log_summary(server.log)
    return {
        "mode": "load",
        "partners": topo.aantallen,
        "polling_partners": len(topo.ontvangers),
        "setup_s": round(setup_s, 1),
        "duration_s": args.duration,
        "rate": args.rate,
        "burst_clients": args.burst_clients,
        "burst_window_s": [
            round(args.burst_start * args.duration, 1),
            round(args.burst_end * args.duration, 1),
        ],
        "skipped_posts_inflight_cap": overgeslagen[0],
        "cancelled_after_grace": afgebroken,
        "straggler_wait_s": round(straggler_s, 1),
        "requests": verzoeken.als_json(),
        "deliveries": leveringen,
        "health_ready_s": _samenvatting(health_samples),
        "server_rss_mib": {
            "max_sum": round(piek["som"], 1),
            "max_process": round(piek["proces"], 1),
            "processes": int(piek["processen"]),
        },
        "server_cpu_s": round(cpu_server1 - cpu_server0, 1) if server.pid else None,
        "client_cpu_s": round(client_cpu, 1),
        "client_cpu_pct_of_core": round(100 * client_cpu / (wall1 - wall0), 1),
        "client_rss_mib": round(piek["client"], 1),
        "client_loop_lag_s": _samenvatting(lag),
        "server_error_log_lines": fouten,
        "server_error_messages": meldingen,
        "benchmark_task_failures": dict(TAAKFOUTEN),
        "_tabel": verzoeken.tabel(),
    }


async def _voortgang(t0: float, verzoeken: Verzoeken, lev: Leveringen) -> None:
    while True:
        await asyncio.sleep(10)
        posts = sum(len(e.latencies) for k, e in verzoeken.endpoints.items() if not k.startswith("GET"))
        fouten = sum(e.fouten for e in verzoeken.endpoints.values())
        print(
            f"  t={time.perf_counter() - t0:5.0f} s: {posts} changes posted, {fouten} errors, "
            f"{len(lev.aankomsten)} events received, {lev.openstaand()} outstanding",
            file=sys.stderr,
        )


# --------------------------------------------------------------------------------------------------------
# The national year
# --------------------------------------------------------------------------------------------------------
async def run_year(args: argparse.Namespace, server: Server) -> dict[str, Any]:
    fasen: dict[str, float] = {}
    t = time.perf_counter()
    topo = await richt_in(server.base, args.scale, args.seed, nieuw_systeem=args.server_url is None)
    fasen["setup (partners, clients, tokens)"] = time.perf_counter() - t
    print(f"setup: {len(topo.ontvangers)} receiving partners {topo.aantallen}", file=sys.stderr)
    lev, verzoeken = Leveringen(topo), Verzoeken()
    rng = random.Random(args.seed + 2)
    dji = Dji(topo, lev, verzoeken, rng)
    n_bij = args.bij_meldingen if args.bij_meldingen is not None else round(args.persons * 2000 / 30000)
    met_bij = set(rng.sample(range(args.persons), min(n_bij, args.persons)))
    wachtrij: asyncio.Queue[int] = asyncio.Queue()
    for i in range(args.persons):
        wachtrij.put_nowait(i)
    piek = {"som": 0.0, "proces": 0.0, "processen": 0.0, "client": 0.0}
    ru0, cpu0 = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(server.pids())

    async def dji_client() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=60, verify=SSL_CONTEXT) as c:
            while True:
                try:
                    i = wachtrij.get_nowait()
                except asyncio.QueueEmpty:
                    return
                begin = nu() - dt.timedelta(days=rng.randint(20, 365), minutes=rng.randint(0, 1440))
                d = await dji.begin(
                    c, begindatum=begin, verwachte_einddatum=(begin + dt.timedelta(days=90)).date()
                )
                if d is None:
                    continue
                stappen = ["intake", "toestemming"] + (["bij"] if i in met_bij else []) + ["einde"]
                for stap in stappen:
                    if not await dji.wijzig(c, stap, d):
                        break

    t = time.perf_counter()
    async with taken() as achtergrond:
        achtergrond.append(asyncio.create_task(rss(server, piek)))
        achtergrond.append(asyncio.create_task(_voortgang(t, verzoeken, lev)))
        await asyncio.gather(*(dji_client() for _ in range(args.dji_clients)))
    fasen[f"post ({args.persons} persons, {len(met_bij)} BIJ, {args.dji_clients} DJI clients)"] = (
        time.perf_counter() - t
    )

    gemeenten = [o for o in topo.ontvangers if o.rol == "gemeente"]
    drain = Verzoeken()
    sem = asyncio.Semaphore(args.drain_concurrency)

    async def leeg(o: Ontvanger) -> None:
        """Page through the gemeente's feed with expand=data until an empty page; one retry per page."""
        headers = {"Authorization": f"Bearer {o.token}"}
        naam = "GET /api/v1/notificaties?expand=data&limit=100"
        async with (
            sem,
            httpx.AsyncClient(base_url=server.base, timeout=120, headers=headers, verify=SSL_CONTEXT) as c,
        ):
            na, pogingen = o.start_sequence, 0
            while pogingen < 2:
                t0 = time.perf_counter()
                try:
                    r = await c.get(f"{API}/notificaties", params={"na": na, "limit": 100, "expand": "data"})
                except httpx.HTTPError as exc:
                    drain.noteer(naam, time.perf_counter() - t0, _uitkomst(exc), repr(exc))
                    pogingen += 1
                    continue
                drain.noteer(naam, time.perf_counter() - t0, str(r.status_code), r.text)
                if r.status_code != 200:
                    pogingen += 1
                    continue
                pogingen = 0
                body = r.json()
                for event in body["notificaties"]:
                    seq = int(event["sequence"])
                    lev.gaten += seq != na + 1
                    na = max(na, seq)
                    lev.ontvang(o.partner_id, event, time.perf_counter())
                if not body["notificaties"]:
                    return
                na = max(na, int(body["laatsteSequence"]))

    t = time.perf_counter()
    async with taken() as achtergrond:
        achtergrond.append(asyncio.create_task(rss(server, piek)))
        await asyncio.gather(*(leeg(o) for o in gemeenten))
    fasen[f"drain ({len(gemeenten)} gemeenten, expand=data, {args.drain_concurrency} at a time)"] = (
        time.perf_counter() - t
    )
    ru1, cpu1 = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(server.pids())
    _rss_sample(server, piek)
    for k, e in drain.endpoints.items():
        verzoeken.endpoints[k] = e
    # Only the gemeenten drained: check what was expected for them.
    leveringen = lev.analyse({o.partner_id for o in gemeenten})
    drained = len(lev.aankomsten)
    totaal = sum(fasen.values())
    jaar = totaal - fasen["setup (partners, clients, tokens)"]
    fouten, meldingen = server_log_summary(server.log)
    return {
        "mode": "year",
        "partners": topo.aantallen,
        "persons": args.persons,
        "bij_meldingen": len(met_bij),
        "phases_s": {k: round(v, 1) for k, v in fasen.items()},
        "total_s": round(totaal, 1),
        "year_s": round(jaar, 1),
        "extrapolated_30000_min": round(jaar * 30000 / max(1, args.persons) / 60, 1),
        "events_drained": drained,
        "requests": verzoeken.als_json(),
        "deliveries": leveringen,
        "server_rss_mib": {
            "max_sum": round(piek["som"], 1),
            "max_process": round(piek["proces"], 1),
            "processes": int(piek["processen"]),
        },
        "server_cpu_s": round(cpu1 - cpu0, 1) if server.pid else None,
        "client_cpu_s": round((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), 1),
        "server_error_log_lines": fouten,
        "server_error_messages": meldingen,
        "benchmark_task_failures": dict(TAAKFOUTEN),
        "_tabel": verzoeken.tabel(),
    }


# --------------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------------
def _lat_row(naam: str, s: dict[str, Any]) -> str:
    return f"| {naam} | {s['n']} | {ms(s['p50'])} | {ms(s['p95'])} | {ms(s['p99'])} | {ms(s['max'])} |"


def _doelen(args: argparse.Namespace, r: dict[str, Any]) -> str:
    """The issue-8 targets this run can judge."""
    d = r["deliveries"]
    fouten = sum(e["errors"] for e in r["requests"].values())
    dubbel = d["duplicated_same_id"] + d["extra_same_type"] + d["unexpected_recipient"]
    doelen: list[tuple[str, bool | None]] = [
        ("0 errors", fouten == 0),
        ("0 missed", d["missed"] == 0),
        ("0 duplicated", dubbel == 0),
    ]
    if r["mode"] == "load":
        grens = 0.1 if args.backend == "postgresql" else 0.25
        buiten, binnen = d["latency_nonburst_s"]["p99"], d["latency_burst_s"]["p99"]
        doelen += [
            (f"POST→poll p99 < {grens * 1000:.0f} ms outside the burst", _onder(buiten, grens)),
            ("< 1 s in the burst", _onder(binnen, 1) if args.burst_clients else True),
            ("`/health/ready` p99 < 100 ms", _onder(r["health_ready_s"]["p99"], 0.1)),
        ]
    else:
        geschat = "" if r["persons"] >= 30_000 else " (extrapolated)"
        doelen.append((f"year < 10 min{geschat}", r["extrapolated_30000_min"] < 10))
    doelen.append(("RSS < 250 MB per process", r["server_rss_mib"]["max_process"] * 1.048576 < 250))
    tekens = {True: "✓", False: "✗", None: "✗ (no data)"}
    return "Targets (issue 8): " + ", ".join(f"{tekens[ok]} {naam}" for naam, ok in doelen) + "."


def _onder(waarde: float | None, grens: float) -> bool | None:
    return None if waarde is None else waarde < grens


def rapport(args: argparse.Namespace, server: Server, r: dict[str, Any], commando: str) -> str:
    d = r["deliveries"]
    backend = "external server" if args.server_url else args.backend
    workers = f"--workers {args.workers}" if args.workers is not None else "one process (no --workers)"
    soort = "National year" if r["mode"] == "year" else "Load shape"
    app_dir = f" (PYTHONPATH={args.app_dir})" if args.app_dir else ""
    partners = ", ".join(f"{v} {k}" for k, v in sorted(r["partners"].items()))
    regels = [
        f"### {soort} — {backend}, {workers} — {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Command: `{commando}`",
        "",
        f"Server: `{server.command or server.base}`{app_dir}. Receiving partners: {partners}.",
    ]
    if r["mode"] == "load":
        mix = ", ".join(f"{k} {v}%" for k, v in MIX.items())
        b0, b1 = r["burst_window_s"]
        extra = ""
        if r["skipped_posts_inflight_cap"]:
            extra += f"; {r['skipped_posts_inflight_cap']} posts skipped (in-flight cap)"
        if r["cancelled_after_grace"]:
            extra += (
                f"; {r['cancelled_after_grace']} requests still running after the grace period, cancelled"
            )
        regels += [
            f"Load: {r['duration_s']:g} s at {r['rate']:g} changes/s (mix {mix}); "
            f"burst of {r['burst_clients']} DJI clients posting begin detenties at {b0:g}–{b1:g} s; "
            "one long poll per partner "
            f"(`wacht={args.wacht}&limit=100`); setup {r['setup_s']} s; waited {r['straggler_wait_s']} s for "
            f"stragglers{extra}.",
        ]
    else:
        regels += [
            f"{r['persons']} persons (begin → intake → toestemming → einde), "
            f"{r['bij_meldingen']} BIJ-meldingen.",
            "",
            "| phase | wall s |",
            "|---|---:|",
            *(f"| {k} | {v} |" for k, v in r["phases_s"].items()),
            f"| **total** | **{r['total_s']}** |",
            "",
            f"Post and drain: {r['year_s']} s; linear extrapolation to 30,000 persons: "
            f"{r['extrapolated_30000_min']} min. "
            f"Events drained by the gemeenten: {r['events_drained']}.",
        ]
    regels += ["", *r["_tabel"], ""]
    regels += [
        "| deliveries (detentie.*, bij.gemeld) | expected | delivered | missed | duplicated (same id) "
        "| extra (same type again) | unexpected recipient | sequence gaps |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| checked against DESIGN §6 | {d['expected']} | {d['delivered_checked']} | **{d['missed']}** "
        f"| **{d['duplicated_same_id']}** | **{d['extra_same_type']}** | **{d['unexpected_recipient']}** "
        f"| {d['sequence_gaps']} |",
        "",
        f"Unchecked (informatieblad.*, basisvoorwaarden.gewijzigd): {d['unchecked']} received, "
        f"{d['unchecked_implausible_recipient']} at an implausible recipient. Unknown subject: "
        f"{d['unknown_subject']}. Left out after a request with an unknown outcome (timeout, 404/409): "
        f"{d['uncertain_subjects']} detenties ({d['excluded_uncertain']} deliveries). Events per type: "
        + (", ".join(f"{k} {v}" for k, v in d["per_type"].items()) or "none")
        + ".",
    ]
    if r["mode"] == "load":
        regels += [
            "",
            "| latency (ms) | n | p50 | p95 | p99 | max |",
            "|---|---:|---:|---:|---:|---:|",
            _lat_row("POST→poll, outside the burst", d["latency_nonburst_s"]),
            _lat_row("POST→poll, burst window", d["latency_burst_s"]),
            _lat_row("`/health/ready` every 200 ms", r["health_ready_s"]),
            _lat_row("load client's own event-loop lag", r["client_loop_lag_s"]),
            "",
            f"{d['arrived_before_post_response']} events reached their poller before the POST's response "
            "reached the poster (counted as 0 ms).",
        ]
    rss_ = r["server_rss_mib"]
    klant = f"Load client: CPU {r['client_cpu_s']} s"
    if "client_cpu_pct_of_core" in r:
        klant += f" ({r['client_cpu_pct_of_core']} % of one core), RSS {r['client_rss_mib']} MiB"
    log = f"Server log: {r['server_error_log_lines']} error line(s)"
    if r["server_error_log_lines"] < 0:
        log = "Server log: not read (external server)"
    if r["server_error_messages"]:
        log += "; most common: " + "; ".join(f"{n}× `{m}`" for m, n in r["server_error_messages"])
    if r["benchmark_task_failures"]:
        log += f". BENCHMARK BUG: tasks failed: {r['benchmark_task_failures']}"
    regels += [
        "",
        f"Server RSS max {rss_['max_sum']} MiB over {rss_['processes']} process(es), largest process "
        f"{rss_['max_process']} MiB; server CPU {r['server_cpu_s']} s. {klant}. {log}.",
        "",
        _doelen(args, r),
    ]
    return "\n".join(regels)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--workers", type=int, default=None, help="pass --workers N to `ketenmeldingen serve`")
    p.add_argument("--duration", type=float, default=60, help="seconds of posting (default 60)")
    p.add_argument("--rate", type=float, default=20, help="DJI changes per second outside the burst")
    p.add_argument("--burst-clients", type=int, default=32)
    p.add_argument("--burst-start", type=float, default=0.4, help="fraction of --duration")
    p.add_argument("--burst-end", type=float, default=0.6, help="fraction of --duration")
    p.add_argument("--scale", type=float, default=1.0, help="fraction of the national partners (smoke runs)")
    p.add_argument("--wacht", type=int, default=30, help="long-poll wait in seconds")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds between opening the polls and posting")
    p.add_argument("--grace", type=float, default=30.0, help="wait for requests in flight after posting")
    p.add_argument("--straggler-wait", type=float, default=35.0, help="wait for deliveries after that")
    p.add_argument("--max-inflight", type=int, default=256, help="cap on the poster's requests in flight")
    p.add_argument(
        "--server-url",
        help="use this running server instead of starting one (demo partners seeded; tokens must stay valid "
        "for the run: KETEN_TOKEN_GELDIGHEID_SECONDEN)",
    )
    p.add_argument("--server-pid", type=int, help="with --server-url: its pid, for RSS and CPU")
    p.add_argument("--app-dir", type=Path, help="serve the `app` package of another checkout (PYTHONPATH)")
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--json", type=Path, help="also write the numbers to this file")
    p.add_argument("--year", action="store_true", help="the national year instead of the load shape")
    p.add_argument("--persons", type=int, default=30_000, help="--year: persons (default 30,000)")
    p.add_argument("--bij-meldingen", type=int, default=None, help="--year: default 2,000 per 30,000 persons")
    p.add_argument("--dji-clients", type=int, default=16, help="--year: concurrent DJI clients")
    p.add_argument("--drain-concurrency", type=int, default=8, help="--year: gemeenten draining at once")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    commando = " ".join(
        shlex.quote(a) for a in [".venv/bin/python", "-m", "bench.load", *(argv or sys.argv[1:])]
    )
    run = run_year if args.year else run_load

    def beeindig(signum: int, _: Any) -> None:
        raise SystemExit(128 + signum)  # unwinds the contexts: server stopped, database dropped

    signal.signal(signal.SIGTERM, beeindig)
    try:
        with contextlib.ExitStack() as stack:
            if args.server_url:
                server = Server(args.server_url.rstrip("/"), args.server_pid)
            else:
                url = stack.enter_context(database(args.backend))
                print(f"starting server on {args.backend} ...", file=sys.stderr)
                server = stack.enter_context(start_server(url, args.workers, args.app_dir))
            resultaat = asyncio.run(run(args, server))
            tekst = rapport(args, server, resultaat, commando)
    except ServerStartFailed as exc:
        print(f"ERROR: the server did not start: {exc}", file=sys.stderr)
        return 2
    print(tekst)
    if args.json:
        resultaat.pop("_tabel", None)
        args.json.write_text(json.dumps({"command": commando, **resultaat}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

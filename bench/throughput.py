"""Requests per second at 32 concurrent clients (issue 8, item 6), measured with wrk; not part of CI.

In one run, each for `--duration` with `wrk -t2 -c32`:
- the framework limit: trivial FastAPI handlers (bench/trivial_app.py: `async def /ping`, the ratio's base;
  `def /ping-sync` through the thread pool; a 50-item list) served by uvicorn in the same venv, with
  uvloop/httptools when they are installed (the output says which);
- the service (`ketenmeldingen serve --demo`, optionally `--workers N`, on a fresh database):
  `/health/live`; `POST /api/v1/detenties` as demo-dji (a unique bronId and a test-range BSN per request,
  generated in Lua); `GET /api/v1/detenties/{id}` as demo-gemeente-amsterdam (rotating over 200 detenties
  of gemeente 0363); the feed page of 100 (`na=0&limit=100`, after at least 300 events for Amsterdam) and
  the feed `expand=data&limit=20`.

Each row gives req/s, wrk's latency p50/p99, the non-2xx count and the ratio to the trivial handler.
wrk: `apt-get install -y wrk`.

    .venv/bin/python -m bench.throughput --backend postgresql
    .venv/bin/python -m bench.throughput --backend sqlite --duration 3s       # smoke run
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib.util
import json
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.load import (
    REPO,
    TEST_BSNS,
    Server,
    ServerStartFailed,
    database,
    detentie_body,
    free_port,
    start_server,
    sterf_met_ouder,
    token,
    utc,
)

API = "/api/v1"
AMSTERDAM = "0363"

LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,'
    .. '"timeout":%d,"p50_us":%.0f,"p99_us":%.0f,"max_us":%.0f}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""

LUA_THREAD_IDS = r"""
local volgende_id = 0
setup = function(thread)
  thread:set("tid", volgende_id)
  volgende_id = volgende_id + 1
end
"""


def lua_headers(headers: dict[str, str]) -> str:
    return "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in headers.items())


def lua_post_detentie(headers: dict[str, str], run: str) -> str:
    """A begin detentie per request: bronId `WRK-<run>-<thread>-<n>`, a BSN from the test range."""
    template = json.dumps(
        {
            "bronId": "WRK-%s-%d-%d",
            "persoon": {
                "bsn": "%s",
                "geslachtsnaam": "Bench",
                "voornamen": "Wrk",
                "geboortedatum": "1985-04-12",
            },
            "inrichting": "PI-ZAANSTAD",
            "titel": "vrijheidsstraf",
            "instroom": "arrestant",
            "begindatum": utc(dt.datetime.now(dt.UTC) - dt.timedelta(days=1)),
            "verwachteEinddatum": (dt.date.today() + dt.timedelta(days=120)).isoformat(),
            "gemeenteVanInschrijving": AMSTERDAM,
        }
    )
    bsns = ",".join(f'"{b}"' for b in TEST_BSNS)
    return (
        LUA_THREAD_IDS
        + lua_headers(headers)
        + f"local bsns = {{{bsns}}}\n"
        + f"local template = [[{template}]]\n"
        + "local n = 0\n"
        + "request = function()\n"
        + "  n = n + 1\n"
        + "  local bsn = bsns[(n * 7 + tid * 131) % #bsns + 1]\n"
        + f'  local body = string.format(template, "{run}", tid, n, bsn)\n'
        + '  return wrk.format("POST", "/api/v1/detenties", nil, body)\n'
        + "end\n"
        + LUA_DONE
    )


def lua_rotate(headers: dict[str, str], paths: Sequence[str]) -> str:
    """GET, rotating over `paths` (each thread starting elsewhere)."""
    tabel = ",".join(f'"{p}"' for p in paths)
    return (
        LUA_THREAD_IDS
        + lua_headers(headers)
        + f"local paden = {{{tabel}}}\n"
        + "local n = 0\n"
        + "request = function()\n"
        + "  n = n + 1\n"
        + '  return wrk.format("GET", paden[(n + tid * 97) % #paden + 1])\n'
        + "end\n"
        + LUA_DONE
    )


def lua_fixed(headers: dict[str, str]) -> str:
    return lua_headers(headers) + LUA_DONE


@dataclass
class Meting:
    naam: str
    rps: float | None
    p50_ms: float | None
    p99_ms: float | None
    requests: int
    non2xx: int
    socket_errors: int
    opmerking: str = ""


def wrk(args: argparse.Namespace, naam: str, url: str, script: str) -> Meting:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="keten_wrk_", delete=False) as f:
        f.write(script)
        pad = Path(f.name)
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}", "--timeout", "30s"]
    cmd += ["-s", str(pad), url]
    print(f"  {naam}: {' '.join(cmd[:-3])} {url}", file=sys.stderr)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_seconden(args.duration) + 120)
    finally:
        pad.unlink(missing_ok=True)
    m = re.search(r"^WRKJSON (\{.*\})$", proc.stdout, re.MULTILINE)
    if proc.returncode != 0 or m is None:
        fout = (proc.stderr or proc.stdout).strip()[-300:]
        return Meting(naam, None, None, None, 0, 0, 0, f"wrk failed: {fout}")
    r = json.loads(m.group(1))
    seconden = r["duration_us"] / 1e6
    socket = r["connect"] + r["read"] + r["write"] + r["timeout"]
    return Meting(
        naam,
        r["requests"] / seconden if seconden else None,
        r["p50_us"] / 1000 if r["requests"] else None,
        r["p99_us"] / 1000 if r["requests"] else None,
        r["requests"],
        r["non2xx"],
        socket,
    )


def _seconden(duur: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", duur)
    if m is None:
        raise SystemExit(f"--duration: {duur!r} is not like 10s, 2m")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]


def uvicorn_fast() -> list[str]:
    """uvloop and httptools when installed (uvicorn[standard]), else uvicorn's defaults."""
    fast = importlib.util.find_spec("uvloop") and importlib.util.find_spec("httptools")
    return ["--loop", "uvloop", "--http", "httptools"] if fast else []


@contextlib.contextmanager
def trivial_server(workers: int | None) -> Iterator[tuple[str, str]]:
    port = free_port()
    opties = uvicorn_fast()
    cmd = [sys.executable, "-m", "uvicorn", "bench.trivial_app:app", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--no-access-log", "--proxy-headers", "--log-level", "warning", *opties]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, cwd=REPO, start_new_session=True, preexec_fn=sterf_met_ouder)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServerStartFailed(f"trivial app exited with code {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        beschrijving = "uvloop + httptools" if opties else "asyncio + h11 (uvloop/httptools not installed)"
        yield base, beschrijving
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def voorbereiden(base: str, n_detenties: int, n_patches: int) -> dict[str, Any]:
    """Tokens; `n_detenties` detenties of Amsterdam residents plus `n_patches` corrections of their
    verwachteEinddatum, so that Amsterdam's feed holds at least that many events."""
    rng = random.Random(8)
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:
        dji = {"Authorization": f"Bearer {await token(c, 'demo-dji', 'demo-dji-secret')}"}
        ams_token = await token(c, "demo-gemeente-amsterdam", "demo-gemeente-amsterdam-secret")
        sem = asyncio.Semaphore(8)

        async def post(i: int) -> str:
            async with sem:
                body = detentie_body(rng, "PI-ZAANSTAD", AMSTERDAM)
                r = await c.post(f"{API}/detenties", json=body, headers=dji)
                r.raise_for_status()
                return str(r.json()["id"])

        ids = list(await asyncio.gather(*(post(i) for i in range(n_detenties))))

        async def patch(detentie_id: str) -> None:
            async with sem:
                einde = (dt.date.today() + dt.timedelta(days=rng.randint(200, 400))).isoformat()
                r = await c.patch(
                    f"{API}/detenties/{detentie_id}", json={"verwachteEinddatum": einde}, headers=dji
                )
                r.raise_for_status()

        await asyncio.gather(*(patch(i) for i in ids[:n_patches]))
        ams = {"Authorization": f"Bearer {ams_token}"}
        laatste = 0  # page through Amsterdam's feed to count its events
        while True:
            r = await c.get(f"{API}/notificaties", params={"na": laatste, "limit": 1000}, headers=ams)
            r.raise_for_status()
            if not r.json()["notificaties"]:
                break
            laatste = int(r.json()["laatsteSequence"])
        return {"dji": dji["Authorization"], "ams": ams["Authorization"], "ids": ids, "ams_events": laatste}


def meet_service(args: argparse.Namespace, server: Server) -> tuple[list[Meting], dict[str, Any]]:
    print("preparing: 200 detenties for 0363, 100 corrections ...", file=sys.stderr)
    prep = asyncio.run(voorbereiden(server.base, 200, 100))
    if prep["ams_events"] < 300:
        print(f"warning: Amsterdam's feed has only {prep['ams_events']} events", file=sys.stderr)
    dji = {"Authorization": prep["dji"], "Content-Type": "application/json"}
    ams = {"Authorization": prep["ams"]}
    run = uuid.uuid4().hex[:8]
    fasen = [
        ("GET /health/live", "/health/live", lua_fixed({})),
        ("POST /api/v1/detenties (demo-dji)", "/api/v1/detenties", lua_post_detentie(dji, run)),
        (
            "GET /api/v1/detenties/{id} as gemeente (200 ids)",
            "/api/v1/detenties",
            lua_rotate(ams, [f"/api/v1/detenties/{i}" for i in prep["ids"]]),
        ),
        ("GET /api/v1/notificaties?na=0&limit=100", "/api/v1/notificaties?na=0&limit=100", lua_fixed(ams)),
        (
            "GET /api/v1/notificaties?na=0&limit=20&expand=data",
            "/api/v1/notificaties?na=0&limit=20&expand=data",
            lua_fixed(ams),
        ),
    ]
    metingen = []
    for naam, pad, script in fasen:
        metingen.append(wrk(args, naam, server.base + pad, script))
        time.sleep(args.pause)
    return metingen, {"amsterdam_events": prep["ams_events"]}


def ms(v: float | None) -> str:
    return "–" if v is None else (f"{v:.1f}" if v < 10 else f"{v:,.0f}")


def rapport(
    args: argparse.Namespace,
    commando: str,
    server: Server,
    trivial: list[Meting],
    service: list[Meting],
    lus: str,
) -> str:
    basis = trivial[0].rps
    workers = f"--workers {args.workers}" if args.workers is not None else "one process (no --workers)"
    backend = "external server" if args.server_url else args.backend
    regels = [
        f"### Throughput at {args.connections} clients — {backend}, {workers} — "
        f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Command: `{commando}`",
        "",
        f"`wrk -t{args.threads} -c{args.connections} -d{args.duration} --timeout 30s`, one endpoint "
        f"after the other. Trivial app: uvicorn with {lus}. Server: `{server.command or server.base}`"
        + (f" (PYTHONPATH={args.app_dir})" if args.app_dir else "")
        + ".",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | requests | non-2xx | socket errors | ratio to trivial |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in [*trivial, *service]:
        ratio = f"{m.rps / basis:.3f}" if m.rps is not None and basis else "–"
        rps = "–" if m.rps is None else f"{m.rps:,.0f}" if m.rps >= 10 else f"{m.rps:.1f}"
        regels.append(
            f"| {m.naam} | {rps} | {ms(m.p50_ms)} | {ms(m.p99_ms)} | {m.requests} | {m.non2xx} | "
            f"{m.socket_errors} | {ratio} |" + (f" {m.opmerking}" if m.opmerking else "")
        )
    return "\n".join(regels)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument(
        "--workers", type=int, default=None, help="pass --workers N to serve (and to the trivial app)"
    )
    p.add_argument("--duration", default="10s", help="wrk -d per endpoint (default 10s)")
    p.add_argument("--connections", type=int, default=32, help="wrk -c (default 32)")
    p.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    p.add_argument("--pause", type=float, default=1.0, help="seconds between endpoints")
    p.add_argument("--server-url", help="use this running server (demo partners seeded)")
    p.add_argument("--app-dir", type=Path, help="serve the `app` package of another checkout (PYTHONPATH)")
    p.add_argument("--json", type=Path, help="also write the numbers to this file")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    _seconden(args.duration)
    commando = " ".join(
        shlex.quote(a) for a in [".venv/bin/python", "-m", "bench.throughput", *(argv or sys.argv[1:])]
    )
    if shutil.which("wrk") is None:
        print("ERROR: wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 2

    def beeindig(signum: int, _: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, beeindig)
    try:
        print("trivial FastAPI app ...", file=sys.stderr)
        with trivial_server(args.workers) as (trivial_base, lus):
            trivial = [
                wrk(args, naam, trivial_base + pad, lua_fixed({}))
                for naam, pad in (
                    ("trivial FastAPI `async def` GET /ping (framework limit)", "/ping"),
                    ("trivial FastAPI `def` GET /ping-sync (thread pool)", "/ping-sync"),
                    ("trivial FastAPI GET /lijst (50-item JSON list)", "/lijst"),
                )
            ]
        with contextlib.ExitStack() as stack:
            if args.server_url:
                server = Server(args.server_url.rstrip("/"), None)
            else:
                url = stack.enter_context(database(args.backend))
                print(f"starting server on {args.backend} ...", file=sys.stderr)
                server = stack.enter_context(start_server(url, args.workers, args.app_dir))
            service, extra = meet_service(args, server)
    except ServerStartFailed as exc:
        print(f"ERROR: the server did not start: {exc}", file=sys.stderr)
        return 2
    print(rapport(args, commando, server, trivial, service, lus))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "command": commando,
                    "uvicorn": lus,
                    **extra,
                    "results": [m.__dict__ for m in trivial + service],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`ketenmeldingen` command line: serve, worker, migrate, seed-demo, create-partner, create-client,
export-openapi."""

from __future__ import annotations

import json
import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from app.clock import SystemClock
from app.config import Settings, get_settings
from app.db import is_sqlite, make_engine, make_sessionmaker, unit_of_work
from app.logging import configure_logging
from app.rollen import Rol

cli = typer.Typer(help="Ketenmeldingen: meldingen in de justitieketen.", no_args_is_help=True)


def _echo(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


@contextmanager
def _input_errors() -> Iterator[None]:
    """Invalid input and domain errors are the operator's to fix: a message and exit code 1, no traceback."""
    from pydantic import ValidationError

    from app.errors import DomainError

    try:
        yield
    except ValidationError as exc:
        for err in exc.errors():
            typer.echo(f"ongeldig: {'.'.join(map(str, err['loc'])) or 'invoer'}: {err['msg']}", err=True)
        raise typer.Exit(1) from None
    except DomainError as exc:
        typer.echo(f"fout: {exc.detail}", err=True)
        raise typer.Exit(1) from None


@cli.command()
def migrate() -> None:
    """Bring the database schema to the newest version (Alembic)."""
    from app.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("database is up to date")


@cli.command("seed-demo")
def seed_demo() -> None:
    """Create the demo partners and clients, and a demo BIJ-melding (idempotent)."""
    from app.demo import seed_demo_bij_melding, seed_demo_partners, seed_demo_screening

    settings = get_settings()
    configure_logging(settings.log_json, settings.log_level)
    engine = make_engine(settings.database_url)
    with unit_of_work(make_sessionmaker(engine)) as session:
        created = seed_demo_partners(session, SystemClock().now())
        bij = seed_demo_bij_melding(
            session, SystemClock().now(), settings.pseudoniem_sleutel.get_secret_value(), settings.sb_datum
        )
        screening = seed_demo_screening(
            session, SystemClock().now(), settings.pseudoniem_sleutel.get_secret_value(), settings.sb_datum
        )
    engine.dispose()
    typer.echo(f"demo partners: {created} new")
    typer.echo(f"demo BIJ-melding: {'new' if bij else 'present'}")
    typer.echo(f"demo screening: {'new' if screening else 'present'}")


@cli.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Migrate and seed the demo partners first")] = False,
    host: Annotated[str | None, typer.Option(help="Default KETEN_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Default KETEN_PORT")] = None,
    workers: Annotated[int, typer.Option(min=1, help="API processes (PostgreSQL only)")] = 1,
) -> None:
    """Serve the API (migrations must have run; --demo runs them and seeds demo partners).

    Also delivers webhooks in-process unless KETEN_WORKER_IN_PROCESS=false (separate workers)."""
    settings = get_settings()
    if settings.worker_in_process is None:
        settings = settings.model_copy(update={"worker_in_process": True})
    if workers > 1:
        _check_several_workers(settings, demo or settings.demo)
    if demo or settings.demo:
        migrate()
        seed_demo()
    options = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_config": None,
        "access_log": False,
        "proxy_headers": True,
        # Long polls answer at once on SIGTERM (app.main); this bounds whatever else is still running.
        "timeout_graceful_shutdown": 10,
    }
    if workers == 1:
        from app.main import create_app

        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return
    # Each process builds its app from the environment (the factory), so what was decided above goes there.
    os.environ["KETEN_WORKER_IN_PROCESS"] = "true" if settings.worker_in_process else "false"
    uvicorn.run("app.main:create_app", factory=True, workers=workers, **options)  # type: ignore[arg-type]


def _check_several_workers(settings: Settings, demo: bool) -> None:
    """Several API processes need PostgreSQL (one writer per SQLite file, and LISTEN/NOTIFY to wake
    long polls across processes) and one token key that all of them share."""
    if is_sqlite(settings.database_url):
        typer.echo(
            "fout: --workers groter dan 1 vraagt om PostgreSQL (KETEN_DATABASE_URL). SQLite heeft één "
            "schrijver per bestand; draai met SQLite één proces.",
            err=True,
        )
        raise typer.Exit(2)
    if settings.jwt_sleutel is None:
        if not demo:
            typer.echo(
                "fout: --workers groter dan 1 vraagt om KETEN_JWT_SLEUTEL (gedeeld door de processen)",
                err=True,
            )
            raise typer.Exit(2)
        os.environ["KETEN_JWT_SLEUTEL"] = secrets.token_urlsafe(48)


@cli.command()
def worker(
    naam: Annotated[
        str | None,
        typer.Option(help="Unique per running worker; restarting under the same name resumes at once"),
    ] = None,
    threads: Annotated[int | None, typer.Option(min=1, help="Default KETEN_WEBHOOK_WORKER_THREADS")] = None,
) -> None:
    """Deliver webhooks until SIGTERM/SIGINT. Run as many as you like next to the API processes."""
    import signal
    import threading

    from app.verwerkingen.sealer import Sealer
    from app.webhooks.worker import Worker

    settings = get_settings()
    configure_logging(settings.log_json, settings.log_level)
    engine = make_engine(settings.database_url)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    factory = make_sessionmaker(engine)
    # Webhooks with expand=data log their disclosures; this process seals them into the chain too.
    sealer = Sealer(factory)
    sealer.start()
    Worker(factory, settings, SystemClock(), naam=naam).run(stop, threads)
    sealer.stop()
    engine.dispose()


@cli.command("create-partner")
def create_partner(
    naam: str,
    rol: Rol,
    gemeentecode: Annotated[str | None, typer.Option()] = None,
    aangesloten: Annotated[bool, typer.Option()] = False,
    organisatie: Annotated[str | None, typer.Option(help="RN, SVG of LJR")] = None,
    inrichting: Annotated[list[str] | None, typer.Option(help="Herhaalbaar")] = None,
    bij_gemeentecode: Annotated[list[str] | None, typer.Option(help="Herhaalbaar")] = None,
    oin: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Register a partner."""
    from app.partners import service
    from app.schemas.partners import PartnerCreate

    engine = make_engine(get_settings().database_url)
    with _input_errors(), unit_of_work(make_sessionmaker(engine)) as session:
        data = PartnerCreate.model_validate(
            {
                "naam": naam,
                "rol": rol,
                "gemeentecode": gemeentecode,
                "aangesloten": aangesloten,
                "organisatie": organisatie,
                "inrichtingen": inrichting or [],
                "bijGemeentecodes": bij_gemeentecode or [],
                "oin": oin,
            }
        )
        partner = service.create_partner(session, data, SystemClock().now())
        created = {"id": str(partner.id), "naam": partner.naam, "rol": partner.rol}
    engine.dispose()
    _echo(created)  # after the commit: never report a partner that was not stored


@cli.command("create-client")
def create_client(partner_id: uuid.UUID, client_id: Annotated[str | None, typer.Option()] = None) -> None:
    """Create an API client for a partner; prints the secret once."""
    from app.partners import service

    engine = make_engine(get_settings().database_url)
    with _input_errors(), unit_of_work(make_sessionmaker(engine)) as session:
        client, secret = service.create_client(session, partner_id, SystemClock().now(), client_id)
        created = {"clientId": client.client_id, "clientSecret": secret}
    engine.dispose()
    _echo(created)  # after the commit: a secret that was never stored would be useless


@cli.command("export-openapi")
def export_openapi(path: Annotated[Path, typer.Argument()] = Path("openapi/openapi.json")) -> None:
    """Write the OpenAPI document the app serves (committed; CI checks it is current)."""
    from app.main import create_app
    from app.openapi_doc import render

    path.write_text(render(create_app().openapi()))
    typer.echo(f"wrote {path}")


@cli.command("verify-log")
def verify_log() -> None:
    """Check the verwerkingenlog hash chain. Exit code 1 when a row was altered, removed or reordered.

    Rows written since the last seal are sealed first, so that every row is checked."""
    from app.verwerkingen.service import seal_all, verify_chain

    engine = make_engine(get_settings().database_url)
    factory = make_sessionmaker(engine)
    verzegeld = seal_all(factory)
    with unit_of_work(factory, readonly=True) as session:
        controle = verify_chain(session)
    engine.dispose()
    _echo(
        {
            "rijen": controle.rijen,
            "nuVerzegeld": verzegeld,
            "intact": controle.intact,
            "fouten": controle.fouten,
        }
    )
    if not controle.intact:
        raise typer.Exit(1)


def main() -> None:
    from app.wiring import wire

    wire()
    cli()

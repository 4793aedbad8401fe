"""`ketenmeldingen` command line: serve, migrate, seed-demo, create-partner, create-client, export-openapi."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from app.clock import SystemClock
from app.config import get_settings
from app.db import make_engine, make_sessionmaker, unit_of_work
from app.logging import configure_logging
from app.rollen import Rol

cli = typer.Typer(help="Ketenmeldingen: meldingen in de justitieketen.", no_args_is_help=True)


def _echo(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


@cli.command()
def migrate() -> None:
    """Bring the database schema to the newest version (Alembic)."""
    from app.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("database is up to date")


@cli.command("seed-demo")
def seed_demo() -> None:
    """Create the demo partners and clients (idempotent)."""
    from app.demo import seed_demo_partners

    settings = get_settings()
    configure_logging(settings.log_json, settings.log_level)
    engine = make_engine(settings.database_url)
    with unit_of_work(make_sessionmaker(engine)) as session:
        created = seed_demo_partners(session, SystemClock().now())
    engine.dispose()
    typer.echo(f"demo partners: {created} new")


@cli.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Migrate and seed the demo partners first")] = False,
    host: Annotated[str | None, typer.Option(help="Default KETEN_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Default KETEN_PORT")] = None,
) -> None:
    """Serve the API (migrations must have run; --demo runs them and seeds demo partners)."""
    settings = get_settings()
    if demo or settings.demo:
        migrate()
        seed_demo()
    from app.main import create_app

    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


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
    engine = make_engine(get_settings().database_url)
    with unit_of_work(make_sessionmaker(engine)) as session:
        partner = service.create_partner(session, data, SystemClock().now())
        _echo({"id": str(partner.id), "naam": partner.naam, "rol": partner.rol})
    engine.dispose()


@cli.command("create-client")
def create_client(partner_id: uuid.UUID, client_id: Annotated[str | None, typer.Option()] = None) -> None:
    """Create an API client for a partner; prints the secret once."""
    from app.partners import service

    engine = make_engine(get_settings().database_url)
    with unit_of_work(make_sessionmaker(engine)) as session:
        client, secret = service.create_client(session, partner_id, SystemClock().now(), client_id)
        _echo({"clientId": client.client_id, "clientSecret": secret})
    engine.dispose()


@cli.command("export-openapi")
def export_openapi(path: Annotated[Path, typer.Argument()] = Path("openapi/openapi.json")) -> None:
    """Write the OpenAPI document the app serves (committed; CI checks it is current)."""
    from app.main import create_app
    from app.openapi_doc import render

    path.write_text(render(create_app().openapi()))
    typer.echo(f"wrote {path}")


def main() -> None:
    cli()

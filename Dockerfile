# syntax=docker/dockerfile:1.7
# Build: docker build -t ketenmeldingen .   Run: see README ("Container").

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements.lock ./
RUN /opt/venv/bin/pip install -r requirements.lock
COPY pyproject.toml ./
COPY app ./app
RUN /opt/venv/bin/pip install --no-deps .

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KETEN_HOST=0.0.0.0 \
    KETEN_PORT=8000 \
    KETEN_DATABASE_URL=sqlite:////data/ketenmeldingen.db
RUN groupadd --system --gid 10001 keten \
 && useradd --system --uid 10001 --gid keten --home-dir /app --shell /usr/sbin/nologin keten \
 && mkdir -p /data /app && chown keten:keten /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Migrations and alembic.ini are read from the working directory by `ketenmeldingen migrate`.
COPY --chown=keten:keten alembic.ini ./
COPY --chown=keten:keten migrations ./migrations
COPY --chown=keten:keten app ./app
USER keten
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os,urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/health/ready' % os.environ.get('KETEN_PORT','8000'), timeout=2).status == 200 else 1)"]
# Schema first (Alembic only), then serve. Several API containers may run this at once on PostgreSQL:
# Alembic's version table serialises the upgrade.
CMD ["sh", "-c", "ketenmeldingen migrate && exec ketenmeldingen serve"]

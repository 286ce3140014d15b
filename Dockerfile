# syntax=docker/dockerfile:1
# Caravan's one image: web (gunicorn, the default command), the one-shot
# migrate, the Celery worker and beat all run it (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CARAVAN_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media \
    WEB_CONCURRENCY=3

RUN groupadd --system --gid 10001 caravan \
 && useradd --system --uid 10001 --gid caravan --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin caravan

WORKDIR /app

# Dependencies first, in their own layer: it is rebuilt only when
# pyproject.toml changes. The project itself installs no modules
# ([tool.setuptools] packages = []); the code runs from /app.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Compiled catalogues are built here, never committed; --use-fuzzy as in the
# Makefile (`make messages`), so the image shows what development shows (and a
# catalogue whose header is still marked fuzzy is not silently skipped).
# Static files are collected into CARAVAN_VAR_DIR/static (STATIC_ROOT) with
# WhiteNoise's manifest; the key is a throwaway that only lets settings load.
RUN pybabel compile --use-fuzzy -d locale -D django \
 && SECRET_KEY=collectstatic-build-only-not-secret python manage.py collectstatic --noinput \
 && mkdir -p /data/media \
 && chown -R caravan:caravan /app/var /data/media

USER caravan

EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it), 3 by default for 2 cores.
CMD ["gunicorn", "marketplace.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--timeout", "60", \
     "--limit-request-line", "0", \
     "--graceful-timeout", "30"]

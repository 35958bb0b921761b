# syntax=docker/dockerfile:1
# The production image: gunicorn (scripts/serve) behind a TLS proxy, PostgreSQL by DATABASE_URL,
# static files served by WhiteNoise from the image. `make prod-check` runs the same serving path
# without Docker. Build: docker build -t fertility-benefits .
#
# Each deploy runs the release step once, before the new containers take traffic:
#   docker run --rm --env-file prod.env fertility-benefits sh -c 'python manage.py migrate --noinput \
#     && python manage.py createcachetable \
#     && python manage.py loaddata fixtures/jurisdictions.json \
#     && python manage.py load_policy fixtures/policies/*.json \
#     && python manage.py create_roles'

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: the virtualenv from the lock file, compiled translations, collected static files --
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes --no-deps -r /tmp/requirements.lock

WORKDIR /app
COPY . .
# Settings need a SECRET_KEY with DEBUG off; this one only lives during the build.
ARG BUILD_SECRET_KEY=build-only-not-a-secret
RUN SECRET_KEY="$BUILD_SECRET_KEY" python manage.py collectstatic --noinput --verbosity 1 \
    && if [ -d locale ]; then \
        SECRET_KEY="$BUILD_SECRET_KEY" python manage.py compilemessages --ignore=.venv; \
    fi \
    && python -m compileall -q apps config

# --- runtime: slim Python with libpq, no compilers, a user without privileges --------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    PORT=8000 \
    DOCUMENTS_ROOT=/data/documents
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /data/documents && chown app:app /data/documents
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
WORKDIR /app
USER app
EXPOSE 8000
# Parents' documents, when not in an S3 bucket (DOCUMENTS_S3_BUCKET): mount a persistent volume.
VOLUME ["/data/documents"]

# Probes /healthz (no database) from inside the container, with a Host the settings allow.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as r; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); r.urlopen(r.Request('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), headers={'Host': h if h not in ('', '*') else 'localhost'}), timeout=4)"

CMD ["scripts/serve"]

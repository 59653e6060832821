# Cuizhai Works: the web image (gunicorn + WhiteNoise). PostgreSQL runs in its own container;
# see docker-compose.yml. Configuration comes from the environment (.env via env_file).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext provides msgfmt, which `manage.py compilemessages` needs; Pango and the Noto CJK
# fonts lay out the progress reports' PDF (WeasyPrint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --user-group --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. The project installs
# no packages of its own (the code runs from /app), only its pinned dependencies.
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt . && rm -rf build *.egg-info

# The translations are compiled into the image; at start-up the app user (who owns the
# tree) collects static files into var/static; uploads go to var/media (a volume).
COPY --chown=app:app . .
RUN DJANGO_DEBUG=1 python manage.py compilemessages -v 0 \
    && mkdir -p var/static var/media && chown -R app:app var locale

USER app
EXPOSE 8000
# Workers, timeout and the rest: gunicorn.conf.py (WEB_CONCURRENCY overrides the workers).
CMD ["gunicorn", "cuizhai.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]

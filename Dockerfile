# The production image of Library Commons: gunicorn serves the site, whitenoise its static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=consortium_site.settings.production

RUN useradd --create-home --uid 1000 commons
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=commons:commons . .
# collectstatic needs settings to import; these build-time values are thrown away with the layer's process.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/media && chown commons:commons /app/media /app/static

USER commons
EXPOSE 8000
CMD ["gunicorn", "consortium_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]

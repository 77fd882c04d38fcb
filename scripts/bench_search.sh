#!/usr/bin/env bash
# `make bench-search`: a fresh PostgreSQL database and Elasticsearch alias for the benchmark (throwaway servers
# are started unless DATABASE_URL and ELASTICSEARCH_URL are given, and stopped afterwards), then
# `manage.py bench_search`, which prints its figures as JSON. Arguments go to bench_search (--pages, --clients, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
make -s install VENV="$VENV"

need=()
[ -n "${DATABASE_URL:-}" ] || need+=(postgres)
[ -n "${ELASTICSEARCH_URL:-}" ] || need+=(elasticsearch)
started=()
for service in "${need[@]}"; do
    if ! python3 scripts/services.py status "$service" >/dev/null 2>&1; then started+=("$service"); fi
done
stop_started() {
    if [ ${#started[@]} -gt 0 ]; then python3 scripts/services.py stop "${started[@]}"; fi
}
trap stop_started EXIT
if [ ${#need[@]} -gt 0 ]; then
    python3 scripts/services.py start "${need[@]}"
    # shellcheck disable=SC1091
    source .services/env
fi

# A database of its own, recreated on every run, beside the one DATABASE_URL names.
DATABASE_URL=$("$VENV/bin/python" - <<'PY'
import os

import environ
import psycopg

url = os.environ["DATABASE_URL"]
config = environ.Env.db_url_config(url)
name = f"{config['NAME']}_bench"
with psycopg.connect(
    dbname=config["NAME"], user=config["USER"], password=config.get("PASSWORD") or None,
    host=config["HOST"] or None, port=config["PORT"] or None, autocommit=True,
) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.execute(f'CREATE DATABASE "{name}"')
print(url.rsplit("/", 1)[0] + "/" + name)
PY
)
export DATABASE_URL ELASTICSEARCH_URL
export DJANGO_SETTINGS_MODULE=consortium_site.settings.production
export SECRET_KEY=bench-only-not-secret ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=False
export SEARCH_BACKEND=elasticsearch ELASTICSEARCH_INDEX_PREFIX=bench_consortium LOG_LEVEL=WARNING
"$VENV/bin/python" manage.py bench_search "$@"

#!/usr/bin/env bash
# The test command (`make test`): installs what is missing, starts a throwaway PostgreSQL and
# Elasticsearch unless DATABASE_URL and ELASTICSEARCH_URL are given, runs pytest, and stops
# whatever it started. Extra arguments go to pytest. A missing service fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

scripts/system-deps.sh
make -s install test-tools VENV="$VENV"

need=()
[ -n "${DATABASE_URL:-}" ] || need+=(postgres)
[ -n "${ELASTICSEARCH_URL:-}" ] || need+=(elasticsearch)
started=()
for service in "${need[@]}"; do
    if ! python3 scripts/services.py status "$service" >/dev/null 2>&1; then
        started+=("$service")
    fi
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

export DATABASE_URL ELASTICSEARCH_URL
export REQUIRE_SERVICES=1
"$VENV/bin/python" manage.py compilemessages --ignore=.venv --ignore=.services --ignore=.cache -v 0
"$VENV/bin/pytest" "$@"

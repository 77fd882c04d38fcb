"""The production stack (docker-compose.yml, Dockerfile) says what it runs; Docker itself cannot run here."""

from pathlib import Path

import pytest
import yaml

from django.conf import settings
from django.test import Client

from consortium_site.settings.base import env

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_web_worker_postgres_15_and_elasticsearch_9(compose):
    services = compose["services"]
    assert {"web", "worker", "postgres", "elasticsearch", "migrate"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["elasticsearch"]["image"] == "docker.elastic.co/elasticsearch/elasticsearch:9.5.4"
    assert services["worker"]["command"] == ["python", "manage.py", "search_worker"]
    assert services["elasticsearch"]["environment"]["discovery.type"] == "single-node"
    assert services["elasticsearch"]["environment"]["xpack.security.enabled"] == "false"


def test_services_that_others_wait_for_have_health_checks(compose):
    services = compose["services"]
    for name in ("web", "postgres", "elasticsearch"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"


def test_data_lives_in_named_volumes(compose):
    assert set(compose["volumes"]) == {"pgdata", "esdata", "media"}
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]
    assert "esdata:/usr/share/elasticsearch/data" in compose["services"]["elasticsearch"]["volumes"]


def test_app_containers_set_only_variables_the_settings_declare(compose):
    for name in ("web", "worker", "migrate"):
        undeclared = set(compose["services"][name]["environment"]) - set(env.scheme) - {"DJANGO_SETTINGS_MODULE"}
        assert not undeclared, f"{name} sets variables that settings/base.py does not declare: {undeclared}"


def test_image_serves_with_gunicorn_and_collects_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert 'CMD ["gunicorn", "consortium_site.wsgi:application"' in dockerfile
    assert "USER commons" in dockerfile


@pytest.mark.django_db
def test_health_endpoint_answers_ok():
    response = Client().get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True


def test_web_health_check_is_valid_python(compose):
    command = compose["services"]["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    compile(command[3], "healthcheck", "exec")

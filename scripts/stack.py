"""The production-like stack that `make bench` and `make resilience` run on loopback: a throwaway
PostgreSQL database (in the cluster of scripts/services.py), Redis, and gunicorn with the production
settings. Imported by scripts/bench.py and scripts/resilience.py; not part of the site."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import services  # noqa: E402 - scripts/services.py, the project's service starter

ROOT = Path(__file__).resolve().parent.parent
# The virtualenv that runs this script (make's $(VENV)): manage.py and gunicorn run from the same one.
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def log(message):
    print(f"stack: {message}", file=sys.stderr, flush=True)


def ensure_debian_packages(commands):
    """{command: debian package}; installs what is missing when root, else says what to install."""
    missing = [package for command, package in commands.items() if not shutil.which(command)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"please install: sudo apt-get install {' '.join(missing)}")
    log(f"installing {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
    if subprocess.run(install, env=env, capture_output=True).returncode:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
        subprocess.run(install, env=env, check=True, capture_output=True)


def services_command(*args, check=True, env=None):
    """Run `scripts/services.py ARGS` as its own process (its start waits for the server), output on stderr."""
    command = [sys.executable, str(ROOT / "scripts" / "services.py"), *args]
    return subprocess.run(command, check=check, env=env, stdout=sys.stderr)  # noqa: S603 - our own script


@contextlib.contextmanager
def running_services(names):
    """Start those of scripts/services.py's servers that are not running; stop only those afterwards."""
    state = services.read_state()
    started = [name for name in names if not services.SERVICES[name][2](state)]
    if started:
        services_command("start", *started)
    try:
        yield services.read_state()
    finally:
        if started:
            services_command("stop", *started, check=False)


@contextlib.contextmanager
def throwaway_database(state, name):
    """A fresh database `name` in the services' PostgreSQL cluster, dropped afterwards."""
    info = state["postgres"]
    where = ["-h", info["socket_dir"], "-p", str(info["port"]), "-U", services.PG_USER]
    subprocess.run([services.pg_bin("dropdb"), *where, "--if-exists", "--force", name], check=True)
    subprocess.run([services.pg_bin("createdb"), *where, name], check=True)
    try:
        yield f"postgres://{services.PG_USER}@:{info['port']}/{info['socket_dir']}/{name}"
    finally:
        subprocess.run([services.pg_bin("dropdb"), *where, "--if-exists", "--force", name], check=False)


@contextlib.contextmanager
def redis_server():
    """A Redis on a free loopback port, memory only, evicting least recently used keys when full."""
    port = services.free_port()
    with tempfile.TemporaryDirectory(prefix="redis-") as folder:
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru", "--dir", folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_until(lambda: _redis_ping(port), "Redis", timeout=20)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=20)


def _redis_ping(port):
    result = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
    return result.stdout.strip() == "PONG"


def site_env(database_url, cache_url, static_root, **extra):
    """The production settings, as a deployment sets them, on loopback over plain HTTP."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="consortium_site.settings.production",
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a throwaway loopback site
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        SECURE_SSL_REDIRECT="False",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(Path(static_root).parent / "media"),
        LOG_LEVEL="WARNING",
        SEARCH_BACKEND="database",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args):
    # Progress and messages go to stderr; stdout carries only the JSON report.
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=sys.stderr)


def wait_until(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {timeout}s")


def http_get(url, headers=None, timeout=10):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def gunicorn(env, workers, threads):
    """gunicorn on a free loopback port; yields its base URL once /healthz answers."""
    port = services.free_port()
    command = [
        GUNICORN, "consortium_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
        "--keep-alive", "5", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=sys.stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: http_get(f"{base}/healthz/", timeout=2)[0] in (200, 503), "gunicorn", timeout=60)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def shell_json(env, code):
    """Run Python inside the site (manage.py shell) and return the JSON it prints last."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])

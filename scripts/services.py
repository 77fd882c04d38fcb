#!/usr/bin/env python3
"""Start and stop the throwaway PostgreSQL and Elasticsearch servers that tests and local work use.

    python scripts/services.py start [postgres] [elasticsearch]   # both by default
    python scripts/services.py stop | status | env

State lives under .services/ (git-ignored): data, logs, pids, and `.services/env`, a file of
`export NAME=value` lines (DATABASE_URL, ELASTICSEARCH_URL) for the shell and the test command.
Both servers listen on loopback only: PostgreSQL on a unix socket, Elasticsearch on a free port.
Elasticsearch is the official minimal distribution from Maven Central, downloaded once to .cache/.
Neither server runs as root, so under root they run as the unprivileged `nobody` user.

Written with the standard library only: it runs before the virtualenv exists.
"""

import argparse
import contextlib
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".services"
CACHE = ROOT / ".cache"
ENV_FILE = STATE / "env"

ES_VERSION = "9.5.4"
ES_URL = (
    "https://repo1.maven.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/"
    f"{ES_VERSION}/elasticsearch-{ES_VERSION}.zip"
)
# Maven Central publishes no checksum for this artifact through the mirror here; pinned on first download.
ES_SHA512 = (
    "a75df614854ace52dd0bce977662b3792873ac077ec0af9026cd0b2a0eb119e4"
    "49910f8eb8ed577d1a83c51c6ee6af71bf5004c3cf5b418c979186de8b5dd9e6"
)
ES_HEAP = os.environ.get("ES_HEAP", "512m")
PG_DB = "consortium"
PG_USER = "postgres"
START_TIMEOUT = int(os.environ.get("SERVICES_START_TIMEOUT", "180"))


class ServiceError(RuntimeError):
    pass


def log(message):
    print(f"services: {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_user():
    """(uid, gid) to run servers as: ourselves, or `nobody` when we are root."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def as_service_user(cmd):
    user = service_user()
    if user is None:
        return cmd
    setpriv = shutil.which("setpriv")
    if not setpriv:
        raise ServiceError("running as root needs `setpriv` (util-linux) to drop privileges")
    return [setpriv, f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups", *cmd]


def own(path):
    user = service_user()
    if user is None:
        return
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, *user)
        for name in dirnames + filenames:
            with contextlib.suppress(FileNotFoundError):
                os.lchown(os.path.join(dirpath, name), *user)
    parent = Path(path)
    # The service user needs to traverse the path down to its folder.
    while parent != parent.parent and parent != ROOT:
        parent = parent.parent
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


def read_state():
    path = STATE / "state.json"
    return json.loads(path.read_text()) if path.exists() else {}


def write_state(state):
    STATE.mkdir(parents=True, exist_ok=True)
    (STATE / "state.json").write_text(json.dumps(state, indent=2))
    lines = []
    if "postgres" in state:
        lines.append(f"export DATABASE_URL='{state['postgres']['url']}'")
    if "elasticsearch" in state:
        lines.append(f"export ELASTICSEARCH_URL='{state['elasticsearch']['url']}'")
    ENV_FILE.write_text("\n".join(lines) + ("\n" if lines else ""))


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_bin(name):
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    found = shutil.which(name)
    if not found:
        raise ServiceError(f"PostgreSQL's `{name}` was not found; install the server with `apt-get install postgresql`")
    return found


def pg_running(state):
    info = state.get("postgres")
    if not info:
        return False
    result = subprocess.run(
        [pg_bin("pg_isready"), "-h", info["socket_dir"], "-p", str(info["port"])], capture_output=True
    )
    return result.returncode == 0


def start_postgres(state):
    if pg_running(state):
        log(f"PostgreSQL already running: {state['postgres']['url']}")
        return
    base = STATE / "postgres"
    data, run, logfile = base / "data", base / "run", base / "server.log"
    run.mkdir(parents=True, exist_ok=True)
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        own(base)
        result = subprocess.run(
            as_service_user(
                [pg_bin("initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise ServiceError(f"initdb failed:\n{result.stdout}{result.stderr}")
    own(base)
    port = free_port()
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{run}' -p {port} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    result = subprocess.run(
        as_service_user(
            [pg_bin("pg_ctl"), "-D", str(data), "-l", str(logfile), "-o", options, "-w", "-t", "60", "start"]
        ),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        tail = logfile.read_text()[-2000:] if logfile.exists() else ""
        raise ServiceError(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}\n{tail}")
    subprocess.run([pg_bin("createdb"), "-h", str(run), "-p", str(port), "-U", PG_USER, PG_DB], capture_output=True)
    state["postgres"] = {
        # django-environ reads a path after the port as the socket folder, then the database name.
        "url": f"postgres://{PG_USER}@:{port}/{run}/{PG_DB}",
        "socket_dir": str(run),
        "port": port,
        "data": str(data),
    }
    log(f"PostgreSQL {pg_version()} on unix socket {run} port {port}")


def pg_version():
    out = subprocess.run([pg_bin("postgres"), "--version"], capture_output=True, text=True).stdout
    return out.split()[2] if out else "?"


def stop_postgres(state):
    info = state.pop("postgres", None)
    if not info:
        return
    subprocess.run(
        as_service_user([pg_bin("pg_ctl"), "-D", info["data"], "-m", "fast", "-w", "stop"]), capture_output=True
    )
    log("PostgreSQL stopped")


# --- Elasticsearch ----------------------------------------------------------------------------


def java_home():
    """A JDK new enough for Elasticsearch 9 (Java 21+): ES_JAVA_HOME, else the newest under /usr/lib/jvm."""
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
    for candidate in sorted(Path("/usr/lib/jvm").glob("*"), reverse=True):
        release = candidate / "release"
        if not release.exists():
            continue
        for line in release.read_text().splitlines():
            if line.startswith("JAVA_VERSION="):
                major = int(line.split("=", 1)[1].strip('"').split(".")[0])
                if major >= 21:
                    return str(candidate)
    raise ServiceError("Elasticsearch 9 needs Java 21 or newer; none found under /usr/lib/jvm (set ES_JAVA_HOME)")


def es_distribution():
    home = STATE / "elasticsearch" / f"elasticsearch-{ES_VERSION}"
    if (home / "bin" / "elasticsearch").exists():
        return home
    CACHE.mkdir(exist_ok=True)
    archive = CACHE / f"elasticsearch-{ES_VERSION}.zip"
    if not archive.exists():
        log(f"downloading Elasticsearch {ES_VERSION} from Maven Central")
        partial = archive.with_suffix(".part")
        try:
            with urllib.request.urlopen(ES_URL, timeout=120) as response, open(partial, "wb") as out:  # noqa: S310
                shutil.copyfileobj(response, out)
        except OSError as error:
            raise ServiceError(f"could not download {ES_URL}: {error}") from error
        partial.rename(archive)
    digest = hashlib.sha512(archive.read_bytes()).hexdigest()
    if digest != ES_SHA512:
        archive.unlink()
        raise ServiceError(f"checksum mismatch for {archive.name}; the download was removed, try again")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(home.parent)
    for path in (home / "bin").iterdir():
        path.chmod(0o755)
    for path in (home / "jdk").glob("**/bin/*") if (home / "jdk").exists() else []:
        path.chmod(0o755)
    return home


def es_request(url, path, timeout=2):
    with urllib.request.urlopen(f"{url}{path}", timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


def es_running(state):
    info = state.get("elasticsearch")
    if not info:
        return False
    try:
        es_request(info["url"], "/_cluster/health")
    except OSError:
        return False
    return True


def start_elasticsearch(state):
    if es_running(state):
        log(f"Elasticsearch already running: {state['elasticsearch']['url']}")
        return
    home = es_distribution()
    base = STATE / "elasticsearch"
    data, logs, tmp = base / "data", base / "logs", base / "tmp"
    for folder in (data, logs, tmp):
        folder.mkdir(parents=True, exist_ok=True)
    own(base)
    # A restart on the same port (scripts/resilience.py) keeps the URL that running processes were given.
    port = int(os.environ.get("ES_HTTP_PORT") or 0) or free_port()
    env = dict(os.environ, ES_JAVA_HOME=java_home(), ES_JAVA_OPTS=f"-Xms{ES_HEAP} -Xmx{ES_HEAP}", ES_TMPDIR=str(tmp))
    env.pop("JAVA_HOME", None)
    cmd = as_service_user(
        [
            str(home / "bin" / "elasticsearch"),
            "-E", "discovery.type=single-node",
            "-E", "xpack.security.enabled=false",
            "-E", "network.host=127.0.0.1",
            "-E", f"http.port={port}",
            "-E", "transport.port=0",
            "-E", f"path.data={data}",
            "-E", f"path.logs={logs}",
            "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
            "-E", "action.destructive_requires_name=false",
        ]
    )  # fmt: skip
    console = open(base / "console.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(cmd, env=env, stdout=console, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (base / "console.log").read_text(errors="replace")[-3000:]
            raise ServiceError(f"Elasticsearch exited with status {process.returncode}:\n{tail}")
        try:
            health = es_request(url, "/_cluster/health?wait_for_status=yellow&timeout=1s")
            if health.get("status") in ("yellow", "green"):
                break
        except OSError:
            pass
        time.sleep(1)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        raise ServiceError(f"Elasticsearch did not answer on {url} within {START_TIMEOUT}s; see {base}/console.log")
    state["elasticsearch"] = {"url": url, "pid": process.pid, "version": ES_VERSION}
    log(f"Elasticsearch {ES_VERSION} at {url}")


def stop_elasticsearch(state):
    info = state.pop("elasticsearch", None)
    if not info:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(info["pid"], signal.SIGTERM)
        for _ in range(60):
            os.killpg(info["pid"], 0)
            time.sleep(0.5)
        os.killpg(info["pid"], signal.SIGKILL)
    log("Elasticsearch stopped")


SERVICES = {
    "postgres": (start_postgres, stop_postgres, pg_running),
    "elasticsearch": (start_elasticsearch, stop_elasticsearch, es_running),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop", "status", "env"])
    parser.add_argument("services", nargs="*", help="postgres, elasticsearch (default: both)")
    args = parser.parse_args(argv)
    names = args.services or list(SERVICES)
    unknown = set(names) - set(SERVICES)
    if unknown:
        parser.error(f"unknown service {', '.join(sorted(unknown))}; choose from {', '.join(SERVICES)}")
    state = read_state()
    try:
        if args.action == "start":
            for name in names:
                SERVICES[name][0](state)
                write_state(state)
            for name in names:
                print(f"{name}: {state[name]['url']}")
            print(f"environment: source {ENV_FILE.relative_to(ROOT)}")
        elif args.action == "stop":
            for name in names:
                SERVICES[name][1](state)
            write_state(state)
        elif args.action == "status":
            code = 0
            for name in names:
                up = SERVICES[name][2](state)
                code |= not up
                print(f"{name}: {'running at ' + state[name]['url'] if up else 'stopped'}")
            return code
        elif args.action == "env":
            print(ENV_FILE.read_text() if ENV_FILE.exists() else "", end="")
    except ServiceError as error:
        log(f"error: {error}")
        write_state(state)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

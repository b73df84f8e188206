#!/usr/bin/env python3
"""The scaled-out EczemaFeed on one machine, and proof that it survives failures (``make cluster-test``).

Every host is a Linux network namespace joined to one bridge (itself in a namespace of its own), with a
private address on its veth only; nothing is added to the machine's own network. Hosts:

    client   the load generator and these scenarios' visitors
    cdn      Varnish 7.1 with varnish-modules' xkey (the CDN's stand-in)       cluster/varnish.vcl
    lb       haproxy 2.6 in front of the app servers                          haproxy_config() below
    app1/2   gunicorn with eczemafeed/gunicorn.conf.py, the same DJANGO_SECRET_KEY
    worker   manage.py db_worker: purges and e-mails
    pg1/pg2  PostgreSQL primary and its streaming replica (pg_createcluster + pg_basebackup, own ports)
    redis    its own redis-server

``up`` builds it and leaves it running, ``test`` builds it, runs the scenarios T1-T9 of issue 16 under a
bounded load and always tears it down, ``down`` removes whatever is left (idempotent). Root only.
Standard library only, so that ``down`` runs with any Python 3; ``up`` and ``test`` need 3.12+
(``os.setns``), which the project's venv has.
"""

import argparse
import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = os.environ.get("CLUSTER_NAME", "efc")  # prefix of every namespace and PostgreSQL cluster
SUBNET = os.environ.get("CLUSTER_SUBNET", "10.77.0")  # a private /24, on the veths only
HOSTS = {"client": 10, "cdn": 11, "lb": 12, "app1": 21, "app2": 22, "worker": 23, "pg1": 31, "pg2": 32, "redis": 41}
SWITCH = f"{NAME}-switch"
STATE = Path(f"/tmp/eczemafeed-cluster-{NAME}")  # noqa: S108 - root's own scratch, removed by down
LOGS = Path(f"/tmp/eczemafeed-cluster-{NAME}-logs")  # noqa: S108 - kept after down, for reading
SITE = "eczemafeed.test"  # the Host every visitor sends
APP_PORT, LB_PORT, CDN_PORT, REDIS_PORT = 8000, 80, 6081, 6379
# PostgreSQL's sockets share /var/run/postgresql across namespaces: a second cluster on this machine needs its own.
PG_PORT = int(os.environ.get("CLUSTER_PG_PORT", "5441"))
PG = {"pg1": (f"{NAME}_primary", PG_PORT), "pg2": (f"{NAME}_replica", PG_PORT + 1)}
DB = "eczemafeed"
APP_WORKERS, APP_THREADS = 2, 2  # per app server; haproxy's maxconn per server is their product
SERVER_TIMEOUT = 8  # haproxy's timeout server, seconds (T4's bound is this + 1)
REQUEST_TIMEOUT = 30  # the load generator gives up on a request after this long: a failure
# Three clients never fill both servers (maxconn 4 each): when one server goes, a retried request finds a free
# slot on the other instead of a queue.
CLIENT_THREADS = int(os.environ.get("CLUSTER_CLIENTS", "3"))
THINK_SECONDS = 0.05  # between one client's requests
POST_EVERY = 10  # one request in ten is a review POST
TOKEN = re.compile(r"zq(\d+)k")  # marks a visitor's story or search, findable in the database and its logs


class HarnessError(Exception):
    pass


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ns(host):
    return f"{NAME}-{host}"


def ip(host):
    return f"{SUBNET}.{HOSTS[host]}"


def run(*cmd, check=True, timeout=180, env=None, netns=None, cwd=None):
    if netns:
        cmd = ("ip", "netns", "exec", ns(netns), *cmd)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"{' '.join(cmd)} took longer than {timeout} s") from error
    if check and result.returncode:
        output = (result.stderr.strip() or result.stdout.strip())[-3000:]
        raise HarnessError(f"{' '.join(cmd)} failed ({result.returncode}):\n{output}")
    return result


def wait_for(what, predicate, timeout, interval=0.25):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):
            if value := predicate():
                return value
        if time.monotonic() > deadline:
            raise HarnessError(f"gave up waiting for {what} after {timeout} s")
        time.sleep(interval)


def pg_version():
    versions = sorted((int(p.name) for p in Path("/usr/lib/postgresql").iterdir() if p.name.isdigit()), reverse=True)
    if not versions:
        raise HarnessError("PostgreSQL server binaries are missing (apt-get install postgresql)")
    return str(versions[0])


def sql(host, query, db=DB, timeout=15):
    """One query over the cluster's Unix socket (it works whatever the network namespaces are doing)."""
    port = PG[host][1]
    result = run("psql", "-h", "/var/run/postgresql", "-p", str(port), "-U", "postgres", "-d", db, "-XAtqc", query,
                 timeout=timeout)  # fmt: skip
    return result.stdout.strip()


# --------------------------------------------------------------------------------------------- teardown


def netns_list():
    result = run("ip", "netns", "list", check=False)
    return [line.split()[0] for line in result.stdout.splitlines() if line.split()]


def down():
    """Remove everything a previous up or test made, whatever state it was left in. Idempotent."""
    ours = [name for name in netns_list() if name == SWITCH or name in {ns(h) for h in HOSTS}]
    for name in ours:  # stop what runs inside first, or the namespace outlives its deletion
        pids = run("ip", "netns", "pids", name, check=False).stdout.split()
        for pid in pids:
            if pid != str(os.getpid()):  # this harness, if it is still the client host
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
    if shutil.which("pg_lsclusters"):
        version = pg_version()
        existing = run("pg_lsclusters", "-h", check=False).stdout.split("\n")
        names = {line.split()[1] for line in existing if line.split() and line.split()[0] == version}
        for cluster, _port in PG.values():
            if cluster in names:
                run("pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "stop", "-m", "immediate",
                    check=False, timeout=60)  # fmt: skip
                run("pg_dropcluster", version, cluster, check=False, timeout=60)
    for name in ours:
        run("ip", "netns", "del", name, check=False)
    shutil.rmtree(STATE, ignore_errors=True)
    left = [name for name in netns_list() if name.startswith(f"{NAME}-")]
    if left:
        raise HarnessError(f"namespaces still present: {', '.join(left)}")


# --------------------------------------------------------------------------------------------- topology


def create_network():
    run("ip", "netns", "add", SWITCH)
    run("ip", "-n", SWITCH, "link", "set", "lo", "up")
    run("ip", "-n", SWITCH, "link", "add", "name", "br0", "type", "bridge")
    run("ip", "-n", SWITCH, "link", "set", "br0", "up")
    for host in HOSTS:
        run("ip", "netns", "add", ns(host))
        run("ip", "-n", ns(host), "link", "set", "lo", "up")
        # Both ends are made inside namespaces: the machine's own network never sees an interface.
        run("ip", "-n", SWITCH, "link", "add", "name", host, "type", "veth", "peer", "name", "eth0", "netns", ns(host))
        run("ip", "-n", SWITCH, "link", "set", host, "master", "br0")
        run("ip", "-n", SWITCH, "link", "set", host, "up")
        run("ip", "-n", ns(host), "addr", "add", f"{ip(host)}/24", "dev", "eth0")
        run("ip", "-n", ns(host), "link", "set", "eth0", "up")


def set_link(host, up):
    """Cut (or restore) a host's cable at the switch: its packets vanish, nobody is told."""
    run("ip", "-n", SWITCH, "link", "set", host, "up" if up else "down")


class Services:
    """The long-running processes, started in their namespaces, each logging to LOGS/<name>.log. Their pids
    are kept in STATE/pids, so that a later ``scenarios`` run (after ``up``) finds them too."""

    def __init__(self):
        self.procs = {}

    def start(self, name, host, cmd, env=None, cwd=ROOT):
        logfile = open(LOGS / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
        proc = subprocess.Popen(
            ["ip", "netns", "exec", ns(host), *cmd],
            stdout=logfile,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        logfile.close()
        self.procs[name] = proc
        (STATE / "pids").mkdir(exist_ok=True)
        (STATE / "pids" / name).write_text(str(proc.pid))
        return proc

    def pid(self, name):
        return int((STATE / "pids" / name).read_text())

    def alive(self, name):
        if name in self.procs:
            return self.procs[name].poll() is None
        try:
            return Path(f"/proc/{self.pid(name)}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, ValueError):
            return False

    def signal(self, name, sig):
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid(name), sig)

    def wait_exit(self, name, timeout):
        deadline = time.monotonic() + timeout
        while self.alive(name):
            if time.monotonic() > deadline:
                raise HarnessError(f"{name} did not exit within {timeout} s")
            time.sleep(0.05)
        return self.procs[name].returncode if name in self.procs else None


def kill_tree(root_pid, sig=signal.SIGKILL):
    """Send sig to a process and every descendant at once (a host that dies takes all its processes)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    victims, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        victims.append(pid)
        todo.extend(children.get(pid, []))
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    return victims


# --------------------------------------------------------------------------------------------- PostgreSQL

PG_SETTINGS = """\
listen_addresses = '{address}'
max_connections = 200
shared_buffers = 64MB
# A test cluster on a shared disk: a killed *process* loses nothing with fsync off (the kernel keeps the
# writes), and a scenario never crashes the machine itself.
fsync = off
wal_keep_size = 256MB
max_wal_senders = 5
hot_standby = on
hot_standby_feedback = on
wal_sender_timeout = 5s
wal_receiver_timeout = 5s
wal_receiver_status_interval = 1s
wal_retrieve_retry_interval = 1s
tcp_keepalives_idle = 2
tcp_keepalives_interval = 1
tcp_keepalives_count = 3
# Every statement is logged: which server ran each visitor's search is read back from here.
log_statement = 'all'
log_line_prefix = '%m [%p] %h '
"""
HBA = f"""\
local all all trust
local replication all trust
host all all {SUBNET}.0/24 trust
host replication all {SUBNET}.0/24 trust
"""


def pg_paths(host):
    version, cluster = pg_version(), PG[host][0]
    return (
        Path(f"/etc/postgresql/{version}/{cluster}"),
        Path(f"/var/lib/postgresql/{version}/{cluster}"),
        Path(f"/var/log/postgresql/postgresql-{version}-{cluster}.log"),
    )


def pg_create(host):
    version, (cluster, port) = pg_version(), PG[host]
    run("pg_createcluster", version, cluster, "-p", str(port), "--start-conf", "manual")
    conf, _data, _log = pg_paths(host)
    (conf / "conf.d").mkdir(exist_ok=True)
    (conf / "conf.d" / "cluster.conf").write_text(PG_SETTINGS.format(address=ip(host)))
    (conf / "pg_hba.conf").write_text(HBA)


def pg_start(host):
    """pg_ctlcluster inside the host's namespace (the postmaster listens there), never through systemd."""
    run("pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), PG[host][0], "start", netns=host, timeout=120)


def pg_postmaster(host):
    _conf, data, _log = pg_paths(host)
    return int((data / "postmaster.pid").read_text().split()[0])


def pg_kill(host):
    """The database host dies: SIGKILL to the postmaster and every backend at once."""
    kill_tree(pg_postmaster(host))


def create_replica():
    version, (cluster, port) = pg_version(), PG["pg2"]
    pg_create("pg2")
    _conf, data, _log = pg_paths("pg2")
    for child in data.iterdir():  # pg_basebackup fills the empty directory pg_createcluster made
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    primary = f"host={ip('pg1')} port={PG['pg1'][1]} user=postgres application_name={cluster}"
    run("runuser", "-u", "postgres", "--", "pg_basebackup", "-d", primary, "-D", str(data), "-R", "-X", "stream",
        "-c", "fast", netns="pg2", timeout=300)  # fmt: skip
    pg_start("pg2")
    _ = version, port


def primary_host():
    """Which host is the primary now (the replica after T7's promotion)."""
    for host in ("pg1", "pg2"):
        with contextlib.suppress(HarnessError):
            if sql(host, "select pg_is_in_recovery()", timeout=5) == "f":
                return host
    raise HarnessError("no primary answers")


def wait_replica_caught_up(timeout=60):
    def caught_up():
        lsn = sql("pg1", "select pg_current_wal_lsn()")
        return sql("pg2", f"select coalesce(pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn, false)") == "t"

    wait_for("the replica to replay everything the primary wrote", caught_up, timeout, interval=0.5)


def set_apply_delay(delay):
    conf, _data, _log = pg_paths("pg2")
    path = conf / "conf.d" / "zz-delay.conf"
    if delay:
        path.write_text(f"recovery_min_apply_delay = '{delay}'\n")
    else:
        path.unlink(missing_ok=True)
    sql("pg2", "select pg_reload_conf()")
    expected = delay or "0"
    wait_for(f"recovery_min_apply_delay = {expected}", lambda: sql("pg2", "show recovery_min_apply_delay") == expected,
             10)  # fmt: skip


class PgLog:
    """Which server ran each tokened search: every statement is logged, tokens are read back from the logs."""

    def __init__(self):
        self.offsets = {host: self.size(host) for host in PG}

    @staticmethod
    def size(host):
        try:
            return pg_paths(host)[2].stat().st_size
        except OSError:
            return 0

    def tokens(self):
        found = {}
        for host in PG:
            with open(pg_paths(host)[2], "rb") as f:
                f.seek(self.offsets[host])
                text = f.read().decode("utf-8", "replace")
            found[host] = {int(n) for n in TOKEN.findall(text)}
        return found


# --------------------------------------------------------------------------------------------- the site


def git_release():
    result = run("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD", check=False)
    return f"cluster-{result.stdout.strip() or 'tree'}"


def project_text(*paths):
    return "".join((ROOT / p).read_text() for p in paths if (ROOT / p).exists())


def app_env():
    """The settings every app server and the worker share (no state on any server's disk)."""
    secret = STATE / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
    primary = f"postgres://postgres@{ip('pg1')}:{PG['pg1'][1]}/{DB}"
    replica = f"postgres://postgres@{ip('pg2')}:{PG['pg2'][1]}/{DB}"
    env = {
        "PATH": f"{ROOT / '.venv' / 'bin'}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(STATE),
        "DJANGO_CLUSTER": "1",  # several identical app servers: nothing kept on one server's disk
        "DJANGO_SECRET_KEY": secret.read_text(),
        "DJANGO_ALLOWED_HOSTS": SITE,
        "DJANGO_SITE_URL": f"https://{SITE}",
        "DJANGO_RELEASE": git_release(),
        "DATABASE_URL": primary,
        "REDIS_URL": f"redis://{ip('redis')}:{REDIS_PORT}/0",
        "CDN_PURGE_URLS": f"http://{ip('cdn')}:{CDN_PORT}/",
        "DJANGO_CONN_MAX_AGE": "60",
        "WEB_CONCURRENCY": str(APP_WORKERS),
        "WEB_THREADS": str(APP_THREADS),
        # Every visitor of the load generator comes from one address: the per-visitor limits would refuse
        # it after five reviews. The limits themselves are tested by the suite.
        "REVIEW_SUBMISSIONS_PER_HOUR": "1000000",
        "PUBLIC_POSTS_PER_HOUR": "1000000",
        "API_RATE_LIMIT": "100000/min",
        "EMAIL_URL": f"file://{STATE / 'mail'}",
        "TASK_RETRY_DELAY_SECONDS": "3",  # a purge that failed is tried again soon (T9)
        "TASK_WORKER_HEARTBEAT_SECONDS": "2",
        "TASK_WORKER_STALE_SECONDS": "10",
    }
    if "DATABASE_REPLICA_URL" in project_text("eczemafeed/settings.py"):
        # Primary: whichever of the two accepts writes (T7 promotes the replica). Replica: whichever is a standby,
        # and only a standby: when none answers, the app reads the primary's own connection (replicas.middleware)
        # and tries again a few seconds later. prefer-standby would retry each unreachable host in a second pass
        # before settling on the primary, which cost every new connection two connect timeouts while the
        # replica's network was cut (T6: 12.2 s).
        env["DATABASE_URL"] = (
            f"postgres://postgres@{ip('pg1')}:{PG['pg1'][1]},{ip('pg2')}:{PG['pg2'][1]}/{DB}"
            "?target_session_attrs=read-write"
        )
        env["DATABASE_REPLICA_URL"] = (
            f"postgres://postgres@{ip('pg2')}:{PG['pg2'][1]},{ip('pg1')}:{PG['pg1'][1]}/{DB}"
            "?target_session_attrs=standby"
        )
    _ = replica
    return env


def manage(*args, host="worker", extra=None, timeout=600):
    env = {**app_env(), **(extra or {})}
    return run(str(ROOT / ".venv/bin/python"), "manage.py", *args, env=env, netns=host, cwd=ROOT, timeout=timeout)


class Actions:
    """cluster/actions.py serving on the worker's host: the site's own services, a line of JSON each way."""

    def __init__(self):
        self.proc = None
        self.lock = threading.Lock()

    def start(self):
        env = {**app_env(), "DJANGO_CONN_MAX_AGE": "0"}
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", ns("worker"), str(ROOT / ".venv/bin/python"), "cluster/actions.py", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(LOGS / "actions.log", "ab"),  # noqa: SIM115 - the child keeps it
            env=env,
            cwd=ROOT,
            text=True,
        )

    def __call__(self, *args, timeout=60):
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            self.proc.stdin.write(json.dumps([str(a) for a in args]) + "\n")
            self.proc.stdin.flush()
            ready = select.select([self.proc.stdout], [], [], timeout)[0]
            if not ready:
                self.proc.kill()
                raise HarnessError(f"action {args[0]} took longer than {timeout} s")
            answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise HarnessError(f"action {args[0]}: {answer['error']}")
        return answer

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
            self.proc.kill()


action = Actions()


def health_path():
    """/healthz (answered before Django, touching no database) where the site has it; robots.txt otherwise."""
    return "/healthz" if "healthz" in project_text("eczemafeed/health.py", "eczemafeed/urls.py") else "/robots.txt"


def haproxy_config():
    maxconn = APP_WORKERS * APP_THREADS
    servers = "\n".join(f"    server {h} {ip(h)}:{APP_PORT}" for h in ("app1", "app2"))
    return f"""\
global
    stats socket {STATE / "haproxy.sock"} mode 600 level admin
    maxconn 4000

defaults
    mode http
    log stdout format raw local0 info
    option httplog
    timeout connect 2s
    timeout client 30s
    timeout server {SERVER_TIMEOUT}s
    timeout queue 15s
    timeout http-request 10s
    timeout check 2s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout 502 503 504

frontend web
    bind {ip("lb")}:{LB_PORT}
    # The TLS terminator's job in production: say the visitor came over HTTPS (overwriting anything sent).
    http-request set-header X-Forwarded-Proto https
    # Only a connection that never reached a server may be retried for a POST: a POST's answer that went
    # missing may have been stored.
    http-request disable-l7-retry if !METH_GET
    default_backend app

backend app
    balance roundrobin
    # One server connection per request: a POST is never written onto an idle connection to a server that
    # has just vanished (where no retry would be safe).
    http-reuse never
    option httpchk
    http-check send meth GET uri {health_path()} ver HTTP/1.1 hdr Host {SITE} hdr X-Forwarded-Proto https
    http-check expect status 200
    default-server check inter 1s fall 3 rise 2 observe layer4 maxconn {maxconn}
    http-response set-header X-Served-By %[srv_name]
{servers}
"""


def haproxy_command(cmd):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(str(STATE / "haproxy.sock"))
        s.sendall(cmd.encode() + b"\n")
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def haproxy_servers():
    lines = haproxy_command("show stat").splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {row["svname"]: row for row in rows if row["pxname"] == "app" and row["svname"] in ("app1", "app2")}


def wait_server_state(host, status, timeout=60):
    wait_for(f"haproxy to see {host} {status}", lambda: haproxy_servers()[host]["status"].startswith(status), timeout)


def start_app(services, host):
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "eczemafeed.wsgi", "--config", "eczemafeed/gunicorn.conf.py",
           "--bind", f"{ip(host)}:{APP_PORT}", "--workers", str(APP_WORKERS)]  # fmt: skip
    services.start(host, host, cmd, env=app_env())


def start_worker(services):
    cmd = [str(ROOT / ".venv/bin/python"), "manage.py", "db_worker", "--no-reload"]
    services.start("worker", "worker", cmd, env=app_env())


def start_varnish(services):
    workdir = STATE / "varnish"
    workdir.mkdir(exist_ok=True)
    vcl = (ROOT / "cluster" / "varnish.vcl").read_text().replace("@LB_HOST@", ip("lb")).replace("@SUBNET@", SUBNET)
    (STATE / "varnish.vcl").write_text(vcl)
    cmd = ["varnishd", "-F", "-n", str(workdir), "-a", f"{ip('cdn')}:{CDN_PORT}", "-f", str(STATE / "varnish.vcl"),
           "-s", "malloc,128m", "-T", "127.0.0.1:6082", "-p", "default_grace=0"]  # fmt: skip
    services.start("varnish", "cdn", cmd)


def up():
    """Build the whole topology and start every service; returns the running services."""
    if os.geteuid() != 0:
        raise HarnessError("the cluster needs root (network namespaces, PostgreSQL clusters)")
    for tool in ("haproxy", "varnishd", "redis-server", "pg_createcluster", "pg_basebackup", "ip"):
        if not shutil.which(tool):
            raise HarnessError(f"{tool} is missing: apt-get install haproxy varnish varnish-modules redis-server "
                               "postgresql iproute2")  # fmt: skip
    if not list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")):
        raise HarnessError("Varnish's xkey module is missing: apt-get install varnish-modules")
    started = time.monotonic()
    down()
    STATE.mkdir(parents=True)
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    (STATE / "mail").mkdir()
    create_network()
    services = Services()
    log(f"network: {len(HOSTS)} hosts on {SUBNET}.0/24 ({time.monotonic() - started:.1f} s)")

    services.start("redis", "redis", ["redis-server", "--bind", ip("redis"), "--port", str(REDIS_PORT),
                                      "--protected-mode", "no", "--save", "", "--appendonly", "no",
                                      "--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru"])  # fmt: skip
    pg_create("pg1")
    pg_start("pg1")
    sql("pg1", f"create database {DB}", db="postgres")
    log(f"PostgreSQL primary up ({time.monotonic() - started:.1f} s)")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        # The replica is copied from the empty primary and follows the migrations as they stream; static
        # files are collected meanwhile.
        replica = pool.submit(create_replica)
        static = pool.submit(
            run,
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "collectstatic",
            "--noinput",
            "-v0",
            env=app_env(),
            cwd=ROOT,
        )
        manage("migrate", "--noinput", "-v0", extra={"DJANGO_DB_STATEMENT_TIMEOUT_MS": "0"})
        log(f"migrated ({time.monotonic() - started:.1f} s)")
        manage("load_demo_content", "-v0")
        manage("create_local_accounts", "-v0", extra={"DJANGO_DEBUG": "1"})
        log(f"demo content loaded ({time.monotonic() - started:.1f} s)")
        replica.result()
        static.result()
    wait_replica_caught_up()
    log(f"streaming replica caught up ({time.monotonic() - started:.1f} s)")
    for host in ("app1", "app2"):
        start_app(services, host)
    start_worker(services)
    (STATE / "haproxy.cfg").write_text(haproxy_config())
    run("haproxy", "-c", "-q", "-f", str(STATE / "haproxy.cfg"))
    services.start("haproxy", "lb", ["haproxy", "-W", "-db", "-f", str(STATE / "haproxy.cfg")])
    start_varnish(services)
    wait_for("haproxy's admin socket", lambda: (STATE / "haproxy.sock").exists(), 20)
    for host in ("app1", "app2"):
        wait_server_state(host, "UP", timeout=120)
    log(f"app servers, worker, haproxy and Varnish up ({time.monotonic() - started:.1f} s)")
    return services


# --------------------------------------------------------------------------------------------- load

FORM_FIELD = re.compile(r'<input[^>]*name="(?P<name>[^"]+)"[^>]*>', re.S)
SELECT = re.compile(r'<select[^>]*name="(?P<name>[^"]+)"[^>]*>(?P<body>.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]+)"')
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


@dataclasses.dataclass
class Record:
    kind: str  # get, search, form, post, thanks, vote, probe
    method: str
    path: str
    start: float
    end: float = 0.0
    status: int = 0
    error: str = ""
    server: str = ""
    retry_after: str = ""
    token: int | None = None
    location: str = ""
    read_db: str = ""  # the site's X-Read-Database: which alias served the request's reads

    @property
    def latency(self):
        return self.end - self.start

    @property
    def ok(self):
        if self.error:
            return False
        if self.method == "POST":
            return self.status in (302, 303)
        return self.status == 200


def request(method, path, *, host=None, port=LB_PORT, cookies=None, body=None, headers=None, timeout=REQUEST_TIMEOUT):
    """One request on a connection of its own. Returns (record, body text, response headers, set cookies)."""
    host = host or ip("lb")
    record = Record(kind="", method=method, path=path, start=time.monotonic())
    text, response_headers, set_cookies = "", {}, {}
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        sent = {"Host": SITE, "Connection": "close", "User-Agent": "eczemafeed-cluster-test", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{SITE}"
            sent["Referer"] = f"https://{SITE}{path}"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        record.status = response.status
        response_headers = {k.lower(): v for k, v in response.getheaders()}
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                set_cookies[name.strip()] = rest.split(";", 1)[0]
        record.server = response_headers.get("x-served-by", "")
        record.retry_after = response_headers.get("retry-after", "")
        record.location = response_headers.get("location", "")
        record.read_db = response_headers.get("x-read-database", "")
    except (OSError, http.client.HTTPException) as error:
        record.error = f"{type(error).__name__}: {error}"[:200]
    finally:
        conn.close()
        record.end = time.monotonic()
    return record, text, response_headers, set_cookies


def form_fields(html):
    """A valid review: the form's own hidden fields and the first choice of each required one."""
    fields = {}
    for match in FORM_FIELD.finditer(html):
        attrs = dict(ATTR.findall(match.group(0)))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if kind == "hidden" or (kind == "radio" and name not in fields):  # a radio group: its first choice
            fields[name] = attrs.get("value", "")
    for match in SELECT.finditer(html):
        values = OPTION_VALUE.findall(match.group("body"))
        if values and match.group("name") not in ("sex", "dose_unit", "dose_frequency"):
            fields[match.group("name")] = values[0]
    return fields


class Load:
    """A few client threads without think time, every request recorded. One in POST_EVERY requests is a
    review by a new visitor (form GET with its CSRF cookie and signed timestamp, POST of a unique story at
    least REVIEW_MIN_SECONDS later, then the thanks page); the rest are anonymous GETs without cookies, a
    third of them searches for a unique word (so each is a database read, attributable from the logs)."""

    counter = 0
    lock = threading.Lock()

    def __init__(self, catalogue, threads=CLIENT_THREADS, target=None, posts=True):
        self.catalogue = catalogue
        self.records = []
        self.stop = threading.Event()
        self.posting = threading.Event()  # cleared: no new POST starts
        self.posting.set()
        self.posts_in_flight = 0
        self.target = target or (ip("lb"), LB_PORT)
        self.posts = posts
        self.threads = [threading.Thread(target=self.client, args=(i,), daemon=True) for i in range(threads)]
        pages = ["/", "/drugs/", "/conditions/", "/articles/"]
        for t in catalogue["treatments"]:
            pages += [t["url"], t["reviews_url"]]
        pages += catalogue["drugs"] + [a["url"] for a in catalogue["articles"]]
        self.pages = pages

    @classmethod
    def next_token(cls):
        with cls.lock:
            cls.counter += 1
            return int(f"{os.getpid() % 1000}{cls.counter:06d}")

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(REQUEST_TIMEOUT + 5)

    def hold_posts(self, timeout=15):
        """No new POST starts; wait until none is in flight."""
        self.posting.clear()
        wait_for("POSTs in flight to finish", lambda: self.posts_in_flight == 0, timeout, interval=0.02)

    def release_posts(self):
        self.posting.set()

    def add(self, record, kind, token=None):
        record.kind, record.token = kind, token
        self.records.append(record)
        return record

    def client(self, index):
        rng = random.Random(index * 7919 + int(time.time()))
        host, port = self.target
        pending = None  # (form page, fields, cookies, fetched at)
        n = posts = 0
        min_seconds = 3.2
        while not self.stop.wait(THINK_SECONDS):
            n += 1
            # One request in POST_EVERY is a POST: fetch a form when one will be due, post it once it is due
            # and old enough.
            if self.posts and pending is None and (posts + 1) * POST_EVERY <= n + POST_EVERY // 2:
                treatment = rng.choice(self.catalogue["treatments"])
                record, html, _h, cookies = request("GET", treatment["form_url"], host=host, port=port)
                self.add(record, "form")
                if record.ok:
                    pending = (treatment, form_fields(html), cookies, time.monotonic())
                continue
            if (
                pending
                and posts * POST_EVERY < n
                and time.monotonic() - pending[3] >= min_seconds
                and self.posting.is_set()
            ):
                posts += 1
                treatment, fields, cookies, _at = pending
                pending = None
                token = self.next_token()
                fields.update(
                    title=f"Cluster visitor zq{token}k",
                    display_name="Cluster visitor",
                    story=(
                        f"Story zq{token}k. I used this treatment for several weeks as my dermatologist advised. "
                        "The itching eased after the second week and my skin felt less tight in the mornings."
                    ),
                    agree_to_guidelines="on",
                    website="",
                )
                with self.lock:
                    self.posts_in_flight += 1
                try:
                    record, _html, _h, more = request(
                        "POST", treatment["form_url"], host=host, port=port, cookies=cookies,
                        body=urllib.parse.urlencode(fields),
                    )  # fmt: skip
                finally:
                    with self.lock:
                        self.posts_in_flight -= 1
                self.add(record, "post", token)
                if record.ok and record.location:
                    cookies = {**cookies, **more}
                    record, _html, _h, _c = request(
                        "GET", urllib.parse.urlsplit(record.location).path, host=host, port=port, cookies=cookies
                    )
                    self.add(record, "thanks")
                continue
            if n % 3 == 0:
                token = self.next_token()
                word = rng.choice(["cream", "itch", "eczema", "isotretinoin", "dupilumab", "flare"])
                record, _html, _h, _c = request("GET", f"/search/?q={word}+zq{token}k", host=host, port=port)
                self.add(record, "search", token)
            else:
                record, _html, _h, _c = request("GET", rng.choice(self.pages), host=host, port=port)
                self.add(record, "get")


# --------------------------------------------------------------------------------------------- measuring


@dataclasses.dataclass
class Outcome:
    name: str
    title: str
    holds: bool
    summary: str
    details: list = dataclasses.field(default_factory=list)
    numbers: dict = dataclasses.field(default_factory=dict)


def stored_tokens(tokens):
    if not tokens:
        return set()
    host = primary_host()
    values = ",".join(f"'Story zq{t}k%'" for t in tokens)
    rows = sql(
        host, f"select substring(story from 'zq([0-9]+)k') from reviews_review where story like any (array[{values}])"
    )
    return {int(row) for row in rows.split() if row}


def traffic_numbers(records, pglog=None, since=None):
    """requests, failures, latency and, for the tokened searches, which server ran them."""
    chosen = [r for r in records if since is None or r.start >= since]
    gets = [r for r in chosen if r.method == "GET"]
    posts = [r for r in chosen if r.method == "POST"]
    failed = [r for r in chosen if not r.ok]
    numbers = {
        "requests": len(chosen),
        "gets": len(gets),
        "posts": len(posts),
        "acknowledged": sum(r.ok for r in posts),
        "failed": len(failed),
        "latency_max": max((r.latency for r in chosen), default=0.0),
        "latency_p50": sorted(r.latency for r in chosen)[len(chosen) // 2] if chosen else 0.0,
    }
    return numbers, failed


def replica_share(records, tokens_by_host, since=None, until=None):
    searches = [
        r.token
        for r in records
        if r.kind == "search" and r.ok and (since is None or r.start >= since) and (until is None or r.start <= until)
    ]
    on_replica = [t for t in searches if t in tokens_by_host["pg2"] and t not in tokens_by_host["pg1"]]
    on_primary = [t for t in searches if t in tokens_by_host["pg1"]]
    seen = len(on_replica) + len(on_primary)
    return (len(on_replica) / seen if seen else 0.0), len(on_replica), seen


def header_share(records, since=None, until=None):
    """Of the anonymous GETs that read a database, the share the site says its replica alias served."""
    reads = [
        r.read_db
        for r in records
        if r.kind in ("get", "search", "form") and r.ok and r.read_db
        and (since is None or r.start >= since) and (until is None or r.start <= until)
    ]  # fmt: skip
    return (reads.count("replica") / len(reads) if reads else 0.0), reads.count("replica"), len(reads)


def describe(numbers, share=None):
    text = (
        f"{numbers['requests']} requests ({numbers['gets']} GET, {numbers['posts']} POST), "
        f"{numbers['failed']} failed, latency max {numbers['latency_max']:.2f} s (median {numbers['latency_p50']:.2f})"
    )
    if share is not None:
        text += f", replica share {share[0]:.0%} of {share[2]} searches (PostgreSQL's logs)"
    if numbers.get("header_reads"):
        text += f", {numbers['header_share']:.0%} of {numbers['header_reads']} GETs say X-Read-Database: replica"
    return text


def failure_lines(failed, limit=6):
    lines = [
        f"{r.method} {r.path} -> {r.status or '-'} {r.error} ({r.latency:.2f} s, {r.server or 'no server'})"
        for r in failed[:limit]
    ]
    if len(failed) > limit:
        lines.append(f"... and {len(failed) - limit} more")
    return lines


def check_reviews(records):
    """Every acknowledged review is stored; returns (acknowledged, stored of all posted, missing)."""
    posted = {r.token for r in records if r.kind == "post"}
    acknowledged = {r.token for r in records if r.kind == "post" and r.ok}
    stored = stored_tokens(posted)
    return acknowledged, stored, acknowledged - stored


# --------------------------------------------------------------------------------------------- scenarios


def is_purge(task):
    return "purge" in task["task"].lower() or "cdn" in task["task"].lower()


class Cluster:
    def __init__(self, services):
        self.services = services
        self.catalogue = action("catalogue")
        # T8 takes this article back to medical review before publishing it again: the load leaves it alone.
        self.publish_article = self.catalogue["articles"].pop()

    def load(self, **kwargs):
        return Load(self.catalogue, **kwargs)

    def restart_app(self, host, wait=True):
        """Start the server again (as a supervisor would) and put it back in haproxy's rotation."""
        if self.services.alive(host):
            kill_tree(self.services.pid(host))
            self.services.wait_exit(host, 20)
        start_app(self.services, host)
        haproxy_command(f"set server app/{host} state ready")
        if wait:
            wait_server_state(host, "UP", timeout=120)

    def t1(self):
        pglog = PgLog()
        with self.load() as load:
            time.sleep(20)
        time.sleep(1.5)
        numbers, failed = traffic_numbers(load.records)
        share = replica_share(load.records, pglog.tokens())
        by_header = header_share(load.records)
        acknowledged, stored, missing = check_reviews(load.records)
        numbers.update(
            replica_share=share[0],
            searches=share[2],
            header_share=by_header[0],
            header_reads=by_header[2],
            stored=len(stored),
        )
        # The searches are attributed by the server that ran them; the header covers every anonymous GET.
        header_ok = by_header[2] == 0 or by_header[0] >= 0.9
        holds = not failed and share[0] >= 0.9 and header_ok and stored == acknowledged
        summary = f"{describe(numbers, share)}, reviews stored {len(stored)} / acknowledged {len(acknowledged)}"
        details = failure_lines(failed)
        if stored != acknowledged:
            details.append(
                f"stored but not acknowledged: {sorted(stored - acknowledged)[:5]}; missing: {sorted(missing)[:5]}"
            )
        return Outcome("T1", "baseline", holds, summary, details, numbers)

    def t2(self):
        with self.load() as load:
            time.sleep(4)
            haproxy_command("set server app/app1 state drain")
            drained_at = time.monotonic()
            wait_for("app1's requests to finish", lambda: haproxy_servers()["app1"]["scur"] == "0", 20, interval=0.05)
            self.services.signal("app1", signal.SIGTERM)
            exit_code = self.services.wait_exit("app1", 45)
            stopped = time.monotonic()
            self.restart_app("app1", wait=False)  # a rolling restart: the new code's server comes up under load
            time.sleep(6)
        numbers, failed = traffic_numbers(load.records)
        late = [r for r in load.records if r.server == "app1" and drained_at + 0.05 < r.start < stopped]
        numbers.update(drain_seconds=stopped - drained_at)
        holds = not failed and not late
        summary = (
            f"{describe(numbers)}; app1 drained and stopped in {stopped - drained_at:.1f} s (exit {exit_code}), "
            f"{len(late)} requests sent to it after the drain; started again under load"
        )
        wait_server_state("app1", "UP", timeout=120)
        return Outcome("T2", "drain, then SIGTERM", holds, summary, failure_lines(failed), numbers)

    def t3(self):
        limit = APP_WORKERS * APP_THREADS
        with self.load() as load:
            time.sleep(4)
            kill_tree(self.services.pid("app2"))
            killed = time.monotonic()
            time.sleep(4)
            self.restart_app("app2", wait=False)  # as its supervisor would
            time.sleep(5)
        numbers, failed = traffic_numbers(load.records)
        acknowledged, stored, missing = check_reviews(load.records)
        numbers.update(missing=len(missing))
        holds = len(failed) <= limit and not missing
        summary = (
            f"{describe(numbers)} (at most {limit} allowed: the requests app2 had in hand), "
            f"acknowledged reviews missing {len(missing)} of {len(acknowledged)}"
        )
        _ = killed
        wait_server_state("app2", "UP", timeout=120)
        return Outcome("T3", "SIGKILL an app server", holds, summary, failure_lines(failed), numbers)

    def t4(self):
        with self.load() as load:
            time.sleep(4)
            load.hold_posts()
            set_link("app1", up=False)
            cut = time.monotonic()
            load.release_posts()
            wait_server_state("app1", "DOWN", timeout=30)
            detected = time.monotonic() - cut
            time.sleep(4)
        set_link("app1", up=True)
        numbers, failed = traffic_numbers(load.records)
        numbers.update(detected_seconds=detected)
        bound = SERVER_TIMEOUT + 1
        holds = not failed and numbers["latency_max"] <= bound
        summary = f"{describe(numbers)} (bound {bound} s); haproxy marked app1 down {detected:.1f} s after the cut"
        slowest = sorted(load.records, key=lambda r: r.latency)[-3:]
        failed = failed + [r for r in slowest if r.latency > bound]
        wait_server_state("app1", "UP", timeout=60)
        return Outcome("T4", "an app server's link goes down", holds, summary, failure_lines(failed), numbers)

    def reads_return(self, load, pglog, since, timeout=25):
        """Seconds after `since` until a 3 s window of searches ran ≥ 90% on the replica (None: never)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(3)
            now = time.monotonic()
            time.sleep(1)  # the statements' log lines
            share, _n, seen = replica_share(load.records, pglog.tokens(), since=now - 3, until=now)
            if seen >= 3 and share >= 0.9:
                return now - since
        return None

    def t5(self):
        pglog = PgLog()
        with self.load() as load:
            time.sleep(5)
            before = time.monotonic()
            pg_kill("pg2")
            killed = time.monotonic()
            time.sleep(8)
            pg_start("pg2")
            restarted = time.monotonic()
            back = self.reads_return(load, pglog, restarted)
        time.sleep(1)
        tokens = pglog.tokens()
        numbers, failed = traffic_numbers(load.records)
        share_before = replica_share(load.records, tokens, until=before)
        share_down = replica_share(load.records, tokens, since=killed + 0.5, until=restarted)
        numbers.update(share_before=share_before[0], share_down=share_down[0], back_seconds=back)
        # Before: only that the replica was carrying reads (else there is nothing to move); the share itself is T1's.
        holds = not failed and share_before[0] >= 0.5 and back is not None
        summary = (
            f"{describe(numbers)}; replica share {share_before[0]:.0%} before, {share_down[0]:.0%} while down, "
            + (f"≥ 90% again {back:.1f} s after the restart" if back is not None else "never back on the replica")
        )
        wait_replica_caught_up()
        return Outcome("T5", "the replica is killed", holds, summary, failure_lines(failed), numbers)

    def t6(self):
        pglog = PgLog()
        with self.load() as load:
            time.sleep(5)
            before = time.monotonic()
            set_link("pg2", up=False)
            cut = time.monotonic()
            time.sleep(12)
            set_link("pg2", up=True)
            restored = time.monotonic()
            back = self.reads_return(load, pglog, restored)
        time.sleep(1)
        tokens = pglog.tokens()
        numbers, failed = traffic_numbers(load.records)
        during = [r for r in load.records if cut <= r.start <= restored]
        share_before = replica_share(load.records, tokens, until=before)
        numbers.update(
            share_before=share_before[0],
            back_seconds=back,
            latency_max_during=max((r.latency for r in during), default=0.0),
        )
        holds = not failed and numbers["latency_max"] <= 8 and share_before[0] >= 0.5 and back is not None
        summary = f"{describe(numbers)} (bound 8 s); replica share {share_before[0]:.0%} before the cut, " + (
            f"back on the replica {back:.1f} s after the link returned" if back is not None else "never back"
        )
        wait_replica_caught_up(timeout=90)
        slow = [r for r in sorted(load.records, key=lambda r: r.latency)[-3:] if r.latency > 8]
        return Outcome("T6", "the replica's network is cut", holds, summary, failure_lines(failed + slow), numbers)

    def submit_review(self, treatment):
        """A visitor's review through the form; returns its token, title and id once stored."""
        record, html, _h, cookies = request("GET", treatment["form_url"])
        if not record.ok:
            raise HarnessError(f"review form: {record.status} {record.error}")
        fields = form_fields(html)
        token = Load.next_token()
        title = f"Cluster review zq{token}k"
        fields.update(
            title=title,
            display_name="Cluster tester",
            story=(
                f"Story zq{token}k. Written by the cluster test to be approved: the cream calmed the itch within "
                "days, the redness faded over a fortnight and nothing else changed in my routine."
            ),
            agree_to_guidelines="on",
            website="",
        )
        time.sleep(3.2)  # REVIEW_MIN_SECONDS: a person takes longer than that to write
        record, _html, _h, _c = request(
            "POST", treatment["form_url"], cookies=cookies, body=urllib.parse.urlencode(fields)
        )
        if not record.ok:
            raise HarnessError(f"review POST: {record.status} {record.error}")
        host = primary_host()
        review_id = wait_for(
            "the review to be stored",
            lambda: sql(host, f"select id from reviews_review where story like 'Story zq{token}k%'"),
            10,
        )
        return {"token": token, "title": title, "id": int(review_id)}

    def watch(self, paths, expect, seconds=5.0, cookies=None, host=None, port=LB_PORT):
        """GET the paths in turn, every 0.25 s for `seconds`: how many answers showed the change (expect(text))."""
        results = []
        deadline = time.monotonic() + seconds
        paths = [paths] if isinstance(paths, str) else paths
        while time.monotonic() < deadline:
            path = paths[len(results) % len(paths)]
            record, text, _h, _c = request("GET", path, cookies=cookies, host=host, port=port)
            results.append(record.status == 200 and expect(text))
            time.sleep(0.25)
        return sum(results), len(results)

    def t8(self):
        treatments = self.catalogue["treatments"]
        approve_in = treatments[1 % len(treatments)]
        review = self.submit_review(approve_in)
        article = self.publish_article
        action("prepare-publish", article["slug"])
        voted = review  # once approved, the visitor marks it helpful on the list that shows it (newest first)
        listing = approve_in["reviews_url"]
        wait_replica_caught_up()
        set_apply_delay("2s")
        checks = {}
        try:
            with self.load(threads=2) as load:
                for path in (approve_in["url"], approve_in["reviews_url"], article["url"]):
                    request("GET", path)  # what a visitor saw before: cached wherever the site caches
                action("approve", str(review["id"]))
                checks["approval (treatment page, review list)"] = self.watch(
                    [approve_in["url"], approve_in["reviews_url"]], lambda text: review["title"] in text
                )
                title = action("publish", article["slug"])["title"]
                checks["publish, article"] = self.watch(article["url"], lambda text: title in text)

                record, html, _h, cookies = request("GET", listing)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
                before = action("vote-count", str(voted["id"]))["helpful"]
                body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1) if token else "", "next": listing})
                record, _html, _h, more = request(
                    "POST", f"/reviews/{voted['id']}/helpful/", cookies=cookies, body=body
                )
                cookies = {**cookies, **more}
                if record.location:  # the redirect back, which shows the message
                    record2, _t, _h, more = request("GET", urllib.parse.urlsplit(record.location).path, cookies=cookies)
                    cookies = {**cookies, **more}
                shown = re.compile(rf"/reviews/{voted['id']}/helpful/.*?\({before + 1}\)</button>", re.S)
                checks["own vote, review list"] = self.watch(
                    listing, lambda text: bool(shown.search(text)), cookies=cookies
                )
                vote_ok = record.ok
        finally:
            set_apply_delay(None)
        numbers, failed = traffic_numbers(load.records)
        numbers.update({f"shown: {k}": f"{a}/{b}" for k, (a, b) in checks.items()})
        holds = not failed and vote_ok and all(a == b and b > 0 for a, b in checks.values())
        summary = "; ".join(f"{k} {a}/{b} GETs" for k, (a, b) in checks.items()) + f"; background {describe(numbers)}"
        wait_replica_caught_up()
        details = failure_lines(failed) + ([] if vote_ok else [f"the helpful vote was answered {record.status}"])
        return Outcome("T8", "replica 2 s behind: changes show at once", holds, summary, details, numbers)

    def t9(self):
        cdn = (ip("cdn"), CDN_PORT)
        treatments = self.catalogue["treatments"]
        x = treatments[0]
        y = next((t for t in treatments if t["drug"] != x["drug"] and t["condition"] != x["condition"]), treatments[-1])
        first, second = self.submit_review(x), self.submit_review(x)
        wait_replica_caught_up()

        def fetch(path):
            record, text, headers, _c = request("GET", path, host=cdn[0], port=cdn[1])
            return record, text, headers

        def cached(path):
            for _ in range(3):
                record, _text, headers = fetch(path)
                if record.ok and headers.get("x-cache") == "HIT":
                    return headers
                time.sleep(0.3)
            return None

        x_hit, y_hit = cached(x["url"]), cached(y["url"])
        details = []
        if not (x_hit and y_hit):
            _r, _t, headers = fetch(x["url"])
            summary = f"Varnish does not cache the treatment page (Cache-Control: {headers.get('cache-control', '-')})"
            return Outcome("T9", "CDN purges", False, summary, details, {})
        y_age = int(y_hit.get("age", "0"))

        action("approve", str(first["id"]))
        approved = time.monotonic()
        fresh_after = None
        while time.monotonic() - approved < 8:
            _r, text, _h = fetch(x["url"])
            if first["title"] in text:
                fresh_after = time.monotonic() - approved
                break
            time.sleep(0.2)
        _r, _t, y_headers = fetch(y["url"])
        y_kept = y_headers.get("x-cache") == "HIT" and int(y_headers.get("age", "0")) >= y_age

        # Varnish unreachable when the second approval's purge is sent: its cache (with the page as it was)
        # survives; the purge task fails, is retried and, once Varnish is back, lands.
        cached(x["url"])
        set_link("cdn", up=False)
        since = dt.datetime.now(dt.UTC).isoformat()
        action("approve", str(second["id"]))
        failed_attempt = None
        with contextlib.suppress(HarnessError):
            failed_attempt = wait_for(
                "a purge to fail while Varnish is unreachable",
                lambda: [t for t in action("tasks", since)["tasks"] if is_purge(t) and t["last_error"]],
                25,
                interval=1,
            )
        set_link("cdn", up=True)
        restored = time.monotonic()
        stale_seen = False
        landed_after = None
        while time.monotonic() - restored < 60:
            _r, text, headers = fetch(x["url"])
            if second["title"] in text:
                landed_after = time.monotonic() - restored
                break
            stale_seen = stale_seen or headers.get("x-cache") == "HIT"
            time.sleep(0.5)
        purges = [t for t in action("tasks", since)["tasks"] if is_purge(t)]
        numbers = {
            "fresh_after": fresh_after,
            "other_page_kept": y_kept,
            "purge_failed_first": bool(failed_attempt),
            "landed_after": landed_after,
            "purge_tasks": [(t["status"], t["attempts"]) for t in purges],
        }
        retried = any(t["status"] == "SUCCESSFUL" and t["attempts"] >= 2 for t in purges)
        holds = (
            fresh_after is not None
            and fresh_after <= 5
            and y_kept
            and bool(failed_attempt)
            and landed_after is not None
            and retried  # the page was fresh because the retried purge landed, not because it expired
        )
        summary = (
            (
                f"approval fresh at the CDN after {fresh_after:.1f} s"
                if fresh_after is not None
                else "approval never fresh"
            )
            + f", other treatment's page {'still cached' if y_kept else 'NOT kept'}; "
            + "with Varnish unreachable the purge "
            + ("failed, was retried and " if failed_attempt else "did not fail (?) and ")
            + (f"landed {landed_after:.1f} s after Varnish came back" if landed_after is not None else "never landed")
            + (" (stale page served until then)" if stale_seen else "")
            + f"; purge tasks {numbers['purge_tasks']}"
        )
        return Outcome("T9", "CDN purges", holds, summary, details, numbers)

    def t7(self):
        with self.load() as load:
            time.sleep(5)
            pg_kill("pg1")
            killed = time.monotonic()
            time.sleep(2)
            sql("pg2", "select pg_promote(true, 60)", timeout=90)
            promoted = time.monotonic()
            time.sleep(10)
        numbers, failed = traffic_numbers(load.records)
        get_failed = [r for r in failed if r.method == "GET"]
        post_failed = [r for r in failed if r.method == "POST"]
        allowed = [
            r for r in post_failed if r.status == 503 and r.retry_after and killed <= r.end and r.start <= promoted
        ]
        acknowledged, stored, missing = check_reviews(load.records)
        numbers.update(
            window_seconds=promoted - killed,
            post_503=len(allowed),
            missing=len(missing),
            failed_after_promotion=sum(r.start > promoted for r in failed),
        )
        holds = not get_failed and len(allowed) == len(post_failed) and not missing
        summary = (
            f"{describe(numbers)}: GETs failed {len(get_failed)}, POSTs failed {len(post_failed)} "
            f"({len(allowed)} as 503 with Retry-After inside the {promoted - killed:.1f} s kill→promote window); "
            f"acknowledged reviews missing {len(missing)} of {len(acknowledged)}"
        )
        return Outcome("T7", "primary killed, replica promoted", holds, summary, failure_lines(failed), numbers)


SCENARIOS = ["T1", "T2", "T3", "T4", "T5", "T6", "T8", "T9", "T7"]  # T7 promotes the replica: it goes last


HOME_NETNS = []  # the namespace this process started in, to go back to before tearing down


def enter_client_host():
    """From here on this process (and every thread and command it starts) is the client host."""
    if not hasattr(os, "setns"):
        raise HarnessError("the scenarios need Python 3.12+ (os.setns): run them with the project's venv")
    HOME_NETNS.append(os.open("/proc/self/ns/net", os.O_RDONLY))
    with open(f"/var/run/netns/{ns('client')}") as f:
        os.setns(f.fileno(), os.CLONE_NEWNET)


def leave_client_host():
    while HOME_NETNS:
        fd = HOME_NETNS.pop()
        os.setns(fd, os.CLONE_NEWNET)
        os.close(fd)


def warm_up(catalogue, rounds=3):
    """Each app server's first requests of each kind of page (importing the views, compiling templates and SQL,
    opening connections to both databases) before the scenarios measure anything. A step of this harness, not of
    the deployment: the scenarios are about failures, not a cold start. Cold, those requests take a few hundred ms
    each on a quiet machine; on a loaded one they once kept every thread of both servers busy past haproxy's check
    timeout at the start of T1, and both were taken out of rotation (a cold start of both servers at once under
    load is not a scenario here; haproxy's ``slowstart`` would ramp a returning server's share, and is not set).
    One request of each kind per round, two at a time per server so both workers see them; bounded."""
    treatment, drug, article = catalogue["treatments"][0], catalogue["drugs"][0], catalogue["articles"][0]
    kinds = ["/", "/drugs/", "/conditions/", "/articles/", treatment["url"], treatment["reviews_url"],
             treatment["form_url"], drug, article["url"], "/search/?q=isotretinoin"]  # fmt: skip
    started = time.monotonic()
    jobs = [(host, path) for _ in range(rounds) for host in ("app1", "app2") for path in kinds]
    headers = {"X-Forwarded-Proto": "https"}  # as haproxy says it: no redirect to HTTPS

    def get(job):
        return request("GET", job[1], host=ip(job[0]), port=APP_PORT, headers=headers)[0]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        records = list(pool.map(get, jobs))
    bad = [r for r in records if not r.ok]
    slowest = max(records, key=lambda r: r.latency)
    log(f"app servers warmed: {len(records)} requests in {time.monotonic() - started:.1f} s, slowest "
        f"{slowest.latency:.2f} s ({slowest.path}), {len(bad)} not answered 200")  # fmt: skip
    if bad:
        raise HarnessError("warming the app servers failed: " + "; ".join(failure_lines(bad)))


def balancer_events(since):
    """haproxy's lines about app servers going down or up, written after offset ``since`` of its log."""
    path = LOGS / "haproxy.log"
    if not path.exists():
        return []
    with path.open("rb") as f:
        f.seek(since)
        text = f.read().decode("utf-8", "replace")
    # haproxy says each twice, plain and as a "[WARNING] (pid) : ..." line: each once.
    events = [line[line.index("Server app/") :] for line in text.splitlines() if "Server app/" in line]
    return list(dict.fromkeys(events))


def log_size():
    path = LOGS / "haproxy.log"
    return path.stat().st_size if path.exists() else 0


def run_scenarios(services, only, outcomes):
    cluster = Cluster(services)
    warm_up(cluster.catalogue)
    for name in [s for s in SCENARIOS if s in only]:
        began, since = time.monotonic(), log_size()
        try:
            outcome = getattr(cluster, name.lower())()
        except Exception as error:  # a scenario that could not even run does not hold
            outcome = Outcome(name, "", False, f"could not run: {type(error).__name__}: {error}")
        outcome.numbers["seconds"] = round(time.monotonic() - began, 1)
        if not outcome.holds:  # why haproxy took servers out, if it did: the first thing to read after a failure
            outcome.details += [f"haproxy: {line}" for line in balancer_events(since)[:8]]
        outcomes.append(outcome)
        print(f"{outcome.name} {'HOLDS' if outcome.holds else 'FAILS'} {outcome.title}: {outcome.summary}", flush=True)
        for line in outcome.details:
            print(f"    {line}", flush=True)


def report(outcomes, only, started):
    """The summary line; exit 0 only when every scenario run holds (or, with CLUSTER_REQUIRED, those listed)."""
    (LOGS / "results.json").write_text(json.dumps([dataclasses.asdict(o) for o in outcomes], indent=1, default=str))
    held = sum(o.holds for o in outcomes)
    print(f"\n{held}/{len(only)} cluster scenarios hold ({time.monotonic() - started:.0f} s; logs in {LOGS})")
    required = [s.strip().upper() for s in os.environ.get("CLUSTER_REQUIRED", "").split(",") if s.strip()] or only
    failing = [o.name for o in outcomes if not o.holds and o.name in required]
    missing = [name for name in required if name in only and name not in {o.name for o in outcomes}]
    if required != only:
        verdict = f"failing among them: {', '.join(failing + missing)}" if failing or missing else "all of them hold"
        print(f"required (CLUSTER_REQUIRED): {', '.join(required)}; {verdict}")
    return 1 if failing or missing else 0


def test(only):
    """Build, run the scenarios, and always tear down (also when a step fails or the run is interrupted)."""
    started = time.monotonic()
    outcomes = []
    try:
        services = up()
        enter_client_host()
        log(f"cluster ready in {time.monotonic() - started:.0f} s; scenarios {', '.join(only)}")
        run_scenarios(services, only, outcomes)
    finally:
        action.stop()
        leave_client_host()
        log("tearing the cluster down")
        down()
    return report(outcomes, only, started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "command", choices=["up", "test", "down", "scenarios"], help="scenarios: run them on a cluster made by up"
    )
    parser.add_argument("--only", default=os.environ.get("CLUSTER_SCENARIOS", ""), help="e.g. T1,T9")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("make cluster-*: run as root (network namespaces, PostgreSQL clusters)", file=sys.stderr)
        return 2

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        if args.command == "down":
            down()
            print("cluster removed (nothing of it is left)")
            return 0
        if args.command == "up":
            try:
                up()
            except BaseException:
                down()
                raise
            print(
                f"Cluster up. Visit it from the client host, e.g.\n"
                f"  ip netns exec {ns('client')} curl -H 'Host: {SITE}' http://{ip('cdn')}:{CDN_PORT}/   (Varnish)\n"
                f"  ip netns exec {ns('client')} curl -H 'Host: {SITE}' http://{ip('lb')}/            (haproxy)\n"
                f"Logs in {LOGS}. make cluster-down removes it."
            )
            return 0
        only = [s.strip().upper() for s in args.only.split(",") if s.strip()] or SCENARIOS
        if args.command == "scenarios":
            started, outcomes = time.monotonic(), []
            enter_client_host()
            try:
                run_scenarios(Services(), only, outcomes)
            finally:
                action.stop()
                leave_client_host()
            return report(outcomes, only, started)
        return test(only)
    except HarnessError as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

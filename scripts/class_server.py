"""Start and stop JupyterHub for a class on one machine (`make class`, `make class-stop`).

Usage:
    python scripts/class_server.py start [--host 127.0.0.1] [--port 8000] [--state build/class]
    python scripts/class_server.py stop [--state build/class]

``start`` runs JupyterHub (scripts/class/jupyterhub_config.py) in the background, waits until it answers and
prints one line for the instructor: the URL and how residents log in (any username, one shared password).
Everything it keeps (database, cookie secret, pid files, log, each resident's copy of the notebooks) lives
in the state folder (build/class, gitignored). ``stop`` ends the hub by the process id it recorded; the hub
stops the proxy, the residents' servers and their kernels as it goes.

A shared password lets anyone who has it log in as anyone: bind to 127.0.0.1 (the default) or a trusted
network only. Any other --host prints a warning: a class on a network needs TLS and real accounts.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "class" / "jupyterhub_config.py"
PROXY_PACKAGE = ROOT / "scripts" / "class"
PROXY = PROXY_PACKAGE / "node_modules" / ".bin" / "configurable-http-proxy"
DEFAULT_STATE = ROOT / "build" / "class"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0
#: configurable-http-proxy 5.2.0 and its dependencies (commander 14) need Node 20.
MIN_NODE = 20
WARNING = """
!!! WARNING: the class server will listen on {host}, not only on this machine.
!!! `make class` is for a demo or a small trusted group: plain HTTP (passwords and notebooks travel
!!! unencrypted), one shared password that logs anyone in as anyone, every resident the same system user.
!!! For a class on a network use TLS and real accounts (README: "Running a class").
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_proxy() -> Path:
    """configurable-http-proxy from scripts/class/package-lock.json (``npm ci``) when not yet installed.

    Progress goes to stderr: stdout carries only the instructor's line. Node 20 or newer is required.
    """
    try:
        version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise RuntimeError(f"Node.js is missing ({error}); `make node` installs it") from error
    major = int(version.strip().lstrip("v").split(".")[0] or 0)
    if major < MIN_NODE:
        raise RuntimeError(
            f"configurable-http-proxy needs Node {MIN_NODE} or newer; this machine has {version}"
        )
    if not PROXY.exists():
        print(
            "Installing configurable-http-proxy (npm ci --prefix scripts/class)...",
            file=sys.stderr,
            flush=True,
        )
        command = ["npm", "ci", "--prefix", str(PROXY_PACKAGE), "--no-audit", "--no-fund"]
        subprocess.run(command, check=True, stdout=sys.stderr)
    return PROXY


def shared_password(state: Path) -> str:
    """The class's shared password: FACET_CLASS_PASSWORD, else the one kept in <state>/password, else new."""
    given = os.environ.get("FACET_CLASS_PASSWORD")
    if given:
        return given
    kept = state / "password"
    if kept.exists():
        return kept.read_text().strip()
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    kept.write_text(password + "\n")
    kept.chmod(0o600)
    return password


def running_pid(state: Path) -> int | None:
    """The hub's process id from its pid file, if that process is still alive."""
    pid_file = state / "jupyterhub.pid"
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    """Wait until the hub answers ``/hub/health`` through its proxy, or fail with the log's tail."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with code {process.returncode}:\n{log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/hub/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"JupyterHub did not answer {url}/hub/health within {timeout_s:.0f} s:\n{log_tail(log)}"
    )


def log_tail(log: Path, chars: int = 3000) -> str:
    """The end of the hub's log (for error messages)."""
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def start(args: argparse.Namespace) -> int:
    """Start the hub in the background, wait for it, print the instructor's line and the pids file."""
    state = Path(args.state).resolve()
    state.mkdir(parents=True, exist_ok=True)
    if (pid := running_pid(state)) is not None:
        info = json.loads((state / "class.json").read_text())
        print(
            f"The class server is already running (pid {pid}) at {info['url']}; `make class-stop` stops it."
        )
        return 0
    if args.host not in LOCAL_HOSTS:
        print(WARNING.format(host=args.host), file=sys.stderr, flush=True)
    ensure_proxy()
    password = shared_password(state)
    env = dict(os.environ)
    env.pop("FACET_COURSE_STATIC", None)  # residents get the live notebook, not the handout twin
    env.update(
        FACET_CLASS_STATE=str(state),
        FACET_CLASS_HOST=args.host,
        FACET_CLASS_PORT=str(args.port),
        FACET_CLASS_HUB_PORT=str(args.hub_port or free_port()),
        FACET_CLASS_API_PORT=str(args.api_port or free_port()),
        FACET_CLASS_PASSWORD=password,
        FACET_CLASS_CULL_IDLE_S=str(args.cull_idle),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    log = state / "jupyterhub.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=str(state),
            env=env,
            start_new_session=True,  # survives `make` returning; stopped by pid with `make class-stop`
        )
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    url = f"http://{shown_host}:{args.port}"
    try:
        wait_until_up(url, process, log, START_TIMEOUT_S)
    except RuntimeError:
        stop_pid(process.pid)
        raise
    info = {"pid": process.pid, "url": url, "host": args.host, "port": args.port, "log": str(log)}
    (state / "class.json").write_text(json.dumps(info, indent=1))
    print(
        f"Class server running: residents open {url}/ and log in with a username of their own "
        f"(lowercase letters, digits, - or _) and the shared password {password} "
        f"(log: {log}; stop with `make class-stop`).",
        flush=True,
    )
    return 0


def alive(pid: int) -> bool:
    """True while a process with this id exists (and is not a zombie of ours)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


def stop_pid(pid: int, timeout_s: float = STOP_TIMEOUT_S) -> bool:
    """SIGTERM one process by id, wait, SIGKILL if it is still there; True if it had to be killed."""
    for sig, wait_s in ((signal.SIGTERM, timeout_s), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return False
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not alive(pid):
                return sig == signal.SIGKILL
            time.sleep(0.1)
    return True


def stop(args: argparse.Namespace) -> int:
    """Stop the hub by its recorded pid (it stops the proxy and every resident's server), then the proxy
    by its own pid file if it outlived the hub."""
    state = Path(args.state).resolve()
    pid = running_pid(state)
    if pid is None:
        print(f"No class server is running (no live pid in {state / 'jupyterhub.pid'}).")
    else:
        killed = stop_pid(pid)
        print(f"Class server (pid {pid}) {'killed' if killed else 'stopped'}.")
    proxy_pid_file = state / "proxy.pid"
    if proxy_pid_file.exists():
        try:
            proxy = int(proxy_pid_file.read_text().strip())
        except ValueError:
            proxy = None
        cmdline = Path(f"/proc/{proxy}/cmdline")
        if proxy and alive(proxy) and cmdline.exists() and b"configurable-http-proxy" in cmdline.read_bytes():
            stop_pid(proxy)
            print(f"Proxy (pid {proxy}) stopped.")
        proxy_pid_file.unlink(missing_ok=True)
    return 0


def parser() -> argparse.ArgumentParser:
    """Command-line options of both commands."""
    main_parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    commands = main_parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start", help="start the hub in the background")
    start_parser.add_argument("--host", default="127.0.0.1", help="address residents connect to")
    start_parser.add_argument("--port", type=int, default=8000, help="port residents connect to")
    start_parser.add_argument("--hub-port", type=int, default=0, help="hub's own port (0: a free one)")
    start_parser.add_argument("--api-port", type=int, default=0, help="proxy's API port (0: a free one)")
    start_parser.add_argument("--cull-idle", type=int, default=3600, help="stop servers idle this long (s)")
    for sub in (start_parser, commands.add_parser("stop", help="stop the hub and everything it started")):
        sub.add_argument("--state", default=str(DEFAULT_STATE), help="runtime state folder")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run ``start`` or ``stop``."""
    args = parser().parse_args(argv)
    try:
        return start(args) if args.command == "start" else stop(args)
    except RuntimeError as error:
        print(f"make class: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

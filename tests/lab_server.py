"""Start and stop a real JupyterLab server for browser tests, and drive it with Playwright + Debian Chromium.

Used by ``tests/test_jupyterlab.py`` (every notebook, run in the browser) and ``tests/test_make_lab.py``
(what ``make lab`` serves). The server:

* binds to 127.0.0.1 on a free port, with token authentication on (``--IdentityProvider.token``), and
  ``--allow-root`` when run as root;
* gets private user-settings, workspaces, config and runtime folders in a temporary directory, so nothing a
  ``make lab`` user has set leaks in, and nothing the tests set leaks out. In those private user settings
  autosave is off (lab must never rewrite a notebook under test) and the news/update toasts are off (they
  would cover the notebook in screenshots and try the network). ``make lab`` users keep JupyterLab's defaults.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# headless Debian Chromium via Playwright: the launcher shared with the handout tests (tests/browser.py)
from browser import chromium

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"

#: Settings written into the test server's private user-settings folder (plugin id -> settings).
TEST_USER_SETTINGS: dict[str, dict[str, Any]] = {
    # never write a notebook under test back to disk
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # no "Would you like to receive official Jupyter news?" toast, no update check (no network in tests)
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

__all__ = [
    "LabServer",
    "chromium",
    "copy_notebooks",
    "free_port",
    "isolated_env",
    "lab_server",
    "launch",
    "write_user_settings",
]


# -- server --------------------------------------------------------------------------------------------------
def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_user_settings(folder: Path, settings: dict[str, dict[str, Any]]) -> None:
    """Write JupyterLab user settings files (``<pkg>/<plugin>.jupyterlab-settings``) into ``folder``."""
    for plugin_id, values in settings.items():
        package, plugin = plugin_id.rsplit(":", 1)
        path = folder / package / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def isolated_env(private: Path) -> dict[str, str]:
    """Environment for a server (and its kernels) that ignores the user's Jupyter config and runtime files."""
    env = dict(os.environ)
    for name in ("config", "runtime"):
        (private / name).mkdir(parents=True, exist_ok=True)
    env["JUPYTER_CONFIG_DIR"] = str(private / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(private / "runtime")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("FACET_COURSE_STATIC", None)  # the live notebook, not the handout twin
    env.setdefault("PYTHONHASHSEED", "0")
    return env


@dataclass
class LabServer:
    """A running JupyterLab server: its base URL, token, root folder and process."""

    url: str
    token: str
    root_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    def lab_url(self, notebook: str) -> str:
        """URL that opens one notebook in a fresh workspace (``?reset`` drops any restored tabs)."""
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"

    def request(self, path: str, method: str = "GET", token: str | None = "") -> tuple[int, bytes]:
        """HTTP request to the server; ``token=""`` uses the server's token, ``None`` sends none."""
        headers = {}
        token = self.token if token == "" else token
        if token is not None:
            headers["Authorization"] = f"token {token}"
        req = urllib.request.Request(self.url + path, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def api(self, path: str, method: str = "GET") -> Any:
        status, body = self.request(path, method)
        if status >= 400:
            raise RuntimeError(f"{method} {path} -> HTTP {status}: {body[:300]!r}")
        return json.loads(body) if body else None

    def delete_sessions(self) -> int:
        """Shut down every kernel session (between notebooks); return how many there were."""
        sessions = self.api("/api/sessions")
        for session in sessions:
            self.api(f"/api/sessions/{session['id']}", method="DELETE")
        return len(sessions)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def wait_for_status(
    url: str, token: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    """Wait until ``GET /api/status`` answers 200 with the token (or the process dies)."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {process.returncode} before it served /api/status:\n"
                + log.read_text(encoding="utf-8", errors="replace")[-3000:]
            )
        req = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
        try:
            with urllib.request.urlopen(req, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.2)
    raise RuntimeError(
        f"JupyterLab did not answer {url}/api/status within {timeout:.0f} s ({last}):\n"
        + log.read_text(encoding="utf-8", errors="replace")[-3000:]
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server we started (SIGTERM, which also shuts its kernels down; SIGKILL if stuck), by its pid."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            process.send_signal(sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def launch(
    command: Sequence[str], url: str, token: str, root_dir: Path, private: Path, env: dict[str, str]
) -> Iterator[LabServer]:
    """Run a server command, wait for it to answer, yield it, and stop it (and its kernels) afterwards."""
    log = private / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(ROOT),
            start_new_session=True,
        )
    server = LabServer(url=url, token=token, root_dir=root_dir, process=process, log=log)
    try:
        wait_for_status(url, token, process, log)
        yield server
    finally:
        try:
            if process.poll() is None:
                server.delete_sessions()
        except Exception:  # the server may already be going down; stopping it ends its kernels too
            pass
        stop(process)


@contextmanager
def lab_server(root_dir: Path, settings: dict[str, dict[str, Any]] | None = None) -> Iterator[LabServer]:
    """A JupyterLab server on ``root_dir`` for tests: 127.0.0.1, free port, token, private settings."""
    with tempfile.TemporaryDirectory(prefix="facet-lab-") as tmp:
        private = Path(tmp)
        write_user_settings(private / "user-settings", TEST_USER_SETTINGS if settings is None else settings)
        port = free_port()
        token = secrets.token_hex(24)
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root_dir}",
            f"--IdentityProvider.token={token}",
            "--ServerApp.open_browser=False",
            f"--LabApp.user_settings_dir={private / 'user-settings'}",
            f"--LabApp.workspaces_dir={private / 'workspaces'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        url = f"http://127.0.0.1:{port}"
        with launch(command, url, token, root_dir, private, isolated_env(private)) as server:
            yield server


def copy_notebooks(source: Path, target: Path) -> Path:
    """Copy the course's notebooks folder (without checkpoints) so lab never touches the real files."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".virtual_documents"))
    return target

"""`make lab` serves the course: JupyterLab on notebooks/, bound to 127.0.0.1, token required, URL printed.

Starts ``scripts/lab.py`` (what ``make lab`` runs once the venv exists) on a free port, exactly as a user gets
it except for private Jupyter config/settings folders (so the test neither reads nor changes the user's own
JupyterLab settings), then checks:

* the Makefile's ``lab`` target runs ``scripts/lab.py`` with HOST and PORT;
* it prints a URL on 127.0.0.1 with the port and a token, and opens ``00_start_here.ipynb``;
* requests without the token (or with a wrong one) are refused; with it, the course's notebooks are listed;
* the server does not answer on the machine's other addresses;
* the printed URL opens the course in Chromium: screenshot build/screenshots/make-lab.png, no error shown;
* the server never saved a file into notebooks/ while the test ran.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from lab_server import (
    ROOT,
    SCREENSHOTS,
    LabServer,
    chromium,
    free_port,
    isolated_env,
    launch,
    write_user_settings,
)

COURSE_NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: Only what the test must not do differs from a user's JupyterLab: never autosave into notebooks/.
SETTINGS = {"@jupyterlab/docmanager-extension:plugin": {"autosave": False}}
ERROR_TEXTS = ("Error displaying widget", "Traceback (most recent call last)", "Error rendering output")


@pytest.fixture(scope="module")
def make_lab() -> Iterator[LabServer]:
    """``scripts/lab.py`` running on a free port with a known token (FACET_COURSE_TOKEN)."""
    with tempfile.TemporaryDirectory(prefix="facet-make-lab-") as tmp:
        private = Path(tmp)
        env = isolated_env(private)
        env["JUPYTERLAB_SETTINGS_DIR"] = str(private / "user-settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(private / "workspaces")
        write_user_settings(private / "user-settings", SETTINGS)
        token = os.urandom(24).hex()
        env["FACET_COURSE_TOKEN"] = token
        port = free_port()
        command = [
            sys.executable,
            str(ROOT / "scripts" / "lab.py"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        with launch(command, f"http://127.0.0.1:{port}", token, ROOT / "notebooks", private, env) as server:
            yield server


def printed_url(server: LabServer) -> str:
    found = re.search(r"https?://\S+", server.log.read_text(encoding="utf-8", errors="replace"))
    assert found, f"scripts/lab.py printed no URL to open; its output:\n{server.log_tail()}"
    return found.group(0)


def test_make_lab_runs_scripts_lab_with_host_and_port() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "lab", "HOST=127.0.0.1", "PORT=8765"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"scripts/lab\.py --host 127\.0\.0\.1 --port 8765", dry_run), dry_run


def test_prints_a_local_url_with_token(make_lab: LabServer) -> None:
    url = urlparse(printed_url(make_lab))
    assert url.hostname == "127.0.0.1" and url.port == urlparse(make_lab.url).port, url
    assert parse_qs(url.query).get("token") == [make_lab.token], "the printed URL must carry the token"
    assert url.path == "/lab/tree/00_start_here.ipynb", url.path


def test_refuses_requests_without_the_token(make_lab: LabServer) -> None:
    for path in ("/api/contents", "/api/sessions", "/api/kernels", "/api/contents/00_start_here.ipynb"):
        for token in (None, "wrong-" + make_lab.token):
            status, _ = make_lab.request(path, token=token)
            assert status == 403, f"GET {path} with token {token!r} answered {status}; expected 403"
    # the lab page itself without a token sends the browser to the login page, never to the course
    status, body = make_lab.request("/lab/tree/00_start_here.ipynb", token=None)
    assert status in (200, 302, 403), status
    if status == 200:
        assert b"password" in body.lower() or b"token" in body.lower(), "lab page served without a token"


def test_serves_the_course_with_the_token(make_lab: LabServer) -> None:
    listing = make_lab.api("/api/contents")
    names = {item["name"] for item in listing["content"]}
    assert "00_start_here.ipynb" in names, f"root is not notebooks/: {sorted(names)}"
    assert set(COURSE_NOTEBOOKS) <= names, f"missing from the course: {sorted(set(COURSE_NOTEBOOKS) - names)}"
    notebook = make_lab.api("/api/contents/00_start_here.ipynb?content=1")
    assert notebook["type"] == "notebook" and notebook["content"]["cells"], "00_start_here has no cells"


def test_does_not_answer_on_other_addresses(make_lab: LabServer) -> None:
    port = urlparse(make_lab.url).port
    addresses = set()
    try:
        addresses |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except socket.gaierror:
        pass
    with socket.socket(
        socket.AF_INET, socket.SOCK_DGRAM
    ) as probe:  # the default route's address; sends nothing
        try:
            probe.connect(("192.0.2.123", 9))
            addresses.add(probe.getsockname()[0])
        except OSError:
            pass
    others = sorted(a for a in addresses if not a.startswith("127."))
    if not others:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    for address in others:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            assert sock.connect_ex((address, port)) != 0, f"JupyterLab answers on {address}:{port}"


def test_the_printed_url_opens_the_course(make_lab: LabServer) -> None:
    """What a resident sees after `make lab`: 00_start_here open, kernel idle, stored outputs, no errors."""
    url = printed_url(make_lab)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "make-lab.png"
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page_errors: list[str] = []
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        try:
            page.goto(url)
            panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
            page.wait_for_selector(f"{panel} .jp-Cell", timeout=60_000)
            page.wait_for_function(
                """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')].some(
                    e => /^(?!No Kernel).+ \\| Idle$/.test(e.textContent.trim()))""",
                timeout=60_000,
                polling=100,
            )
            page.wait_for_timeout(1000)  # stored outputs and widget placeholders settle
            title = page.locator(f"{panel} .jp-MarkdownCell h1").first.text_content() or ""
            text = page.locator(panel).inner_text()
            tabs = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tabLabel").all_text_contents()
            files = page.locator(".jp-DirListing-itemName").all_text_contents()
            page.screenshot(path=str(shot))
        finally:
            context.close()
            make_lab.delete_sessions()
    assert "00_start_here.ipynb" in tabs, f"the printed URL did not open 00_start_here ({tabs}); see {shot}"
    assert title.startswith("00 "), f"first heading is {title!r}; see {shot}"
    assert set(COURSE_NOTEBOOKS) <= {f.strip() for f in files}, f"file browser shows {files}; see {shot}"
    shown = [needle for needle in ERROR_TEXTS if needle in text]
    assert not shown, f"the course opens showing {shown}; see {shot}"
    assert not page_errors, f"uncaught page errors: {page_errors}"


def test_never_saved_into_notebooks(make_lab: LabServer) -> None:
    """Runs last in this module: the server's log records any save; there must be none."""
    time.sleep(0.5)
    log = make_lab.log.read_text(encoding="utf-8", errors="replace")
    saves = [line for line in log.splitlines() if "Saving file at" in line]
    assert not saves, "JupyterLab wrote into notebooks/ during the test:\n" + "\n".join(saves)

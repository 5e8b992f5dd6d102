"""`make class` serves the course to several residents at once on real JupyterHub, and stops cleanly.

One hub per test module, started by ``scripts/class_server.py start`` (what ``make class`` runs) on free
local ports with a private state folder, a random shared password and a test admin token. Then:

* three residents log in at the same time in headless Chromium (one browser context each): their servers
  spawn concurrently, each opens ``00_start_here.ipynb`` from their own copy, runs it all (Run > Run All
  Cells) at the same time as the others, and must show no error output; each moves the notebook's explorer
  and its figure must redraw through the proxy's websockets;
* every kernel talks over IPC (its connection file says ``"transport": "ipc"``), not TCP ports;
* one resident drags a slider of a course explorer (``capsule_explorer``) with the mouse: in class mode
  the figure redraws once per drag (on release), not once per mouse move;
* no request from any page leaves 127.0.0.1;
* ``scripts/class_server.py stop`` ends every process the hub started (hub, proxy, idle culler, the
  residents' servers and kernels: recorded by pid while running) and leaves no port open.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil
import pytest
from lab_server import ROOT, SCREENSHOTS, chromium, free_port
from test_jupyterlab import (
    PANEL,
    LabReport,
    check_explorers,
    check_outputs,
    count_unexecuted,
    is_local,
    run_all,
    wait_for_kernel,
    wait_for_widgets,
    wait_until_all_ran,
)

LAUNCHER = ROOT / "scripts" / "class_server.py"
RESIDENTS = ("alice", "bashir", "chen")
NOTEBOOK = "00_start_here.ipynb"
PROBE = "class-drag-probe.ipynb"
#: A course explorer with a continuous slider (00's explorer has a dropdown only).
PROBE_SOURCE = (
    "from facet_course.lessons.facet_joint_anatomy.capsule import capsule_explorer\ncapsule_explorer()"
)
SPAWN_TIMEOUT_S = 90
RUN_TIMEOUT_S = 90
DRAG_STEPS = 20
REDRAW_WAIT_S = 15


@dataclass
class Hub:
    """A class hub started for the tests: where it listens, how to log in, what it started."""

    state: Path
    url: str
    password: str
    token: str
    ports: list[int]
    pid: int
    launcher_output: str
    seen_pids: set[int] = field(default_factory=set)

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the hub's REST API with the test admin token."""
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def record_processes(self) -> set[int]:
        """Remember the hub and every process below it (proxy, culler, servers, kernels) by pid."""
        try:
            tree = psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return self.seen_pids
        self.seen_pids |= {self.pid, *(p.pid for p in tree)}
        for process in tree:  # the residents' servers listen on ports of their own: check those too
            try:
                listening = process.net_connections(kind="tcp")
            except psutil.Error:
                continue
            self.ports += [c.laddr.port for c in listening if c.status == psutil.CONN_LISTEN]
        self.ports = sorted(set(self.ports))
        return self.seen_pids

    def stop(self) -> subprocess.CompletedProcess[str]:
        """``scripts/class_server.py stop`` on this hub's state folder."""
        return subprocess.run(
            [sys.executable, str(LAUNCHER), "stop", "--state", str(self.state)],
            capture_output=True,
            text=True,
            timeout=90,
        )


def still_running(pids: set[int]) -> list[str]:
    """The processes among ``pids`` that still exist (zombies excluded), described for messages."""
    found = []
    for pid in sorted(pids):
        try:
            process = psutil.Process(pid)
            if process.status() != psutil.STATUS_ZOMBIE:
                found.append(f"{pid} {' '.join(process.cmdline())[:120]}")
        except psutil.NoSuchProcess:
            continue
    return found


def command_lines(pids: set[int]) -> list[str]:
    """The full command lines of those of ``pids`` still running."""
    lines = []
    for pid in sorted(pids):
        try:
            lines.append(" ".join(psutil.Process(pid).cmdline()))
        except psutil.Error:
            continue
    return lines


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    """The class hub on free ports in a short private state folder; stopped (and checked) at the end."""
    state = Path(tempfile.mkdtemp(prefix="fc-class-"))
    ports = [free_port() for _ in range(3)]
    env = dict(os.environ)
    env.update(FACET_CLASS_PASSWORD=secrets.token_hex(8), FACET_CLASS_ADMIN_TOKEN=secrets.token_hex(24))
    command = [sys.executable, str(LAUNCHER), "start", "--state", str(state), "--port", str(ports[0])]
    command += ["--hub-port", str(ports[1]), "--api-port", str(ports[2])]
    started = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert started.returncode == 0, f"class_server.py start failed:\n{started.stdout}\n{started.stderr}"
    info = json.loads((state / "class.json").read_text())
    server = Hub(
        state=state,
        url=info["url"],
        password=env["FACET_CLASS_PASSWORD"],
        token=env["FACET_CLASS_ADMIN_TOKEN"],
        ports=ports,
        pid=info["pid"],
        launcher_output=started.stdout,
    )
    server.record_processes()
    try:
        yield server
    finally:
        server.stop()
        for line in still_running(server.seen_pids):  # never leave anything behind, even after a failure
            try:
                psutil.Process(int(line.split()[0])).kill()
            except psutil.NoSuchProcess:
                pass
        shutil.rmtree(state, ignore_errors=True)


# -- driving one resident ---------------------------------------------------------------------------------
@dataclass
class Resident:
    """One resident's browser page and what it saw."""

    name: str
    page: Any
    context: Any
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    report: LabReport = field(default_factory=LabReport)


def open_resident(browser: Any, hub: Hub, name: str) -> Resident:
    """A new browser context for ``name``: log in with the shared password (the spawn starts)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    resident = Resident(name=name, page=page, context=context)
    page.on("request", lambda r: None if is_local(r.url) else resident.outside.append(r.url))
    page.on("pageerror", lambda error: resident.errors.append(str(error)[:300]))
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.password)
    page.click("#login_submit", no_wait_after=True)
    return resident


def drag_redraws(page: Any, explorer: Any, steps: int = DRAG_STEPS) -> tuple[int, str, str]:
    """Drag an explorer's slider handle with the mouse in ``steps`` moves; (figure redraws, value before,
    value after). Redraws are counted in the page as changes of the figure's ``src``."""
    image = explorer.locator("img.facet-explorer-image")
    image.evaluate(
        """img => { window.__redraws = 0; new MutationObserver(() => window.__redraws++)
            .observe(img, {attributes: true, attributeFilter: ['src']}); }"""
    )
    slider = explorer.locator(":scope > .widget-slider").first
    slider.scroll_into_view_if_needed()
    handle, track = slider.locator(".noUi-handle").first, slider.locator(".noUi-base, .noUi-target").first
    before = slider.locator(".widget-readout").first.inner_text()
    box, rail = handle.bounding_box(), track.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    right = rail["x"] + rail["width"] * 0.9
    for step in range(1, steps + 1):
        page.mouse.move(x + (right - x) * step / steps, y)
        page.wait_for_timeout(40)  # a hand's pace: 20 moves in about a second
    page.mouse.up()
    try:  # the first redraw may be slow on a busy machine; then give any further ones time to arrive
        page.wait_for_function("() => window.__redraws > 0", timeout=REDRAW_WAIT_S * 1000)
    except Exception:  # noqa: BLE001 - no redraw at all is reported by the caller
        pass
    page.wait_for_timeout(2000)
    after = slider.locator(".widget-readout").first.inner_text()
    return int(page.evaluate("() => window.__redraws")), before, after


def write_probe(hub: Hub, name: str) -> None:
    """A one-cell notebook in the resident's own folder that shows a course explorer with a slider."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE_SOURCE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder = hub.state / "users" / name
    folder.mkdir(parents=True, exist_ok=True)  # the pre-spawn hook fills it with the course around the probe
    nbformat.write(notebook, str(folder / PROBE))


# -- tests --------------------------------------------------------------------------------------------------
def test_make_class_runs_the_launcher_with_host_and_port() -> None:
    dry = subprocess.run(
        ["make", "-n", "class", "HOST=127.0.0.1", "CLASS_PORT=8765"], cwd=ROOT, capture_output=True, text=True
    )
    assert "scripts/class_server.py start --host 127.0.0.1 --port 8765" in dry.stdout, dry.stdout + dry.stderr
    stop = subprocess.run(["make", "-n", "class-stop"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "scripts/class_server.py stop" in stop, stop


def test_a_network_host_gets_a_loud_warning(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Any HOST but 127.0.0.1 warns before anything starts (the start is cut short here on purpose)."""
    from scripts import class_server

    def refuse() -> Path:
        raise RuntimeError("stopped by the test before anything started")

    monkeypatch.setattr(class_server, "ensure_proxy", refuse)
    with tempfile.TemporaryDirectory() as state:
        for host, warned in (("0.0.0.0", True), ("127.0.0.1", False)):
            assert class_server.main(["start", "--host", host, "--state", state]) == 1
            err = capsys.readouterr().err
            assert ("WARNING" in err and "TLS" in err) is warned, f"--host {host}: {err!r}"


def test_the_instructor_gets_one_line_with_url_and_login(hub: Hub) -> None:
    lines = [line for line in hub.launcher_output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert f"{hub.url}/" in lines[0] and hub.password in lines[0] and "make class-stop" in lines[0], lines[0]
    assert hub.url.startswith("http://127.0.0.1:"), hub.url


def drive_residents(browser: Any, hub: Hub) -> list[Resident]:
    """Log every resident in at once, then Run All in every page at once; check each page."""
    residents = [open_resident(browser, hub, name) for name in RESIDENTS]
    for resident in residents:
        wait_for_kernel(resident.page, SPAWN_TIMEOUT_S)
        hub.record_processes()
    for resident in residents:  # every kernel starts running 00 before any has finished
        run_all(resident.page)
    for resident in residents:
        page, report = resident.page, resident.report
        wait_until_all_ran(page, RUN_TIMEOUT_S)
        hub.record_processes()
        if unexecuted := count_unexecuted(page):
            report.problems.append(f"{unexecuted} code cell(s) did not run")
        if loading := wait_for_widgets(page, 10):
            report.problems.append(f"{loading} widget(s) still say 'Loading widget...'")
        check_outputs(page, report)
        check_explorers(page, report)
        check_outputs(page, report)
    return residents


def test_three_residents_run_the_course_at_once(hub: Hub) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with chromium() as browser:
        residents = drive_residents(browser, hub)
        took = time.monotonic() - start
        for resident in residents:
            resident.page.screenshot(path=str(SCREENSHOTS / f"class-{resident.name}.png"))
            assert resident.page.url.startswith(f"{hub.url}/user/{resident.name}/lab"), resident.page.url
            resident.context.close()
    print(f"3 residents logged in, spawned and ran {NOTEBOOK} at once in {took:.1f} s")
    problems = [f"{r.name}: {p}" for r in residents for p in [*r.report.problems, *r.errors]]
    problems += [f"{r.name}: request left 127.0.0.1: {url}" for r in residents for url in r.outside]
    assert not problems, "\n".join(problems)
    assert all(r.report.explorers >= 1 for r in residents), [r.report.explorers for r in residents]
    for name in RESIDENTS:  # each ran their own copy, in their own folder
        assert (hub.state / "users" / name / NOTEBOOK).is_file(), f"{name} has no copy of {NOTEBOOK}"


def test_kernels_talk_over_ipc_not_tcp(hub: Hub) -> None:
    connection_files = sorted(hub.state.glob("run/*/kernel-*.json"))
    assert len(connection_files) >= len(RESIDENTS), f"kernel connection files: {connection_files}"
    transports = {json.loads(path.read_text())["transport"] for path in connection_files}
    assert transports == {"ipc"}, transports


def test_a_slider_redraws_once_per_drag_in_class_mode(hub: Hub) -> None:
    name = RESIDENTS[0]
    write_probe(hub, name)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", hub.password)
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{name}/lab**", timeout=SPAWN_TIMEOUT_S * 1000)
        page.goto(f"{hub.url}/user/{name}/lab/tree/{PROBE}?reset")
        wait_for_kernel(page, SPAWN_TIMEOUT_S)
        run_all(page)
        wait_until_all_ran(page, RUN_TIMEOUT_S)
        explorer = page.locator(f"{PANEL} .facet-explorer").first
        explorer.locator("img.facet-explorer-image").wait_for(timeout=30_000)
        redraws, before, after = drag_redraws(page, explorer)
        hub.record_processes()
        context.close()
    print(f"class mode: {redraws} redraw(s) for a {DRAG_STEPS}-move drag ({before} -> {after})")
    assert before != after, f"the drag did not move the slider ({before})"
    assert redraws == 1, f"{redraws} redraws for one drag in class mode; expected one, on release"
    assert not outside, outside


def test_stop_ends_everything_it_started_and_frees_every_port(hub: Hub) -> None:
    """Runs last in this module."""
    pids = hub.record_processes()
    commands = " ".join(command_lines(pids))
    for part in ("configurable-http-proxy", "jupyterhub_idle_culler"):
        assert part in commands, f"{part} is not running under the hub: {commands}"
    stopped = hub.stop()
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    deadline = time.monotonic() + 10
    while still_running(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not still_running(pids), f"left running after stop: {still_running(pids)}"
    for port in hub.ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after stop"

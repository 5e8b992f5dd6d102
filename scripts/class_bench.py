"""The class line of `make bench`: spawn time and explorer latency with N residents at once on one hub.

How it is measured (``python -m scripts.class_bench`` runs it alone; ``make bench`` includes it):

* one hub from ``scripts/class_server.py`` (exactly what ``make class`` starts) on free local ports with a
  private state folder and a benchmark admin token;
* for each N in (1, 5, 10): N new residents' servers are started at once through the hub's REST API;
  **spawn time** is from the request to the hub reporting the server ready (median and slowest);
* each resident's server starts a kernel (REST API through the proxy), builds the course's capsule-volume
  explorer (``capsule_explorer``, the slider explorer of 01) and then, all N at once, makes ``MOVES``
  moves of its volume slider: one move = the kernel-side work of a slider release (``Explorer.frame``:
  model, in-place redraw, PNG) plus sending the PNG back over the kernel's websocket through the proxy,
  as the live widget does. Between moves a resident pauses ``THINK_S`` (a release every second or so is
  a brisk pace for someone reading the figure). **Latency** is from sending the move to the kernel
  reporting idle (median and p95 over all residents' moves). No browser draws the PNG: its cost on the
  resident's own machine is not the server's;
* **CPU per move** is the CPU time (user + system) the hub's whole process tree used during the moves,
  divided by the moves; **memory per resident** is the resident set of each server and its kernel after
  the explorer is built (the hub and proxy are counted once, apart).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import psutil
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "scripts" / "class_server.py"
SIZES = (1, 5, 10)
MOVES = 12
THINK_S = 1.0
VOLUMES_ML = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
SETUP = """
import base64
from IPython.display import display
from facet_course.lessons.facet_joint_anatomy.capsule import capsule_explorer
_explorer = capsule_explorer()
_explorer.frame()
def _move(volume_ml):
    png, readout = _explorer.frame(volume_ml=volume_ml)
    display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": readout}, raw=True)
"""


class BenchHub:
    """A class hub started for the benchmark, and its REST API."""

    def __init__(self) -> None:
        from scripts.class_server import free_port

        self.state = Path(tempfile.mkdtemp(prefix="fc-bench-"))
        self.token = secrets.token_hex(24)
        self.port = free_port()
        env = dict(os.environ, FACET_CLASS_PASSWORD=secrets.token_hex(8), FACET_CLASS_ADMIN_TOKEN=self.token)
        started = subprocess.run(
            [sys.executable, str(LAUNCHER), "start", "--state", str(self.state), "--port", str(self.port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
        )
        if started.returncode != 0:
            raise RuntimeError(f"class hub did not start:\n{started.stdout}\n{started.stderr}")
        self.url = f"http://127.0.0.1:{self.port}"
        self.pid = json.loads((self.state / "class.json").read_text())["pid"]

    def api(self, path: str, method: str = "GET", body: Any = None) -> Any:
        """Call the hub's REST API (or a resident server's, for paths under /user/) with the admin token."""
        url = self.url + (path if path.startswith("/user/") else f"/hub/api{path}")
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"token {self.token}")
        with urllib.request.urlopen(request, timeout=120) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def tree(self) -> list[psutil.Process]:
        """The hub and every process below it."""
        hub = psutil.Process(self.pid)
        return [hub, *hub.children(recursive=True)]

    def close(self) -> None:
        """Stop the hub (it stops everything it started) and remove its state."""
        subprocess.run([sys.executable, str(LAUNCHER), "stop", "--state", str(self.state)], timeout=120)
        shutil.rmtree(self.state, ignore_errors=True)


async def spawn_all(hub: BenchHub, names: list[str]) -> list[float]:
    """Start every resident's server at once; seconds from request to ready, one per resident."""

    async def one(name: str) -> float:
        await asyncio.to_thread(hub.api, "/users", "POST", {"usernames": [name]})
        start = time.monotonic()
        await asyncio.to_thread(hub.api, f"/users/{name}/server", "POST")
        while True:
            user = await asyncio.to_thread(hub.api, f"/users/{name}")
            if user["servers"].get("", {}).get("ready"):
                return time.monotonic() - start
            if time.monotonic() - start > 300:
                raise RuntimeError(f"{name}'s server was not ready within 300 s")
            await asyncio.sleep(0.1)

    return list(await asyncio.gather(*(one(name) for name in names)))


async def execute(socket: Any, code: str) -> float:
    """Run code in a kernel over its websocket; seconds until the kernel is idle again."""
    msg_id = uuid.uuid4().hex
    message = {
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "bench", "session": "bench",
                   "version": "5.3"},
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": False, "allow_stdin": False},
        "channel": "shell",
    }  # fmt: skip
    start = time.monotonic()
    await socket.write_message(json.dumps(message))
    while True:
        raw = await socket.read_message()
        if raw is None:
            raise RuntimeError("the kernel's websocket closed")
        reply = json.loads(raw)
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if reply["msg_type"] == "error":
            raise RuntimeError(f"kernel error: {reply['content'].get('evalue')}")
        if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return time.monotonic() - start


async def open_kernel(hub: BenchHub, name: str) -> Any:
    """Start a kernel in the resident's server, connect to it and build the explorer."""
    kernel = await asyncio.to_thread(hub.api, f"/user/{name}/api/kernels", "POST", {"name": "python3"})
    url = hub.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel['id']}/channels"
    request = HTTPRequest(url, headers={"Authorization": f"token {hub.token}"}, request_timeout=120)
    socket = await websocket_connect(request, max_message_size=64 * 1024 * 1024)
    await execute(socket, SETUP)
    return socket


async def residents_move(sockets: list[Any]) -> list[float]:
    """Every resident makes MOVES slider moves at once, pausing THINK_S between; latencies in seconds."""

    async def one(index: int, socket: Any) -> list[float]:
        await asyncio.sleep(THINK_S * index / len(sockets))  # residents do not move in lockstep
        samples = []
        for move in range(MOVES):
            volume = VOLUMES_ML[(move + index) % len(VOLUMES_ML)]
            samples.append(await execute(socket, f"_move({volume})"))
            await asyncio.sleep(THINK_S)
        return samples

    results = await asyncio.gather(*(one(i, s) for i, s in enumerate(sockets)))
    return [sample for samples in results for sample in samples]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """User + system CPU time of these processes (those still alive)."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def resident_memory_mb(hub: BenchHub) -> float:
    """Mean resident set (MB) of one resident's server plus its kernel (children of the singleuser)."""
    servers = [p for p in hub.tree() if "jupyterhub-singleuser" in " ".join(p.cmdline())]
    sizes = []
    for server in servers:
        family = [server, *server.children(recursive=True)]
        sizes.append(sum(p.memory_info().rss for p in family) / 1e6)
    return float(np.mean(sizes)) if sizes else 0.0


async def one_size(hub: BenchHub, size: int) -> dict[str, Any]:
    """Spawn ``size`` residents at once, let them all move an explorer, stop their servers; the numbers."""
    names = [f"r{size}x{index}" for index in range(size)]
    load = os.getloadavg()[0]  # other work on the machine slows every number: say how busy it was
    spawn = await spawn_all(hub, names)
    sockets = list(await asyncio.gather(*(open_kernel(hub, name) for name in names)))
    memory = resident_memory_mb(hub)
    processes = hub.tree()
    cpu_before, wall_before = cpu_seconds(processes), time.monotonic()
    latencies = await residents_move(sockets)
    cpu = cpu_seconds(processes) - cpu_before
    wall = time.monotonic() - wall_before
    for socket in sockets:
        socket.close()
    for name in names:
        await asyncio.to_thread(hub.api, f"/users/{name}/server", "DELETE")
    ms = np.array(latencies) * 1000
    return {
        "residents": size,
        "spawn_s_median": float(np.median(spawn)),
        "spawn_s_max": float(np.max(spawn)),
        "latency_ms_median": float(np.median(ms)),
        "latency_ms_p95": float(np.percentile(ms, 95)),
        "moves": len(latencies),
        "cpu_ms_per_move": cpu * 1000 / len(latencies),
        "cores_busy": cpu / wall,
        "memory_mb_per_resident": memory,
        "load_1min_before": load,
    }


def run(sizes: tuple[int, ...] = SIZES) -> list[dict[str, Any]]:
    """The class benchmark for each number of residents (see the module docstring)."""
    hub = BenchHub()
    try:
        results = []
        for size in sizes:
            results.append(asyncio.run(one_size(hub, size)))
            print(markdown_rows(results[-1:])[-1], flush=True)
        return results
    finally:
        hub.close()


def markdown_rows(results: list[dict[str, Any]]) -> list[str]:
    """The benchmark as a markdown table (header and one row per number of residents)."""
    rows = [
        f"| residents at once (a move every {THINK_S:g} s each) | spawn (s, median / slowest) "
        "| explorer move (ms, median / p95) | CPU per move (ms) | cores busy | memory per resident (MB) "
        f"| load before ({os.cpu_count()} cores) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['residents']} | {r['spawn_s_median']:.1f} / {r['spawn_s_max']:.1f} | "
            f"{r['latency_ms_median']:.0f} / {r['latency_ms_p95']:.0f} | {r['cpu_ms_per_move']:.0f} | "
            f"{r['cores_busy']:.2f} | {r['memory_mb_per_resident']:.0f} | {r['load_1min_before']:.1f} |"
        )
    return rows


def main() -> int:
    """Run the class benchmark alone; write build/bench-class.json and .md."""
    results = run()
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    (build / "bench-class.json").write_text(json.dumps(results, indent=1))
    (build / "bench-class.md").write_text("\n".join(markdown_rows(results)) + "\n")
    print("\n".join(markdown_rows(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""JupyterHub configuration for `make class`: the course for a small trusted group on one machine.

Read by ``jupyterhub -f`` as started by ``scripts/class_server.py``, which passes every setting through
``FACET_CLASS_*`` environment variables (the launcher's ``--help`` lists them). What it sets up:

* the hub and its proxy (Node's ``configurable-http-proxy``, pinned in ``scripts/class/package.json``) on
  ``FACET_CLASS_HOST`` (127.0.0.1 unless the instructor chose otherwise), the hub's own API on 127.0.0.1;
* one shared password for every resident (``SharedPasswordAuthenticator``): a demo or a trusted group, never
  real accounts; an optional service token (``FACET_CLASS_ADMIN_TOKEN``) lets the tests and the benchmark
  add users and start their servers through the REST API;
* ``SimpleLocalProcessSpawner``: every resident's ``jupyterhub-singleuser`` runs from the course's own venv,
  as the same system user, in ``<state>/users/<name>``, which a pre-spawn hook fills with the resident's own
  copy of ``notebooks/`` (kept, never overwritten, when the resident comes back);
* kernels talk over IPC (Unix sockets) instead of TCP ports: with many residents starting kernels at once,
  TCP ports picked by one server were taken by another's kernel first ("Address already in use");
* ``jupyterhub-idle-culler`` stops servers idle for ``FACET_CLASS_CULL_IDLE_S`` seconds (default one hour);
* all runtime state (database, cookie secret, pid files, user copies, logs) under ``FACET_CLASS_STATE``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
STATE = Path(os.environ.get("FACET_CLASS_STATE", str(ROOT / "build" / "class"))).resolve()
PROXY = ROOT / "scripts" / "class" / "node_modules" / ".bin" / "configurable-http-proxy"
#: Usernames residents may choose: they name a folder under <state>/users, so nothing else is allowed.
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"
#: What each resident gets a copy of (the course's notebooks folder, without checkpoints).
NOTEBOOKS = ROOT / "notebooks"

c: Any = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

# -- where it listens
c.JupyterHub.ip = os.environ.get("FACET_CLASS_HOST", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("FACET_CLASS_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("FACET_CLASS_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('FACET_CLASS_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# -- state
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every resident's server (and kernels)
c.JupyterHub.cleanup_proxy = True

# -- who may log in
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["FACET_CLASS_PASSWORD"]
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = USERNAME_PATTERN

# -- each resident's server
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "users" / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.args = ["--KernelManager.transport=ipc"]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.start_timeout = 120  # a 2-core machine starting ten servers at once
c.Spawner.http_timeout = 90
# explorers' sliders update on release (utils/core/explore.py); FACET_COURSE_CLASS=0 make class: continuous
c.Spawner.environment = {"FACET_COURSE_CLASS": os.environ.get("FACET_COURSE_CLASS", "1")}


def runtime_dir(username: str) -> Path:
    """A short per-resident Jupyter runtime folder: IPC socket paths must stay under ~100 characters."""
    preferred = STATE / "run" / username
    if len(str(preferred)) <= 60:
        return preferred
    return Path(tempfile.gettempdir()) / f"facet-class-{os.getuid()}-{c.JupyterHub.port}" / username


def copy_course(spawner: Any) -> None:
    """Pre-spawn hook: give a resident their own copy of the notebooks the first time they start.

    A resident who comes back finds their own edited copy; files the course added since are copied in.
    """
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    for source in sorted(NOTEBOOKS.iterdir()):
        target = home / source.name
        if source.name.startswith(".") or target.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(source, target)
    runtime = runtime_dir(spawner.user.name)
    runtime.mkdir(parents=True, exist_ok=True)
    spawner.environment = {**spawner.environment, "JUPYTER_RUNTIME_DIR": str(runtime)}


c.Spawner.pre_spawn_hook = copy_course

# -- services: the idle culler, and an optional admin token for the tests and the benchmark
CULL_IDLE_S = int(os.environ.get("FACET_CLASS_CULL_IDLE_S", "3600"))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_IDLE_S}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
if os.environ.get("FACET_CLASS_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "class-admin", "api_token": os.environ["FACET_CLASS_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append(
        {
            "name": "class-admin",
            "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"],
            "services": ["class-admin"],
        }
    )

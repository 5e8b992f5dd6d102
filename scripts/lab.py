"""Start JupyterLab on the course: bound to 127.0.0.1 (by default), token authentication on, works as root.

Usage: python scripts/lab.py [--host 127.0.0.1] [--port 8888]
Prints the URL (with its token) to open in a browser.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    args = parser.parse_args()
    token = os.environ.get("FACET_COURSE_TOKEN") or secrets.token_hex(24)
    url = f"http://{args.host}:{args.port}/lab/tree/00_start_here.ipynb?token={token}"
    print(f"\nOpen the course at:\n    {url}\n(Ctrl+C twice to stop.)\n", flush=True)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={args.host}",
        f"--ServerApp.port={args.port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    os.execv(sys.executable, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())

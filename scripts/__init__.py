"""The course's build tools, an importable package: run each with ``python -m scripts.<name>`` from the
repository root (the Makefile does). Handouts and slides share their machinery via ``scripts.handouts``."""

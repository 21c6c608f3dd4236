"""``python -m kh113``."""

from .cli import run

run()

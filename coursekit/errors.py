"""One error type for bad content, printed as ``path:line: what is wrong — how to fix it``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem} — {self.fix}"


class InvalidContent(Exception):
    """Raised with every error found, so an author sees them all in one pass."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

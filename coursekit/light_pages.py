"""Light, private pages: few requests, few bytes, a Content-Security-Policy. (Being written.)"""
from __future__ import annotations


def setup(app) -> dict:
    return {"parallel_read_safe": True, "parallel_write_safe": True}

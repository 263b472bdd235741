"""Your school's details (school.yml) in the lessons. (Being written: see the learner's-journey issue.)"""
from __future__ import annotations


def setup(app) -> dict:
    return {"parallel_read_safe": True, "parallel_write_safe": True}

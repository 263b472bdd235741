"""The course's Content-Security-Policy: its own files only, no connections, inline code by hash.

One pure function, so every page the build writes (and the SCORM launch page) carries the same
policy, and tests can check it without a build.
"""
from __future__ import annotations

import base64
import hashlib


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(scripts: list[str], handlers: list[str], styles: list[str], style_attributes: list[str]) -> str:
    """This page's policy: its own files only, no connections, inline code only by hash.

    'self' is the course's own origin over http(s); opened from disk, Chromium matches it
    against file: URLs (tests/test_light_pages.py opens a lesson from file:// and checks it).
    'unsafe-hashes' lets through only event handlers and style attributes whose exact text is
    hashed here, such as the column widths a table in the content asks for.
    """
    def unique(values):
        return list(dict.fromkeys(values))

    script_src = ["'self'", *unique(map(_hash, scripts))]
    if handlers:
        script_src += ["'unsafe-hashes'", *unique(map(_hash, handlers))]
    style_src = ["'self'", *unique(map(_hash, styles))]
    if style_attributes:
        style_src += ["'unsafe-hashes'", *unique(map(_hash, style_attributes))]
    directives = {
        "default-src": ["'self'"],
        "script-src": script_src,
        "style-src": style_src,
        "img-src": ["'self'", "data:"],  # data: for the icons' SVG masks in course-theme.css
        "font-src": ["'self'"],
        "connect-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())

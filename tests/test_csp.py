"""The Content-Security-Policy (coursekit/csp.py) as a pure function: strict, and exact about inline code."""
from __future__ import annotations

import base64
import hashlib

from coursekit.csp import content_security_policy


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split("; "))}


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_allows_only_the_courses_own_files_and_no_connection():
    policy = directives(content_security_policy(scripts=[], handlers=[], styles=[], style_attributes=[]))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)
    assert "'unsafe-hashes'" not in str(policy)


def test_inline_code_is_allowed_by_its_exact_hash_once():
    script = 'document.documentElement.dataset.theme = "dark";'
    policy = directives(content_security_policy(scripts=[script, script], handlers=[], styles=[],
                                                style_attributes=["width: 50%"]))
    assert policy["script-src"] == ["'self'", sha(script)]
    assert policy["style-src"] == ["'self'", "'unsafe-hashes'", sha("width: 50%")]
    changed = directives(content_security_policy(scripts=[script + " "], handlers=[], styles=[], style_attributes=[]))
    assert sha(script) not in changed["script-src"], "a script that changes by one character is not allowed"

"""The help and reporting routes the course names (``book/_data/contacts.yml``), in one place.

``load_contacts`` reads and checks the file (``path:line`` errors, like every content file).
"Get help now" lists the routes by audience (``pages.contacts``), and the tests check every
phone number and web address in the content against them, so a mistyped number cannot reach a
child. ``ADDRESS`` finds phone numbers, email and bare web addresses in text: the build turns
each into a ``tel:``, ``mailto:`` or ``https:`` link (``contact_links``).
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, InvalidContent
from .schema import TRACKS, Checker, Field, text
from .yamlfile import YamlProblem, line_of, read_yaml

FILE = Path("book") / "_data" / "contacts.yml"

CONTACT = {
    "id": Field("slug", "a short id, e.g. `childline`"),
    "name": text("the route's name as people know it, e.g. `Childline`"),
    "phone": Field("text", "the number as people dial it, in quotes, e.g. `\"0800 1111\"`", required=False),
    "web": Field("text", "the web address without https://, e.g. `childline.org.uk`", required=False),
    "email": Field("text", "the email address, e.g. `help@nspcc.org.uk`", required=False),
    "for": Field("slugs", "who it is for", options=TRACKS, min_items=1),
    "when": text("one sentence: what it is for and when to use it"),
}
CONTACTS = {"contacts": Field("list", "the routes, one `- id:` block each", shape=CONTACT, min_items=1)}

# A UK phone number as the course writes it (999, 101, 116 123, 0800 1111, 0808 800 5000 …).
PHONE = r"(?<![\w.+-])(?:999|101|1\d\d \d{3}|0\d{3,4}(?: \d{3,4}){1,2})(?![\w-])"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
WEB = r"(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:uk|com|org)(?:/[\w/.-]*[\w/])?(?![\w@-])"
ADDRESS = re.compile(f"(?P<email>{EMAIL})|(?P<web>{WEB})|(?P<phone>{PHONE})")


def load_contacts(root: Path) -> list[dict]:
    """Every route, checked: ids unique, each written as the course writes it. A course
    without the file (such as the tests' fixture book) names no routes."""
    shown = str(FILE)
    if not (Path(root) / FILE).is_file():
        return []
    try:
        data = read_yaml(Path(root) / FILE, shown)
    except YamlProblem as problem:
        raise InvalidContent([problem.error]) from None
    checker = Checker(shown)
    contacts = checker.check(data, CONTACTS, "this file").get("contacts", [])
    seen = set()
    for raw, contact in zip(data.get("contacts", []) if isinstance(data, dict) else [], contacts):
        line = line_of(raw)
        if contact.get("id") in seen:
            checker.error(line, f"the id `{contact['id']}` is used twice", "give each route its own id")
        seen.add(contact.get("id"))
        for key, pattern in (("phone", PHONE), ("web", WEB), ("email", EMAIL)):
            if contact.get(key) and not re.fullmatch(pattern, contact[key]):
                checker.error(line_of(raw, key), f"`{key}: {contact[key]}` is not written as the course writes it",
                              _HOW[key])
    if checker.errors:
        raise InvalidContent(checker.errors)
    return contacts


_HOW = {"phone": "write the digits in groups, e.g. `\"0800 1111\"` or `\"0808 800 5000\"`",
        "web": "write the address without https://, in lower case, e.g. `childline.org.uk/remove`",
        "email": "write a plain address, e.g. `help@nspcc.org.uk`"}


def href(kind: str, address: str) -> str:
    """The link a phone number, email or web address becomes."""
    if kind == "phone":
        return "tel:" + address.replace(" ", "")
    if kind == "email":
        return "mailto:" + address
    return "https://" + address


def errors(root: Path) -> list[ContentError]:
    """The file's problems, for ``make validate``."""
    try:
        load_contacts(root)
    except InvalidContent as invalid:
        return invalid.errors
    return []

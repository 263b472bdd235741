"""Help routes: every number and address the course shows is one it knows, written exactly as
the safeguarding facts give it, and a phone can call or open it."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from coursekit.contacts import ADDRESS, href, load_contacts
from coursekit.errors import InvalidContent

FACTS = ROOT.parent / "shared" / "guidance" / "safeguarding-facts.md"
# What the facts file's "Help and reporting routes" list held when the routes were last checked:
# the tests compare with the facts file itself whenever it is beside the repository.
FACTS_SNAPSHOT = Path(__file__).parent / "data" / "help-routes.txt"
# Looser than the course's own way of writing a number, to catch one written any other way.
ANY_LONG_NUMBER = re.compile(r"(?<![\w/.:-])(?:\+44|0)\d[\d -]{5,}\d(?![\w/-])")
# Made-up examples may use addresses that can reach no one: `.example` (RFC 2606) and Ofcom's
# numbers for drama, 01632 960000 to 960999.
EXAMPLE = re.compile(r".*\.example|01632 960\d{3}")
SHORT_NUMBER = re.compile(r"\b(?:call|dial|ring|phone|text|on|number is)\s+\**(\d{3,6})\b(?![ -]?\d)", re.I)


@pytest.fixture(scope="module")
def routes():
    return load_contacts(ROOT)


def addresses(routes) -> set[str]:
    return {c[key] for c in routes for key in ("phone", "web", "email") if c.get(key)}


def content_files():
    patterns = ["book/**/*.md", "book/_data/*.yml", "scenarios/**/*.yml", "quizzes/**/*.yml"]
    files = {p for pattern in patterns for p in ROOT.glob(pattern)} | {ROOT / "README.md", ROOT / "school.yml"}
    return sorted(files - {ROOT / "book/_data/contacts.yml"})


def stray_addresses(known: set[str]) -> list[str]:
    strays = []
    for path in content_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = {m.group() for m in ADDRESS.finditer(line)}
            found |= set(ANY_LONG_NUMBER.findall(line) + SHORT_NUMBER.findall(line))
            strays += [f"{path.relative_to(ROOT)}:{number}: {address}" for address in sorted(found)
                       if address.strip() not in known and not EXAMPLE.fullmatch(address)]
    return strays


def test_every_number_and_address_in_the_content_is_a_known_route(routes):
    assert stray_addresses(addresses(routes)) == []


def test_a_mistyped_number_is_caught(routes):
    known = addresses(routes) - {"0800 1111"}
    assert any(s.endswith(": 0800 1111") for s in stray_addresses(known))
    for typo in ("0800 1112", "0800-1111", "08001111", "call 1111"):
        assert ANY_LONG_NUMBER.search(typo) or SHORT_NUMBER.search(typo) or ADDRESS.search(typo), typo


def routes_in_facts(text: str) -> set[str]:
    """The phone numbers, web and email addresses in the facts file's list of help routes."""
    section = text.split("## Help and reporting routes", 1)[1].split("\n## ", 1)[0]
    return {m.group() for m in ADDRESS.finditer(section)}


def test_routes_are_written_exactly_as_in_the_safeguarding_facts(routes):
    snapshot = set(FACTS_SNAPSHOT.read_text(encoding="utf-8").split("\n")) - {""}
    facts = routes_in_facts(FACTS.read_text(encoding="utf-8")) if FACTS.is_file() else snapshot
    assert snapshot == facts, f"the facts changed: update {FACTS_SNAPSHOT.name} and contacts.yml to match"
    assert addresses(routes) == facts


def test_each_route_says_who_it_is_for(routes):
    by_id = {c["id"]: c for c in routes}
    assert by_id["childline"]["phone"] == "0800 1111" and by_id["childline"]["for"] == ["pupils"]
    assert {"staff", "leaders"} <= set(by_id["posh"]["for"])
    assert "pupils" not in by_id["revenge-porn-helpline"]["for"]  # it is for adults only
    assert set(by_id["emergency"]["for"]) == {"pupils", "parents", "staff", "leaders"}


def text_outside_links(soup: BeautifulSoup) -> list[str]:
    main = soup.select_one("main") or soup
    # Headings (and the page contents made from them) stay plain: a link in a title is a trap.
    for node in main.select("a, script, style, h1, h2, h3, h4, h5, h6, nav, .ck-fallback, [data-ck-item]"):
        node.decompose()
    return [s for s in main.stripped_strings]


def test_every_number_on_every_built_page_is_a_link(built_course, routes):
    unlinked, wrong = [], []
    for page in sorted(built_course.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select('a[href^="tel:"]'):
            if link["href"] != href("phone", link.get_text()):
                wrong.append(f"{page.name}: {link.get_text()} → {link['href']}")
        unlinked += [f"{page.relative_to(built_course)}: {m.group()}" for text in text_outside_links(soup)
                     for m in ADDRESS.finditer(text) if not EXAMPLE.fullmatch(m.group())]
    assert wrong == [] and unlinked == []


def test_get_help_lists_every_route_by_audience(built_course, routes):
    soup = BeautifulSoup((built_course / "book" / "get-help.html").read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    headings = [h.get_text(" ", strip=True) for h in soup.select("main h2")]
    for heading in ("For children and young people", "For parents and carers", "For school staff and leaders"):
        assert heading in headings
    links = {unquote(a["href"]) for a in soup.select("main a")}  # Sphinx writes mailto: addresses %-encoded
    for route in routes:
        for key, kind in (("phone", "phone"), ("web", "web"), ("email", "email")):
            if route.get(key):
                assert href(kind, route[key]) in links, route["id"]


@pytest.mark.parametrize("entry, expected", [
    ('  - id: childline\n    name: Childline\n    phone: "0800-1111"\n    for: [pupils]\n    when: Free.\n',
     "book/_data/contacts.yml:4: `phone: 0800-1111` is not written as the course writes it — write the digits "
     'in groups, e.g. `"0800 1111"` or `"0808 800 5000"`'),
    ('  - id: childline\n    name: Childline\n    phone: "0800 1111"\n    for: [children]\n    when: Free.\n',
     "book/_data/contacts.yml:5: `for` in item 1 of `contacts` in this file should be made of `pupils`, "
     "`parents`, `staff`, `leaders` — give who it is for"),
    ('  - id: childline\n    nme: Childline\n    phone: "0800 1111"\n    for: [pupils]\n    when: Free.\n',
     "book/_data/contacts.yml:3: unknown key `nme` in item 1 of `contacts` in this file — did you mean `name`?"),
])
def test_a_broken_contacts_file_is_refused_at_its_line(tmp_path, entry, expected):
    path = tmp_path / "book" / "_data" / "contacts.yml"
    path.parent.mkdir(parents=True)
    path.write_text("contacts:\n" + entry, encoding="utf-8")
    with pytest.raises(InvalidContent) as refused:
        load_contacts(tmp_path)
    assert expected in [str(e) for e in refused.value.errors]

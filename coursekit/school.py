"""Your school's details (``school.yml``) wherever a lesson says who to tell.

A school fills in one file at the root of the course and rebuilds. ``load_school`` reads it
safely (``yamlfile``), checks it against ``SCHOOL`` (``schema.Checker``: unknown keys are
refused with a suggestion) and checks that emails and phone numbers look like them. Every
problem is a ``ContentError`` (``school.yml:line: what is wrong — how to fix it``).

``substitutions`` turns the details into MyST substitutions that lessons use, such as
``{{ dsl }}`` or ``{{ report_routes }}``. Each falls back to general wording when its field is
empty, so a lesson reads correctly with an empty file too. Values are Markdown made from data:
every character the school wrote is escaped, so a name can never become markup or a link.

At ``config-inited`` the Sphinx extension (``sphinx_ext``) adds them to ``myst_substitutions`` (and turns on MyST's
``substitution`` syntax). That config value is one Sphinx compares between builds, so a change
to the details re-reads every page; each page also notes ``school.yml`` as a dependency.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .errors import InvalidContent
from .schema import Checker, Field
from .yamlfile import YamlProblem, line_of, read_yaml

FILE = "school.yml"


def _text(help: str) -> Field:
    return Field("text", help, required=False)


PERSON = {
    "name": _text("the name pupils and parents know them by, e.g. `Ms Patel`"),
    "email": _text("their school email address, e.g. `ms.patel@oakfield.example`"),
}

SCHOOL = {
    "school_name": _text("the school's name, e.g. `Oakfield Primary`"),
    "designated_safeguarding_lead": Field("object", "the DSL's `name:` and `email:`", False, shape=PERSON),
    "online_safety_lead": Field("object", "the online safety lead's `name:` and `email:`", False, shape=PERSON),
    "report": Field("object", "how to report: `email:`, `in_person:` and `anonymously:`", False, shape={
        "email": _text("an address for worries, e.g. `worries@oakfield.example`"),
        "in_person": _text("who to talk to and where, e.g. `Talk to any adult in school.`"),
        "anonymously": _text("how to tell without a name, e.g. `Use the worry box by the library.`"),
    }),
    "local_authority": Field("object", "the local authority contact: `name:`, `phone:`, `email:`", False,
                             shape={
                                 "name": _text("the team to contact, e.g. `Northshire Council children's services`"),
                                 "phone": _text("their phone number, digits and spaces"),
                                 "email": _text("their email address"),
                             }),
}

EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{1,18}[0-9]$")
SHORT = 80  # names and the school's name fit in a sentence
LONG = 300  # the ways to report are a sentence or two


def load_school(root: Path) -> dict:
    """The checked details as plain nested dicts, {} when there is no file; or InvalidContent."""
    path = Path(root) / FILE
    if not path.is_file():
        return {}
    try:
        if not any(line.strip() and not line.lstrip().startswith("#")
                   for line in path.read_text(encoding="utf-8", errors="replace").splitlines()):
            return {}  # only comments: every field empty
        data = read_yaml(path, FILE)
    except YamlProblem as problem:
        raise InvalidContent([problem.error]) from None
    checker = Checker(FILE)
    if not isinstance(data, dict):
        checker.error(line_of(data), f"{FILE} should be made of `key: value` lines",
                      "start again from the empty school.yml that comes with the course (keys such as `school_name:`)")
        raise InvalidContent(checker.errors)
    _blank_to_none(data)
    for key, spec in SCHOOL.items():
        if spec.kind == "object" and data.get(key) is not None and not isinstance(data[key], dict):
            fields = " and ".join(f"`{k}:`" for k in spec.shape)
            checker.error(line_of(data, key), f"`{key}` should hold {fields} on their own lines",
                          f"write `{key}:` alone on its line, then each of {fields} below it, "
                          "indented by two spaces")
            data[key] = None
    details = checker.check(data, SCHOOL, FILE)
    _check_values(data, details, checker)
    if checker.errors:
        raise InvalidContent(sorted(checker.errors, key=lambda error: error.line))
    return details


def _blank_to_none(value) -> None:
    """An empty field ("" or nothing after the colon) means "not given"."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, str) and not inner.strip():
                value[key] = None
            elif isinstance(inner, (int, float)) and not isinstance(inner, bool):
                value[key] = str(inner)  # a phone number written without quotes
            else:
                _blank_to_none(inner)


def _check_values(data, details: dict, checker: Checker) -> None:
    def line(*keys) -> int:
        value = data
        for key in keys[:-1]:
            value = value.get(key) if isinstance(value, dict) else None
        return line_of(value, keys[-1]) if isinstance(value, dict) else 1

    def where(*keys) -> str:
        return "`" + keys[-1] + "`" + "".join(f" in `{k}`" for k in reversed(keys[:-1]))

    for section in ("designated_safeguarding_lead", "online_safety_lead", "report", "local_authority"):
        email = details.get(section, {}).get("email")
        if email and not EMAIL.match(email):
            checker.error(line(section, "email"), f"{where(section, 'email')} is not an email address: `{email}`",
                          "write it like `name@school.example`, with no spaces, or leave it empty")
    phone = details.get("local_authority", {}).get("phone")
    if phone and not PHONE.match(phone):
        checker.error(line("local_authority", "phone"), f"{where('local_authority', 'phone')} is not a phone "
                      f"number: `{phone}`", "write only the number, in digits and spaces, or leave it empty")
    for keys, limit in [(("school_name",), SHORT), (("designated_safeguarding_lead", "name"), SHORT),
                        (("online_safety_lead", "name"), SHORT), (("local_authority", "name"), SHORT),
                        (("report", "in_person"), LONG), (("report", "anonymously"), LONG)]:
        value = details
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and len(value) > limit:
            checker.error(line(*keys), f"{where(*keys)} is {len(value)} characters long",
                          f"keep it under {limit}: it is shown inside a sentence")


# --- From details to words --------------------------------------------------------------------

# What could start markup in the middle of a line (values are one line; a block never starts with one).
_PUNCT = re.compile(r"([\\`*_\[\]<>{}#!|~$&^])")
_URL = re.compile(r"(https?://[^\s<>()\[\]\"'`]+[^\s<>()\[\]\"'`.,;:!?])")


def md_text(text: str) -> str:
    """School-written text as Markdown that shows exactly as written; web addresses become links."""
    parts = _URL.split(" ".join(str(text).split()))
    return "".join(f"<{part}>" if i % 2 else _PUNCT.sub(r"\\\1", part) for i, part in enumerate(parts))


def _email(address: str) -> str:
    return f"[{md_text(address)}](mailto:{address})"


def _sentence(text: str) -> str:
    text = md_text(text)
    return text if text.endswith((".", "\\!", "?", ">")) else text + "."


GENERIC = {
    "school_name": "your school",
    "child_school": "your child's school",
    "dsl": "the school's designated safeguarding lead (DSL)",
    "dsl_name": "the DSL",
    "who_is_dsl": "Ask a teacher who the DSL is at your school.",
    "online_safety_lead": "the school's online safety lead",
    "online_safety_lead_name": "the online safety lead",
    "local_authority": "your local authority",
    "report_in_person": "Tell your teacher, or someone else who works at the school.",
    "report_email": "Ask at school if there is an email address for worries.",
    "report_anonymously": "Ask at school if there is a worry box, or a form you can fill in "
                          "without giving your name.",
}


def substitutions(details: dict) -> dict[str, str]:
    """Every substitution a lesson can use, filled from ``details`` or in general wording."""
    school = details.get("school_name")
    dsl = details.get("designated_safeguarding_lead", {})
    osl = details.get("online_safety_lead", {})
    report = details.get("report", {})
    la = details.get("local_authority", {})
    out = dict(GENERIC)
    if school:
        out["school_name"] = out["child_school"] = md_text(school)
    if dsl.get("name"):
        out["dsl"] = f"{md_text(dsl['name'])} (the designated safeguarding lead, or DSL)"
        out["dsl_name"] = md_text(dsl["name"])
        out["who_is_dsl"] = f"At {out['school_name']}, the DSL is {md_text(dsl['name'])}."
    if osl.get("name"):
        out["online_safety_lead"] = f"{md_text(osl['name'])} (the online safety lead)"
        out["online_safety_lead_name"] = md_text(osl["name"])
    if la.get("name"):
        reach = [f"phone {md_text(la['phone'])}"] if la.get("phone") else []
        reach += [f"email {_email(la['email'])}"] if la.get("email") else []
        out["local_authority"] = md_text(la["name"]) + (f" ({', '.join(reach)})" if reach else "")
    if report.get("in_person"):
        out["report_in_person"] = _sentence(report["in_person"])
    if report.get("email"):
        out["report_email"] = f"Write to {_email(report['email'])}."
    if report.get("anonymously"):
        out["report_anonymously"] = _sentence(report["anonymously"])
    out["report_routes"] = "\n".join([
        f"- **Talk to someone:** {out['report_in_person']}",
        f"- **Send an email:** {out['report_email']}",
        f"- **Without giving your name:** {out['report_anonymously']}",
    ])
    out["school_contacts"] = "\n".join([
        "- **The designated safeguarding lead (DSL)** makes sure pupils are kept safe: "
        + _person(dsl, "Every school has one. Ask at the school office who it is."),
        "- **The online safety lead** looks after online safety at the school: "
        + _person(osl, "Ask at the school office who it is."),
    ])
    return out


def _person(person: dict, generic: str) -> str:
    if person.get("name") and person.get("email"):
        return f"{md_text(person['name'])}, {_email(person['email'])}."
    if person.get("name"):
        return f"{md_text(person['name'])}."
    if person.get("email"):
        return f"{_email(person['email'])}."
    return generic


def plain(value: str) -> str:
    """A substitution as plain text (for titles and notebooks): links and escapes undone."""
    value = re.sub(r"\[([^\]]*)\]\(mailto:[^)]*\)", r"\1", value)
    value = re.sub(r"<(https?://[^>]+)>", r"\1", value)
    return re.sub(r"\\(.)", r"\1", value).replace("**", "")


SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def fill_notebook(notebook, values: dict) -> None:
    """The school's words in place of ``{{ dsl }}`` and the like, in a notebook's text cells."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = SUBSTITUTION.sub(lambda m: str(values.get(m.group(1), m.group(0))), cell.source)


def main(argv: list[str] | None = None) -> int:
    """``python -m coursekit.school [ROOT]``: check school.yml and show what the lessons will say."""
    from .course import find_root

    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else find_root()
    try:
        details = load_school(root)
    except InvalidContent as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        print(f"{len(invalid.errors)} problem(s) in {FILE}.", file=sys.stderr)
        return 1
    for name, value in substitutions(details).items():
        print(f"{{{{ {name} }}}}: {plain(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

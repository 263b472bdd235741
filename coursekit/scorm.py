"""SCORM 1.2 packages of the built course, one per track, for a school's LMS (Moodle and the rest).

Each package is a zip under ``_build/scorm/`` holding ``imsmanifest.xml`` (one organisation,
one SCO), a launch page, and only the files its track needs: the track's pages, the "Help and
tools" pages, and the stylesheets, scripts and downloads those pages use. The launch page
(``static/scorm.js``) talks to the LMS and runs the same course pages in a frame; opened with
no LMS around it, it simply goes to the track's first page.

Run after ``make book``: ``python -m coursekit.scorm`` (``make scorm``).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import yaml

from .assets import STATIC
from .course import Course, load_course
from .errors import InvalidContent
from .csp import content_security_policy
from .pages import TRACK_NAMES, track_data

SHARED_PART = "Help and tools"  # the _toc.yml part every package carries beside its own track
LAUNCH = "scorm-launch.html"
TRACK_SCRIPT = "_static/scorm-track.js"
IDENTIFIER = "safe-and-kind-online"


@dataclass
class Package:
    audience: str
    slug: str
    pages: list  # pages of the built course, as paths like book/staff/index.html
    files: list  # every file in the zip but the manifest


def slug(audience: str) -> str:
    return audience.replace(" ", "-")


def _toc_parts(root: Path) -> list[tuple[str, list[str]]]:
    """Each part of _toc.yml as (caption, its pages in reading order as .html paths)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def pages(entries):
        for entry in entries or []:
            yield f"{entry['file']}.html"
            yield from pages(entry.get("sections"))
    return [(part.get("caption", ""), list(pages(part.get("chapters")))) for part in toc.get("parts", [])]


def track_pages(root: Path, data: dict) -> list[str]:
    """The track's own part of the TOC (the one holding its lessons), then the shared part."""
    parts = _toc_parts(root)
    lesson = data["lessons"][0]["page"]
    own = next(pages for _, pages in parts if lesson in pages)
    shared = next((pages for caption, pages in parts if caption == SHARED_PART), None)
    if shared is None:
        raise SystemExit(f"_toc.yml has no part captioned {SHARED_PART!r}: the SCORM packages need it "
                         "(coursekit/scorm.py, SHARED_PART)")
    return own + [p for p in shared if p not in own]


class _References(HTMLParser):
    """The local files a page refers to: stylesheets, scripts, images and downloads."""

    ATTRIBUTES = {"link": "href", "script": "src", "img": "src", "source": "src", "a": "href"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        value = dict(attrs).get(self.ATTRIBUTES.get(tag, ""))
        if value:
            self.found.append(value)


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def _local(base: PurePosixPath, reference: str) -> str | None:
    """The path from the course's root of a reference made in ``base``, or None if it is not a file here."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = PurePosixPath(base.parent, unquote(parts.path))
    resolved = []
    for piece in path.parts:
        if piece == "..":
            if not resolved:
                return None
            resolved.pop()
        elif piece != ".":
            resolved.append(piece)
    return "/".join(resolved)


def _fallback_font(html_dir: Path, path: str) -> bool:
    """A .ttf beside a .woff2 of the same font: every browser the course supports takes the woff2."""
    return path.endswith(".ttf") and (html_dir / path).with_suffix(".woff2").is_file()


def needed_files(html_dir: Path, pages: list[str]) -> list[str]:
    """The pages and every local file they (and their stylesheets) use; links to pages are not followed."""
    files, todo = dict.fromkeys(pages), list(pages)
    while todo:
        name = todo.pop()
        source = html_dir / name
        if name.endswith(".html"):
            parser = _References()
            parser.feed(source.read_text(encoding="utf-8"))
            references = parser.found
        elif name.endswith(".css"):
            references = CSS_URL.findall(source.read_text(encoding="utf-8"))
        else:
            continue
        for reference in references:
            path = _local(PurePosixPath(name), reference)
            if path and not path.endswith(".html") and path not in files and (html_dir / path).is_file() \
                    and not _fallback_font(html_dir, path):
                files[path] = None
                todo.append(path)
    return list(files)


def track_script(course: Course, data: dict, pages: list[str]) -> str:
    """What the launch page needs: the track, its pages, and its items to pack and unpack progress."""
    ids = [i for lesson in data["lessons"] for i in lesson["items"]]
    payload = {**data, "pages": pages, "start": pages[0], "items": [course.items[i] for i in ids]}
    return ("/* Made by coursekit/scorm.py for this package: the track the launch page reports on. */\n"
            f"globalThis.ckScormTrack = {json.dumps(payload, ensure_ascii=False, separators=(',', ':'))};\n")


def launch_page(title: str) -> str:
    policy = content_security_policy(scripts=[], handlers=[], styles=[], style_attributes=[])
    return (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8" />\n'
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}" />\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            f'<title>{escape(title)}</title>\n'
            f'<script src="{TRACK_SCRIPT}"></script>\n<script src="_static/quiz.js"></script>\n'
            f'<script src="_static/scorm.js" defer></script>\n</head>\n'
            f'<body>\n<p id="ck-scorm-status">Opening the course…</p>\n</body>\n</html>\n')


def manifest(package: Package, title: str) -> str:
    files = "\n".join(f'      <file href="{escape(f)}"/>' for f in [LAUNCH, *package.files])
    ident = f"{IDENTIFIER}-{package.slug}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{ident}-org">
    <organization identifier="{ident}-org">
      <title>{escape(title)}</title>
      <item identifier="{ident}-item" identifierref="{ident}-sco" isvisible="true">
        <title>{escape(title)}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{ident}-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH}">
{files}
    </resource>
  </resources>
</manifest>
"""


def build(root: Path, html_dir: Path, out_dir: Path) -> list[Path]:
    """Write one zip per track; return their paths."""
    course = load_course(root)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for audience in TRACK_NAMES:
        data = track_data(course, audience)
        pages = track_pages(root, data)
        missing = [p for p in pages if not (html_dir / p).is_file()]
        if missing:
            raise SystemExit(f"{html_dir / missing[0]} is missing: build the course first (make book)")
        package = Package(audience, slug(audience), pages, needed_files(html_dir, pages) + [TRACK_SCRIPT, "_static/scorm.js"])
        title = f"Safe and kind online: {data['name']}"
        target = out_dir / f"safe-and-kind-online-{package.slug}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("imsmanifest.xml", manifest(package, title))
            zf.writestr(LAUNCH, launch_page(title))
            zf.writestr(TRACK_SCRIPT, track_script(course, data, pages))
            zf.write(STATIC / "scorm.js", "_static/scorm.js")
            for name in package.files:
                if name not in (TRACK_SCRIPT, "_static/scorm.js"):
                    zf.write(html_dir / name, name)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build one SCORM 1.2 package per track from the built course.")
    parser.add_argument("--root", type=Path, default=Path("."), help="the course's folder (default: here)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        written = build(root, root / "_build" / "html", root / "_build" / "scorm")
    except InvalidContent as invalid:
        print(invalid, file=sys.stderr)
        return 1
    for path in written:
        print(f"{path.relative_to(root)}  {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

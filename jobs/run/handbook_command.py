"""``collabsheet handbook``: write the 权责说明书, one document per department and one for the
company (or only the departments named), as Word, HTML or Markdown files."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from config.errors import ConfigError
from config.settings import Settings
from jobs.run.options import EXIT_OK, Add, Progress, now
from jobs.run.setup_text import say

FORMATS = ("docx", "html", "md")


def _file_name(key: str, dept_name: str, scenario: str | None, fmt: str, locale: str) -> str:
    company = say(locale, "handbook.company")
    parts = [say(locale, "handbook.file"), company if key == "company" else f"{key}_{dept_name}"]
    if scenario:
        parts.append(scenario)
    return re.sub(r'[\\/:*?"<>|\s]+', "-", "_".join(parts)) + f".{fmt}"


def _render(fmt: str) -> Callable[..., bytes]:
    from jobs.handbook.docx_render import render_docx
    from jobs.handbook.html_render import render_html
    from jobs.handbook.md_render import render_md

    if fmt == "docx":
        return render_docx
    text = render_html if fmt == "html" else render_md
    return lambda doc: text(doc).encode("utf-8")


def cmd_handbook(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.checks.validation import validate
    from jobs.handbook.chapters import documents
    from jobs.handbook.duties import read_duties
    from jobs.sla.selection import Selection, shared_name
    from sheets_sync import open_backend
    from sheets_sync.workbook import parse_workbook

    wb = parse_workbook(open_backend(settings, Progress(args.quiet)).read(), settings)
    today = now(settings).date()
    duties = read_duties(
        wb, validate(wb), settings.sla_section, today, args.scenario, settings.locale
    )
    known = {d.dept_id: d.name for d in duties.depts}
    scenarios = sorted(set(wb["responsibilities"].column("scenario")))
    locale = settings.locale
    if args.scenario and args.scenario not in scenarios:
        valid = say(locale, "handbook.and").join(scenarios)
        raise ConfigError(say(locale, "handbook.no_scenario", scenario=args.scenario, valid=valid))
    # a department by id or name (研发部 as D01); a name two of them bear names both
    depts = Selection(tuple(args.dept or ())).named(known, {}).depts
    if shared := shared_name("dept", depts, known):
        raise ConfigError(*shared)
    for dept in depts:
        if dept not in known:
            listed = [f"{k} {n}" if n else k for k, n in known.items()]
            valid = say(locale, "handbook.and").join(listed)
            raise ConfigError(say(locale, "handbook.no_dept", dept=dept, valid=valid))
    out = Path(args.out) if args.out else settings.path.parent / "handbook"
    out.mkdir(parents=True, exist_ok=True)
    render = _render(args.format)
    for doc in documents(duties, list(depts) or None, args.scenario, locale):
        name = _file_name(doc.key, known.get(doc.key, ""), args.scenario, args.format, locale)
        path = out / name
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(render(doc))
        tmp.replace(path)
        print(f"{path}  {doc.title}")
    print(say(locale, "handbook.summary", version=duties.version, pending=len(duties.pending)))
    return EXIT_OK


def register(add: Add) -> None:
    """Add ``handbook`` to the parser."""
    p = add(
        "handbook",
        cmd_handbook,
        "write the 权责说明书 (responsibility handbook) from the matrix, the templates, the SLA "
        "rules and the escalation ladder: one document per department and one for the company",
        "collabsheet handbook --format docx --dept 研发部 --scenario 产品研发",
    )
    p.add_argument(
        "--dept", action="append", metavar="DEPT",
        help="only this department's document, by id or name (repeatable; default: every "
        "department and the company)",
    )  # fmt: skip
    p.add_argument("--scenario", metavar="SCENARIO", help="only this scenario, e.g. 产品研发")
    p.add_argument("--format", choices=FORMATS, default="docx", help="file format (default docx)")
    p.add_argument(
        "--out", metavar="DIR", help="folder for the files (default: handbook/ beside the workbook)"
    )

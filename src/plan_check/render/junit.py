"""JUnit XML for CI test reports (GitHub, GitLab, Jenkins): one testsuite per plan section,
one testcase per goal; a missed or incomplete goal is a failure, a skipped one is skipped.
Data problems (errors) form a last suite, so a red job shows why."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from plan_check.i18n import t
from plan_check.plan import Plan
from plan_check.render import overview, text
from plan_check.render.options import RenderOptions
from plan_check.report import Report, RuleResult

FAILING = ("fail", "incomplete")
# Every character XML 1.0 cannot hold, even escaped: C0 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: a character it cannot is shown as its escape (\\ufffe), as
    ``text.safe`` shows a control character."""
    return _NOT_XML.sub(_escape, text)


def _well_formed(root: ET.Element) -> None:
    """Every attribute and text of the tree made fit for XML 1.0, whatever it came from (a
    unit name, a previous report, the targets file)."""
    for node in root.iter():
        node.attrib = {k: _xml_text(v) for k, v in node.attrib.items()}
        if node.text is not None:
            node.text = _xml_text(node.text)


def _message(r: RuleResult, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    actual = text.actual(r, plan, lang)
    parts = [
        f"{t('col_actual', lang)} {actual}",
        f"{t('col_target', lang)} {text.target(r, plan, lang)}",
    ]
    gap = text.gap(r, plan, lang)
    if gap:
        parts = [gap]
    pace = text.pace(r, lang)  # 快于/慢于序时进度 X 个百分点, in a dated check
    if pace:
        parts.append(pace)
    parts += [text.reason(x, lang, plan) for x in r.reasons]
    change = overview.change_with_status(r, plan, lang)
    if change:
        parts.append(t("change_inline", lang, change=change))
    if r.alert:
        parts.append(f"{t('col_alert', lang)} {overview.alert(r.alert, lang)}")
    return "; ".join(parts)


def render_text(report: Report, plan: Plan, options: RenderOptions) -> str:
    lang = options.lang
    stamp = options.generated.isoformat(timespec="seconds")
    root = ET.Element("testsuites", name="plan-check")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for section, results in text.by_section(report, plan):
        title = section.title.pick(lang)
        failures = sum(r.status in FAILING for r in results)
        skipped = sum(r.status == "skipped" for r in results)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"({section.number}) {title}",
            tests=str(len(results)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time="0",
            timestamp=stamp,
        )
        for r in results:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{r.rule.id}: {text.title(r.rule, lang)}",
                classname=f"plan-check.{section.id}",
                time="0",
            )
            message = _message(r, plan, options)
            if r.status in FAILING:
                failure = ET.SubElement(case, "failure", message=message, type=r.status)
                failure.text = message
            elif r.status == "skipped":
                ET.SubElement(case, "skipped", message=message)
            elif r.status != "pass" or text.needs_units(r):
                # behind the pace, or met by the city with a unit below its share
                # (任务分解): passing, with a note
                ET.SubElement(
                    case, "system-out"
                ).text = f"{text.status(r.status, lang, r.rule)}: {message}"
        totals["tests"] += len(results)
        totals["failures"] += failures
        totals["skipped"] += skipped
    suites = root.findall("testsuite")
    if report.previous is not None and suites:  # what is compared, and what is in one only
        ET.SubElement(suites[0], "system-out").text = overview.previous_line(report, lang)
    errors = report.errors
    if errors:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=t("report_problems", lang, count=report.error_count),
            tests=str(len(errors)),
            failures=str(len(errors)),
            errors="0",
            skipped="0",
            time="0",
            timestamp=stamp,
        )
        for p in errors:
            where = f"{p.file}:{p.cell or p.line or ''}"
            case = ET.SubElement(
                suite, "testcase", name=text.safe(where), classname="plan-check.data", time="0"
            )
            message = (
                f"{text.safe(p.column or '')} {text.safe(p.value or '')!r}: "
                + text.problem_message(p, lang)
            )
            ET.SubElement(
                case, "failure", message=message, type=p.code
            ).text = f"{message}\n{text.problem_accepted(p, lang)}"
        totals["tests"] += len(errors)
        totals["failures"] += len(errors)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    root.set("time", "0")
    _well_formed(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

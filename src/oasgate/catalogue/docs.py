"""``docs/rules.md``, generated from the catalogue: every rule with its side, default
classification, kind, oasdiff aliases, rationale and example pair, the versions policy's
rules, and the share of oasdiff's checks that map to one of our rules.

``oasgate rules --format markdown`` prints it; a test fails when the file in the
repository differs, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from oasgate.catalogue.base import Example, Rule
from oasgate.catalogue.oas32 import ADDITIONS as OAS32_ADDITIONS
from oasgate.catalogue.versions import VERSIONS_RULES

REGENERATE = ".venv/bin/oasgate rules --format markdown > docs/rules.md"
_Writer = Callable[[str], None]
LEVELS = ("ERR", "WARN", "INFO")

#: section titles and introductions, by catalogue module name
_SECTION_TEXT: dict[str, tuple[str, str]] = {
    "structural": (
        "Paths, operations, parameters, properties, bodies, statuses, media types",
        "Existence and requiredness: what can be called, what must be sent, what comes back.",
    ),
    "operations": (
        "Renames, moves and operation identity",
        "Operations and parameters that moved or were renamed, trailing slashes, operationId "
        "and tags, how parameters are serialised, and component schemas.",
    ),
    "content": (
        "Statuses, media types, response headers and links",
        "Status codes are matched with ranges (2XX) and default understood as covering "
        "codes; media types pair exactly, then by essence (parameters changed), then by "
        "wildcard; header names ignore case.",
    ),
    "security": (
        "Security",
        "Requirements are compared as they apply to each operation (its own security, else "
        "the document's); schemes are compared by name, and a renamed scheme with the same "
        "definition is followed.",
    ),
    "oas32": (
        "OpenAPI 3.2",
        "A document that says `openapi: 3.2.x` is read as 3.2; a 3.1 or 3.0 document restated "
        "as 3.2 gives no finding. Every addition of 3.2, and what compares it:\n\n"
        "| 3.2 addition | compared by |\n|---|---|\n"
        + "\n".join(f"| {what} | {how} |" for what, how in OAS32_ADDITIONS),
    ),
    "callbacks": (
        "Callbacks and webhooks",
        "In a callback or a webhook the API sends the request and reads the response, so "
        "their request is judged like a response (widening breaks) and their response like "
        "a request (narrowing breaks). Changes inside their schemas and media types are "
        "reported with the rules of the mirrored side, with the callback named in the "
        "message.",
    ),
    "api": (
        "Servers and versions",
        "Where the API lives, and whether info.version says what changed.",
    ),
    "lifecycle": (
        "Lifecycle",
        "Deprecation, sunset and status rules: judged by what the base document promised "
        "(see docs/lifecycle.md).",
    ),
    "schema": (
        "Schemas",
        "One rule per place a schema sits on the wire and per aspect of it. On the request "
        "side narrowing what is accepted breaks clients; on the response side widening what "
        "is returned does.",
    ),
}


@dataclass(frozen=True)
class OasdiffCheck:
    id: str
    level: str  # ERR | WARN | INFO
    group: str


def oasdiff_checks() -> list[OasdiffCheck]:
    """oasdiff's check ids and levels (Apache-2.0; see docs/reference/README.md)."""
    text = (
        resources.files("oasgate.catalogue")
        .joinpath("oasdiff-check-ids.tsv")
        .read_text(encoding="utf-8")
    )
    return [
        OasdiffCheck(row["oasdiff_id"], row["level"], row["group"])
        for row in csv.DictReader(io.StringIO(text), delimiter="\t")
    ]


@dataclass(frozen=True)
class Coverage:
    level: str
    total: int
    mapped: int
    unmapped: tuple[str, ...]

    @property
    def share(self) -> float:
        return 100.0 * self.mapped / self.total if self.total else 100.0


def coverage(rules: Iterable[Rule], checks: list[OasdiffCheck]) -> list[Coverage]:
    aliases = {alias for rule in rules for alias in rule.aliases}
    result = []
    for level in LEVELS:
        ids = sorted(c.id for c in checks if c.level == level)
        unmapped = tuple(i for i in ids if i not in aliases)
        result.append(Coverage(level, len(ids), len(ids) - len(unmapped), unmapped))
    return result


def render_markdown(rules: Mapping[str, Rule], sections: Mapping[str, tuple[str, ...]]) -> str:
    checks = oasdiff_checks()
    out: list[str] = []
    write = out.append
    write("# Rules\n\n")
    write(
        "<!-- Generated from the rule catalogue (src/oasgate/catalogue); do not edit. "
        f"Regenerate with: {REGENERATE} -->\n\n"
    )
    write(
        "Every change oasgate reports is one of these rules. Each has a stable id (use it in "
        "ignores and severity overrides), the **side** of the wire it is about, its default "
        "**classification** (breaking, warning, compatible, info — the lifecycle gate turns it "
        "into a severity, see the README) and its **kind** (a *change* to promised surface, a "
        "*feature* that adds surface, or a *lifecycle* rule). oasdiff's ids are recorded as "
        "aliases, so a configuration written for oasdiff carries over. Each rule's example "
        "pair is also its test: the rule fires on it, and stays silent on a similar change.\n\n"
    )
    _write_coverage(write, rules, checks)
    write("## Index\n\n")
    write("| rule | side | default | kind | summary |\n|---|---|---|---|---|\n")
    for ids in sections.values():
        for rule_id in ids:
            rule = rules[rule_id]
            write(
                f"| [`{rule.id}`](#{rule.id}) | {rule.side.value} | "
                f"{rule.classification.value} | {rule.kind.value} | {_cell(rule.summary)} |\n"
            )
    write("\n")
    for name, ids in sections.items():
        title, intro = _SECTION_TEXT.get(name, (name.replace("_", " ").capitalize(), ""))
        write(f"## {title}\n\n")
        if intro:
            write(f"{intro}\n\n")
        for rule_id in ids:
            _write_rule(write, rules[rule_id])
    _write_versions(write)
    return "".join(out)


def _write_versions(write: _Writer) -> None:
    write("## The versions policy\n\n")
    write(
        "`oasgate versions` checks a set of documents, one per version of an API, against the "
        "versions policy (see docs/lifecycle.md). These rules are not change rules: no pair of "
        "documents shows one, so they have no example, and every violation is an error.\n\n"
    )
    write("| rule | when |\n|---|---|\n")
    for rule in VERSIONS_RULES:
        write(f"| `{rule.id}` | {_cell(rule.when)} |\n")
    write("\n")


def _write_coverage(write: _Writer, rules: Mapping[str, Rule], checks: list[OasdiffCheck]) -> None:
    write("## Coverage of oasdiff's checks\n\n")
    write(
        "The share of [oasdiff](https://github.com/oasdiff/oasdiff)'s check ids, by its "
        "level, that one of our rules records as an alias "
        "(list: `src/oasgate/catalogue/oasdiff-check-ids.tsv`).\n\n"
    )
    write("| oasdiff level | checks | mapped to an oasgate rule | share |\n|---|---:|---:|---:|\n")
    results = coverage(rules.values(), checks)
    for item in results:
        write(f"| {item.level} | {item.total} | {item.mapped} | {item.share:.1f} % |\n")
    write("\n")
    aliases = {alias for rule in rules.values() for alias in rule.aliases}
    groups = sorted({c.group for c in checks})
    write("By oasdiff group:\n\n| group | checks | mapped | share |\n|---|---:|---:|---:|\n")
    for group in groups:
        ids = [c.id for c in checks if c.group == group]
        mapped = sum(1 for i in ids if i in aliases)
        write(f"| {group} | {len(ids)} | {mapped} | {100.0 * mapped / len(ids):.1f} % |\n")
    write("\n")
    unmapped = [(item.level, check) for item in results for check in item.unmapped]
    if unmapped:
        write(f"Not mapped yet ({len(unmapped)}):\n\n")
        for level, check in unmapped:
            write(f"- `{check}` ({level})\n")
        write("\n")


def _write_rule(write: _Writer, rule: Rule) -> None:
    write(f'### <a id="{rule.id}"></a>`{rule.id}`\n\n')
    facts = [
        f"**side** {rule.side.value}",
        f"**default** {rule.classification.value}",
        f"**kind** {rule.kind.value}",
    ]
    if rule.aliases:
        facts.append("**oasdiff** " + ", ".join(f"`{a}`" for a in rule.aliases))
    write(" · ".join(facts) + "\n\n")
    write(f"{rule.summary[:1].upper()}{rule.summary[1:]}.")
    write(f" Message: “{rule.message}”.\n\n")
    if rule.rationale:
        write(f"{rule.rationale}\n\n")
    _write_example(write, rule.example)


def _write_example(write: _Writer, example: Example) -> None:
    for label, text in (("base", example.base), ("revision", example.revision)):
        whole = text.lstrip().startswith(("openapi:", "swagger:"))
        caption = label if whole else f"{label} (`paths`)"
        write(f"{caption}:\n\n```yaml\n{text.rstrip()}\n```\n\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

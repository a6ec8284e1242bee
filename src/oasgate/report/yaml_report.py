"""The JSON report's data as YAML (SPEC §6: "the same as json")."""

from __future__ import annotations

import yaml

from oasgate.findings import Report
from oasgate.report.json_report import report_data


def render(report: Report) -> str:
    text: str = yaml.dump(
        report_data(report),
        Dumper=yaml.SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    return text

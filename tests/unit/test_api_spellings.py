"""The Python API takes the CLI's spellings as well as typed values (docs/api.md,
"Arguments"): ``fail_on="warning"`` is ``Severity.WARNING``, ``today="2026-03-01"`` is
``date(2026, 3, 1)``, ``policy="five-stage"`` is the preset's ``Config``, a limits table
is a ``Limits``, ``"sarif"`` is ``Format.SARIF``; a wrong spelling is one
``ValueError`` (also an ``OasgateError``) that names what is accepted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oasgate
from oasgate.arguments import ArgumentError
from oasgate.loading.limits import Limits
from oasgate.policy.presets import PRESET_NAMES
from oasgate.report import Format
from tests.conftest import REPO

BASE = str(REPO / "examples" / "petstore" / "base.yaml")
REVISION = str(REPO / "examples" / "petstore" / "revision.yaml")
BASE_MODEL = oasgate.load(BASE)
REVISION_MODEL = oasgate.load(REVISION)


def test_fail_on_as_a_string_gives_a_report_that_can_fail() -> None:
    report = oasgate.check(BASE, REVISION, fail_on="warning")
    assert report.fail_on is oasgate.Severity.WARNING
    assert report.failed is True
    assert oasgate.check(BASE, REVISION, fail_on="info").failed is True


@settings(max_examples=25, deadline=None)
@given(
    severity=st.sampled_from(list(oasgate.Severity)),
    day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    preset=st.sampled_from(PRESET_NAMES),
)
def test_string_spellings_and_typed_values_give_the_same_report(
    severity: oasgate.Severity, day: dt.date, preset: str
) -> None:
    spelt = oasgate.check(
        BASE_MODEL, REVISION_MODEL, fail_on=severity.value, today=day.isoformat(), policy=preset
    )
    typed = oasgate.check(
        BASE_MODEL,
        REVISION_MODEL,
        fail_on=severity,
        today=day,
        config=oasgate.load_config(policy=preset, discover_files=False),
    )
    assert spelt == typed
    assert spelt.failed == typed.failed


@settings(max_examples=10, deadline=None)
@given(depth=st.integers(32, 512), size=st.sampled_from(["1MB", "16MB", "128MB"]))
def test_limits_as_a_table_are_the_limits(depth: int, size: str) -> None:
    table = {"max-depth": depth, "max-input-size": size}
    spelt = oasgate.load(BASE, limits=table)
    typed = oasgate.load(BASE, limits=Limits.from_mapping(table))
    assert oasgate.check(spelt, REVISION_MODEL) == oasgate.check(typed, REVISION_MODEL)


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_render_takes_the_format_name_or_the_member(fmt: Format) -> None:
    report = oasgate.check(BASE_MODEL, REVISION_MODEL, today="2026-01-01")
    assert oasgate.render(report, fmt.value) == oasgate.render(report, fmt)


@pytest.mark.parametrize(
    ("call", "accepted"),
    [
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, fail_on="warn"), "'warning'"),
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, fail_on=2), "'error'"),
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, today="tomorrow"), "ISO 8601"),
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, today=20260101), "ISO 8601"),
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, policy="strict"), "'five-stage'"),
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, strict="no"), "True or False"),
        (lambda: oasgate.check(BASE_MODEL, REVISION_MODEL, config=3), "Config"),
        (lambda: oasgate.load(BASE, limits={"max-dept": 3}), "max-depth"),
        (lambda: oasgate.load(BASE, limits=64), "Limits"),
        (lambda: oasgate.render(oasgate.check(BASE_MODEL, REVISION_MODEL), "pdf"), "'sarif'"),
        (lambda: oasgate.load_config(policy="strict", discover_files=False), "'five-stage'"),
    ],
)
def test_a_wrong_spelling_is_one_clear_error(call: Any, accepted: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        call()
    assert accepted in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, oasgate.OasgateError)


@settings(max_examples=10, deadline=None)
@given(months=st.integers(1, 36))
def test_a_deprecation_window_as_text_or_duration(months: int) -> None:
    from oasgate.policy.dates import parse_duration

    config = oasgate.load_config(discover_files=False)
    spelt = config.with_flags(deprecation_window=f"{months} months")
    typed = config.with_flags(deprecation_window=parse_duration(f"{months} months"))
    assert spelt == typed
    assert oasgate.check(BASE_MODEL, REVISION_MODEL, config=spelt) == oasgate.check(
        BASE_MODEL, REVISION_MODEL, config=typed
    )

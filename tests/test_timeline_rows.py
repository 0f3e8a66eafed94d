"""The Progress timeline labels every bar in full (no label dropped for overlap or cut short)
and says what it draws: how many tasks, of how many with a hand-off and a due time, and how
many open tasks have no span to draw."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.text import TEXT
from dashboard.views.board_timeline import LABEL_PX, ROW_PX, TIMELINE_ROWS
from tests.support.dashboard import open_page, point_at, start, texts, unescape

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_bar_labelled_and_the_caption_says_what_is_drawn(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    point_at(demo_xlsx, tmp_path, monkeypatch, f'\n[general]\nlocale = "{locale}"\n')
    at = open_page(start(), "views/progress.py")
    at.session_state["progress_view"] = TEXT[locale]["progress.timeline"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    spec: dict[str, Any] = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False and axis["labelLimit"] == LABEL_PX >= 300
    numbers = [
        [int(n) for n in re.findall(r"\d+", unescape(t))]
        for t in texts(at)
        if re.match(r"画出 \d+ 项：" if locale != "en" else r"\d+ drawn: ", unescape(t))
    ]
    assert len(numbers) == 1, texts(at)
    shown, timed, most, untimed = numbers[0]
    assert 0 < shown <= most == TIMELINE_ROWS and timed >= shown
    assert shown == min(timed, TIMELINE_ROWS)
    assert spec["height"] >= ROW_PX * shown and ROW_PX >= 20  # room for every label
    opened = {m.label: m.value for m in at.metric}[TEXT[locale]["col.open"]]
    assert timed + untimed == int(opened.replace(",", ""))  # every open task accounted for

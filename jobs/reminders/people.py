"""Who a reminder goes to: a person of the people tab, and the IM id fit to @-mention."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_IM_ID = re.compile(r"^[A-Za-z0-9_.+-]{2,64}$")
_EVERYONE = {"all", "everyone", "here", "channel", "所有人"}


def im_id(value: Any) -> str:
    """An IM id or mobile fit to @-mention: never "all" or anything that is not an id."""
    text = str(value or "").strip()
    ok = _IM_ID.match(text) and text.lower().lstrip("@") not in _EVERYONE
    return text if ok else ""


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    dept_id: str
    email: str
    im_id: str
    role: str

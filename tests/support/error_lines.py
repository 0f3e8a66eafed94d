"""The CLI's prefix of an error line (exit 2) in each locale, as the tests expect it exactly."""

from __future__ import annotations

ERROR = {"zh-CN": "collabsheet: 错误：", "en": "collabsheet: error: "}

"""Google's error answers as clear errors: what happened and what to do, one per cause.

A 403 has three everyday causes that need three different fixes, told apart by the
``ErrorInfo`` detail of Google's error body (AIP-193; ``errors[].reason`` in older bodies):
the sheet is not shared with the account, the token lacks the spreadsheets scope
(``ACCESS_TOKEN_SCOPE_INSUFFICIENT``: the usual result of a plain ``gcloud auth
application-default login``), or the Sheets API is off in the Cloud project
(``SERVICE_DISABLED`` / ``accessNotConfigured``, with the console link in the details).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gspread.exceptions import APIError

from config.errors import BackendError, ConfigError, TabMissingError, WorkbookNotFoundError
from sheets_sync.a1 import column
from sheets_sync.retry import Transient, retry_after_seconds

ADC_LOGIN = (
    "gcloud auth application-default login --scopes="
    "https://www.googleapis.com/auth/spreadsheets,https://www.googleapis.com/auth/cloud-platform"
)
ENABLE_PAGE = "https://console.cloud.google.com/apis/library/sheets.googleapis.com"
_EXISTS = re.compile(r'A sheet with the name "(.*)" already exists')


class TabExistsError(BackendError):
    """addSheet found the tab already there: created by an earlier try whose answer was lost,
    or by someone else meanwhile. The writer re-reads the tabs and writes again."""


def reasons(error: Mapping[str, Any]) -> set[str]:
    """The machine-readable reasons of a Google error body (details and legacy errors)."""
    out = {str(d.get("reason", "")) for d in error.get("details", []) if isinstance(d, dict)}
    out |= {str(e.get("reason", "")) for e in error.get("errors", []) if isinstance(e, dict)}
    return out - {""}


def activation_url(error: Mapping[str, Any]) -> str:
    """The console page that enables the Sheets API for the project the error names."""
    for d in error.get("details", []):
        if not isinstance(d, dict):
            continue
        url = (d.get("metadata") or {}).get("activationUrl")
        if url:
            return str(url)
        for link in d.get("links", []):
            if isinstance(link, dict) and link.get("url"):
                return str(link["url"])
    found = re.search(r"https://console\.\S+?(?=\s|$)", str(error.get("message", "")))
    return found.group(0).rstrip(".") if found else ENABLE_PAGE


ANYONE = ("当前使用的账号", "the account in use")  # who, when the credentials name nobody


def api_error(
    exc: APIError, what: str, key: str, who: str, missing: str | None = None
) -> Exception:
    """The error to raise for Google's answer ``exc`` to the request doing ``what``:
    ``Transient`` when worth retrying, else a clear error naming the fix."""
    status = exc.response.status_code
    code = exc.code if isinstance(exc.code, int) and exc.code > 0 else status
    error = exc.error if isinstance(exc.error, Mapping) else {}
    message = str(error.get("message", ""))
    if code in (408, 429) or code >= 500:
        wait = retry_after_seconds(exc.response.headers.get("Retry-After"))
        return Transient(f"{code} {error.get('status', '')}: {message}".strip(), wait)
    if code == 403:
        return forbidden(error, key, who)
    if code == 404:
        return WorkbookNotFoundError(
            f"找不到表格 {key}（{message}）：请检查 [workbook] spreadsheet"
            "（表格网址中 /d/ 与 /edit 之间的那一段）",
            f"spreadsheet {key} not found ({message}): check [workbook] spreadsheet "
            "(the key between /d/ and /edit in the sheet's URL)",
        )
    # a tab deleted between the check and the write: its range, or its sheetId in a batch
    if missing is not None and ("Unable to parse range" in message or "No grid with id" in message):
        return TabMissingError(
            f"工作簿中没有工作表「{missing}」，无法追加行"
            "（请创建该表，或在 [tabs] 中改正它的名称）",
            f"tab {missing!r} not found in the workbook; cannot append to it "
            "(create the tab or fix its title in [tabs])",
        )
    exists = _EXISTS.search(message)
    if exists:
        return TabExistsError(f"tab {exists.group(1)!r} already exists in spreadsheet {key}")
    return BackendError(
        f"Google 表格拒绝了对表格 {key} 的请求：{message}",
        f"Google Sheets refused to {what} in spreadsheet {key}: {message}",
    )


def forbidden(error: Mapping[str, Any], key: str, who: str) -> Exception:
    """A 403, by cause: scope missing, API disabled, or the sheet not shared."""
    why = reasons(error)
    message = str(error.get("message", ""))
    zh_who, en_who = (who or ANYONE[0]), (who or ANYONE[1])
    if "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in why or "insufficient authentication scopes" in message:
        return ConfigError(
            f"所用的 Google 凭据（{zh_who}）缺少表格权限范围（ACCESS_TOKEN_SCOPE_INSUFFICIENT）。"
            f"使用应用默认凭据时请带上该范围重新登录：`{ADC_LOGIN}`；或把 [google] "
            "credentials_file 设为服务账号的 JSON 密钥",
            f"the Google credentials in use ({en_who}) lack the spreadsheets scope "
            "(ACCESS_TOKEN_SCOPE_INSUFFICIENT). With application-default credentials sign in "
            f"again asking for it: `{ADC_LOGIN}`; or set [google] credentials_file to a "
            "service-account JSON key",
        )
    if why & {"SERVICE_DISABLED", "accessNotConfigured"} or "has not been used in project" in (
        message
    ):
        return ConfigError(
            "这些凭据所属的 Google Cloud 项目未启用 Google Sheets API（SERVICE_DISABLED）："
            f"请在 {activation_url(error)} 启用，等几分钟后再运行",
            "the Google Sheets API is disabled in the Google Cloud project of these credentials "
            f"(SERVICE_DISABLED): enable it at {activation_url(error)} , wait a few minutes, "
            "then run again",
        )
    if "protected cell" in message:
        return BackendError(
            f"表格 {key}：{message.rstrip('.')}；请表格所有者允许 {zh_who} 编辑这些单元格"
            "（数据 › 保护工作表和范围），然后再运行",
            f"spreadsheet {key}: {message.rstrip('.')}; ask the sheet's owner to let {en_who} "
            "edit those cells (Data › Protect sheets and ranges), then run again",
        )
    return BackendError(
        f"无权访问表格 {key}（{message}）：请把表格共享给 {zh_who} 并设为编辑者"
        "（Google 表格右上角的“共享”），然后再运行",
        f"no access to spreadsheet {key} ({message}): share the sheet with {en_who} as Editor "
        "(Share button in Google Sheets), then run again",
    )


def sent_size(body: Any) -> int:
    """Bytes of a JSON body as requests sends it (``json.dumps``, ASCII-escaped): a Chinese
    character is 6 bytes on the wire, an emoji 12; the ~2 MB budget counts these."""
    return len(json.dumps(body, allow_nan=False))


def non_finite(title: str, rows: Iterable[Sequence[Any]], row0: int = 0, col0: int = 0) -> None:
    """Refuse NaN / infinity before sending (JSON has no such numbers; retrying cannot help):
    a clear error naming the first such cell as ``tab!A1`` (``row0`` / ``col0``: 0-based
    sheet position of ``rows[0][0]``)."""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, float) and not math.isfinite(v):
                raise BackendError(
                    f"cell {title}!{column(col0 + c)}{row0 + r + 1} holds {v!r}, not a number "
                    "Google Sheets can store; fix the value that produced it (nothing was "
                    "written)"
                )

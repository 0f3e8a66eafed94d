"""Google credentials: a service-account key (file or environment JSON) or ADC.

Scope is limited to spreadsheets (no Drive). Errors name where the key came from and how to fix
it, and never echo the key itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import google.auth
import google.auth.exceptions
from google.auth.credentials import Credentials
from google.oauth2 import service_account

from config.errors import ConfigError
from config.workbook_settings import CredentialSettings

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)


def load_credentials(settings: CredentialSettings) -> tuple[Credentials, str]:
    """Credentials and the account's email: env JSON, else the key file, else ADC."""
    env = settings.secret("google_credentials")
    path = settings.google_credentials_file
    if env:
        where = "environment variable COLLABSHEET_GOOGLE_CREDENTIALS"
        try:
            info = json.loads(env)
        except ValueError:
            raise ConfigError(
                f"{where}：不是有效的 JSON；请把服务账号密钥文件的内容（从 Google Cloud 下载的"
                "整个 JSON）放进去",
                f"{where} is not valid JSON; put the service account's key file content in it "
                "(the whole JSON downloaded from Google Cloud)",
            ) from None
        return service_account_credentials(info, where)
    if path:
        where = f"{settings.source}: google.credentials_file = {path!r}"
        try:
            info = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"{where}：文件不存在；请下载服务账号的 JSON 密钥（Google Cloud 控制台 › IAM › "
                "服务账号 › 密钥）并给出它的路径",
                f"{where}: file not found; download a JSON key of the service account "
                "(Google Cloud console › IAM › Service accounts › Keys) and give its path",
            ) from None
        except (OSError, ValueError, UnicodeDecodeError):
            raise ConfigError(
                f"{where}：不是 JSON 密钥文件；请重新下载服务账号的密钥",
                f"{where}: not a JSON key file; download the service account's key again",
            ) from None
        return service_account_credentials(info, where)
    try:
        creds, _ = google.auth.default(scopes=SCOPES)
    except google.auth.exceptions.DefaultCredentialsError:
        raise ConfigError(
            "没有 Google 凭据：请把 [google] credentials_file 设为服务账号的 JSON 密钥，或把"
            "密钥内容放进 COLLABSHEET_GOOGLE_CREDENTIALS，或运行 `gcloud auth "
            "application-default login --scopes=https://www.googleapis.com/auth/spreadsheets,"
            "https://www.googleapis.com/auth/cloud-platform`（不带 --scopes 得到的令牌打不开"
            "表格；见 README 的 Google 表格一节）",
            "no Google credentials: set [google] credentials_file to a service-account JSON key, "
            "or COLLABSHEET_GOOGLE_CREDENTIALS to its content, or run `gcloud auth "
            "application-default login --scopes=https://www.googleapis.com/auth/spreadsheets,"
            "https://www.googleapis.com/auth/cloud-platform` (without --scopes the token cannot "
            "open spreadsheets; see README, Google Sheets)",
        ) from None
    return creds, str(getattr(creds, "service_account_email", "") or "")


def service_account_credentials(info: Any, where: str) -> tuple[Credentials, str]:
    """Service-account credentials from parsed key JSON; never echoes the key."""
    missing = [
        k
        for k in ("client_email", "private_key", "token_uri")
        if not isinstance(info, dict) or not info.get(k)
    ]
    if missing:
        raise ConfigError(
            f"{where}：服务账号密钥缺少 {'、'.join(missing)}；请重新下载服务账号的 JSON 密钥"
            "（type 为 'service_account'）",
            f"{where}: a service-account key needs {', '.join(missing)}; download a new JSON key "
            "of the service account (type 'service_account')",
        )
    try:
        creds = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
    except (ValueError, TypeError, IndexError):
        raise ConfigError(
            f"{where}：{info['client_email']} 的 private_key 无法加载（PEM 格式有误）；"
            "请重新下载服务账号的 JSON 密钥",
            f"{where}: the private_key of {info['client_email']} could not be loaded (malformed "
            "PEM); download a new JSON key of the service account",
        ) from None
    return creds, str(info["client_email"])

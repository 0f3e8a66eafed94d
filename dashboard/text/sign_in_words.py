"""The sign-in's words (dashboard/auth.py), by locale: the form, its errors and the sidebar's
signed-in line."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "登录",
        "user": "用户名",
        "password": "密码",
        "submit": "登录",
        "wrong": "用户名或密码不正确。",
        "at": "（第 {line} 行第 {column} 列）",
        "unreadable": "看板已启用登录，但 {file} 不是有效的 UTF-8 TOML{where}：请改正后刷新。"
        "在此之前不显示任何数据。",
        "blocked": "该用户名登录失败次数过多，请 {minutes} 分钟后再试。",
        "oidc": "请使用单位账号登录后查看数据。",
        "oidc.button": "使用单位账号登录",
        "logout": "退出登录",
        "signed_in": "已登录：{name}",
        "missing": '看板已启用登录（[dashboard] auth = "{mode}"），但缺少密钥配置：请在 {file} '
        "中添加 {key}。在此之前不显示任何数据。",
        "or_users": "（或按人设置 [collabsheet.users.<用户名>]）",
        "authlib": "auth = \"oidc\" 需要 Authlib：请运行 pip install 'Authlib>=1.3.2'。",
        "shared": "[dashboard] viewer_dept = true 需要每人一个账号：请在 {file} 中使用 "
        "[collabsheet.users.<用户名>]（含 password_hash 与 depts），而不是共享密码。",
    },
    "en": {
        "title": "Sign in",
        "user": "User name",
        "password": "Password",
        "submit": "Sign in",
        "wrong": "Wrong user name or password.",
        "at": " (line {line}, column {column})",
        "unreadable": "Sign-in is on, but {file} is not valid UTF-8 TOML{where}: correct it and "
        "reload. "
        "No data is shown until then.",
        "blocked": "Too many failed sign-ins for this user name: try again in {minutes} min.",
        "oidc": "Sign in with your organisation account to see the data.",
        "oidc.button": "Sign in with your organisation account",
        "logout": "Sign out",
        "signed_in": "Signed in: {name}",
        "missing": 'The dashboard requires sign-in ([dashboard] auth = "{mode}") but its secrets '
        "are missing: add {key} to {file}. No data is shown until then.",
        "or_users": " (or one per person, [collabsheet.users.<name>])",
        "authlib": "auth = \"oidc\" needs Authlib: run pip install 'Authlib>=1.3.2'.",
        "shared": "[dashboard] viewer_dept = true needs one account per person: use "
        "[collabsheet.users.<name>] (with password_hash and depts) in {file}, not a shared "
        "password.",
    },
}


def words(locale: str, name: str, /, **params: object) -> str:
    """``name``'s text in ``locale`` (English when it has none), formatted with ``params``."""
    text = TEXT.get(locale, TEXT["en"]).get(name) or TEXT["en"][name]
    return text.format(**params) if params else text

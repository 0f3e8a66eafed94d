"""Who may see the dashboard: ``[dashboard] auth`` in the config, credentials in secrets.toml.

``auth = "none"`` (the default, the local demo) lets everyone in. ``"password"`` shows a
sign-in form and checks it against ``[collabsheet]`` in Streamlit's ``.streamlit/secrets.toml``:
one shared ``dashboard_password_hash`` (or ``dashboard_password``) for a small team, or one
entry per person under ``[collabsheet.users.NAME]`` (``password_hash`` or ``password``, and
``depts``). ``"oidc"`` uses Streamlit's own ``st.login()`` with the ``[auth]`` section.

``gate`` runs in app.py before any data is read: until the viewer has signed in it draws the
sign-in (or a configuration error) and calls ``st.stop()``, so no page, no read and no number
is produced for an anonymous browser. Passwords are compared in constant time, hashed with
scrypt (``python -m dashboard.auth`` makes a hash; dashboard/password.py), never stored in
session state and never logged. With ``[dashboard] viewer_dept = true`` the viewer's
departments come from secrets (``depts`` of a user, or ``[collabsheet.viewers]`` email -> depts
for OIDC), else from the people tab (see dashboard/scope.py); ``"*"`` means every department.
"""

from __future__ import annotations

import getpass
import importlib.metadata
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import streamlit as st

from config.settings import Settings
from dashboard.attempts import ATTEMPTS
from dashboard.password import DUMMY_HASH, hash_password, verify_password
from dashboard.text.sign_in_words import words as _t

SECRETS_FILE = ".streamlit/secrets.toml"
SECTION = "collabsheet"
VIEWER_KEY = "collabsheet_viewer"  # session state: the signed-in Viewer
SCOPE_KEY = "collabsheet_dept_scope"  # session state: frozenset of dept_ids, or None for all
OIDC_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
_FAIL_DELAY_S = 1.0  # slows guessing; one failed try per second per session


@dataclass(frozen=True)
class Viewer:
    """A signed-in viewer: a name to show, and the departments secrets give them.

    ``depts`` is None when secrets say nothing (the people tab decides, see scope.py) and
    ``("*",)`` for every department.
    """

    name: str
    email: str = ""
    depts: tuple[str, ...] | None = None


OPEN = Viewer("")  # auth = "none": everyone, every department


def read_secrets() -> dict[str, Any]:
    """The whole secrets.toml as a dict ({} when there is no such file; a file that does not
    parse is a ``SecretsUnreadable`` naming the line: trial27, it was said to lack a key)."""
    try:
        return dict(st.secrets.to_dict())
    except UnicodeDecodeError as exc:  # saved as GBK on Chinese Windows: not UTF-8 (review33)
        raise SecretsUnreadable() from exc
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError) as exc:
        if not str(exc).startswith("No secrets"):  # "Error parsing secrets file at …" and
            at = re.search(r"at line (\d+), column (\d+)", str(exc))  # the like: not absent
            raise SecretsUnreadable(*(at.groups() if at else ())) from exc
        return {}


class SecretsUnreadable(Exception):
    """secrets.toml is there and is not TOML: its line and column when known (review32: at
    its end, none), never the file's path."""

    def where(self, locale: str) -> str:
        return _t(locale, "at", line=self.args[0], column=self.args[1]) if self.args else ""


def _depts(value: Any) -> tuple[str, ...] | None:
    """``depts`` from secrets: "*", "D01", or ["D01", "D02"]."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value.strip(),)
    return tuple(str(v).strip() for v in value)


def check_credentials(secrets: Mapping[str, Any], user: str, password: str) -> Viewer | None:
    """The viewer these credentials sign in, or None. Unknown users cost as much as known ones."""
    section = secrets.get(SECTION, {})
    users: Mapping[str, Any] = section.get("users", {})
    if users:
        entry = users.get(user.strip())
        if not isinstance(entry, Mapping):
            verify_password(password, DUMMY_HASH, None)  # same cost as a known user
            return None
        ok = verify_password(password, entry.get("password_hash"), entry.get("password"))
        email = str(entry.get("email", ""))
        return Viewer(user.strip(), email, _depts(entry.get("depts"))) if ok else None
    shared_hash = section.get("dashboard_password_hash")
    shared_plain = section.get("dashboard_password")
    return Viewer("") if verify_password(password, shared_hash, shared_plain) else None


def missing_secret(settings: Settings, secrets: Mapping[str, Any]) -> str | None:
    """The secrets.toml key the configured sign-in still needs, or None when all is there."""
    section = secrets.get(SECTION, {})
    if settings.dashboard_auth == "password":
        users = section.get("users")
        if not users and not (
            section.get("dashboard_password_hash") or section.get("dashboard_password")
        ):
            return "[collabsheet] dashboard_password_hash"
    if settings.dashboard_auth == "oidc":
        auth = secrets.get("auth", {})
        providers = [v for v in auth.values() if isinstance(v, Mapping)]
        for key in OIDC_KEYS:  # the last three may sit in a provider table, [auth.NAME]
            where = (auth,) if key in ("redirect_uri", "cookie_secret") else (auth, *providers)
            if not any(w.get(key) for w in where):
                return f"[auth] {key}"
    return None


def _oidc_viewer(secrets: Mapping[str, Any]) -> Viewer | None:
    user = st.user.to_dict()
    if not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "")
    viewers: Mapping[str, Any] = secrets.get(SECTION, {}).get("viewers", {})
    lower = {str(k).lower(): v for k, v in viewers.items()}
    name = str(user.get("name") or email)
    return Viewer(name, email, _depts(lower.get(email.lower())))


def _provider(secrets: Mapping[str, Any]) -> str | None:
    """None for one provider set in [auth] itself, else the first [auth.NAME] table."""
    auth = secrets.get("auth", {})
    if auth.get("client_id"):
        return None
    return next((k for k, v in auth.items() if isinstance(v, Mapping)), None)


def _sign_in_form(settings: Settings, secrets: Mapping[str, Any], locale: str) -> Viewer | None:
    has_users = bool(secrets.get(SECTION, {}).get("users"))
    with st.form("collabsheet_sign_in", clear_on_submit=True):
        st.subheader(_t(locale, "title"))
        user = st.text_input(_t(locale, "user")) if has_users else ""
        password = st.text_input(_t(locale, "password"), type="password")
        submitted = st.form_submit_button(_t(locale, "submit"), type="primary")
    if not submitted:
        return None
    at = time.monotonic()
    wait = ATTEMPTS.reserve(user, at)  # across sessions, before the check (dashboard/attempts.py)
    if wait:
        st.error(_t(locale, "blocked").format(minutes=math.ceil(wait / 60)), icon=":material/lock:")
        return None
    viewer = check_credentials(secrets, user, password)
    if viewer is None:  # a name that is no user's may be a password typed in the wrong field
        known = user.strip() in secrets.get(SECTION, {}).get("users", {}) or not has_users
        ATTEMPTS.failed(repr(user.strip()) if known else "<not a user>", user, at)
        time.sleep(_FAIL_DELAY_S)
        st.error(_t(locale, "wrong"), icon=":material/lock:")
    else:
        ATTEMPTS.succeeded(user, at)
    return viewer


def authlib_installed() -> bool:
    """Whether Authlib 1.3.2 or later, which ``st.login`` needs, is installed."""
    try:
        version = importlib.metadata.version("Authlib")
    except importlib.metadata.PackageNotFoundError:
        return False
    return tuple(int(n) for n in re.findall(r"\d+", version)[:3]) >= (1, 3, 2)


def gate(
    settings: Settings, locale: str, hide_pages: Callable[[], object] = lambda: None
) -> Viewer:
    """The signed-in viewer; otherwise draw the sign-in or the error and stop the script run.

    Before stopping it calls ``hide_pages`` (app.py registers the pages hidden): a run that
    registers no navigation would leave the page list of the last signed-in run in the
    sidebar, e.g. after signing out."""

    def stop(error: str | None = None) -> NoReturn:
        hide_pages()
        if error is not None:
            st.error(error, icon=":material/lock:")
        st.stop()

    if settings.dashboard_auth == "none":
        return OPEN
    try:
        secrets = read_secrets()
    except SecretsUnreadable as exc:
        stop(_t(locale, "unreadable", file=SECRETS_FILE, where=exc.where(locale)))
    missing = missing_secret(settings, secrets)
    if missing:
        if missing.endswith("dashboard_password_hash"):  # trial24: English in the Chinese line
            missing += _t(locale, "or_users")
        stop(_t(locale, "missing", mode=settings.dashboard_auth, key=missing, file=SECRETS_FILE))
    if settings.dashboard_auth == "oidc":
        if not authlib_installed():
            stop(_t(locale, "authlib"))
        viewer = _oidc_viewer(secrets)
        if viewer is None:
            st.info(_t(locale, "oidc"), icon=":material/lock:")
            st.button(
                _t(locale, "oidc.button"),
                on_click=st.login,
                args=(_provider(secrets),),
                type="primary",
            )
            stop()
    else:
        stored = st.session_state.get(VIEWER_KEY)
        viewer = stored if isinstance(stored, Viewer) else _sign_in_form(settings, secrets, locale)
        if viewer is None:
            stop()
        if stored is None:
            st.session_state[VIEWER_KEY] = viewer
            st.rerun()  # draw the data without the form
    assert viewer is not None
    if settings.dashboard_viewer_dept and not viewer.name:
        stop(_t(locale, "shared", file=SECRETS_FILE))
    sign_out_button(settings, viewer, locale)
    return viewer


def sign_out_button(settings: Settings, viewer: Viewer, locale: str) -> None:
    """The sidebar's signed-in line and its sign-out button."""
    if viewer.name:
        st.sidebar.caption(_t(locale, "signed_in", name=viewer.name))
    if st.sidebar.button(_t(locale, "logout"), icon=":material/logout:"):
        st.session_state.pop(VIEWER_KEY, None)
        st.session_state.pop(SCOPE_KEY, None)
        if settings.dashboard_auth == "oidc":
            st.logout()
        st.rerun()


def main() -> None:
    """``python -m dashboard.auth``: ask for a password, print its hash as the lines of
    secrets.toml: the shared password's key and a person's (trial24: it printed
    ``password_hash`` only, and pasted under [collabsheet] the dashboard said it was missing)."""
    password = getpass.getpass("密码 / password: ")
    if not password or password != getpass.getpass("再输一次 / again: "):
        raise SystemExit("两次输入不同（或为空），未输出 / the two passwords differ (or are "
                         "empty); nothing printed")  # fmt: skip
    hashed = hash_password(password)
    print(f"# {SECRETS_FILE}：共享密码写在 [collabsheet] 下 / a shared password, under "
          f'[collabsheet]\ndashboard_password_hash = "{hashed}"\n'
          "# 或按人写在 [collabsheet.users.<用户名>] 下 / or one per person, under "
          f'[collabsheet.users.<name>]\npassword_hash = "{hashed}"')  # fmt: skip


if __name__ == "__main__":
    main()

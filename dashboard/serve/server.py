"""The dashboard's server process: ``python -m dashboard.serve.server run SCRIPT [options]``.

It imports what the pages use (pandas, pyarrow, Altair, the jobs, every page module) before
Streamlit starts listening, then hands over to Streamlit's own command line, as
``python -m streamlit`` runs it. Streamlit runs page scripts in this process, so the first
visitor does not wait for a second of imports; the server is simply ready a second later (as
``gunicorn --preload`` does for web apps). Without it the first page view imports them.
"""

from __future__ import annotations

import importlib
import runpy
import sys
from collections.abc import Sequence

from dashboard.registry import PAGES

# Streamlit's own modules that a first page view imports: internal names (see
# dashboard/serve/__init__.py); one renamed is skipped here and imported on first use again
STREAMLIT_MODULES = (
    "streamlit.emojis",  # 0.2 s: the first st.Page icon check reads the emoji table
    "streamlit.material_icon_names",
    "streamlit.dataframe.lazy_df_adapters",
)
PRELOAD = (
    "numpy",
    "pandas",
    "pyarrow",
    "altair",
    "pyarrow.pandas_compat",
    "holidays.countries",  # the working calendar's China(), and the rest: loaded on first use
    "streamlit",
    *STREAMLIT_MODULES,
    "dashboard.app",
    *(f"dashboard.{spec.file.removesuffix('.py').replace('/', '.')}" for spec in PAGES),
)


def preload(names: Sequence[str] = PRELOAD) -> None:
    """Import ``names`` (those not installed are skipped: Streamlit reports them if used)."""
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def warm_up() -> None:
    """Altair reads its JSON schema on the first chart it checks (a twentieth of a second):
    read it now rather than during the first visitor's page."""
    import altair as alt
    import pandas as pd

    alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").to_dict()


def main(argv: Sequence[str] | None = None) -> None:
    """Preload, then run ``python -m streamlit`` with ``argv`` (default: this process's
    arguments) in this process."""
    args = list(sys.argv[1:] if argv is None else argv)
    preload()
    warm_up()
    sys.argv = ["streamlit", *args]
    runpy.run_module("streamlit", run_name="__main__")


if __name__ == "__main__":
    main()

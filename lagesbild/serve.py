"""Start the app: `python -m lagesbild.serve [streamlit run options]` (what scripts/start.sh runs).

Streamlit treats a folder named `pages/` beside the main script as its legacy multipage folder
until `st.navigation` has run once in the process; a fresh server's first request for a deep link
(`/trygghet?plats=…`) then shows a "Page not found" dialog before app.py takes over. Our `pages/`
only holds the pages app.py registers, so we tell Streamlit so before the server starts.
"""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> int:
    from lagesbild import settings

    # Several processes may serve one database (docs/scaling.md): say which one, token hidden.
    print(f"Lägesbild: databasen är {settings.describe(settings.db_path())}", file=sys.stderr, flush=True)
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())

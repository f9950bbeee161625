"""Importera data: drop files, check them, import; history with undo; templates."""
import streamlit as st

from lagesbild import access, ui, ui_import

st.title("Importera data")
ui.demo_notice(ui.data_status())
access.login_box()
if not access.require_editor():
    st.stop()

ui_import.last_results()
upload, log, blanks = st.tabs(["Importera", "Historik", "Mallar"])
with upload:
    files = st.file_uploader(
        "Dra in en eller flera filer (CSV, TXT, Excel, JSON eller Parquet)", accept_multiple_files=True,
        key=f"import.files.{st.session_state.get('import.uploader', 0)}",
        help="Filtypen avgörs av innehållet. Inget sparas förrän du klickar på «Importera».")
    pasted = ui_import.pasted_file()
    cards = [ui_import.file_card(f) for f in [*(files or []), *([pasted] if pasted else [])]]
    ready = [card for card in cards if card[3].status == "ok"]
    if cards:
        ui_import.import_button(ready)
    else:
        st.caption("Filer från Brå, SCB, Kolada och Polisen läses som de laddas ned. Egna siffror: se «Mallar».")
with log:
    ui_import.history()
with blanks:
    ui_import.templates()

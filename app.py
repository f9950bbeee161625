"""Lägesbild: the router. Each page shows the shared place and period pickers itself
(lagesbild.ui.sidebar_selection), which keeps them testable with AppTest."""
import streamlit as st

from lagesbild import access

st.set_page_config(page_title="Lägesbild", page_icon="🧭", layout="wide")

pages = {
    "Lägesbild": [
        st.Page("pages/overview.py", title="Översikt", icon=":material/dashboard:", default=True),
        st.Page("pages/map.py", title="Karta", icon=":material/map:", url_path="karta"),
        st.Page("pages/place_profile.py", title="Platser", icon=":material/location_on:", url_path="platser"),
        st.Page("pages/priority_areas.py", title="Fokusområden", icon=":material/flag:", url_path="fokusomraden"),
        st.Page("pages/report.py", title="Rapport", icon=":material/description:", url_path="rapport"),
        st.Page("pages/meeting.py", title="Mötesläge", icon=":material/slideshow:", url_path="moteslage"),
    ],
    "Statistik": [
        st.Page("pages/reported_crime.py", title="Anmälda brott", icon=":material/show_chart:",
                url_path="anmalda-brott"),
        st.Page("pages/police_events.py", title="Polisens händelser", icon=":material/local_police:",
                url_path="polisens-handelser"),
        st.Page("pages/presence.py", title="Närvaro och patrullering", icon=":material/directions_walk:",
                url_path="narvaro"),
        st.Page("pages/safety.py", title="Trygghet och enkäter", icon=":material/diversity_3:",
                url_path="trygghet"),
    ],
}
if not access.is_read_only():  # a meeting-room screen (?visning=1) shows no editing at all
    pages["Data"] = [st.Page("pages/data_import.py", title="Importera data", icon=":material/upload_file:",
                             url_path="importera")]
st.navigation(pages).run()

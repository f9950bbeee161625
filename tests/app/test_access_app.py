"""The access rules in a running script (AppTest): what a viewer, an editor and a meeting-room screen see.

A tiny page written to tmp_path calls the public API the real pages use. Secrets come from
`at.secrets`, the OIDC identity from `at.user`; nothing talks to an identity provider.
"""
from __future__ import annotations

import getpass

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lagesbild import access

PAGE = """
import streamlit as st
from lagesbild import access

access.login_box({container})
st.text(f"läge={{access.mode()}} visning={{access.is_read_only()}} redaktör={{access.current_editor()}}")
if access.require_editor():
    st.button("Importera fil")
    st.text("redaktörsinnehåll")
"""
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "kaka",
        "client_id": "lagesbild", "client_secret": "hemlis",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
ANNA = {"is_logged_in": True, "email": "anna@kommun.se", "name": "Anna Andersson"}
PASSWORD = "Rätt lösenord 1"
LOGIN_INFO = ("Att titta kräver ingen inloggning, men för att importera eller ändra behöver du logga in "
              "som redaktör i sidomenyn.")
PASSWORD_INFO = ("Att titta kräver ingen inloggning, men för att importera eller ändra behöver du logga in "
                 "med redaktörslösenordet i sidomenyn.")
READ_ONLY_INFO = ("Den här skärmen visar Lägesbild i visningsläge. Import och ändringar är avstängda här; "
                  "öppna Lägesbild på en egen dator för att redigera.")


@pytest.fixture(scope="module")
def password_hash() -> str:
    return access.hash_password(PASSWORD, iterations=access.MIN_ITERATIONS)


@pytest.fixture
def delays(monkeypatch) -> list[float]:
    """The failed-login delay is recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(access, "_sleep", recorded.append)
    return recorded


@pytest.fixture
def page(tmp_path, monkeypatch, delays):
    """page(secrets, user=None, container="", **query_params) -> an AppTest that has run."""
    monkeypatch.delenv("LAGESBILD_READ_ONLY", raising=False)

    def start(secrets: dict, user: dict | None = None, container: str = "", **params) -> AppTest:
        script = tmp_path / "sida.py"
        script.write_text(PAGE.format(container=container), encoding="utf-8")
        at = AppTest.from_file(str(script), default_timeout=30)
        # Always non-empty, so a secrets.toml on the test machine can never leak in.
        at.secrets.update({"lagesbild": {}, **secrets})
        if user is not None:
            at.user = user
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return start


def status(at) -> str:
    return at.text[0].value


def editor_content(at) -> bool:
    """True if the editor-only part is shown (the import button and the text, never just one)."""
    texts = [t.value for t in at.text][1:]
    buttons = [b.label for b in at.main.button]
    assert (texts, buttons) in (([], []), (["redaktörsinnehåll"], ["Importera fil"]))
    return bool(texts)


def sidebar_controls(at) -> list[str]:
    return [b.label for b in at.sidebar.button] + [t.label for t in at.sidebar.text_input]


def no_errors(at) -> None:
    assert not at.exception, [e.message for e in at.exception]


# --- open -----------------------------------------------------------------------------------------

def test_open_mode_everyone_edits_without_login_controls(page):
    at = page({})
    no_errors(at)
    assert status(at) == f"läge=open visning=False redaktör={getpass.getuser()}"
    assert editor_content(at)
    assert sidebar_controls(at) == []
    assert not at.info and not at.error


# --- OIDC -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("user", [{"is_logged_in": False}, {}], ids=["logged-out", "no-login-flag"])
def test_oidc_viewer_sees_no_editor_content(page, user):
    at = page({"auth": AUTH}, user)
    no_errors(at)
    assert status(at) == "läge=oidc visning=False redaktör=None"
    assert not editor_content(at)
    assert [i.value for i in at.info] == [LOGIN_INFO]
    assert sidebar_controls(at) == ["Logga in"]


def test_oidc_logged_in_editor_sees_editor_content(page):
    at = page({"auth": AUTH}, ANNA)
    no_errors(at)
    assert status(at) == "läge=oidc visning=False redaktör=anna@kommun.se"
    assert editor_content(at)
    assert not at.info
    assert [c.value for c in at.sidebar.caption] == ["Inloggad som Anna Andersson (anna@kommun.se)."]
    assert sidebar_controls(at) == ["Logga ut"]


def test_oidc_logout(page):
    at = page({"auth": AUTH}, ANNA)
    at.sidebar.button(key="access.logout").click().run()
    no_errors(at)
    assert at.user == {"is_logged_in": False}
    assert not editor_content(at)
    assert sidebar_controls(at) == ["Logga in"]
    assert [i.value for i in at.info] == [LOGIN_INFO]


def test_oidc_login_button_starts_st_login(page, monkeypatch):
    calls: list = []
    monkeypatch.setattr(st, "login", calls.append)
    at = page({"auth": AUTH}, {"is_logged_in": False})
    at.sidebar.button(key="access.login.default").click().run()
    no_errors(at)
    assert calls == [None]


def test_oidc_named_providers_get_one_button_each(page, monkeypatch):
    calls: list = []
    monkeypatch.setattr(st, "login", calls.append)
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    auth = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "kaka", "microsoft": provider, "google": provider}
    at = page({"auth": auth}, {"is_logged_in": False})
    assert sidebar_controls(at) == ["Logga in med microsoft", "Logga in med google"]
    at.sidebar.button(key="access.login.microsoft").click().run()
    assert calls == ["microsoft"]


def test_oidc_editor_list_restricts_editing(page):
    secrets = {"auth": AUTH, "lagesbild": {"editors": ["Anna@Kommun.se"]}}
    anna = page(secrets, ANNA)
    assert editor_content(anna)
    assert status(anna) == "läge=oidc visning=False redaktör=anna@kommun.se"

    eva = page(secrets, {"is_logged_in": True, "email": "eva@kommun.se", "name": "Eva"})
    no_errors(eva)
    assert not editor_content(eva)
    assert status(eva) == "läge=oidc visning=False redaktör=None"
    assert [i.value for i in eva.info] == [
        "Du är inloggad som eva@kommun.se men är inte redaktör. Be den som administrerar Lägesbild "
        "att lägga till dig i listan över redaktörer."]
    assert [c.value for c in eva.sidebar.caption] == ["Inloggad som Eva (eva@kommun.se).",
                                                      "Du kan titta men är inte redaktör."]
    assert sidebar_controls(eva) == ["Logga ut"]


def test_oidc_wins_over_password(page, password_hash):
    at = page({"auth": AUTH, "lagesbild": {"editor_password_hash": password_hash}}, {"is_logged_in": False})
    assert status(at).startswith("läge=oidc ")
    assert sidebar_controls(at) == ["Logga in"]


# --- password -------------------------------------------------------------------------------------

def log_in(at, password: str) -> AppTest:
    at.sidebar.text_input(key="access.password").input(password)
    return at.sidebar.button[0].click().run()


def test_password_viewer_sees_form_not_content(page, password_hash):
    at = page({"lagesbild": {"editor_password_hash": password_hash}})
    no_errors(at)
    assert status(at) == "läge=password visning=False redaktör=None"
    assert not editor_content(at)
    assert [i.value for i in at.info] == [PASSWORD_INFO]
    assert sidebar_controls(at) == ["Logga in", "Redaktörslösenord"]
    assert at.sidebar.text_input[0].proto.type == at.sidebar.text_input[0].proto.PASSWORD


def test_wrong_password_gives_error_and_delay(page, password_hash, delays):
    at = log_in(page({"lagesbild": {"editor_password_hash": password_hash}}), "fel lösenord")
    no_errors(at)
    assert [e.value for e in at.sidebar.error] == ["Fel lösenord. Försök igen."]
    assert delays == [access.FAILED_LOGIN_DELAY] == [1.0]
    assert not editor_content(at)
    assert status(at) == "läge=password visning=False redaktör=None"


def test_empty_password_is_not_an_attempt(page, password_hash, delays):
    at = log_in(page({"lagesbild": {"editor_password_hash": password_hash}}), "")
    assert [e.value for e in at.sidebar.error] == ["Skriv redaktörslösenordet."]
    assert delays == []


def test_right_password_lasts_for_the_session_until_logout(page, password_hash, delays):
    at = log_in(page({"lagesbild": {"editor_password_hash": password_hash}}), PASSWORD)
    no_errors(at)
    assert delays == []
    assert editor_content(at)
    assert status(at) == "läge=password visning=False redaktör=redaktör (lösenord)"
    assert [c.value for c in at.sidebar.caption] == ["Inloggad som redaktör."]
    assert sidebar_controls(at) == ["Logga ut"]
    assert not at.error

    at.run()                                   # another interaction in the same session
    assert editor_content(at)

    at.sidebar.button(key="access.logout").click().run()
    no_errors(at)
    assert not editor_content(at)
    assert sidebar_controls(at) == ["Logga in", "Redaktörslösenord"]


def test_new_password_hash_logs_the_session_out(page, password_hash):
    at = log_in(page({"lagesbild": {"editor_password_hash": password_hash}}), PASSWORD)
    assert editor_content(at)
    at.secrets["lagesbild"] = {"editor_password_hash": access.hash_password(PASSWORD, iterations=access.MIN_ITERATIONS)}
    at.run()
    assert not editor_content(at)


def test_malformed_hash_shows_admin_error_and_no_form(page):
    at = page({"lagesbild": {"editor_password_hash": "hemligt"}})
    no_errors(at)
    assert sidebar_controls(at) == []
    assert len(at.sidebar.error) == 1 and "python -m lagesbild.access hash" in at.sidebar.error[0].value
    assert not editor_content(at)
    assert at.info[0].value.startswith("Redigering är avstängd på grund av ett inställningsfel.")


def test_login_box_in_a_given_container(page, password_hash):
    at = page({"lagesbild": {"editor_password_hash": password_hash}}, container="st.container()")
    assert sidebar_controls(at) == []
    assert [t.label for t in at.main.text_input] == ["Redaktörslösenord"]


# --- read-only screens ----------------------------------------------------------------------------

def assert_read_only(at) -> None:
    no_errors(at)
    assert " visning=True redaktör=None" in status(at)
    assert not editor_content(at)
    assert sidebar_controls(at) == [] and not at.sidebar.caption
    assert [i.value for i in at.info] == [READ_ONLY_INFO]


def test_visning_in_url_hides_editing_even_for_logged_in_editor(page):
    at = page({"auth": AUTH}, ANNA, visning="1")
    assert_read_only(at)
    assert at.query_params["visning"] == "1"


def test_visning_survives_a_page_change_until_turned_off(page):
    at = page({"auth": AUTH}, ANNA, visning="1")
    del at.query_params["visning"]             # what a page change does to the URL
    at.run()
    assert_read_only(at)
    assert at.query_params["visning"] == "1"   # written back, so a reload stays read-only
    at.query_params["visning"] = "0"
    at.run()
    assert editor_content(at)


def test_read_only_setting_hides_editing_for_a_password_editor(page, password_hash):
    at = log_in(page({"lagesbild": {"editor_password_hash": password_hash}}), PASSWORD)
    assert editor_content(at)
    at.secrets["lagesbild"] = {"editor_password_hash": password_hash, "read_only": True}
    at.run()
    assert_read_only(at)


def test_read_only_setting_hides_editing_for_an_oidc_editor(page):
    assert_read_only(page({"auth": AUTH, "lagesbild": {"read_only": True}}, ANNA))


def test_read_only_environment_variable(page, monkeypatch):
    monkeypatch.setenv("LAGESBILD_READ_ONLY", "1")
    at = page({})
    assert_read_only(at)
    assert status(at) == "läge=open visning=True redaktör=None"

"""Access rules without Streamlit: password hashes, settings parsing, the edit decision, the CLI."""
from __future__ import annotations

import hashlib

import pytest
from streamlit.errors import StreamlitSecretNotFoundError

from lagesbild import access
from lagesbild.access import AccessSettings, decide, hash_password, parse_hash, parse_settings, verify_password

FAST = access.MIN_ITERATIONS          # the smallest allowed count keeps the tests quick
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c",
        "client_id": "id", "client_secret": "s",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
ANNA = {"is_logged_in": True, "email": "anna@kommun.se", "name": "Anna Andersson"}


# --- hashing --------------------------------------------------------------------------------------

def test_hash_format_and_default_strength():
    encoded = hash_password("rätt lösenord")
    scheme, iterations, salt, digest = encoded.split("$")
    assert scheme == "pbkdf2_sha256"
    assert int(iterations) == access.DEFAULT_ITERATIONS >= 200_000
    assert len(bytes.fromhex(salt)) == 16
    assert len(bytes.fromhex(digest)) == 32


def test_hash_matches_pbkdf2_hmac_sha256():
    salt = bytes(range(16))
    encoded = hash_password("hemligt", iterations=FAST, salt=salt)
    expected = hashlib.pbkdf2_hmac("sha256", b"hemligt", salt, FAST).hex()
    assert encoded == f"pbkdf2_sha256${FAST}${salt.hex()}${expected}"


def test_right_and_wrong_password():
    encoded = hash_password("Sommar-Ö 2025", iterations=FAST)
    assert verify_password("Sommar-Ö 2025", encoded) is True
    assert verify_password("sommar-ö 2025", encoded) is False
    assert verify_password("Sommar-Ö 2025 ", encoded) is False
    assert verify_password("", encoded) is False


def test_composed_and_decomposed_letters_are_the_same_password():
    encoded = hash_password("bråk", iterations=FAST)            # å as one code point
    assert verify_password("bra\u030ak", encoded) is True        # a + combining ring


def test_different_salts_give_different_hashes():
    first, second = hash_password("samma", iterations=FAST), hash_password("samma", iterations=FAST)
    assert first != second
    assert first.split("$")[2] != second.split("$")[2]
    assert verify_password("samma", first) and verify_password("samma", second)


def test_iteration_count_is_parsed_and_used():
    encoded = hash_password("hemligt", iterations=250_000)
    iterations, salt, digest = parse_hash(encoded)
    assert iterations == 250_000
    assert digest == hashlib.pbkdf2_hmac("sha256", b"hemligt", salt, 250_000)
    # Changing the count in the stored string breaks the match: the count is really used.
    tampered = encoded.replace("$250000$", "$250001$")
    assert parse_hash(tampered)[0] == 250_001
    assert verify_password("hemligt", tampered) is False


@pytest.mark.parametrize("encoded", [
    None, 42, "", "hemligt", "pbkdf2_sha256$600000$abcd",
    "pbkdf2_sha1$600000$00112233445566778899aabbccddeeff$" + "00" * 32,   # other scheme
    "pbkdf2_sha256$sexhundra$00112233445566778899aabbccddeeff$" + "00" * 32,
    "pbkdf2_sha256$-600000$00112233445566778899aabbccddeeff$" + "00" * 32,
    "pbkdf2_sha256$1000$00112233445566778899aabbccddeeff$" + "00" * 32,  # too weak
    "pbkdf2_sha256$999999999$00112233445566778899aabbccddeeff$" + "00" * 32,  # would stall logins
    "pbkdf2_sha256$600000$zz112233445566778899aabbccddeeff$" + "00" * 32,  # not hex
    "pbkdf2_sha256$600000$$" + "00" * 32,                                  # no salt
    "pbkdf2_sha256$600000$00112233445566778899aabbccddeeff$" + "00" * 31,  # short digest
    "pbkdf2_sha256$600000$00112233445566778899aabbccddeeff$" + "00" * 32 + "$x",
])
def test_malformed_hash_is_rejected_without_raising(encoded):
    assert parse_hash(encoded) is None
    assert verify_password("hemligt", encoded) is False


def test_verify_never_raises_on_odd_passwords():
    encoded = hash_password("hemligt", iterations=FAST)
    assert verify_password(None, encoded) is False
    assert verify_password(b"hemligt", encoded) is False


def test_hash_refuses_empty_password_and_weak_counts():
    with pytest.raises(ValueError):
        hash_password("")
    with pytest.raises(ValueError):
        hash_password("hemligt", iterations=199_999)


# --- settings -------------------------------------------------------------------------------------

def test_nothing_configured_is_open():
    settings = parse_settings({}, {})
    assert settings == AccessSettings("open")
    assert decide(settings) == access.Decision(True, "ok")


def test_password_mode():
    encoded = hash_password("hemligt", iterations=FAST)
    settings = parse_settings({"lagesbild": {"editor_password_hash": encoded}}, {})
    assert (settings.mode, settings.password_hash, settings.problem) == ("password", encoded, None)
    assert decide(settings) == access.Decision(False, "login")
    assert decide(settings, password_session="ingen") == access.Decision(False, "login")
    assert decide(settings, password_session=access._fingerprint(encoded)) == access.Decision(True, "ok")


def test_new_password_hash_ends_old_password_sessions():
    old, new = hash_password("gammalt", iterations=FAST), hash_password("nytt", iterations=FAST)
    settings = parse_settings({"lagesbild": {"editor_password_hash": new}}, {})
    assert not decide(settings, password_session=access._fingerprint(old)).can_edit


def test_malformed_password_hash_is_a_configuration_problem():
    settings = parse_settings({"lagesbild": {"editor_password_hash": "hemligt"}}, {})
    assert settings.mode == "password"
    assert "python -m lagesbild.access hash" in settings.problem
    assert decide(settings, password_session=access._fingerprint("hemligt")) == access.Decision(False, "config")


def test_oidc_mode_any_logged_in_user_edits_without_editor_list():
    settings = parse_settings({"auth": AUTH}, {})
    assert (settings.mode, settings.editors, settings.providers) == ("oidc", None, (None,))
    assert decide(settings, user=ANNA) == access.Decision(True, "ok")
    assert decide(settings, user={"is_logged_in": False}) == access.Decision(False, "login")
    assert decide(settings, user={}) == access.Decision(False, "login")       # no is_logged_in key
    assert decide(settings, user=None) == access.Decision(False, "login")


def test_oidc_editor_list_is_case_insensitive_and_exclusive():
    secrets = {"auth": AUTH, "lagesbild": {"editors": [" Anna@Kommun.se ", "bo@kommun.se"]}}
    settings = parse_settings(secrets, {})
    assert settings.editors == frozenset({"anna@kommun.se", "bo@kommun.se"})
    assert decide(settings, user=ANNA).can_edit
    assert decide(settings, user={**ANNA, "email": "eva@kommun.se"}) == access.Decision(False, "not_editor")
    assert decide(settings, user={"is_logged_in": True, "name": "Anna"}) == access.Decision(False, "not_editor")


def test_oidc_unverified_email_is_not_trusted_but_preferred_username_is_used():
    settings = parse_settings({"auth": AUTH, "lagesbild": {"editors": ["anna@kommun.se"]}}, {})
    assert not decide(settings, user={**ANNA, "email_verified": False}).can_edit
    entra = {"is_logged_in": True, "name": "Anna", "preferred_username": "anna@kommun.se"}
    assert decide(settings, user=entra).can_edit
    assert access.editor_name(settings, entra, None) == "anna@kommun.se"


def test_empty_or_broken_editor_list_lets_nobody_edit():
    empty = parse_settings({"auth": AUTH, "lagesbild": {"editors": []}}, {})
    assert empty.editors == frozenset() and empty.problem is None
    assert decide(empty, user=ANNA) == access.Decision(False, "not_editor")
    broken = parse_settings({"auth": AUTH, "lagesbild": {"editors": {"anna": 1}}}, {})
    assert broken.problem and "editors" in broken.problem
    assert decide(broken, user=ANNA) == access.Decision(False, "config")
    single = parse_settings({"auth": AUTH, "lagesbild": {"editors": "anna@kommun.se"}}, {})
    assert single.editors == frozenset({"anna@kommun.se"})


def test_oidc_wins_over_password():
    encoded = hash_password("hemligt", iterations=FAST)
    settings = parse_settings({"auth": AUTH, "lagesbild": {"editor_password_hash": encoded}}, {})
    assert settings.mode == "oidc"
    assert settings.password_hash is None
    assert not decide(settings, password_session=access._fingerprint(encoded)).can_edit
    assert decide(settings, user=ANNA).can_edit


def test_named_providers():
    auth = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "c",
            "microsoft": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
            "google": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}}
    assert parse_settings({"auth": auth}, {}).providers == ("microsoft", "google")
    assert parse_settings({"auth": {**AUTH, "client_kwargs": {"prompt": "login"}}}, {}).providers == (None,)
    # An [auth] section without a recognisable provider is still OIDC (never silently "open").
    incomplete = parse_settings({"auth": {"redirect_uri": AUTH["redirect_uri"]}}, {})
    assert (incomplete.mode, incomplete.providers) == ("oidc", (None,))


@pytest.mark.parametrize("secrets, environ", [
    ({"lagesbild": {"read_only": True}}, {}),
    ({"lagesbild": {"read_only": "ja"}}, {}),
    ({}, {"LAGESBILD_READ_ONLY": "1"}),
    ({}, {"LAGESBILD_READ_ONLY": "true"}),
    ({"lagesbild": {"read_only": False}}, {"LAGESBILD_READ_ONLY": "1"}),   # either one is enough
])
def test_read_only_setting(secrets, environ):
    assert parse_settings(secrets, environ).read_only is True


@pytest.mark.parametrize("value", [False, "false", "0", "nej", "", None])
def test_read_only_off(value):
    assert parse_settings({"lagesbild": {"read_only": value}}, {"LAGESBILD_READ_ONLY": "0"}).read_only is False


def test_read_only_wins_over_everything():
    encoded = hash_password("hemligt", iterations=FAST)
    oidc = parse_settings({"auth": AUTH, "lagesbild": {"read_only": True}}, {})
    assert decide(oidc, user=ANNA) == access.Decision(False, "read_only")
    password = parse_settings({"lagesbild": {"editor_password_hash": encoded}}, {"LAGESBILD_READ_ONLY": "1"})
    assert decide(password, password_session=access._fingerprint(encoded)) == access.Decision(False, "read_only")
    assert decide(parse_settings({}, {}), url_read_only=True) == access.Decision(False, "read_only")
    broken = parse_settings({"lagesbild": {"editor_password_hash": "x", "read_only": True}}, {})
    assert decide(broken).reason == "read_only"


def test_flags():
    assert [access.parse_flag(v) for v in ("1", "JA", "true", " on ", "kanske", ["0", "1"])] == [True] * 6
    assert [access.parse_flag(v) for v in ("0", "nej", "False", "", None, ["0"])] == [False] * 6


def test_editor_names():
    assert access.editor_name(AccessSettings("open"), None, "kalle") == "kalle"
    assert access.editor_name(AccessSettings("open"), None, None) == access.UNKNOWN_USER
    assert access.editor_name(AccessSettings("password"), None, "kalle") == "redaktör (lösenord)"
    oidc = AccessSettings("oidc")
    assert access.editor_name(oidc, ANNA, "kalle") == "anna@kommun.se"
    assert access.editor_name(oidc, {"is_logged_in": True, "name": "Anna"}, None) == "Anna"


def test_explanations_are_swedish_and_specific():
    oidc = AccessSettings("oidc")
    assert "visningsläge" in access.explanation(access.Decision(False, "read_only"), oidc)
    assert "logga in som redaktör" in access.explanation(access.Decision(False, "login"), oidc)
    assert "redaktörslösenordet" in access.explanation(access.Decision(False, "login"), AccessSettings("password"))
    text = access.explanation(access.Decision(False, "not_editor"), oidc, {**ANNA, "email": "eva@kommun.se"})
    assert text.startswith("Du är inloggad som eva@kommun.se men är inte redaktör.")


def test_unreadable_secrets_turn_editing_off(monkeypatch):
    class Broken:
        def to_dict(self):
            raise StreamlitSecretNotFoundError("trasig fil", error_id="failed-parsing-secrets-file")

    class Missing:
        def to_dict(self):
            raise StreamlitSecretNotFoundError("ingen fil", error_id="no-secrets-found")

    monkeypatch.delenv("LAGESBILD_READ_ONLY", raising=False)
    monkeypatch.setattr(access.st, "secrets", Missing())
    assert access.settings() == AccessSettings("open")
    monkeypatch.setattr(access.st, "secrets", Broken())
    settings = access.settings()
    assert "kunde inte läsas" in settings.problem
    assert decide(settings) == access.Decision(False, "config")


# --- CLI ------------------------------------------------------------------------------------------

def answers(*values):
    it = iter(values)
    return lambda prompt: next(it)


def test_cli_prints_a_secrets_line_that_verifies(capsys):
    assert access.main(["hash"], ask=answers("ett bra lösenord", "ett bra lösenord")) == 0
    out, err = capsys.readouterr()
    line = out.strip()
    assert line.startswith('editor_password_hash = "pbkdf2_sha256$') and line.endswith('"')
    assert verify_password("ett bra lösenord", line.split('"')[1])
    assert "[lagesbild]" in err and "secrets.toml" in err


def test_cli_refuses_mismatch_short_and_bad_usage(capsys):
    assert access.main(["hash"], ask=answers("ett bra lösenord", "ett annat lösenord")) == 1
    assert "inte likadana" in capsys.readouterr().err
    assert access.main(["hash"], ask=answers("kort", "kort")) == 1
    assert "minst 8 tecken" in capsys.readouterr().err
    assert access.main([]) == 2
    assert "Användning: python -m lagesbild.access hash" in capsys.readouterr().err
    assert access.main(["hash"], ask=lambda prompt: (_ for _ in ()).throw(EOFError())) == 1
    assert "Avbrutet" in capsys.readouterr().err

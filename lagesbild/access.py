"""Who may edit (import, undo, place and alias edits), and the read-only screen mode.

Three ways editing can be guarded, chosen from `.streamlit/secrets.toml` (see docs/access.md):

- "oidc":     an `[auth]` section exists; editors log in with `st.login()` (optionally limited to
              `[lagesbild] editors = [...]`).
- "password": `[lagesbild] editor_password_hash = "pbkdf2_sha256$..."`; one shared editor password,
              remembered for the browser session.
- "open":     neither; everyone may edit (a single machine).

Read-only mode (`[lagesbild] read_only = true`, `LAGESBILD_READ_ONLY=1` or `?visning=1`) wins over
all of them: nobody may edit and no login controls are drawn.

The pure part (hashing, parsing settings, deciding) does not touch Streamlit and is unit-tested on
its own; the functions after "Streamlit side" read `st.secrets`, `st.user`, `st.query_params` and
`st.session_state`. Make a password hash with `python -m lagesbild.access hash`.
"""
from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets as _random
import sys
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

import streamlit as st
from streamlit.errors import StreamlitAuthError

MODES = ("open", "oidc", "password")

HASH_SCHEME = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000        # OWASP 2023 recommendation for PBKDF2-HMAC-SHA256
MIN_ITERATIONS = 200_000
MAX_ITERATIONS = 10_000_000         # a larger count would let a bad hash stall every login attempt
SALT_BYTES = 16
MIN_PASSWORD_LENGTH = 8

# Seconds to wait after a wrong password, through `_sleep` (tests replace it, so they never wait).
FAILED_LOGIN_DELAY = 1.0
_sleep = time.sleep

PASSWORD_EDITOR = "redaktör (lösenord)"
UNKNOWN_USER = "okänd användare"

SECRETS_SECTION = "lagesbild"
READ_ONLY_ENV = "LAGESBILD_READ_ONLY"
READ_ONLY_PARAM = "visning"

# st.session_state keys (no widget uses these keys, so a browser cannot set them).
_PASSWORD_STATE = "access.password_login"     # fingerprint of the hash the session logged in with
_READ_ONLY_STATE = "access.read_only_url"     # ?visning=1 seen earlier in this browser session
_FORM_KEY = "access.login_form"
_PASSWORD_KEY = "access.password"

_TRUE = {"1", "true", "ja", "yes", "on", "y", "j"}
_FALSE = {"0", "false", "nej", "no", "off", "n", ""}


# --- passwords (pure) -----------------------------------------------------------------------------

def _password_bytes(password: str) -> bytes:
    # NFC so that "å" typed as one code point or as "a" + ring gives the same hash.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def hash_password(password: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """'pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>' with a fresh 16-byte random salt."""
    if not isinstance(password, str) or not password:
        raise ValueError("Lösenordet får inte vara tomt.")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"Antalet iterationer måste vara mellan {MIN_ITERATIONS} och {MAX_ITERATIONS}.")
    salt = _random.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", _password_bytes(password), salt, iterations)
    return f"{HASH_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def parse_hash(encoded: object) -> tuple[int, bytes, bytes] | None:
    """(iterations, salt, digest) of a well-formed hash, else None (never raises)."""
    if not isinstance(encoded, str):
        return None
    parts = encoded.strip().split("$")
    if len(parts) != 4 or parts[0] != HASH_SCHEME:
        return None
    _, iterations, salt_hex, digest_hex = parts
    if not iterations.isdigit():
        return None
    try:
        salt, digest = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return None
    iterations = int(iterations)
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS or not salt or len(digest) != hashlib.sha256().digest_size:
        return None
    return iterations, salt, digest


def verify_password(password: object, encoded: object) -> bool:
    """True if `password` matches `encoded` (constant-time compare); False, never an error, otherwise."""
    parsed = parse_hash(encoded)
    if parsed is None or not isinstance(password, str) or not password:
        return False
    iterations, salt, digest = parsed
    candidate = hashlib.pbkdf2_hmac("sha256", _password_bytes(password), salt, iterations)
    return hmac.compare_digest(candidate, digest)


def _fingerprint(encoded: str) -> str:
    """Remembered in the session instead of a bare flag: changing the hash logs every session out."""
    return hashlib.sha256(encoded.strip().encode("utf-8")).hexdigest()


# --- settings and decisions (pure) ----------------------------------------------------------------

def parse_flag(value: object) -> bool:
    """A yes/no setting. Unknown text counts as yes, because every flag here turns editing off."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (list, tuple)):       # ?visning=1&visning=1
        return any(parse_flag(v) for v in value)
    text = str(value).strip().lower()
    return text not in _FALSE


@dataclass(frozen=True)
class AccessSettings:
    mode: str                                   # "open" | "oidc" | "password"
    read_only: bool = False                     # from secrets or the environment (not the URL)
    editors: frozenset[str] | None = None       # OIDC only; None = every logged-in user
    password_hash: str | None = None            # password mode only
    providers: tuple[str | None, ...] = ()      # OIDC: None is the unnamed [auth] provider
    problem: str | None = None                  # a configuration error; editing is then off


def _oidc_providers(auth: Mapping) -> tuple[str | None, ...]:
    named = tuple(str(name) for name, value in auth.items()
                  if isinstance(value, Mapping) and name != "client_kwargs"
                  and ("client_id" in value or "server_metadata_url" in value))
    default = (None,) if ("client_id" in auth or "server_metadata_url" in auth) else ()
    # Nothing recognisable: keep one button, and let st.login() report what is missing.
    return default + named or (None,)


def parse_settings(secrets: Mapping, environ: Mapping | None = None) -> AccessSettings:
    """How editing is guarded, from the secrets (as a plain mapping) and the environment.

    OIDC wins over the password when both are configured; read-only is a separate flag that wins
    over everything at decision time.
    """
    environ = os.environ if environ is None else environ
    section = secrets.get(SECRETS_SECTION) or {}
    if not isinstance(section, Mapping):
        section = {}
    read_only = parse_flag(section.get("read_only")) or parse_flag(environ.get(READ_ONLY_ENV))
    auth = secrets.get("auth")
    if isinstance(auth, Mapping) and auth:
        editors, problem = None, None
        raw = section.get("editors")
        if isinstance(raw, str):
            raw = [raw]
        if raw is not None:
            if isinstance(raw, (list, tuple)) and all(isinstance(e, str) for e in raw):
                editors = frozenset(e.strip().casefold() for e in raw if e.strip())
            else:
                editors = frozenset()
                problem = ('Listan "editors" under [lagesbild] i secrets.toml ska vara en lista med '
                           'e-postadresser, till exempel editors = ["anna@kommun.se"].')
        return AccessSettings("oidc", read_only, editors, None, _oidc_providers(auth), problem)
    encoded = section.get("editor_password_hash")
    if encoded:
        problem = None
        if parse_hash(encoded) is None:
            problem = ("Redaktörslösenordet i secrets.toml (editor_password_hash) är ogiltigt. "
                       "Skapa ett nytt med `python -m lagesbild.access hash`.")
        return AccessSettings("password", read_only, None, str(encoded).strip(), (), problem)
    return AccessSettings("open", read_only)


def user_identity(user: Mapping | None) -> str | None:
    """The e-mail an OIDC user is matched and recorded by (an unverified e-mail is not used)."""
    if not user:
        return None
    email = user.get("email")
    if email and user.get("email_verified") is not False:
        return str(email).strip()
    username = user.get("preferred_username")         # Microsoft Entra ID often has no "email"
    return str(username).strip() if username else None


@dataclass(frozen=True)
class Decision:
    can_edit: bool
    reason: str     # "ok" | "read_only" | "config" | "login" | "not_editor"


def decide(settings: AccessSettings, *, url_read_only: bool = False, user: Mapping | None = None,
           password_session: str | None = None) -> Decision:
    """May this session edit? `user` is st.user as a dict; `password_session` the remembered fingerprint."""
    if settings.read_only or url_read_only:
        return Decision(False, "read_only")
    if settings.problem:
        return Decision(False, "config")
    if settings.mode == "open":
        return Decision(True, "ok")
    if settings.mode == "password":
        if password_session and settings.password_hash and hmac.compare_digest(
                password_session, _fingerprint(settings.password_hash)):
            return Decision(True, "ok")
        return Decision(False, "login")
    if not (user and user.get("is_logged_in") is True):
        return Decision(False, "login")
    if settings.editors is None:
        return Decision(True, "ok")
    identity = user_identity(user)
    if identity and identity.casefold() in settings.editors:
        return Decision(True, "ok")
    return Decision(False, "not_editor")


def editor_name(settings: AccessSettings, user: Mapping | None, os_user: str | None) -> str:
    """What import_log.imported_by records for an editor in this mode."""
    if settings.mode == "oidc":
        user = user or {}
        for value in (user_identity(user), user.get("name"), user.get("sub")):
            if value:
                return str(value)
        return UNKNOWN_USER
    if settings.mode == "password":
        return PASSWORD_EDITOR
    return os_user or UNKNOWN_USER


def explanation(decision: Decision, settings: AccessSettings, user: Mapping | None = None) -> str:
    """Swedish text for a viewer who may not edit."""
    if decision.reason == "read_only":
        return ("Den här skärmen visar Lägesbild i visningsläge. Import och ändringar är avstängda här; "
                "öppna Lägesbild på en egen dator för att redigera.")
    if decision.reason == "config":
        return f"Redigering är avstängd på grund av ett inställningsfel. {settings.problem}"
    if decision.reason == "not_editor":
        who = user_identity(user) or (user or {}).get("name") or "ett konto"
        return (f"Du är inloggad som {who} men är inte redaktör. Be den som administrerar Lägesbild "
                "att lägga till dig i listan över redaktörer.")
    if settings.mode == "password":
        return ("Att titta kräver ingen inloggning, men för att importera eller ändra behöver du logga in "
                "med redaktörslösenordet i sidomenyn.")
    return ("Att titta kräver ingen inloggning, men för att importera eller ändra behöver du logga in "
            "som redaktör i sidomenyn.")


# --- Streamlit side -------------------------------------------------------------------------------

def _secrets() -> tuple[Mapping, str | None]:
    """The secrets as a plain dict; no secrets file means no settings. A file that cannot be read
    turns editing off rather than silently falling back to "everyone may edit"."""
    try:
        return st.secrets.to_dict(), None
    except Exception as exc:  # noqa: BLE001 - StreamlitSecretNotFoundError, parse errors, type errors
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return {}, None
        return {}, ("Inställningsfilen .streamlit/secrets.toml kunde inte läsas "
                    f"({type(exc).__name__}). Be den som administrerar Lägesbild att rätta den.")


def settings() -> AccessSettings:
    """The current access settings (secrets are re-read on every call; Streamlit caches the file)."""
    secrets, problem = _secrets()
    parsed = parse_settings(secrets, os.environ)
    return replace(parsed, problem=problem) if problem else parsed


def mode() -> str:
    """How editing is guarded: "open", "oidc" or "password"."""
    return settings().mode


def _url_read_only() -> bool:
    """?visning=1 makes this browser session read-only; it survives page changes (which clear the
    URL) and is written back to the URL so a reload keeps it. ?visning=0 ends it."""
    raw = st.query_params.get_all(READ_ONLY_PARAM)
    if raw:
        st.session_state[_READ_ONLY_STATE] = parse_flag(raw)
    elif st.session_state.get(_READ_ONLY_STATE):
        st.query_params[READ_ONLY_PARAM] = "1"
    return bool(st.session_state.get(_READ_ONLY_STATE, False))


def is_read_only() -> bool:
    """True for a meeting-room screen: setting, LAGESBILD_READ_ONLY or ?visning=1."""
    return settings().read_only or _url_read_only()


def _user() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no script run context
        return {}


def _decision(current: AccessSettings | None = None) -> Decision:
    current = current or settings()
    return decide(current, url_read_only=_url_read_only(),
                  user=_user() if current.mode == "oidc" else None,
                  password_session=st.session_state.get(_PASSWORD_STATE))


def can_edit() -> bool:
    """True if this session may import, undo and edit places and aliases."""
    return _decision().can_edit


def _os_user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers)
        return None


def current_editor() -> str | None:
    """The name for import_log.imported_by, or None when this session may not edit."""
    current = settings()
    if not _decision(current).can_edit:
        return None
    return editor_name(current, _user(), _os_user() if current.mode == "open" else None)


def require_editor() -> bool:
    """For an editing page: True if this session may edit, else a Swedish st.info and False."""
    current = settings()
    decision = _decision(current)
    if decision.can_edit:
        return True
    st.info(explanation(decision, current, _user() if current.mode == "oidc" else None), icon="🔒")
    return False


def login_box(container=None) -> None:
    """The login or logout controls for the mode, in Swedish (the sidebar by default).

    Nothing in open or read-only mode. Call it once per script run (its widgets have fixed keys).
    """
    container = st.sidebar if container is None else container
    current = settings()
    if current.read_only or _url_read_only() or current.mode == "open":
        return
    with container:
        if current.problem:
            st.error(current.problem)
        elif current.mode == "oidc":
            _oidc_box(current)
        else:
            _password_box(current)


def _oidc_box(current: AccessSettings) -> None:
    user = _user()
    if user.get("is_logged_in") is True:
        who = user.get("name") or user_identity(user) or UNKNOWN_USER
        identity = user_identity(user)
        st.caption(f"Inloggad som {who}" + (f" ({identity})" if identity and identity != who else "") + ".")
        if _decision(current).reason == "not_editor":
            st.caption("Du kan titta men är inte redaktör.")
        if st.button("Logga ut", key="access.logout", icon=":material/logout:"):
            st.logout()
            st.rerun()
        return
    for provider in current.providers:
        label = "Logga in" if provider is None or len(current.providers) == 1 else f"Logga in med {provider}"
        if st.button(label, key=f"access.login.{provider or 'default'}", icon=":material/login:",
                     help="Inloggning behövs bara för att importera eller ändra data."):
            try:
                st.login(provider)
            except StreamlitAuthError as exc:
                st.error("Inloggningen är inte rätt inställd i .streamlit/secrets.toml: " + " ".join(str(exc).split()))


def _password_box(current: AccessSettings) -> None:
    if _decision(current).can_edit:
        st.caption("Inloggad som redaktör.")
        if st.button("Logga ut", key="access.logout", icon=":material/logout:"):
            st.session_state.pop(_PASSWORD_STATE, None)
            st.rerun()
        return
    with st.form(_FORM_KEY, clear_on_submit=True, enter_to_submit=True):
        password = st.text_input("Redaktörslösenord", type="password", key=_PASSWORD_KEY,
                                 autocomplete="current-password",
                                 help="Behövs bara för att importera eller ändra data.")
        submitted = st.form_submit_button("Logga in", icon=":material/login:")
    if not submitted:
        return
    if not password:
        st.error("Skriv redaktörslösenordet.")
    elif verify_password(password, current.password_hash):
        st.session_state[_PASSWORD_STATE] = _fingerprint(current.password_hash)
        st.rerun()
    else:
        _sleep(FAILED_LOGIN_DELAY)
        st.error("Fel lösenord. Försök igen.")


# --- CLI: python -m lagesbild.access hash -----------------------------------------------------------

USAGE = """Användning: python -m lagesbild.access hash

Frågar två gånger efter ett nytt redaktörslösenord och skriver ut raden som ska stå under
[lagesbild] i .streamlit/secrets.toml."""


def main(argv: list[str] | None = None, *, ask=getpass.getpass) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in (["-h"], ["--help"], ["hjälp"]):
        print(USAGE)
        return 0
    if argv != ["hash"]:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        first = ask("Nytt redaktörslösenord: ")
        second = ask("Upprepa lösenordet: ")
    except (EOFError, KeyboardInterrupt):
        print("\nAvbrutet.", file=sys.stderr)
        return 1
    if first != second:
        print("Lösenorden är inte likadana. Inget har skapats.", file=sys.stderr)
        return 1
    if len(first) < MIN_PASSWORD_LENGTH:
        print(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.", file=sys.stderr)
        return 1
    print("Lägg in den här raden under [lagesbild] i .streamlit/secrets.toml "
          "(och ta bort en eventuell gammal editor_password_hash):", file=sys.stderr)
    print(f'editor_password_hash = "{hash_password(first)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())

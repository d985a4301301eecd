"""Proving who someone is: passwords, emailed codes, sign-in (one or two steps, Google),
sessions, API tokens, tickets between steps, and the devices an account is signed in on.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.auth import api_sessions``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.auth.api_sessions import end_api_session, refresh_tokens, start_api_session
    from spoticlone.services.auth.app_passwords import (
        create_app_password,
        list_app_passwords,
        revoke_app_password,
        subsonic_sign_in,
    )
    from spoticlone.services.auth.browser_sessions import complete_handoff, signed_in_profile
    from spoticlone.services.auth.codes import (
        consume_code,
        find_code,
        hash_code,
        issue_code,
        issue_stand_in,
        new_code,
        new_request_id,
    )
    from spoticlone.services.auth.credentials import admit, authenticate, password_user
    from spoticlone.services.auth.devices import (
        describe_user_agent,
        list_sessions,
        revoke_everywhere,
        revoke_own_session,
    )
    from spoticlone.services.auth.google import (
        complete_google_signup,
        sign_in_with_google,
        signup_details,
        suggest_username,
    )
    from spoticlone.services.auth.login import finish_email_code, finish_login, second_step_for, start_login
    from spoticlone.services.auth.passwords import (
        burn_verification_time,
        check_policy,
        common_passwords,
        hash_password,
        needs_rehash,
        normalize,
        verify_password,
    )
    from spoticlone.services.auth.sessions import (
        create_session,
        revoke_all_sessions,
        revoke_session,
        session_ttl,
        token_hash,
        touch,
        user_for_token,
    )
    from spoticlone.services.auth.tickets import (
        consume_ticket,
        count_attempt,
        issue_ticket,
        payload_of,
        peek_ticket,
        step_ended,
    )
    from spoticlone.services.auth.tokens import (
        caller_for_access_token,
        decode_access_token,
        issue_access_token,
        issuer,
        user_for_access_token,
    )
    from spoticlone.services.auth.totp import (
        begin_enrolment,
        confirm_enrolment,
        decrypt_secret,
        disable,
        encrypt_secret,
        matching_step,
        normalize_code,
        operator_reset,
        regenerate_recovery_codes,
        status,
        verify_for_login,
    )

#: Which module of the package defines each public function.
_HOMES = {
    "admit": "credentials",
    "authenticate": "credentials",
    "begin_enrolment": "totp",
    "burn_verification_time": "passwords",
    "caller_for_access_token": "tokens",
    "check_policy": "passwords",
    "common_passwords": "passwords",
    "complete_google_signup": "google",
    "complete_handoff": "browser_sessions",
    "confirm_enrolment": "totp",
    "consume_code": "codes",
    "consume_ticket": "tickets",
    "count_attempt": "tickets",
    "create_app_password": "app_passwords",
    "create_session": "sessions",
    "decode_access_token": "tokens",
    "decrypt_secret": "totp",
    "describe_user_agent": "devices",
    "disable": "totp",
    "encrypt_secret": "totp",
    "end_api_session": "api_sessions",
    "find_code": "codes",
    "finish_email_code": "login",
    "finish_login": "login",
    "hash_code": "codes",
    "hash_password": "passwords",
    "issue_access_token": "tokens",
    "issue_code": "codes",
    "issue_stand_in": "codes",
    "issue_ticket": "tickets",
    "issuer": "tokens",
    "list_app_passwords": "app_passwords",
    "list_sessions": "devices",
    "matching_step": "totp",
    "needs_rehash": "passwords",
    "new_code": "codes",
    "new_request_id": "codes",
    "normalize": "passwords",
    "normalize_code": "totp",
    "operator_reset": "totp",
    "password_user": "credentials",
    "payload_of": "tickets",
    "peek_ticket": "tickets",
    "refresh_tokens": "api_sessions",
    "regenerate_recovery_codes": "totp",
    "revoke_all_sessions": "sessions",
    "revoke_app_password": "app_passwords",
    "revoke_everywhere": "devices",
    "revoke_own_session": "devices",
    "revoke_session": "sessions",
    "second_step_for": "login",
    "session_ttl": "sessions",
    "sign_in_with_google": "google",
    "signed_in_profile": "browser_sessions",
    "signup_details": "google",
    "start_api_session": "api_sessions",
    "start_login": "login",
    "status": "totp",
    "step_ended": "tickets",
    "subsonic_sign_in": "app_passwords",
    "suggest_username": "google",
    "token_hash": "sessions",
    "touch": "sessions",
    "user_for_access_token": "tokens",
    "user_for_token": "sessions",
    "verify_for_login": "totp",
    "verify_password": "passwords",
}

__all__ = [
    "admit",
    "authenticate",
    "begin_enrolment",
    "burn_verification_time",
    "caller_for_access_token",
    "check_policy",
    "common_passwords",
    "complete_google_signup",
    "complete_handoff",
    "confirm_enrolment",
    "consume_code",
    "consume_ticket",
    "count_attempt",
    "create_app_password",
    "create_session",
    "decode_access_token",
    "decrypt_secret",
    "describe_user_agent",
    "disable",
    "encrypt_secret",
    "end_api_session",
    "find_code",
    "finish_email_code",
    "finish_login",
    "hash_code",
    "hash_password",
    "issue_access_token",
    "issue_code",
    "issue_stand_in",
    "issue_ticket",
    "issuer",
    "list_app_passwords",
    "list_sessions",
    "matching_step",
    "needs_rehash",
    "new_code",
    "new_request_id",
    "normalize",
    "normalize_code",
    "operator_reset",
    "password_user",
    "payload_of",
    "peek_ticket",
    "refresh_tokens",
    "regenerate_recovery_codes",
    "revoke_all_sessions",
    "revoke_app_password",
    "revoke_everywhere",
    "revoke_own_session",
    "revoke_session",
    "second_step_for",
    "session_ttl",
    "sign_in_with_google",
    "signed_in_profile",
    "signup_details",
    "start_api_session",
    "start_login",
    "status",
    "step_ended",
    "subsonic_sign_in",
    "suggest_username",
    "token_hash",
    "touch",
    "user_for_access_token",
    "user_for_token",
    "verify_for_login",
    "verify_password",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Proving who someone is: passwords, emailed codes, sign-in (one or two steps, Google),
sessions, API tokens, tickets between steps, and the devices an account is signed in on.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.auth import api_sessions``), which keeps import order simple.
"""

from spoticlone.services.auth.api_sessions import end_api_session, refresh_tokens, start_api_session
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
    "suggest_username",
    "token_hash",
    "touch",
    "user_for_access_token",
    "user_for_token",
    "verify_for_login",
    "verify_password",
]

"""An account's life: sign-up and verification, password reset and change, email change,
the mails those flows send, profiles and profile pictures, demo accounts and clean-up.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.accounts import addresses``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.accounts.addresses import email_lookup_form, normalize_email, user_by_email
    from spoticlone.services.accounts.demo import create_demo_accounts, hash_password, new_demo_password
    from spoticlone.services.accounts.email_change import confirm_email_change, request_email_change
    from spoticlone.services.accounts.emails import (
        email_change_attempt_email,
        email_change_email,
        password_reset_email,
        sign_in_code_email,
        sign_up_attempt_email,
        verification_code_email,
    )
    from spoticlone.services.accounts.housekeeping import cleanup
    from spoticlone.services.accounts.mail import (
        deliver,
        reset_mail,
        send_email_change_attempt,
        send_email_change_step,
        send_sign_in_code,
        verification_mail,
    )
    from spoticlone.services.accounts.password_reset import (
        change_password,
        request_password_reset,
        reset_password,
    )
    from spoticlone.services.accounts.pictures import clear_picture, replace_picture
    from spoticlone.services.accounts.profiles import (
        become_artist,
        my_profile,
        normalize_phone,
        public_profile,
        remove_picture,
        set_picture,
        update_profile,
    )
    from spoticlone.services.accounts.resend import (
        forgot_password,
        new_code_for_request,
        request_verification_code,
        seconds_until_resend,
        sign_up,
    )
    from spoticlone.services.accounts.signup import (
        check_date_of_birth,
        normalize_username,
        register,
        resend_verification_code,
        verify_email,
    )

#: Which module of the package defines each public function.
_HOMES = {
    "become_artist": "profiles",
    "change_password": "password_reset",
    "check_date_of_birth": "signup",
    "cleanup": "housekeeping",
    "clear_picture": "pictures",
    "confirm_email_change": "email_change",
    "create_demo_accounts": "demo",
    "deliver": "mail",
    "email_change_attempt_email": "emails",
    "email_change_email": "emails",
    "email_lookup_form": "addresses",
    "forgot_password": "resend",
    "hash_password": "demo",
    "my_profile": "profiles",
    "new_code_for_request": "resend",
    "new_demo_password": "demo",
    "normalize_email": "addresses",
    "normalize_phone": "profiles",
    "normalize_username": "signup",
    "password_reset_email": "emails",
    "public_profile": "profiles",
    "register": "signup",
    "remove_picture": "profiles",
    "replace_picture": "pictures",
    "request_email_change": "email_change",
    "request_password_reset": "password_reset",
    "request_verification_code": "resend",
    "resend_verification_code": "signup",
    "reset_mail": "mail",
    "reset_password": "password_reset",
    "seconds_until_resend": "resend",
    "send_email_change_attempt": "mail",
    "send_email_change_step": "mail",
    "send_sign_in_code": "mail",
    "set_picture": "profiles",
    "sign_in_code_email": "emails",
    "sign_up": "resend",
    "sign_up_attempt_email": "emails",
    "update_profile": "profiles",
    "user_by_email": "addresses",
    "verification_code_email": "emails",
    "verification_mail": "mail",
    "verify_email": "signup",
}

__all__ = [
    "become_artist",
    "change_password",
    "check_date_of_birth",
    "cleanup",
    "clear_picture",
    "confirm_email_change",
    "create_demo_accounts",
    "deliver",
    "email_change_attempt_email",
    "email_change_email",
    "email_lookup_form",
    "forgot_password",
    "hash_password",
    "my_profile",
    "new_code_for_request",
    "new_demo_password",
    "normalize_email",
    "normalize_phone",
    "normalize_username",
    "password_reset_email",
    "public_profile",
    "register",
    "remove_picture",
    "replace_picture",
    "request_email_change",
    "request_password_reset",
    "request_verification_code",
    "resend_verification_code",
    "reset_mail",
    "reset_password",
    "seconds_until_resend",
    "send_email_change_attempt",
    "send_email_change_step",
    "send_sign_in_code",
    "set_picture",
    "sign_in_code_email",
    "sign_up",
    "sign_up_attempt_email",
    "update_profile",
    "user_by_email",
    "verification_code_email",
    "verification_mail",
    "verify_email",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

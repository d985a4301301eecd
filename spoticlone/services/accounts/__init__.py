"""An account's life: sign-up and verification, password reset and change, email change,
the mails those flows send, profiles and profile pictures, demo accounts and clean-up.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.accounts import addresses``), which keeps import order simple.
"""

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

"""A read-only link to a family's results, apart from the "save and come back later" link.

The resume link is a key to the answers: whoever holds it can change them. The share link only
shows the results. It is a value signed with SECRET_KEY (no table, nothing stored): the
household's row and a keyed digest of its token, so that it names that household and no other
(a row id can be used again after a household is deleted), tells nothing of the token, and
cannot be made up. It is the same each time it is asked for, and works as long as the answers
are kept: deleting them (start again, or 30 days after the last change) ends it.
"""

from __future__ import annotations

import hmac
import logging
import smtplib

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.households.models import Household

SALT = "apps.households.sharing"
logger = logging.getLogger(__name__)


def _digest(token: str) -> str:
    return salted_hmac(SALT, token, algorithm="sha256").hexdigest()[:16]


def share_key(household: Household) -> str:
    """The key of the household's read-only link."""
    return signing.Signer(salt=SALT).sign_object([household.pk, _digest(household.token)])


def household_by_share_key(key: str) -> Household | None:
    """The household a read-only link names, if the key is genuine and the answers are kept."""
    if len(key) > 200:
        return None
    try:
        pk, digest = signing.Signer(salt=SALT).unsign_object(key)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(digest, str):
        return None
    household = (
        Household.objects.filter(pk=pk)
        .select_related("jurisdiction")
        .prefetch_related("parents", "children")
        .first()
    )
    if household is None or not hmac.compare_digest(_digest(household.token), digest):
        return None
    return household


# --- Sending the links by email ------------------------------------------------------------

# Backends that deliver nothing: with one of these the service has no email to offer.
NO_EMAIL = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


def email_available() -> bool:
    """Whether the server can send email (settings.EMAIL_BACKEND delivers it somewhere)."""
    return settings.EMAIL_BACKEND not in NO_EMAIL


class LinksEmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱"),
        help_text=gettext_lazy("只用来发送这两个链接，不会保存。"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("请填写电子邮箱"),
            "invalid": gettext_lazy("请填写正确的电子邮箱，例如 name@example.com"),
        },
    )


def links_send(*, email: str, resume_url: str, share_url: str) -> bool:
    """Send both links to `email` in the page's language; False when the server could not."""
    body = _(
        "您在“生育支持待遇查询”保存了回答。\n\n"
        "继续填写或修改回答（请像保管钥匙一样保管这个链接，拿到它的人可以修改回答）：\n"
        "%(resume_url)s\n\n"
        "只读的结果（可以分享给家人，不能修改回答）：\n"
        "%(share_url)s\n\n"
        "回答从最后一次修改起保存30天，之后两个链接都会失效。"
    ) % {"resume_url": resume_url, "share_url": share_url}
    try:
        sent = send_mail(_("您保存的生育支持待遇查询"), body, None, [email])
    except (OSError, smtplib.SMTPException):
        logger.warning("the links email could not be sent", exc_info=True)
        return False
    return sent == 1

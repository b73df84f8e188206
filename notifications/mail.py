"""Rendering and sending one message, once.

A message is a pair of templates, ``notifications/<name>.txt`` (whose ``subject`` partial is the subject)
and ``notifications/<name>.html``, rendered with the same context, sent from ``DEFAULT_FROM_EMAIL``
through the default mailer (``settings.MAILERS``).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import SentMessage

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(path: str) -> str:
    """A link for an e-mail: the site's own address (``SITE_URL``) and ``path``."""
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(review_id: int) -> str:
    """Signed, so only a link we sent can stop messages to the address on that review; no expiry, as a
    link in an old e-mail must still work."""
    return signing.dumps(review_id, salt=UNSUBSCRIBE_SALT)


def review_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(review_id: int) -> str:
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(review_id)}))


def render(name: str, context: dict, *, to: list[str], headers: dict | None = None) -> EmailMultiAlternatives:
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "address_days": settings.VISITOR_ADDRESS_DAYS,
        **context,
    }
    subject = " ".join(render_to_string(f"notifications/{name}.txt#subject", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/{name}.txt", context).strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"notifications/{name}.html", context), "text/html")
    return message


def message_id(kind: str, key: str) -> str:
    """The same message always has the same Message-ID, so a resend after a crash can be recognised."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{kind.replace('_', '-')}.{re.sub(r'[^A-Za-z0-9-]+', '.', key)}@{domain}>"


def deliver(
    *,
    kind: str,
    key: str,
    to: list[str],
    template: str,
    context: dict,
    recipient=None,
    unsubscribe_review: int | None = None,
) -> bool:
    """Send a message unless one of this ``kind`` and ``key`` was sent already; returns whether it was sent.

    The record and the send share a transaction: if sending fails, nothing is recorded and the task
    tries again; if the record exists, another run got there first (a second run waits for the first's
    transaction on the unique key, then finds it).
    """
    headers = {"Message-ID": message_id(kind, key)}
    context = dict(context)
    if unsubscribe_review is not None:
        link = unsubscribe_url(unsubscribe_review)
        context["unsubscribe_url"] = link
        headers |= {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentMessage.objects.create(kind=kind, key=key, recipient=recipient)
        except IntegrityError:
            return False
        render(template, context, to=to, headers=headers).send()
    return True

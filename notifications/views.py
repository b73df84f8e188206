"""Unsubscribing: the link in a visitor's e-mail, and the one-click POST mail programs send (RFC 8058)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from reviews import services as review_services
from reviews.models import Review

from . import mail


@csrf_exempt  # RFC 8058: mail programs POST here without a CSRF token; the signed link is the credential
def unsubscribe(request, token):
    """GET asks (link checkers and previews follow links, and must not unsubscribe anyone); POST erases
    the address from every review that holds it, so nothing more is sent to it."""
    review_id = mail.review_from_token(token)
    if review_id is None:
        return render(request, "notifications/unsubscribe.html", {"state": "invalid"}, status=400)
    review = Review.objects.filter(pk=review_id).only("pk", "email").first()
    if review is None or not review.email:
        context = {"state": "nothing", "days": settings.VISITOR_ADDRESS_DAYS}
        return render(request, "notifications/unsubscribe.html", context)
    if request.method == "POST":
        review_services.forget_address(review=review)
        return render(request, "notifications/unsubscribe.html", {"state": "done"})
    return render(request, "notifications/unsubscribe.html", {"state": "ask"})

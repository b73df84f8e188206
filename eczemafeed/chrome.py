"""The site's chrome (header, navigation, footer: templates/includes/) rendered once per process and key, not on
every page.

Every cold page paid ~20 ``{% url %}`` tags and three includes for markup that is the same on almost every page:
the chrome depends only on code (templates, URL patterns, the static manifest), the script prefix, the language,
the URL configuration, the page's ``section``, the year (the footer's ``{% now "Y" %}``) and, for ``aria-current``,
whether the request's path is one of the chrome's own links. ``{% chrome "includes/header.html" %}`` renders the
include with exactly those, keeps the string, and hands it back on the next page with the same key.

What may go in a chrome template: ``section``, ``request.path`` compared with ``==`` to an address the template
links to, and code-defined content. Nothing about the visitor (user, messages, CSRF, CSP nonce), no query string,
no database content: those would be served to the next visitor (tests/test_chrome.py checks the templates).

The strings change only with a deploy (a new process); tests that override settings and the development server's
template reloading drop them.
"""

import html
import re
from datetime import datetime

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

HREF = re.compile(r'href="([^"]*)"')

# (template, script prefix, language, URL configuration, section, year) -> (its markup for a page it does not
# link to, the addresses it links to, {address: its markup on that page}).
_rendered = {}


class _PathOnly:
    """The request as a chrome template may see it: its path, nothing about the visitor."""

    __slots__ = ("path",)

    def __init__(self, path):
        self.path = path


def _render(template_name, section, path):
    return get_template(template_name).render({"section": section, "request": _PathOnly(path)})


def chrome_markup(template_name, section, path):
    """The chrome template's markup for a page of ``section`` at ``path``, rendered once per key."""
    year = datetime.now(tz=timezone.get_current_timezone() if settings.USE_TZ else None).year
    key = (template_name, get_script_prefix(), get_language(), get_urlconf(), section, year)
    entry = _rendered.get(key)
    if entry is None:
        # A path no link can have: the markup of every page the chrome does not link to.
        elsewhere = _render(template_name, section, "\x00")
        links = frozenset(html.unescape(href) for href in HREF.findall(elsewhere))
        entry = _rendered[key] = (elsewhere, links, {})
    elsewhere, links, linked = entry
    if path not in links:
        return elsewhere
    markup = linked.get(path)
    if markup is None:
        markup = linked[path] = _render(template_name, section, path)
    return markup


@register.simple_tag(takes_context=True)
def chrome(context, template_name):
    """``{% chrome "includes/footer.html" %}``: the include's markup, as ``{% include %}`` would render it here."""
    request = context.get("request")
    return mark_safe(chrome_markup(template_name, context.get("section"), request.path if request else None))


@receiver(setting_changed)
def _forget_on_setting_changed(**kwargs):
    _rendered.clear()


if settings.DEBUG:
    from django.utils.autoreload import file_changed

    @receiver(file_changed, dispatch_uid="eczemafeed.chrome")
    def _forget_on_file_changed(**kwargs):
        _rendered.clear()

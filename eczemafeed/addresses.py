"""``reverse()`` remembered: the same address Django's ``reverse`` gives, found once per process for each name, its
arguments and everything else the answer depends on, then read from memory.

A cold treatment page asked ``reverse`` for ~50 addresses, most of them the same on every page (the header's, the
footer's) and the rest the same for a given slug: each a walk of the URL resolver's reverse dictionaries (looked up
by language) and the script prefix, through asgiref's ``Local`` several times an address, about a tenth of the
page's CPU. What else the answer depends on is in the key, so the memory is safe across requests:

- the resolver (``get_resolver`` of the request's urlconf, or ``ROOT_URLCONF``): a new one after
  ``clear_url_caches()`` or another urlconf, so nothing remembered of the old one is read again;
- the script prefix (``SCRIPT_NAME``, or ``FORCE_SCRIPT_NAME``), which every address starts with;
- the active language, by which the resolver's dictionaries (and any translated pattern) are kept;
- the current app (namespaced reversal) and the name, arguments and keyword arguments themselves.

Only plain arguments (``str`` and ``int``) are remembered: anything else (a model instance, a lazy string, a
callable view) goes to Django's ``reverse`` every time, as does a ``query`` or ``fragment``. The memory keeps the
most recently used addresses (``SIZE``), so a site of many slugs does not grow it without end.

``{% url %}`` in the Django templates is this module's (a builtin in ``settings.TEMPLATES``): Django's own tag,
reading the address from here; Jinja2's ``url()`` reads it from here too. Part of the template engines'
configuration, so the apps do not import it: a model's ``get_absolute_url`` still calls Django's ``reverse``.
"""

from functools import lru_cache

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

SIZE = 8192  # addresses: a few hundred bytes each
PLAIN = frozenset((str, int, SafeString))  # exactly these types (a bool is an int, but reversed as "True")

register = template.Library()


def reverse(viewname, args=None, kwargs=None, current_app=None):
    """``django.urls.reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``, remembered."""
    if (
        type(viewname) not in (str, SafeString)  # a name written in a template is a SafeString
        or (args and any(type(arg) not in PLAIN for arg in args))
        or (kwargs and any(type(value) not in PLAIN or type(key) is not str for key, value in kwargs.items()))
    ):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(
        get_resolver(get_urlconf()),
        get_script_prefix(),
        get_language(),
        current_app,
        viewname,
        tuple(args) if args else (),
        tuple(sorted(kwargs.items())) if kwargs else (),
    )


@lru_cache(maxsize=SIZE)
def _remembered(resolver, prefix, language, current_app, viewname, args, kwargs):
    """Django's answer for one key (an error, ``NoReverseMatch``, is not remembered: raised each time)."""
    return django_reverse(
        viewname, urlconf=resolver.urlconf_name, args=args or None, kwargs=dict(kwargs) or None, current_app=current_app
    )


def forget():
    """Drop every remembered address (tests that change the URL patterns in place call it)."""
    _remembered.cache_clear()


class RememberedURLNode(defaulttags.URLNode):
    """Django's ``{% url %}``, its address from ``reverse`` above: the same arguments, current app, errors
    (``NoReverseMatch`` unless ``as var``) and escaping as ``URLNode.render``."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """``{% url %}`` as Django parses it (``defaulttags.url``), rendered by ``RememberedURLNode``."""
    node = defaulttags.url(parser, token)
    node.__class__ = RememberedURLNode
    return node

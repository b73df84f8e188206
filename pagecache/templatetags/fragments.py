"""``{% content_fragment %}``: render a visitor-independent part of a page once per content version.

    {% load fragments %}
    {% content_fragment "content" %} … {% endcontent_fragment %}

A fragment is stored per page address; its name (declared once with ``pagecache.fragments.declare``),
and any values after it, say which part of the page it is. The content version (``pagecache``) says
when it was rendered, so any published change or approved review makes a new one. Previews, and pages
rendered without a request, are never stored. A view that lists its fragment names in
``CachedPublicPageMixin.fragments`` reads them all in one round trip.
"""

from django import template
from django.utils.safestring import mark_safe

from pagecache.fragments import per_content_version

register = template.Library()


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        request = context.get("request")
        if request is None or context.get("is_preview"):
            return self.nodelist.render(context)
        vary_on = [value.resolve(context) for value in self.vary_on]
        html = per_content_version(request, self.name.resolve(context), vary_on, lambda: self.nodelist.render(context))
        return mark_safe(html)  # our own template's output, escaped as it rendered


@register.tag
def content_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name, e.g. {{% {bits[0]} \"content\" %}}")
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return ContentFragmentNode(nodelist, name, vary_on)

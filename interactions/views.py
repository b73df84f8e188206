"""The interaction checker: a GET form (nothing is stored), so any check can be bookmarked or shared, and the
page is cached like other public pages."""

from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView

from pagecache.views import CachedPublicPageMixin

from .checker import MAX_MEDICINES, check
from .models import SEVERITY_DETAILS, Severity

EMPTY_BOXES = 2  # empty boxes offered after what was typed, so a visitor can add more without JavaScript
FIRST_BOXES = 4
MAX_LENGTH = 100  # characters of one name


class InteractionCheckerView(CachedPublicPageMixin, TemplateView):
    template_name = "interactions/checker.html"
    extra_context = {"section": "interactions"}

    @cached_property
    def typed(self):
        """What was typed, in order, blanks left out (each name trimmed to a sensible length)."""
        return [name.strip()[:MAX_LENGTH] for name in self.request.GET.getlist("d") if name.strip()]

    @cached_property
    def too_many(self):
        return len(self.typed) > MAX_MEDICINES

    @cached_property
    def result(self):
        if len(self.typed) < 2 or self.too_many:
            return None
        return check(self.typed)

    @property
    def boxes(self):
        """(id, value) of each input: everything typed, then a few empty ones."""
        count = max(FIRST_BOXES, len(self.typed) + EMPTY_BOXES) if not self.too_many else len(self.typed)
        values = self.typed + [""] * (count - len(self.typed))
        return [(f"medicine-{number}", value) for number, value in enumerate(values, start=1)]

    def replaced(self, typed, suggestion):
        """The address of this check with ``typed`` replaced by ``suggestion`` (a did-you-mean link)."""
        names = [suggestion if name == typed else name for name in self.typed]
        return f"{self.request.path}?{urlencode({'d': names}, doseq=True)}"

    def get_context_data(self, **kwargs):
        suggestions = []
        if self.result:
            suggestions = [
                (unknown, self.replaced(unknown.typed, unknown.suggestion) if unknown.suggestion else "")
                for unknown in self.result.unknown
            ]
        return super().get_context_data(
            result=self.result,
            suggestions=suggestions,
            too_few=len(self.typed) == 1,
            too_many=self.too_many,
            max_medicines=MAX_MEDICINES,
            severities=[(severity, SEVERITY_DETAILS[severity]) for severity in Severity],
            **kwargs,
        )

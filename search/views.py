from django.views.generic import TemplateView

from .engine import KINDS, search


class SearchView(TemplateView):
    """``/search/?q=``: everything public that matches, grouped by kind (``&kind=`` pages one kind)."""

    template_name = "search/search.html"
    extra_context = {"section": "search"}

    def get_context_data(self, **kwargs):
        params = self.request.GET
        results = search(params.get("q", ""), kind=params.get("kind", ""), page=params.get("page", 1))
        return super().get_context_data(results=results, kinds=KINDS, **kwargs)

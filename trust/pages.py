"""Which pages are clinical (and so carry a "report an error" link), and what each is called, read from its
address: a report names the page it is about without trusting a title the visitor's browser sent."""

from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from content.models import Article, Condition, Drug, Treatment

MAX_PATH = 300


def clinical_page_title(path: str) -> str:
    """The title of the public clinical page at ``path`` (one query), or 404 for anything else."""
    if not path or len(path) > MAX_PATH or not path.startswith("/") or not url_has_allowed_host_and_scheme(path, None):
        raise Http404("Reports are about a page of this site.")
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404("No such page.") from None
    kwargs = match.kwargs
    match match.view_name:
        case "content:drug_detail":
            found = Drug.objects.published().filter(slug=kwargs["slug"]).values_list("generic_name", flat=True)
            title = found.first()
        case "content:drug_side_effects":
            found = Drug.objects.published().filter(slug=kwargs["slug"]).values_list("generic_name", flat=True)
            title = f"{name} side effects" if (name := found.first()) else None
        case "content:treatment_detail":
            treatment = (
                Treatment.objects.published()
                .filter(drug__slug=kwargs["drug"], condition__slug=kwargs["condition"])
                .select_related("drug", "condition")
                .first()
            )
            title = f"{treatment.drug.generic_name} for {treatment.condition.name_in_sentence}" if treatment else None
        case "content:condition_detail":
            title = Condition.objects.published().filter(slug=kwargs["slug"]).values_list("name", flat=True).first()
        case "content:article_detail":
            title = Article.objects.published().filter(slug=kwargs["slug"]).values_list("title", flat=True).first()
        case _:
            title = None
    if title is None:
        raise Http404("Reports are about a published drug, condition, treatment or article page.")
    return title

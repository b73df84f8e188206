"""Public read pages. Every queryset starts from ``published()``; staff with the change
permission may preview drafts at the public URL, marked as a preview and never cached.

Each view puts the site ``section`` it belongs to in the context (the header marks it). What a page
shows besides its object are properties of its view, plain QuerySets its template reads as ``view.…``:
made when the template first reads them, so a page whose fragments are stored makes none of them.
"""

from django.contrib.auth import get_permission_codename
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from pagecache.fragments import declare, per_content_version
from pagecache.store import SITE
from pagecache.views import CachedPublicPageMixin, set_cache_tags

from . import revisions, selectors
from .models import (
    APPROVAL_DETAILS,
    APPROVAL_TONES,
    GRADE_DETAILS,
    ApprovalStatus,
    Article,
    ArticleReference,
    Author,
    Condition,
    ConditionAlias,
    ContentRevision,
    Drug,
    DrugClass,
    EvidenceCaveat,
    EvidenceGrade,
    SideEffect,
    StudyType,
    Treatment,
    TreatmentReference,
    grade_ceiling_of,
    public_tags,
)
from .precompiled import prefetched, run

# The parts of these pages stored per content version ({% content_fragment %} in their templates).
OBJECT = declare("object")  # the published object a detail page shows
JSON_LD = declare("json-ld")
BREADCRUMBS = declare("breadcrumbs")
CONTENT = declare("content")
DESCRIPTION = declare("description")  # a treatment page's: it states the capped grade, read with its outcomes


class FirstFew:
    """The first ``count`` rows of a list, and whether there are more: one query, when first used (``read(n)``
    gives its first ``n`` rows)."""

    def __init__(self, read, count):
        self.read, self.count = read, count

    @cached_property
    def rows(self):
        return self.read(self.count + 1)

    def __iter__(self):
        return iter(self.rows[: self.count])

    def __bool__(self):
        return bool(self.rows)

    @property
    def has_more(self):
        return len(self.rows) > self.count


class PreviewableMixin:
    """Serve published objects; let staff who may edit the model preview the rest, and staff who read
    revisions preview a revision of live content at its public address (``?revision=<id>``).

    A revision preview applies the revision's snapshot inside a savepoint, renders the page and rolls it
    back: every query of the page reads the draft, and nothing of it is ever stored (no page cache, no
    fragments, ``Cache-Control: private, no-store``)."""

    preview_revision = None

    def dispatch(self, request, *args, **kwargs):
        revision_id = request.GET.get("revision", "")
        if not revision_id or not request.user.has_perm("articles.view_contentrevision"):
            return super().dispatch(request, *args, **kwargs)
        revision = ContentRevision.objects.filter(pk=revision_id if revision_id.isdigit() else None).first()
        if revision is None or revision.item is None:
            raise Http404("No such revision.")
        self.preview_revision = revision
        with revisions.rolled_back():
            try:
                revisions.apply(revision.item, revision.snapshot)
            except revisions.SnapshotConflict as error:
                raise Http404(f"This revision cannot be shown on the page as it is now: {error}") from error
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    @cached_property
    def can_preview(self):
        opts = self.model._meta
        codename = get_permission_codename("change", opts)
        return self.request.user.has_perm(f"{opts.app_label}.{codename}")

    def base_queryset(self):
        manager = self.model.objects
        return manager.all() if self.can_preview else manager.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public or self.preview_revision is not None
        context["preview_revision"] = self.preview_revision
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            add_never_cache_headers(response)
        return response


class AssembledDetailMixin(CachedPublicPageMixin, PreviewableMixin):
    """A detail page assembled from content fragments (``{% content_fragment %}``): the object, with
    what its page shows of its own relations, is looked up once per content version (staff previews
    always read the database), and everything else the template shows is lazy, so a page whose
    fragments are stored reads no database."""

    fragments = (OBJECT, JSON_LD, BREADCRUMBS, CONTENT)

    def find_object(self):
        """The page's object from ``base_queryset()`` (published only, unless previewing), or 404."""
        raise NotImplementedError

    def get_object(self, queryset=None):
        if self.can_preview or self.preview_revision is not None:
            found = self.find_object()
        else:
            found = per_content_version(
                self.request, OBJECT, (), self.find_object, tags=lambda obj: (SITE, *self.object_tags(obj))
            )
        set_cache_tags(self.request, *self.object_tags(found))
        return found


class HomeView(CachedPublicPageMixin, TemplateView):
    """Assembled from a content fragment, like the detail pages: every value below is lazy, and read with SQL
    compiled once (``precompiled``)."""

    template_name = "articles/home.html"
    fragments = (CONTENT,)
    extra_context = {"section": "home"}
    conditions_shown = 12  # the rest are one click away on the A–Z of conditions

    @cached_property
    def featured_treatments(self):
        return run("content:home-featured-treatments", Treatment, selectors.featured_treatments, {})

    @cached_property
    def recent_articles(self):
        return run("content:home-recent-articles", Article, selectors.recent_articles, {})

    @cached_property
    def conditions(self):
        return FirstFew(selectors.first_public_conditions, self.conditions_shown)


class DrugListView(CachedPublicPageMixin, ListView):
    """A–Z of drugs, optionally narrowed to one drug class (``?class=retinoids``)."""

    model = Drug
    context_object_name = "drugs"
    extra_context = {"section": "drugs"}

    @cached_property
    def drug_class(self):
        slug = self.request.GET.get("class")
        return DrugClass.objects.filter(slug=slug).first() if slug else None

    def get_queryset(self):
        drugs = Drug.objects.published().prefetch_related("brand_names", "drug_classes")
        if self.drug_class:
            drugs = drugs.filter(drug_classes=self.drug_class)
        return drugs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["drug_class"] = self.drug_class
        context["letters"] = sorted({drug.generic_name[:1].upper() for drug in context["drugs"]})
        return context


class DrugDetailView(AssembledDetailMixin, DetailView):
    model = Drug
    context_object_name = "drug"
    extra_context = {"section": "drugs"}

    def find_object(self):
        """The drug with what its page shows of its own, and (one query) every public treatment of the conditions
        it treats: its own are ``public_treatments``, the other drugs' ``same_condition_treatments``."""
        if self.can_preview:
            drugs = self.base_queryset().select_related("medically_reviewed_by", "medically_reviewed_as")
            drug = get_object_or_404(drugs.prefetch_related(*selectors.DRUG_PAGE_PREFETCHES), slug=self.kwargs["slug"])
        else:
            drug = self.public_drug()
        treatments = run(
            "content:drug-conditions-treatments",
            Treatment,
            selectors.treatments_of_its_conditions,
            {"drug_id": drug.pk},
        )
        drug.public_treatments = [treatment for treatment in treatments if treatment.drug_id == drug.pk]
        drug.same_condition_treatments = [treatment for treatment in treatments if treatment.drug_id != drug.pk]
        return drug

    def public_drug(self):
        """The public drug by its slug and what its page lists of its own (``selectors.DRUG_PAGE_LISTS``), as
        ``prefetch_related`` leaves them, in one query compiled once (``precompiled``)."""
        found = run("content:drug", Drug, selectors.public_drug_page_object, {"slug": self.kwargs["slug"]})
        if not found:
            raise Http404(f"No {Drug._meta.object_name} matches the given query.")
        drug = found[0]
        selectors.give_drug_its_own_lists(drug)
        return drug

    def object_tags(self, drug):
        """The drug, and its treatments: their reviews' ratings are on its page."""
        return (f"drug:{drug.pk}", *(f"treatment:{treatment.pk}" for treatment in drug.public_treatments))

    @cached_property
    def common_side_effects(self):
        return run(
            "content:drug-common-side-effects", SideEffect, selectors.common_side_effects, {"drug_id": self.object.pk}
        )

    @cached_property
    def alternatives(self):
        """(drug, why) pairs, in one query: the public drugs an editor chose as alternatives, with their
        reasons, then the public similar drugs not chosen, with their summaries."""
        others = run("content:drug-alternatives", Drug, selectors.alternatives, {"drug_id": self.object.pk})
        return [
            (other, f"{other.reason[:1].upper()}{other.reason[1:]}." if other.reason else other.summary)
            for other in others
        ]

    @cached_property
    def same_condition_treatments(self):
        """Other drugs' public treatments of the conditions this drug treats, strongest evidence first (the
        template groups them by condition): the drugs people compare it with, whatever their class."""
        return self.object.same_condition_treatments

    @cached_property
    def articles(self):
        return run("content:drug-articles", Article, selectors.drug_articles, {"drug_id": self.object.pk})


class DrugSideEffectsView(CachedPublicPageMixin, PreviewableMixin, DetailView):
    model = Drug
    context_object_name = "drug"
    template_name = "articles/drug_side_effects.html"
    extra_context = {"section": "drugs"}

    def get_queryset(self):
        return (
            self.base_queryset()
            .select_related("medically_reviewed_by", "medically_reviewed_as")
            .prefetch_related("warnings")
        )

    def get_context_data(self, **kwargs):
        side_effects = self.object.side_effects.order_by("frequency_band", "body_system", "-frequency_percent", "name")
        return super().get_context_data(side_effects=side_effects, **kwargs)


class ConditionListView(CachedPublicPageMixin, ListView):
    model = Condition
    context_object_name = "conditions"
    extra_context = {"section": "conditions"}

    def get_queryset(self):
        return Condition.objects.published().prefetch_related("aliases")


class ConditionDetailView(AssembledDetailMixin, DetailView):
    model = Condition
    context_object_name = "condition"
    extra_context = {"section": "conditions"}

    def find_object(self):
        """The condition with its aliases, standard treatments (their drugs if public) and public treatments. The
        public page reads the condition, its aliases, its treatments and its standard treatments with their public
        drugs (``selectors.give_condition_its_standard_treatments``) with SQL compiled once (``precompiled``). Staff
        previews build them all."""
        if self.can_preview:
            conditions = self.base_queryset().select_related("medically_reviewed_by", "medically_reviewed_as")
            conditions = conditions.prefetch_related(
                "aliases",
                Prefetch("standard_treatments__drug", queryset=Drug.objects.published()),
                Prefetch("treatments", queryset=selectors.condition_treatments(), to_attr="public_treatments"),
            )
            return get_object_or_404(conditions, slug=self.kwargs["slug"])
        found = run(
            "content:condition", Condition, selectors.public_condition_page_object, {"slug": self.kwargs["slug"]}
        )
        if not found:
            raise Http404(f"No {Condition._meta.object_name} matches the given query.")
        condition = found[0]
        ids = {"condition_id": condition.pk}
        aliases = run("content:condition-aliases", ConditionAlias, selectors.condition_aliases, ids)
        prefetched([condition], "aliases", [(alias.condition_id, alias) for alias in aliases])
        selectors.give_condition_its_standard_treatments(condition)
        condition.public_treatments = run(
            "content:condition-treatments", Treatment, selectors.public_treatments_of_condition, ids
        )
        for treatment in condition.public_treatments:
            Treatment.condition.field.set_cached_value(treatment, condition)
        return condition

    def object_tags(self, condition):
        """The condition, and its treatments: their reviews' ratings are on its page."""
        return (f"condition:{condition.pk}", *(f"treatment:{t.pk}" for t in condition.public_treatments))

    @cached_property
    def articles(self):
        return run(
            "content:condition-articles", Article, selectors.condition_articles, {"condition_id": self.object.pk}
        )


class TreatmentDetailView(AssembledDetailMixin, DetailView):
    model = Treatment
    context_object_name = "treatment"
    extra_context = {"section": "drugs"}
    fragments = (*AssembledDetailMixin.fragments, DESCRIPTION)

    def find_object(self):
        """The public treatment by its slugs, in SQL compiled once (``precompiled``); staff previews build it."""
        slugs = {"drug": self.kwargs["drug"], "condition": self.kwargs["condition"]}
        if self.can_preview:
            return get_object_or_404(selectors.treatment_page_object(self.base_queryset(), **slugs))
        found = run("content:treatment", Treatment, selectors.public_treatment_page_object, slugs)
        if not found:
            raise Http404(f"No {Treatment._meta.object_name} matches the given query.")
        return found[0]

    def object_tags(self, treatment):
        return (f"treatment:{treatment.pk}", f"drug:{treatment.drug_id}", f"condition:{treatment.condition_id}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(drug=self.object.drug, condition=self.object.condition, **kwargs)

    @cached_property
    def citations(self):
        return run(
            "content:treatment-citations", TreatmentReference, selectors.citations, {"treatment_id": self.object.pk}
        )

    @cached_property
    def caveat(self):
        """The banner, with what the cited studies are (read with the citations the page lists), capped at the
        treatment's ceiling (``grade_ceiling_of``): built once for the page, which states it in its description and
        its body (each through ``{% capped_caveat %}``, which then has nothing more to cap)."""
        references = [citation.reference for citation in self.citations]
        return EvidenceCaveat(self.object, references=references, ceiling=grade_ceiling_of(self.object))

    @cached_property
    def side_effects(self):
        return selectors.drug_side_effects(self.object.drug_id)

    @cached_property
    def warnings(self):
        return selectors.drug_warnings(self.object.drug_id)

    @cached_property
    def related_treatments(self):
        """The other public treatments of this drug or of this condition, in one query (the page lists both)."""
        treatment = self.object
        ids = {"treatment_id": treatment.pk, "drug_id": treatment.drug_id, "condition_id": treatment.condition_id}
        return run("content:related-treatments", Treatment, selectors.related_treatments, ids)

    @cached_property
    def same_drug_treatments(self):
        return [other for other in self.related_treatments if other.drug_id == self.object.drug_id]

    @cached_property
    def same_condition_treatments(self):
        return [other for other in self.related_treatments if other.condition_id == self.object.condition_id]

    @cached_property
    def articles(self):
        ids = {"drug_id": self.object.drug_id, "condition_id": self.object.condition_id}
        return run("content:treatment-articles", Article, selectors.treatment_articles, ids)


class ArticleListView(CachedPublicPageMixin, ListView):
    model = Article
    context_object_name = "articles"
    paginate_by = 10
    extra_context = {"section": "articles"}

    def get_queryset(self):
        return Article.objects.published().select_related("author").prefetch_related("tags")


class ArticleDetailView(CachedPublicPageMixin, PreviewableMixin, DetailView):
    model = Article
    context_object_name = "article"
    extra_context = {"section": "articles"}

    def get_queryset(self):
        return (
            self.base_queryset()
            .select_related("author", "medically_reviewed_by", "medically_reviewed_as")
            .prefetch_related(
                "tags",
                Prefetch(
                    "citations",
                    queryset=ArticleReference.objects.select_related("reference"),
                    to_attr="ordered_citations",
                ),
                Prefetch("drugs", queryset=Drug.objects.published(), to_attr="public_drugs"),
                Prefetch("conditions", queryset=Condition.objects.published(), to_attr="public_conditions"),
            )
        )

    def get_context_data(self, **kwargs):
        article = self.object
        related = selectors.public_treatments().filter(
            drug__in=article.drugs.all(), condition__in=article.conditions.all()
        )
        return super().get_context_data(related_treatments=related.select_related("drug", "condition")[:6], **kwargs)

    @cached_property
    def related_articles(self):
        """Published articles sharing a tag, drug or condition with this one, newest first."""
        article = self.object
        shared = (
            Q(tags__in=[tag.pk for tag in article.tags.all()])
            | Q(drugs__in=[drug.pk for drug in article.public_drugs])
            | Q(conditions__in=[condition.pk for condition in article.public_conditions])
        )
        others = Article.objects.published().exclude(pk=article.pk).select_related("author")
        return list(others.filter(pk__in=others.filter(shared).values("pk"))[:3])

    @cached_property
    def recent_articles(self):
        """The newest published articles besides this one and the related ones."""
        shown = [self.object.pk, *(related.pk for related in self.related_articles)]
        return Article.objects.published().exclude(pk__in=shown).select_related("author")[:3]


class TagListView(CachedPublicPageMixin, ListView):
    """Every topic that has a published article, A–Z, with how many."""

    context_object_name = "tags"
    template_name = "articles/tag_list.html"
    extra_context = {"section": "articles"}

    def get_queryset(self):
        return public_tags()


class TagView(CachedPublicPageMixin, ListView):
    context_object_name = "articles"
    paginate_by = 10
    template_name = "articles/tag_detail.html"
    extra_context = {"section": "articles"}

    @cached_property
    def tag(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(tags__slug=self.tag.slug)
            .select_related("author")
            .prefetch_related("tags")
        )

    def get_context_data(self, **kwargs):
        set_cache_tags(self.request, f"tag:{self.tag.pk}")
        context = super().get_context_data(tag=self.tag, **kwargs)
        if not context["paginator"].count:
            raise Http404("No published articles carry this tag.")
        return context


class AuthorDetailView(CachedPublicPageMixin, DetailView):
    model = Author
    context_object_name = "author"
    extra_context = {"section": "articles"}

    def get_context_data(self, **kwargs):
        author = self.object
        return super().get_context_data(
            written=Article.objects.published().filter(author=author).select_related("author")[:20],
            reviewed=Article.objects.published().filter(medically_reviewed_by=author).select_related("author")[:20],
            **kwargs,
        )


class EvidenceScaleView(CachedPublicPageMixin, TemplateView):
    template_name = "articles/evidence_scale.html"
    extra_context = {"section": "evidence"}

    def get_context_data(self, **kwargs):
        grades = [
            {"grade": grade, "phrase": phrase, "explanation": explanation, "max_stars": cap}
            for grade, (phrase, explanation, cap) in GRADE_DETAILS.items()
        ]
        approvals = [
            {"status": status, "explanation": APPROVAL_DETAILS[status], "tone": APPROVAL_TONES[status]}
            for status in ApprovalStatus
        ]
        return super().get_context_data(
            grades=sorted(grades, key=lambda g: -g["grade"]),
            approvals=approvals,
            study_types=StudyType,
            anecdotal=EvidenceGrade.ANECDOTAL,
            **kwargs,
        )

"""The cost of one card, Django's template against Jinja2, on the bench database's own rows.

    .venv/bin/python bench/profile_cards.py

For each card converted to Jinja2 (treatment card, with and without its patient-review line; warning; article
card), renders a page's list of them both ways on the same objects: the Django templates they replaced
(``tests/content_tests/django_cards/``, the reference the equality tests keep), included from a ``{% for %}`` as
the pages did, and content's tag. Checks that both give the same bytes, then prints CPU ms (the least of five
runs of 200 renders, per card) and Python function calls per card (which do not move with the neighbours of a
shared machine). Run ``make bench`` (or ``bench/dataset.py``) once first to build the database.
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset

ROOT = Path(__file__).resolve().parent.parent
RENDERS = 200


def main():
    os.environ.update(
        dataset.django_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-secret-" + "k" * 50, PAGE_CACHE_SECONDS="0")
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    import django

    django.setup()
    from django.template import Context, Engine

    from content.models import Article, Drug, DrugWarning, Treatment
    from content.templatetags.content import article_cards, treatment_cards, warning_list
    from reviews import selectors

    django_cards = Engine(
        dirs=[ROOT / "tests" / "content_tests" / "django_cards"],
        libraries={"content": "content.templatetags.content", "reviews": "tests.content_tests.test_cards_in_jinja2"},
    )
    drug = Drug.objects.get(slug=dataset.BIG[0])
    treatments = list(
        Treatment.objects.published().filter(drug=drug).select_related("drug", "condition").with_grade_ceiling()[:6]
    )
    selectors.fetch_stats(treatments)
    warnings = list(DrugWarning.objects.filter(drug=drug)[:6])
    articles = list(Article.objects.published().select_related("author")[:4])
    each_treatment = (
        "{% for t in items %}<li>{% include 'treatment_card.html' with treatment=t drug=t.drug condition=t.condition"
    )
    cases = {
        "treatment card": (treatments, each_treatment + " %}</li>{% endfor %}", lambda: treatment_cards(treatments)),
        "treatment card with its patient-review line": (
            treatments,
            each_treatment + " title=t.condition.name show_reviews=True %}</li>{% endfor %}",
            lambda: treatment_cards(treatments, named_by="condition", show_reviews=True),
        ),
        "warning": (
            warnings,
            "{% for warning in items %}{% include 'warning.html' %}{% endfor %}",
            lambda: warning_list(warnings),
        ),
        "article card": (
            articles,
            "{% for article in items %}<li>{% include 'article_card.html' %}</li>{% endfor %}",
            lambda: article_cards(articles),
        ),
    }
    print("| card (cards a list) | CPU ms per card, Django → Jinja2 | Python calls per card, Django → Jinja2 |")
    print("|---|---:|---:|")
    for name, (items, source, jinja2_list) in cases.items():
        template = django_cards.from_string(source)

        def django_list(template=template, items=items):
            return template.render(Context({"items": items}))

        assert django_list() == jinja2_list(), f"{name}: the two differ"
        measured = []
        for render in (django_list, jinja2_list):
            for _ in range(20):
                render()
            runs = []
            for _ in range(5):
                started = time.process_time()
                for _ in range(RENDERS):
                    render()
                runs.append((time.process_time() - started) * 1000 / RENDERS / len(items))
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(20):
                render()
            profiler.disable()
            measured.append((min(runs), pstats.Stats(profiler).total_calls / 20 / len(items)))
        (django_ms, django_calls), (jinja2_ms, jinja2_calls) = measured
        print(
            f"| {name} ({len(items)}) | {django_ms:.3f} → {jinja2_ms:.3f} | {django_calls:,.0f} → {jinja2_calls:,.0f} |"
        )


if __name__ == "__main__":
    main()

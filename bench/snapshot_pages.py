"""Save cold renders of the home page, review lists and detail pages on the bench database, to compare two commits
byte for byte.

    .venv/bin/python bench/snapshot_pages.py DIRECTORY
    diff -r before/ after/

Reads the bench database only (as ``profile_cold.py`` does: no page cache, no fragments, production settings). The
review lists are the big treatment's and a few small ones', in every sort, filtered, numbered, the last page and
pages reached by following Next and Previous (cursors), as a visitor would; with them the treatments' pages and
their drugs' and conditions'. What differs between two requests of the same page whatever the code (the CSRF
token's masking) is replaced by a constant before saving.
"""

import re
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset

MASKED_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
LINK = re.compile(r'<a href="([^"]+)" rel="(next|prev)">')


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        print(__doc__)
        return
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    dataset.setup_cold_django()
    import html

    from django.core.management import call_command
    from django.db.models import Q
    from django.test import Client

    from content.models import Treatment

    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    saved = []

    def save(path):
        response = client.get(path)
        body = MASKED_TOKEN.sub(r"\1-\2", response.content.decode())
        name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
        (out / f"{name}.html").write_text(f"{response.status_code}\n{body}")
        saved.append(path)
        return body

    def follow(path, body, rel, steps):
        for _ in range(steps):
            found = [href for href, kind in LINK.findall(body) if kind == rel]
            if not found:
                return
            path = path.split("?")[0] + html.unescape(found[0])
            body = save(path)

    save("/")
    big = Treatment.objects.get(drug__slug=dataset.BIG[0], condition__slug=dataset.BIG[1])
    public = Treatment.objects.published().exclude(pk=big.pk).order_by("pk")
    several = list(public.filter(review_stats__approved_count__gt=25)[:2])
    few = list(public.filter(review_stats__approved_count__range=(1, 9))[:1])
    unreviewed = list(public.filter(Q(review_stats__isnull=True) | Q(review_stats__approved_count=0))[:1])
    for treatment in [big, *several, *few, *unreviewed]:
        for page in (treatment, treatment.drug, treatment.condition):  # they share cards and queries with these
            save(page.get_absolute_url())
        reviews = f"{treatment.get_absolute_url()}reviews/"
        for params in (
            {},
            {"sort": "helpful"},
            {"sort": "highest"},
            {"sort": "lowest", "rating": "medium"},
            {"rating": "high"},
            {"duration": "1_6m"},
            {"sort": "helpful", "rating": "low", "duration": "1_2y"},
        ):
            path = f"{reviews}?{urlencode(params)}" if params else reviews
            body = save(path)
            follow(path, body, "next", 3)
            last = save(f"{reviews}?{urlencode({**params, 'page': 'last'})}")
            follow(f"{reviews}?{urlencode({**params, 'page': 'last'})}", last, "prev", 2)
            save(f"{reviews}?{urlencode({**params, 'page': 2})}")
    print(f"{len(saved)} pages saved in {out}")


if __name__ == "__main__":
    main()

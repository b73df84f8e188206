import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
django_application = get_wsgi_application()

from eczemafeed.health import HealthChecks  # noqa: E402 - needs the apps loaded
from pagecache.wsgi import PageCacheWSGIApplication  # noqa: E402

page_cache = PageCacheWSGIApplication(django_application)
application = HealthChecks(page_cache)

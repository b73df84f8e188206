"""What search engines and sharing previews read: schema.org JSON-LD (``structured_data``) and the head
tags that carry it, the canonical URL and the breadcrumbs' ``BreadcrumbList`` (``templatetags/seo.py``).
No models of its own. Each page's template states its structured data and ``og:type`` in its own block;
nothing here looks at URL names."""

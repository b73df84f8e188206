"""The read-only JSON API (django-ninja): ``schemas`` (what it answers), ``endpoints`` (the ``api`` served
at ``/api/v1/``), ``throttling`` (rate limits). No models of its own."""

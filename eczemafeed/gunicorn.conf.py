"""gunicorn's settings for ``make serve`` (``gunicorn --config eczemafeed/gunicorn.conf.py``); the Makefile adds
the address and the number of workers (``WEB_CONCURRENCY``).

Threaded workers (``gthread``), so that a slow client cannot hold the site. A sync worker serves one
connection at a time: a client that sends its request a byte at a time, or nothing at all, keeps it until
the 30 s worker timeout kills it, while everyone else queues. A gthread worker reads a slow sender on one
of its threads and serves the others on the rest, and hands a connection that sends nothing back to its
event loop after 5 s. Many slow clients at once are the HTTPS proxy's to absorb: it must buffer whole
requests before passing them on (nginx does by default; see the README).
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))  # per worker; each holds its own database connection
accesslog = "-"
control_socket_disable = True  # so that several servers (the bench's) can share a machine
# Workers touch a heartbeat file; on a disk-backed /tmp that can stall a worker (gunicorn's FAQ), so it
# lives in memory where there is a /dev/shm.
IN_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn makes its heartbeat file there with mkstemp, as it would in /tmp
worker_tmp_dir = IN_MEMORY if os.path.isdir(IN_MEMORY) else None
# Draining: on SIGTERM gunicorn closes its listening sockets, and each worker stops accepting, finishes the
# requests in hand (and one already on its way over a kept-alive connection) and exits, for at most this long
# before it is killed. A balancer retries a connection the closed socket refused on another server, so a
# rolling restart costs no request (tests/production_tests/test_drain.py).
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_SECONDS", "25"))

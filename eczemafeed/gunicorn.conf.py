"""gunicorn's settings for ``make serve`` (``gunicorn -c eczemafeed/gunicorn.conf.py``); the Makefile adds the
address, the number of workers (``WEB_CONCURRENCY``) and of threads per worker (``WEB_THREADS``).

Threaded workers (``gthread``), so a slow client cannot hold the site: a sync worker is one request at a
time, and a client that sends its request a byte at a time keeps it (up to the 30 s worker timeout) while
everyone else queues. A gthread worker waits for a connection's first bytes in its event loop, not in a
thread, and serves the others on its remaining threads while one thread waits on a slow sender. Many slow
clients at once are the HTTPS proxy's to absorb: it must buffer whole requests before passing them on
(nginx does by default; see the README).
"""

import os

worker_class = "gthread"
accesslog = "-"
control_socket_disable = True  # so that several servers (the bench's) can share a machine
# Workers touch a heartbeat file; on a disk-backed /tmp that can stall a worker (gunicorn's FAQ), so it
# lives in memory where there is a /dev/shm.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

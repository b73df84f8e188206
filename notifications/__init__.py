"""Messages: who is told what, by e-mail, when reviews and content change; unsubscribing; forgetting.

It imports the apps whose changes it reports (reviews, content) and ``worker``; none of them imports it.
Their services announce changes with ``worker.events.emit()``; ``settings.TASK_EVENTS`` maps those events
to the tasks in ``tasks.py``, which run on the worker, after the change has committed.

Every message is sent through ``mail.deliver()``, which records it (``SentMessage``, unique per kind and
key) in the same transaction as the send: a task run twice (retried, or recovered after its worker was
killed) finds the record and sends nothing. The one gap no database can close is a crash after the mail
server accepted a message and before the record committed; such a resend carries the same Message-ID,
which mail servers and clients use to drop duplicates.

Visitors' addresses are used for nothing but these messages and are erased ``VISITOR_ADDRESS_DAYS``
after the moderator's decision (``erase_expired_addresses``, daily) or at once when the visitor
unsubscribes; the erasure is recorded in the review's audit trail, without the address.
"""

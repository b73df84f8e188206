"""What happens to a staged revision, for whoever wants to react once it is settled.

E-mail does not hang on these: a receiver runs after the commit, so a crash between the commit and the
receiver would lose the message. The services also ``emit()`` the content workflow's events inside their
transaction (``content-submitted``, ``content-approved``, ``content-sent-back``, with ``revision_id``), which is
what the notifications app's tasks answer; content sends no e-mail itself.

Each is sent with ``sender=ContentRevision``, ``revision=`` the revision and ``by=`` the acting user (None
for the system), only once the transaction that made the change has committed
(``transaction.on_commit``, robust), so a receiver never hears of a change that was rolled back and a
receiver's failure never undoes it. Connect with ``@receiver(revision_submitted)`` in the listening app's
``ready()``.
"""

from django.dispatch import Signal

revision_submitted = Signal()  # an editor sent a revision to medical review: reviewers have work
revision_approved = Signal()  # a medical reviewer approved it: its holder may publish it
revision_sent_back = Signal()  # a medical reviewer sent it back with a note: its holder has work
revision_published = Signal()  # it went live (now, or at its scheduled time)

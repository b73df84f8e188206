"""Why trust us: the public pages that say who we are, how we write and review, how we are paid for (we are not:
no advertising, no sponsorship), how we correct mistakes and what we keep about visitors, and the "report an error"
form every clinical page links to, whose reports wait in an editors' queue in the admin."""

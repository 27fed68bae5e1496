"""Database sessions (``SESSION_ENGINE``), read with a query compiled once.

Django's own database backend, unchanged but for the read every request
makes: ``Session.objects.get(...)`` built and compiled the same SQL on every
page. Sessions stay in the database only, so signing in and every page keep
working while Redis is down.
"""

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from community.prepared import PreparedQuery


def _session_data(session_key, now):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now).values(
        "session_data"
    )


SESSION_DATA = PreparedQuery(_session_data, session_key=str, now=datetime.datetime)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        rows = SESSION_DATA.rows(session_key=self.session_key, now=timezone.now())
        if not rows:
            self._session_key = None
            return None
        return Session(session_key=self.session_key, **rows[0])

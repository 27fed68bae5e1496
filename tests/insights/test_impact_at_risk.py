"""Learners at risk: the boundary day, the mentor's own list and the message."""

import datetime
from urllib.parse import unquote

import pytest

from insights.impact.at_risk import trainees_at_risk
from insights.models import ImpactSettings
from insights.periods import JAKARTA, jakarta_now
from tests.factories import MemberFactory
from tests.insights.impact_fixtures import sale
from training.models import Enrollment

pytestmark = pytest.mark.django_db


def _days_ago(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    today = jakarta_now().date() - datetime.timedelta(days=days)
    return datetime.datetime(
        today.year, today.month, today.day, hour, minute, tzinfo=JAKARTA
    )


def _trainee(mentor, *, name, started, activity, sold=None, completed=False):
    trainee = MemberFactory(full_name=name, mentor=mentor, status="trainee")
    Enrollment.objects.create(
        trainee=trainee,
        mentor=mentor,
        started_at=started,
        last_activity_at=activity,
        completed_at=activity if completed else None,
    )
    if sold is not None:
        sale(trainee, sold)
    return trainee


@pytest.fixture
def learners():
    mentor = MemberFactory(full_name="Pak Fauzi", roles=["member", "mentor"])
    other_mentor = MemberFactory(roles=["member", "mentor"])
    return {
        "mentor": mentor,
        "other_mentor": other_mentor,
        # Quiet exactly 14 days (any hour of that day): at risk.
        "quiet": _trainee(
            mentor,
            name="Siti Aminah",
            started=_days_ago(40),
            activity=_days_ago(14, 23, 59),
            sold=_days_ago(1),
        ),
        # 13 days is not yet.
        "fine": _trainee(
            mentor,
            name="Dewi",
            started=_days_ago(40),
            activity=_days_ago(13, 0, 1),
            sold=_days_ago(13, 0, 1),
        ),
        # Never sold, started 14 days ago: at risk for no sale.
        "never": _trainee(
            mentor, name="Rudi", started=_days_ago(14), activity=_days_ago(2)
        ),
        # Never sold but started 13 days ago: not yet.
        "new": _trainee(
            mentor, name="Nur", started=_days_ago(13), activity=_days_ago(13)
        ),
        "done": _trainee(
            mentor,
            name="Lulus",
            started=_days_ago(90),
            activity=_days_ago(60),
            completed=True,
        ),
        "elsewhere": _trainee(
            other_mentor, name="Lain", started=_days_ago(90), activity=_days_ago(60)
        ),
    }


def test_at_risk_from_the_nth_quiet_day(learners):
    risk = trainees_at_risk(mentor=learners["mentor"])

    by_name = {row["trainee"].full_name: row for row in risk["rows"]}
    assert risk["days"] == 14
    assert set(by_name) == {"Siti Aminah", "Rudi"}
    quiet = by_name["Siti Aminah"]
    assert (quiet["no_progress"], quiet["no_sale"]) == (True, False)
    assert quiet["days_without_progress"] == 14
    assert quiet["days_without_sale"] == 1
    never = by_name["Rudi"]
    assert (never["no_progress"], never["no_sale"], never["never_sold"]) == (
        False,
        True,
        True,
    )
    assert never["days_without_sale"] == 14


def test_the_leader_sees_everyone_at_risk(learners):
    names = {row["trainee"].full_name for row in trainees_at_risk()["rows"]}

    assert names == {"Siti Aminah", "Rudi", "Lain"}


def test_days_are_configurable(learners):
    ImpactSettings.objects.create(at_risk_days=13)

    names = {
        row["trainee"].full_name
        for row in trainees_at_risk(mentor=learners["mentor"])["rows"]
    }

    assert names == {"Siti Aminah", "Rudi", "Dewi", "Nur"}


def test_each_learner_has_a_next_step_and_a_whatsapp_message(learners):
    rows = {
        row["trainee"].full_name: row
        for row in trainees_at_risk(mentor=learners["mentor"])["rows"]
    }

    quiet = rows["Siti Aminah"]
    phone = learners["quiet"].phone
    assert quiet["whatsapp_url"].startswith(f"https://wa.me/{phone}?text=")
    assert " " not in quiet["whatsapp_url"]
    text = unquote(quiet["whatsapp_url"].split("?text=", 1)[1])
    assert text == quiet["message"]
    assert "Siti Aminah" in text and "Pak Fauzi" in text
    # No progress: the next step names the first open (manual) item.
    assert quiet["stage"] is not None
    assert quiet["suggestion"]
    assert rows["Rudi"]["suggestion"] != quiet["suggestion"]

"""The leader edits stages in admin; the demo seed is idempotent."""

import pytest
from django.test import Client

from community.models import Member
from training.models import (
    ChecklistItem,
    CompetitorPrice,
    Enrollment,
    ItemCheck,
    PromoSlot,
    Stage,
)

pytestmark = pytest.mark.django_db


def test_leader_opens_every_training_admin_page_and_edits_a_stage(leader):
    client = Client()
    client.force_login(leader)
    for name in [
        "stage",
        "checklistitem",
        "glossaryterm",
        "enrollment",
        "itemcheck",
        "promoslot",
        "competitorprice",
    ]:
        response = client.get(f"/admin/training/{name}/")
        assert response.status_code == 200, name
    stage = Stage.objects.get(position=1)
    page = client.get(f"/admin/training/stage/{stage.pk}/change/")
    assert page.status_code == 200
    assert "HP siap untuk berjualan" in page.content.decode()


def counts():
    return (
        Enrollment.objects.count(),
        ItemCheck.objects.count(),
        PromoSlot.objects.count(),
        CompetitorPrice.objects.count(),
        tuple(Enrollment.objects.order_by("pk").values_list("last_activity_at")),
    )


def test_demo_seed_puts_trainees_at_every_stage_and_runs_twice_unchanged():
    from demo import seed_community, seed_training
    from training.selectors import progress_of, stage_list

    context = {"community": seed_community.seed({})}
    result = seed_training.seed(context)
    first = counts()
    seed_training.seed(context)
    assert counts() == first
    stages = stage_list()
    current = {
        name: progress_of(enrollment, stages).current_stage
        for name, enrollment in result.items()
    }
    positions = {stage.position for stage in current.values() if stage}
    assert positions == {1, 2, 3, 4}
    assert current["hafid"] is None
    assert Member.objects.get(user__username="hafid").status == Member.Status.ACTIVE
    assert progress_of(result["sholeh"], stages).is_stalled
    assert PromoSlot.objects.filter(member__user__username="rahmat").count() == 3
    assert ChecklistItem.objects.count() == 15

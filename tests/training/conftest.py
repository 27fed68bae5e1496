"""Training tests need the role groups and the stages, items and glossary of
the data migrations.

A transactional test (browser, real-thread race) anywhere earlier in the run
empties every table when it ends, data-migration rows included, so put them
back when they are missing (the migration's seed is idempotent).
"""

import importlib

import pytest
from django.apps import apps

SEED = importlib.import_module("training.migrations.0002_seed_stages_and_glossary")


@pytest.fixture(autouse=True)
def training_stages(db):
    from django.contrib.auth.models import Group

    from community.roles import ALL_ROLES
    from training.models import Stage

    for role in ALL_ROLES:
        Group.objects.get_or_create(name=role)
    if not Stage.objects.exists():
        SEED.seed(apps, None)

"""Every department signing at the same instant: all opinions saved, exactly one conclusion."""

import threading

import pytest
from django.db import connection

from audit.models import AuditEntry
from notifications.models import Event
from projects.models import Project
from reviews.models import ReviewMinutes, ReviewOpinion, ReviewRound
from reviews.services import opinion_sign, review_round_open
from tests import factories

ROUNDS = 20


def _sign_at_once(opinion_ids, signers):
    barrier = threading.Barrier(len(opinion_ids))
    errors = []

    def sign(opinion_id):
        try:
            opinion = ReviewOpinion.objects.select_related("unit").get(pk=opinion_id)
            barrier.wait(timeout=30)
            opinion_sign(opinion=opinion, by=signers[opinion.unit.code], verdict="agree")
        except Exception as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(pk,)) for pk in opinion_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_all_departments_signing_at_once_conclude_the_round_exactly_once(staff, units, signers):
    for _ in range(ROUNDS):
        project = factories.make_project(state="pre_review")
        round_ = review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]])
        opinion_ids = list(round_.opinions.values_list("pk", flat=True))
        assert len(opinion_ids) == 9

        errors = _sign_at_once(opinion_ids, signers)

        assert errors == []
        round_.refresh_from_db()
        assert round_.state == "concluded" and round_.outcome == "pass"
        assert ReviewOpinion.objects.filter(round=round_, verdict="agree", version=1).count() == 9
        assert ReviewMinutes.objects.filter(round=round_).count() == 1
        assert AuditEntry.objects.filter(action="review.round_concluded", object_id=round_.pk).count() == 1
        assert AuditEntry.objects.filter(action="project.transition", project_id=project.pk).count() == 1
        assert Event.objects.filter(kind="review.round_concluded", payload__round_id=round_.pk).count() == 1
        assert Project.objects.get(pk=project.pk).state == "decision"
    assert ReviewRound.objects.filter(state="concluded").count() == ROUNDS

"""No raw codes where a person reads (issue 14, point 3): states, verdicts, event kinds and other
choice values show their Chinese labels on timelines, notifications, pages and exports."""

import importlib
import io
import re
from pathlib import Path

import pytest
from django.db import models
from django.utils import translation

from audit.labels import action_states, action_text, registered_actions, state_words
from audit.models import AuditEntry
from incentives.enums import InstallmentState
from notifications.enums import EventKind
from notifications.messages import _RENDERERS, message_for
from notifications.models import Event
from referrals.services.transitions import STEPS
from reviews.enums import RoundState
from scoring.enums import ChallengeState
from tests.demo_county import demo_county  # noqa: F401 -- the module's fixture

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "org",
    "workdays",
    "audit",
    "notifications",
    "projects",
    "reviews",
    "referrals",
    "incentives",
    "scoring",
]


def choice_classes():
    found = []
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.enums")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, models.TextChoices)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def _source_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def written_actions():
    """Every audit action the code writes: literal ones, and those built from a table or a state."""
    actions = set()
    for path in _source_files():
        text = path.read_text()
        actions |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        actions |= set(re.findall(r'"(review\.opinion_[a-z]+)"', text))
    actions |= {f"reward.{state}" for state in InstallmentState.values}
    actions |= {step.action for step in STEPS.values()}
    return actions


def emitted_kinds():
    kinds = set(EventKind.values) | {step.action for step in STEPS.values()}
    for path in _source_files():
        kinds |= set(re.findall(r'kind="([a-z_]+\.[a-z_]+)"', path.read_text()))
    kinds |= {f"scoring.challenge_{s}" for s in ChallengeState.values if s != ChallengeState.OPEN}
    kinds |= {f"reward.{s}" for s in InstallmentState.values}
    return kinds


RAW_VALUES = {v for c in choice_classes() for v in c.values if len(v) >= 3 and v.islower()}
RAW = RAW_VALUES | written_actions() | emitted_kinds()


def raw_codes(text):
    return sorted({token for token in re.findall(r"[a-z][a-z_.]*[a-z]", str(text)) if token in RAW})


def test_every_audit_action_the_code_writes_has_words():
    assert written_actions() - registered_actions() == set()


@pytest.mark.parametrize("action", sorted(written_actions()))
def test_an_audit_action_reads_in_words_whatever_its_states(action):
    states = ["", *action_states(action)]
    data = {"body_name": "县委常委会", "title": "投资协议", "changes": {}}
    with translation.override("zh-hans"):
        for to_state in states:
            entry = AuditEntry(action=action, from_state=states[-1], to_state=to_state, data=data)
            text = action_text(entry)
            assert not raw_codes(text), (action, to_state, text)


def test_the_same_value_reads_as_its_own_apps_state():
    """ "rejected" is a project turned down and a referral not taken up: each action says its own."""
    from projects.enums import ProjectState
    from referrals.enums import ReferralStatus

    with translation.override("zh-hans"):
        round_opened = action_text(AuditEntry(action="review.round_opened", to_state=RoundState.OPEN))
        moved = action_text(
            AuditEntry(action="project.transition", from_state="decision", to_state="rejected")
        )
        assert round_opened == "召开“8+X”预审会议: 进行中"
        assert str(ProjectState.REJECTED.label) in moved
        assert str(ReferralStatus.REJECTED.label) not in moved


def test_every_state_value_a_row_carries_has_words():
    with translation.override("zh-hans"):
        for value in RAW_VALUES:
            words = state_words(value)
            assert words == value or not raw_codes(words)


class Payload(dict):
    """A payload with every key an event text may ask for (ids, dates, names, numbers)."""

    def __missing__(self, key):
        return "1"


def test_every_event_kind_the_code_emits_reads_in_words(db):
    from tests import factories

    project = factories.make_project(name="样例项目")
    payload_titled = {f"reward.{s}" for s in InstallmentState.values}  # the service writes the title
    with translation.override("zh-hans"):
        for kind in sorted(emitted_kinds()):
            assert kind in _RENDERERS or kind in payload_titled, f"{kind} has no words"
            if kind in payload_titled:
                continue
            event = Event(
                kind=kind,
                key=kind,
                payload=Payload(
                    project_id=project.pk,
                    name="样例项目",
                    title="样例",
                    company_name="样例公司",
                    due="2026-05-01",
                    workdays=2,
                    level=1,
                    overdue=3,
                    outcome="conditional_pass",
                    period="2026-01",
                    rank=2,
                    of=8,
                    score="12.5",
                    tier="B",
                    round_id=1,
                    referral_id=1,
                    url="/",
                    agenda={"sections": []},
                ),
            )
            message = message_for(event)
            assert not raw_codes(f"{message.title} {message.body}"), (kind, message)


def visible_text(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_the_demo_county_reads_in_words(demo_county):  # noqa: F811
    """Every event and timeline row the demo wrote, and the pages and exports staff read."""
    from openpyxl import load_workbook

    from projects.models import Project

    with translation.override("zh-hans"):
        for event in Event.objects.all():
            message = message_for(event)
            assert not raw_codes(f"{message.title} {message.body}"), (event.kind, message)
        for entry in AuditEntry.objects.all():
            assert not raw_codes(action_text(entry)), (entry.action, entry.to_state, action_text(entry))

    client = demo_county.client("promotion_staff")
    pages = [f"/projects/{pk}/" for pk in Project.objects.values_list("pk", flat=True)[:40]]
    pages += [
        "/",
        "/projects/",
        "/reviews/rounds/",
        "/refer/queue/",
        "/rewards/",
        "/league/",
        "/notifications/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not raw_codes(visible_text(response.content.decode())), url
    from reviews.models import ReviewMinutes

    for round_id in ReviewMinutes.objects.values_list("round_id", flat=True)[:5]:
        response = client.get(f"/reviews/rounds/{round_id}/minutes/")
        assert response.status_code == 200 and not raw_codes(visible_text(response.content.decode()))
    admin = demo_county.client("administrator").get("/notifications/jobs/")
    assert admin.status_code == 200 and not raw_codes(visible_text(admin.content.decode()))
    for url in ["/projects/export/", "/rewards/export/", "/league/export.xlsx"]:
        response = client.get(url)
        assert response.status_code == 200, url
        book = load_workbook(
            io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        )
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for cell in row:
                    if isinstance(cell, str):
                        assert not raw_codes(cell), (url, sheet.title, cell)

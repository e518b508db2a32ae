"""The demo county (`seed_demo`) for the route, masking and fuzzing tests.

Seeded once per test module inside a transaction that is rolled back when the module is done, so the
rest of the suite never sees it; each test runs in a savepoint inside it (pytest-django's `db`).
Plain ORM and the management command only: the same module runs on SQLite and PostgreSQL.
"""

import io
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

# Which demo account stands for each role; a role seed_demo adds later is played by its first account.
PREFERRED_ACCOUNTS = {
    "department_reviewer": "fagai",
    "platform_reviewer": "kaifaqu",
    "expert": "expert",
    "promotion_staff": "staff",
    "leader": "leader",
    "administrator": "admin",
    "enterprise": "qiye",
}
ANONYMOUS = "anonymous"
PDF = b"%PDF-1.4\n% demo county test file\n%%EOF\n"


@dataclass
class DemoCounty:
    users: dict  # role value -> User (the account that plays the role)
    sessions: dict  # role value -> session cookie jar (anonymous: empty)
    objects: dict = field(default_factory=dict)  # name -> model instance

    @property
    def roles(self):
        return [ANONYMOUS, *self.users]

    def params(self, target, role, other=False):
        """URL parameters for a route about `target`: the role's own object (one of its unit, or
        any for roles that see everything), or with `other` one of another unit or person."""
        o = self.objects
        user = self.users.get(role)
        unit_id = user.unit_id if user else None
        if target == "project":
            return {"pk": (o["other_project"] if other else o["project"]).pk}
        if target == "document":
            # other: the document asked for under a project it does not belong to
            project = o["other_project"] if other else o["project"]
            return {"pk": project.pk, "document_id": o["document"].pk}
        if target in ("opinion", "opinion_attachment"):
            opinion = o["other_opinion"]
            if not other and user and user.has_perm("org.sign_review") and not user.is_superuser:
                opinion = o["round"].opinions.get(unit_id=unit_id)
            if target == "opinion":
                return {"pk": opinion.pk}
            from reviews.models import OpinionAttachment

            return {"pk": OpinionAttachment.objects.filter(version__opinion=opinion).latest("pk").pk}
        if target == "round":
            return {"pk": (o["round_without_platform"] if other else o["round"]).pk}
        if target == "minutes":
            return {"pk": o["round_without_platform"].pk}
        if target in ("referral", "referral_attachment", "referral_confirm"):
            referral = o["unhosted_referral"] if other else o["hosted_referral"]
            values = {"pk": referral.pk, "party": "host"}
            if target == "referral_attachment":
                values["attachment_id"] = referral.attachments.latest("pk").pk
            return values
        if target == "notification":
            from notifications.models import Notification

            mine = Notification.objects.filter(event__key="test-matrix-notice")
            staff = self.users["promotion_staff"]
            if other or user is None:
                owner = self.users["administrator"] if user == staff else staff
                return {"pk": mine.get(user=owner).pk}
            return {"pk": mine.get(user=user).pk}
        if target == "unit":
            from org.models import Unit

            if other:
                return {"pk": Unit.objects.exclude(pk=unit_id).first().pk}
            # An account without a unit (the enterprise) asks for a ranked department's.
            return {"pk": unit_id or Unit.objects.get(code="fagai").pk}
        if target == "scored_unit":
            # A unit on the league table: the role's own if it is ranked, else the first township.
            from org.models import Unit
            from scoring.permissions import SCORED_KINDS

            ranked = Unit.objects.filter(kind__in=SCORED_KINDS).order_by("pk")
            own = ranked.filter(pk=unit_id).first()
            return {"pk": (own or ranked.first()).pk}
        if target in (
            "installment",
            "public_installment",
            "objection",
            "reward_project",
            "reward_tax",
            "challenge",
            "frozen_board",
        ):
            return self._rewards_params(target)
        if target == "service_request":
            # The demo request led by the development zone (the platform reviewer's unit, also the
            # deputy cadre), assisted by the environment bureau, still waiting for its stage reply.
            from aftercare.models import ServiceRequest

            found = ServiceRequest.objects.get(title__startswith="排污许可证办理")
            return {"pk": found.pk, "name": "reply"}
        if target in ("chain", "chain_link", "chain_target", "local_firm"):
            return self._chains_params(target)
        if target in ("investor", "interaction", "ceremony"):
            from investors.models import Interaction, Investor, SigningCeremony

            model = {"investor": Investor, "interaction": Interaction, "ceremony": SigningCeremony}[target]
            return {"pk": model.objects.order_by("pk").first().pk}
        if target == "delivery":
            return {"pk": o["delivery"].pk}
        if target == "captcha":
            return {"key": o["captcha_key"]}
        raise KeyError(f"no demo object for the target {target!r}")

    def _rewards_params(self, target):
        """Rewards and the league table: no unit owns these, one object serves every role."""
        from incentives.models import Installment, Objection, RetainedTax
        from scoring.models import Challenge

        if target == "installment":
            return {"pk": Installment.objects.order_by("pk").first().pk, "action": "check"}
        if target == "public_installment":
            found = Installment.objects.public().order_by("pk").first() or Installment.objects.first()
            return {"pk": found.pk}
        if target == "objection":
            found = Objection.objects.order_by("pk").first()
            return {"pk": found.pk if found else 0}
        if target == "reward_project":
            tax = RetainedTax.objects.order_by("pk").first()
            project_id = tax.project_id if tax else Installment.objects.first().beneficiary.project_id
            return {"pk": project_id, "tax_id": tax.pk if tax else 0, "reward": "referral"}
        if target == "reward_tax":
            return {"pk": RetainedTax.objects.order_by("pk").first().pk}
        if target == "frozen_board":
            from scoring.models import BoardSnapshot

            return {"pk": BoardSnapshot.objects.order_by("pk").first().pk}
        return {"pk": Challenge.objects.order_by("pk").first().pk}

    def _chains_params(self, target):
        """Chains: read by everyone who reads the ledger; the demo's first target still open."""
        from chains.models import Target
        from investors.models import Investor

        if target == "local_firm":
            return {"pk": Investor.objects.filter(is_local=True).order_by("pk").first().pk}
        open_target = Target.objects.filter(project__isnull=True).order_by("pk").first()
        if target == "chain":
            return {"pk": open_target.chain_link.chain_id}
        if target == "chain_link":
            return {"pk": open_target.chain_link_id}
        return {"pk": open_target.pk}

    def client(self, role):
        """A test client signed in as `role` (fresh cookies each time, so a logout never sticks)."""
        from http.cookies import SimpleCookie

        # Each role comes from its own address (TEST-NET-1), so per-address limits of one role or of
        # the rest of the suite never spill over.
        address = f"192.0.2.{self.roles.index(role) + 1}"
        client = Client(raise_request_exception=False, REMOTE_ADDR=address)
        client.cookies = SimpleCookie()
        for key, morsel in self.sessions[role].items():
            client.cookies[key] = morsel.value
        return client


def _role_accounts():
    from org.enums import Role
    from org.models import User

    accounts = {}
    for role in Role:
        users = User.objects.filter(groups=Group.objects.get(name=role.value), is_active=True)
        user = users.filter(username=PREFERRED_ACCOUNTS.get(role.value, "")).first()
        accounts[role.value] = user or users.order_by("username").first()
    missing = [role for role, user in accounts.items() if user is None]
    assert not missing, f"seed_demo creates no account for the role(s) {missing}"
    return accounts


def _sign(opinion, user, verdict="conditional", with_file=True):
    from reviews.services import opinion_sign

    files = [SimpleUploadedFile(f"opinion-{opinion.pk}.pdf", PDF, "application/pdf")] if with_file else []
    opinion_sign(
        opinion=opinion,
        by=user,
        verdict=verdict,
        reason=f"{opinion.unit.name}的内部审查理由-{opinion.pk}",
        conditions=f"{opinion.unit.name}的附加条件-{opinion.pk}",
        files=files,
    )


def _extras(users):
    """What the demo lacks for every route to have an object: documents, attachments, own notices."""
    from captcha.models import CaptchaStore

    from notifications.models import Delivery, Event, Notification
    from org.models import User
    from projects.models import Project, ProjectDocument
    from referrals.models import Referral, ReferralAttachment
    from reviews.enums import RoundState
    from reviews.models import OpinionAttachment, ReviewOpinion, ReviewRound

    staff = users["promotion_staff"]
    objects = {}
    open_rounds = ReviewRound.objects.filter(state=RoundState.OPEN).order_by("-pk")
    objects["round"] = open_round = open_rounds.first()
    # Every reviewer role has its own opinion in the open round, signed with a file; so has a unit
    # none of the role accounts belongs to (the "other unit" every reviewer must not read).
    signers = [u for u in users.values() if u.has_perm("org.sign_review") and not u.is_superuser]
    reviewer_units = {u.unit_id for u in signers}
    opinions = ReviewOpinion.objects.filter(round=open_round).select_related("unit").order_by("position")
    for opinion in opinions:
        if opinion.unit_id in reviewer_units:
            _sign(opinion, next(u for u in signers if u.unit_id == opinion.unit_id))
    other = next(o for o in opinions if o.unit_id not in reviewer_units and o.unit.head_id)
    _sign(other, other.unit.head)
    objects["other_opinion"] = other
    # A concluded round only the fixed departments sat on: the platform and the expert were not there.
    objects["round_without_platform"] = (
        ReviewRound.objects.filter(state=RoundState.CONCLUDED)
        .exclude(opinions__unit_id=users["platform_reviewer"].unit_id)
        .order_by("-pk")
        .first()
    )
    assert OpinionAttachment.objects.filter(version__opinion=other).exists()

    objects["project"] = Project.objects.filter(platform_id=users["platform_reviewer"].unit_id).first()
    objects["other_project"] = Project.objects.exclude(platform_id=users["platform_reviewer"].unit_id).first()
    objects["document"] = ProjectDocument.objects.create(
        project=objects["project"],
        doc_type=ProjectDocument._meta.get_field("doc_type").choices[0][0],
        title="可行性研究报告",
        file=ContentFile(PDF, name="feasibility.pdf"),
        size=len(PDF),
        uploaded_by=staff,
    )

    hosted = Referral.objects.filter(host_unit_id=users["platform_reviewer"].unit_id).order_by("pk")
    objects["hosted_referral"] = hosted.first()
    objects["unhosted_referral"] = Referral.objects.filter(host_unit__isnull=True).order_by("pk").first()
    for name in ("hosted_referral", "unhosted_referral"):
        referral = objects[name]
        ReferralAttachment.objects.create(
            referral=referral,
            file=ContentFile(PDF, name="intro.pdf"),
            original_name="企业介绍.pdf",
            size=len(PDF),
        )

    # One notification per account, so each role has its own and someone else's.
    event = Event.objects.create(kind="test.matrix", key="test-matrix-notice", payload={})
    for user in User.objects.filter(pk__in=[u.pk for u in users.values()]):
        Notification.objects.create(event=event, user=user, title=f"给{user.username}的通知", url="/")
    objects["delivery"] = Delivery.objects.order_by("pk").first() or Delivery.objects.create(
        event=event, recipient=staff, channel="email", status="failed", attempts=1
    )
    objects["captcha_key"] = CaptchaStore.generate_key()
    return objects


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker, tmp_path_factory):
    # The demo passwords are hashed with a fast hasher here: PBKDF2 for 15 accounts was most of the seed.
    media = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    media.enable()
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            # As migrate leaves it: a transactional test before this module may have emptied the
            # county plan's chains that projects point at (see conftest.county_plan_chains).
            from chains.plan import ensure_county_plan

            ensure_county_plan()
            call_command("seed_demo", stdout=io.StringIO())
            users = _role_accounts()
            objects = _extras(users)
            sessions = {ANONYMOUS: {}}
            for role, user in users.items():
                client = Client()
                client.force_login(user)
                sessions[role] = dict(client.cookies.items())
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()
            raise
    yield DemoCounty(users=users, sessions=sessions, objects=objects)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()

"""JSON API: the public submission and status look-up, and the staff triage queue."""

import threading

from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.db.models import Count
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, Throttled
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from org.models import Unit
from projects.enums import ProjectState
from projects.models import Project
from xianju_invest.text import validate_single_line

from . import abuse, services
from . import permissions as can
from .enums import ConfirmingParty, ReferralStatus, ReferralStep, ReferrerKind
from .models import Referral
from .selectors import referral_public_status
from .validators import attachment_max_count

NOT_FOUND_MESSAGE = _("No report matches this tracking code and these mobile digits.")


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large.")
    default_code = "too_large"


def captcha_ok(key, value):
    """One attempt per challenge, right or wrong, as django-simple-captcha's own field does: a
    wrong answer spends the challenge, so guessing costs a new challenge every time."""
    if not key:
        return False
    CaptchaStore.remove_expired()
    challenge = CaptchaStore.objects.filter(hashkey=str(key)[:40])
    answer = str(value or "").strip().lower()[:32]
    solved = answer and challenge.filter(response=answer, expiration__gt=timezone.now()).delete()[0]
    if not solved:
        challenge.delete()
    return bool(solved)


# ---- public ---------------------------------------------------------------------------------


def _text(max_length, required=True, **kwargs):
    return serializers.CharField(max_length=max_length, required=required, allow_blank=not required, **kwargs)


class PublicReferralSerializer(serializers.Serializer):
    """The public report. A plain serializer (not a ModelSerializer): it is built on every request
    of the busiest public endpoint. It reads types and lengths only; the field rules (plain text,
    one line, mobile, credit code, the chain) are the model's, applied once by the service for the
    form and the API alike, and its refusals answer 400 by field too."""

    referrer_kind = serializers.ChoiceField(choices=ReferrerKind.choices)
    referrer_name = _text(60)
    referrer_mobile = serializers.CharField(max_length=11)
    referrer_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    referrer_organisation = _text(100, required=False)
    declared_not_official = serializers.BooleanField(help_text=_("Must be true."))
    declared_not_investor = serializers.BooleanField(help_text=_("Must be true."))
    privacy_consent = serializers.BooleanField(help_text=_("Consent to the privacy notice; must be true."))
    company_name = _text(200)
    company_credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    # The service checks the code against the active chains (kept by chains, no query per report).
    industry = serializers.CharField(
        max_length=30,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_("The chain's code; empty or null for another industry."),
    )
    intended_investment = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True, help_text=_("Yuan.")
    )
    description = _text(4000)
    company_contact = _text(100, required=False)
    attachments = serializers.ListField(
        child=serializers.FileField(max_length=255),
        required=False,
        max_length=attachment_max_count(),
        help_text=_("Up to 3 files: pdf, jpg, png, doc(x), xls(x); 5 MB each."),
    )
    website = serializers.CharField(required=False, allow_blank=True, help_text=_("Leave empty."))
    captcha_key = serializers.CharField(required=False, allow_blank=True, max_length=40)
    captcha_value = serializers.CharField(required=False, allow_blank=True, max_length=32)

    def validate_website(self, value):
        if value:
            raise serializers.ValidationError(_("This field must be left empty."))
        return value


_per_thread = threading.local()


def public_referral_serializer(data):
    """A PublicReferralSerializer bound to `data`.

    Building a serializer deep-copies its 18 declared fields, a fifth of this endpoint's Python
    time; the fields hold no per-request state, so each thread builds them once and reuses them
    for the next request, with the previous request's results cleared.
    """
    serializer = getattr(_per_thread, "public_referral", None)
    if serializer is None:
        serializer = _per_thread.public_referral = PublicReferralSerializer()
        serializer.fields  # noqa: B018 -- build and bind them now, once
    for attr in ("_validated_data", "_errors", "_data"):
        serializer.__dict__.pop(attr, None)
    serializer.initial_data = data
    return serializer


class ReceiptSerializer(serializers.Serializer):
    """What the referrer gets back: the tracking code and whether the report is a first report."""

    tracking_code = serializers.CharField(source="display_code")
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    is_duplicate = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()

    def get_is_duplicate(self, obj) -> bool:
        return not obj.is_first

    def get_message(self, obj) -> str:
        return str(submission_message(obj))


_SUBMITTED_AT = serializers.DateTimeField()


def receipt(referral):
    """ReceiptSerializer's output, built directly: the busiest public endpoint answers with it."""
    return {
        "tracking_code": referral.display_code,
        "status": str(referral.status),
        "is_duplicate": not referral.is_first,
        "message": str(submission_message(referral)),
        "submitted_at": _SUBMITTED_AT.to_representation(referral.submitted_at),
    }


def submission_message(referral):
    if referral.is_first:
        return _("Thank you. Your report is recorded as the first report of this company.")
    return _(
        "Thank you. This company had already been reported or is already known to the centre, "
        "so your report is recorded as a duplicate."
    )


class PublicReferralCreate(APIView):
    """Anyone may report a lead; no account. Rate limited per address, captcha after a few."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if abuse.request_too_large(request):
            raise RequestTooLarge()

    @extend_schema(
        request=PublicReferralSerializer,
        responses={
            201: ReceiptSerializer,
            400: OpenApiResponse(description='Errors by field: {"field": ["message"]}'),
            413: OpenApiResponse(description="Request too large"),
            429: OpenApiResponse(description="Too many submissions from this address"),
        },
        tags=["public"],
    )
    def post(self, request):
        if not abuse.submit_allowed(request):
            raise Throttled(detail=_("Too many submissions from your address; please try again later."))
        serializer = public_referral_serializer(request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if abuse.captcha_required(request) and not captcha_ok(
            data.get("captcha_key"), data.get("captcha_value")
        ):
            raise DRFValidationError(
                {"captcha": [_("Please solve the captcha (GET /api/public/referrals/captcha/).")]}
            )
        attachments = data.pop("attachments", [])
        referral = services.referral_submit(data=data, attachments=attachments)
        abuse.note_accepted(request)
        return Response(receipt(referral), status=status.HTTP_201_CREATED)


class CaptchaChallenge(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "CaptchaChallenge", {"captcha_key": serializers.CharField(), "image_url": serializers.CharField()}
        ),
        tags=["public"],
    )
    def get(self, request):
        key = CaptchaStore.generate_key()
        return Response({"captcha_key": key, "image_url": request.build_absolute_uri(captcha_image_url(key))})


class PublicStatusQuery(serializers.Serializer):
    tracking_code = serializers.CharField(max_length=64)
    mobile_last4 = serializers.RegexField(r"^\d{4}$", max_length=4)


class PublicStatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    company_name = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    status_label = serializers.CharField()
    is_duplicate = serializers.BooleanField()
    stage = serializers.CharField()
    reason = serializers.CharField()
    confirmed = serializers.BooleanField()
    rewards = serializers.ListField(child=serializers.DictField())


class PublicReferralStatus(APIView):
    """The referrer's own report, by tracking code and the last 4 digits of their mobile."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=PublicStatusQuery,
        responses={200: PublicStatusSerializer, 404: OpenApiResponse(description="No match"), 429: None},
        tags=["public"],
    )
    def post(self, request):
        if not abuse.status_allowed(request):
            raise Throttled(detail=_("Too many look-ups from your address; please try again later."))
        query = PublicStatusQuery(data=request.data)
        if not query.is_valid():
            raise NotFound(NOT_FOUND_MESSAGE)
        found = referral_public_status(
            code=query.validated_data["tracking_code"], mobile_last4=query.validated_data["mobile_last4"]
        )
        if found is None:
            raise NotFound(NOT_FOUND_MESSAGE)
        return Response(PublicStatusSerializer(found).data)


# ---- staff ----------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    """The staff view; the referrer's personal data is masked unless the viewer triages referrals."""

    tracking_code = serializers.CharField(source="display_code", read_only=True)
    attachment_count = serializers.IntegerField(read_only=True)
    is_confirmed = serializers.BooleanField(read_only=True)
    # Masked for most viewers ("" when absent): plain text, not the model's e-mail or mobile format.
    referrer_name = serializers.CharField(read_only=True, allow_blank=True)
    referrer_mobile = serializers.CharField(read_only=True, allow_blank=True)
    referrer_email = serializers.CharField(read_only=True, allow_blank=True)
    # The chain's code, read from the row itself (no query per referral).
    industry = serializers.CharField(source="industry_id", read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "tracking_code",
            "status",
            "is_first",
            "submitted_at",
            *services.SUBMITTED_FIELDS,
            "project",
            "host_unit",
            "public_reason",
            "triaged_at",
            "centre_confirmed_at",
            "host_confirmed_at",
            "is_confirmed",
            "attachment_count",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not can.sees_personal_data(user):
            data["referrer_name"] = can.mask_name(instance.referrer_name)
            data["referrer_mobile"] = can.mask_mobile(instance.referrer_mobile)
            data["referrer_email"] = can.mask_email(instance.referrer_email)
        return data


class AcceptSerializer(serializers.Serializer):
    initial_state = serializers.ChoiceField(
        source="state",
        choices=[(s.value, s.label) for s in (ProjectState.LEAD, ProjectState.INTAKE)],
        default=ProjectState.LEAD.value,
    )
    project_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[validate_single_line]
    )
    platform = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind="platform"), required=False, allow_null=True
    )
    # Any unit: the service refuses one that may not host (the promotion centre) with its reason.
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class MergeSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ConfirmSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=ConfirmingParty.choices)


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The triage queue. Triage staff see everything in full; leaders read it masked; host-unit
    staff see the referrals hosted by their unit, masked."""

    serializer_class = ReferralSerializer
    permission_classes = [IsAuthenticated]
    queryset = Referral.objects.none()  # the real one depends on the viewer: get_queryset
    filterset_fields = ["status", "is_first"]
    ordering_fields = ["submitted_at", "company_name"]

    def get_queryset(self):
        qs = Referral.objects.annotate(attachment_count=Count("attachments")).order_by("-submitted_at", "-id")
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return qs.none()
        if can.can_view_queue(user):
            return qs
        return qs.filter(host_unit_id=user.unit_id) if user.unit_id else qs.none()

    def _step(self, request, serializer_class, fn, *steps, **extra):
        referral = self.get_object()
        if not can.may_take_any(request.user, referral, steps):
            raise DRFPermissionDenied()  # before the payload is read: it is not theirs to send
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        fn(referral=referral, by=request.user, **payload.validated_data, **extra)
        referral = self.get_queryset().get(pk=referral.pk)
        return Response(ReferralSerializer(referral, context={"request": request}).data)

    @extend_schema(request=AcceptSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, AcceptSerializer, services.referral_accept, ReferralStep.ACCEPT)

    @extend_schema(request=MergeSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        return self._step(request, MergeSerializer, services.referral_merge, ReferralStep.MERGE)

    @extend_schema(request=RejectSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, RejectSerializer, services.referral_reject, ReferralStep.REJECT)

    @extend_schema(request=ConfirmSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._step(
            request,
            ConfirmSerializer,
            services.referral_confirm,
            ReferralStep.CONFIRM_CENTRE,
            ReferralStep.CONFIRM_HOST,
        )


router = DefaultRouter()
router.include_root_view = False
router.register("referrals", ReferralViewSet, basename="referral")

urlpatterns = [
    path("public/referrals/", PublicReferralCreate.as_view(), name="public-referral-create"),
    path("public/referrals/status/", PublicReferralStatus.as_view(), name="public-referral-status"),
    path("public/referrals/captcha/", CaptchaChallenge.as_view(), name="public-referral-captcha"),
    *router.urls,
]

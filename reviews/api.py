"""Pre-review API: rounds (open, terms, participants, close, minutes) and opinions (inbox, sign)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.enums import UnitKind
from org.models import Unit, User
from projects.models import Project

from . import permissions as can
from . import selectors, services
from .enums import ConclusionKind, OpinionLight, Outcome, RoundState, Verdict
from .models import OpinionAttachment, OpinionVersion, ReviewOpinion, ReviewRound
from .rules import threshold_checks

OPINION_COLUMNS = [f.name for f in ReviewOpinion._meta.concrete_fields]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = OpinionAttachment
        fields = ["id", "name", "size", "url"]

    def get_url(self, obj) -> str:
        return reverse("reviews:attachment", args=[obj.pk])


class VersionSerializer(serializers.ModelSerializer):
    signed_by_name = serializers.CharField(source="signed_by.__str__", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = OpinionVersion
        fields = [
            "number",
            "verdict",
            "reason",
            "conditions",
            "signed_by",
            "signed_by_name",
            "signed_at",
            "attachments",
        ]


def _viewer(serializer):
    """Who reads the answer; without a request (an internal use), nobody with a need to know."""
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class OpinionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    project = serializers.IntegerField(source="round.project_id", read_only=True)
    project_name = serializers.SerializerMethodField()
    round_state = serializers.CharField(source="round.state", read_only=True)
    light = serializers.ChoiceField(choices=OpinionLight.choices, read_only=True)

    class Meta:
        model = ReviewOpinion
        fields = [
            "id",
            "round",
            "round_state",
            "project",
            "project_name",
            "unit",
            "unit_name",
            "invitee",
            "is_fixed",
            "required",
            "due",
            "light",
            "verdict",
            "reason",
            "conditions",
            "signed_by",
            "signed_at",
            "version",
        ]

    def get_project_name(self, opinion) -> str:
        return opinion.round.project.name_for(_viewer(self))


class ThresholdCheckSerializer(serializers.Serializer):
    label = serializers.CharField()
    required = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    actual = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    unit = serializers.CharField()
    meets = serializers.BooleanField(allow_null=True)


class RoundSerializer(serializers.ModelSerializer):
    project_name = serializers.SerializerMethodField()
    opinions_total = serializers.IntegerField(read_only=True, required=False)
    opinions_signed = serializers.IntegerField(read_only=True, required=False)
    opinions_late = serializers.IntegerField(read_only=True, required=False)
    minutes_number = serializers.SerializerMethodField()
    # "" while the round is open: declared so the schema allows it.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)
    conclusion_kind = serializers.ChoiceField(
        choices=ConclusionKind.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = ReviewRound
        fields = [
            "id",
            "project",
            "project_name",
            "convener",
            "state",
            "opened_on",
            "note",
            "min_investment_intensity",
            "min_tax_per_mu",
            "max_energy_per_output",
            "project_energy_per_output",
            "environmental_limits",
            "responsible_unit",
            "project_deadline",
            "outcome",
            "conclusion_kind",
            "conclusion_reason",
            "concluded_at",
            "concluded_by",
            "transition_problem",
            "opinions_total",
            "opinions_signed",
            "opinions_late",
            "minutes_number",
        ]
        read_only_fields = fields

    def get_project_name(self, obj) -> str:
        return obj.project.name_for(_viewer(self))

    def get_minutes_number(self, obj) -> str | None:
        minutes = getattr(obj, "minutes", None) if obj.state == RoundState.CONCLUDED else None
        return minutes.number if minutes else None


class RoundDetailSerializer(RoundSerializer):
    opinions = serializers.SerializerMethodField()
    threshold_checks = serializers.SerializerMethodField()
    minutes_url = serializers.SerializerMethodField()
    minutes_pdf_url = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [
            *RoundSerializer.Meta.fields,
            "platform_left_out_reason",
            "opinions",
            "threshold_checks",
            "minutes_url",
            "minutes_pdf_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpinionSerializer(many=True))
    def get_opinions(self, obj):
        """Only what the round's page shows this viewer: a reviewer or an expert their own opinion."""
        opinions = selectors.round_opinions(obj, user=self.context["request"].user)
        return OpinionSerializer(opinions, many=True, context=self.context).data

    @extend_schema_field(ThresholdCheckSerializer(many=True))
    def get_threshold_checks(self, obj):
        return ThresholdCheckSerializer(threshold_checks(obj, obj.project), many=True).data

    def get_minutes_url(self, obj) -> str | None:
        return reverse("reviews:minutes", args=[obj.pk]) if obj.state == RoundState.CONCLUDED else None

    def get_minutes_pdf_url(self, obj) -> str | None:
        return reverse("reviews:minutes_pdf", args=[obj.pk]) if obj.state == RoundState.CONCLUDED else None


class TermsSerializer(serializers.Serializer):
    min_investment_intensity = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    min_tax_per_mu = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    max_energy_per_output = serializers.DecimalField(
        max_digits=10, decimal_places=4, required=False, allow_null=True
    )
    project_energy_per_output = serializers.DecimalField(
        max_digits=10, decimal_places=4, required=False, allow_null=True
    )
    environmental_limits = serializers.CharField(required=False, allow_blank=True)
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True
    )
    project_deadline = serializers.DateField(required=False, allow_null=True)


class RoundOpenSerializer(TermsSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    extra_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    experts = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(unit__kind=UnitKind.EXPERT),
        many=True,
        required=False,
        help_text="Invited experts: each adds their unit with them as the only signer.",
    )
    due = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    platform_left_out_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The project's platform joins the round unless this reason is given (kept in the minutes).",
    )


class ParticipantSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    invitee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    due = serializers.DateField(required=False, allow_null=True)
    required = serializers.BooleanField(default=True)


class CloseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class SignSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


def _terms(data):
    return {k: v for k, v in data.items() if k in services.TERM_FIELDS}


class ReviewRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """ "8+X" rounds. Staff and leaders see all; reviewers and experts only rounds they are invited to."""

    serializer_class = RoundSerializer
    filterset_fields = ["state", "project"]
    ordering_fields = ["opened_at", "concluded_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewRound.objects.none()
        qs = selectors.rounds_list(user=self.request.user).select_related("project")
        if self.action != "list":
            qs = qs.select_related("minutes", "responsible_unit")
        return qs

    def get_serializer_class(self):
        return RoundDetailSerializer if self.action == "retrieve" else RoundSerializer

    def check_permissions(self, request):
        """Only a convener opens, edits or closes a round: refused before the request body is read."""
        super().check_permissions(request)
        if self.action in ("create", "terms", "participants", "close") and not can.can_convene(request.user):
            raise PermissionDenied

    def _round(self):
        return self.get_object()

    def _detail(self, round_id, code=status.HTTP_200_OK):
        round_ = self.get_queryset().get(pk=round_id)
        serializer = RoundDetailSerializer(round_, context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    @extend_schema(request=RoundOpenSerializer, responses={201: RoundDetailSerializer})
    def create(self, request):
        ser = RoundOpenSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        experts = data.get("experts", [])
        round_ = services.review_round_open(
            project=data["project"],
            by=request.user,
            extra_units=[*data.get("extra_units", []), *[e.unit for e in experts]],
            invitees={e.unit_id: e for e in experts},
            due=data.get("due"),
            note=data.get("note", ""),
            terms=_terms(data),
            platform_left_out_reason=data.get("platform_left_out_reason", ""),
        )
        return self._detail(round_.pk, status.HTTP_201_CREATED)

    @extend_schema(request=TermsSerializer, responses=RoundDetailSerializer)
    @action(detail=True, methods=["post"])
    def terms(self, request, pk=None):
        round_ = self._round()
        ser = TermsSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.review_round_update_terms(round=round_, by=request.user, **_terms(ser.validated_data))
        return self._detail(round_.pk)

    @extend_schema(request=ParticipantSerializer, responses={201: OpinionSerializer})
    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        round_ = self._round()
        ser = ParticipantSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        opinion = services.review_participant_add(round=round_, by=request.user, **ser.validated_data)
        opinion = selectors.annotate_opinion_lights(
            ReviewOpinion.objects.select_related("round__project", "unit")
        ).get(pk=opinion.pk)
        return Response(
            OpinionSerializer(opinion, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=CloseSerializer, responses=RoundDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        round_ = self._round()
        ser = CloseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.review_round_close(round=round_, by=request.user, reason=ser.validated_data["reason"])
        return self._detail(round_.pk)


class ReviewOpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Opinions. Reviewers get their inbox (their unit's opinions in open rounds, nearest deadline first);
    staff and leaders may list any round's opinions with `?round=`."""

    serializer_class = OpinionSerializer
    filterset_fields = ["round", "verdict"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewOpinion.objects.none()
        user, params = self.request.user, self.request.query_params
        if self.action == "list" and not can.can_see_every_opinion(user):
            show = params.get("show", "all")
            qs = selectors.inbox(user, show=show if show in selectors.INBOX_SHOWS else "all")
        else:
            qs = selectors.annotate_opinion_lights(ReviewOpinion.objects.visible_to(user)).order_by(
                "due", "pk"
            )
            if self.action == "list" and "round" not in params:
                qs = qs.filter(round__state=RoundState.OPEN)
        # Only the columns the serializer reads: the project rows are wide.
        return qs.select_related("round__project", "unit").only(
            *OPINION_COLUMNS,
            "round__state",
            "round__project__name",
            "round__project__confidential",
            "round__project__code_name",
            "unit__name",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "show", str, enum=["pending", "signed", "all"], description="Reviewers' inbox filter"
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": SignSerializer, "application/json": SignSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        # Looked up among all opinions so another department's reviewer gets a clear 403, not a 404.
        opinion = get_object_or_404(ReviewOpinion.objects.select_related("unit"), pk=pk)
        if not can.can_sign(request.user, opinion):
            raise PermissionDenied(_("You can only sign the opinion of your own department."))
        ser = SignSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        services.opinion_sign(
            opinion=opinion,
            by=request.user,
            verdict=data["verdict"],
            reason=data["reason"],
            conditions=data["conditions"],
            files=data["files"],
        )
        return Response(
            OpinionSerializer(
                self.get_queryset().get(pk=opinion.pk), context=self.get_serializer_context()
            ).data
        )

    @extend_schema(responses=VersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        opinion = self.get_object()
        versions = opinion.versions.select_related("signed_by").prefetch_related(
            Prefetch("attachments", queryset=OpinionAttachment.objects.order_by("id"))
        )
        return Response(VersionSerializer(versions, many=True).data)


router = SimpleRouter()
router.register("review-rounds", ReviewRoundViewSet, basename="review-round")
router.register("review-opinions", ReviewOpinionViewSet, basename="review-opinion")
urlpatterns = router.urls

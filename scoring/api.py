"""Scoring API: the league table, a unit's lines, challenges (post, claim, link), adjustments, a
project's credited units and the frozen monthly boards."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.models import Unit
from projects.models import Project

from . import permissions as can
from . import selectors, services
from .enterprise import figures_note
from .enums import GROUP_UNIT_KIND, ChallengeState, PeriodKind, ScoringGroup
from .models import BoardSnapshot, Challenge, ChallengeClaim, ScoreAdjustment, SnapshotRow
from .periods import Period


def as_drf_error(error):
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


def _period(request):
    text = request.query_params.get("period")
    if not text:
        return Period.containing(PeriodKind.QUARTER, timezone.localdate())
    try:
        return Period.parse(text)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({"period": exc.messages}) from exc


PERIOD_PARAM = OpenApiParameter(
    "period", str, description="2026-03, 2026-Q1 or 2026; default the current quarter"
)
GROUP_PARAM = OpenApiParameter("group", str, enum=ScoringGroup.values, description="one group, default all")


class BoardRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit_name = serializers.CharField()
    group = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=10, decimal_places=2)
    own = serializers.DecimalField(max_digits=10, decimal_places=2)
    bundle = serializers.DecimalField(max_digits=10, decimal_places=2)
    tier = serializers.CharField()
    lifted = serializers.BooleanField()
    red = serializers.BooleanField()
    black = serializers.BooleanField()
    previous_rank = serializers.IntegerField(allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)
    score_change = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)


class ScoreLineSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="l_project", allow_null=True)
    project_name = serializers.CharField(source="l_name", allow_null=True)
    date = serializers.DateField(source="l_on")
    rule = serializers.CharField(source="l_rule")
    points = serializers.DecimalField(source="l_points", max_digits=10, decimal_places=2)
    share = serializers.DecimalField(source="l_share", max_digits=6, decimal_places=2)
    policy = serializers.IntegerField(source="l_policy", allow_null=True)
    note = serializers.CharField(source="l_note", allow_null=True)


class BoardView(generics.GenericAPIView):
    """The league table of a period: per group, units by rank with tier, lists and change."""

    permission_classes = [IsAuthenticated]
    pagination_class = None  # the whole table in one plain list, as the schema says
    serializer_class = BoardRowSerializer
    queryset = Unit.objects.none()  # for the schema only; the board is a selector

    @extend_schema(parameters=[PERIOD_PARAM, GROUP_PARAM], responses=BoardRowSerializer(many=True))
    def get(self, request):
        period = _period(request)
        group = request.query_params.get("group") or None
        if group and group not in ScoringGroup.values:
            raise serializers.ValidationError({"group": [f"{group}?"]})
        try:
            board = selectors.league_table(period, group)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        rows = [row for rows in board.values() for row in rows]
        return Response(BoardRowSerializer(rows, many=True).data)


class UnitLinesView(generics.GenericAPIView):
    """Every line behind a unit's score in a period (leads and bundle shares included)."""

    permission_classes = [IsAuthenticated]
    pagination_class = None  # every line in one plain list, as the schema says
    serializer_class = ScoreLineSerializer
    queryset = Unit.objects.none()

    @extend_schema(parameters=[PERIOD_PARAM], responses=ScoreLineSerializer(many=True))
    def get(self, request, pk):
        unit = get_object_or_404(Unit, pk=pk, kind__in=GROUP_UNIT_KIND.values())
        period = _period(request)
        try:
            detail = selectors.unit_drilldown(unit, period)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        lines = list(detail["lines"])
        for lead in detail["leads"]:
            over = lead["place"] > detail["lead_cap"]
            lines.append(
                {
                    "l_project": lead["project_id"],
                    "l_name": lead["project_name"],
                    "l_on": lead["on"],
                    "l_rule": "lead_over_cap" if over else "lead",
                    "l_points": lead["points"],
                    "l_share": 100,
                    "l_policy": lead["policy"],
                    "l_note": "",
                }
            )
        for s in detail["service"]:
            lines.append(
                {
                    "l_project": None,
                    "l_name": None,
                    "l_on": s["on"],
                    "l_rule": s["rule"],
                    "l_points": s["points"],
                    "l_share": 100,
                    "l_policy": s["policy"],
                    "l_note": figures_note(s["figures"]),
                }
            )
        for b in detail["bundle"]:
            lines.append(
                {
                    "l_project": None,
                    "l_name": None,
                    "l_on": period.end,
                    "l_rule": "bundle",
                    "l_points": b["points"],
                    "l_share": b["share"],
                    "l_policy": None,
                    "l_note": str(b["unit"]),
                }
            )
        return Response(ScoreLineSerializer(lines, many=True).data)


class ClaimSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.__str__", read_only=True)

    class Meta:
        model = ChallengeClaim
        fields = ["id", "unit", "unit_name", "project", "claimed_at"]
        read_only_fields = fields


class ChallengeSerializer(serializers.ModelSerializer):
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "description",
            "industry_chain",
            "min_investment",
            "posted_on",
            "deadline",
            "bonus",
            "state",
            "won_by",
            "won_on",
            "claims",
        ]
        read_only_fields = ["state", "won_by", "won_on", "claims"]
        extra_kwargs = {
            "posted_on": {"required": False},
            # The model defaults the bonus to 0 for the admin; a posted challenge must name one.
            "bonus": {
                "required": True,
                "error_messages": {"required": _("Give the challenge's bonus points.")},
            },
        }


class ClaimRequestSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True
    )


class ChallengeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """揭榜挂帅: staff post; townships, departments and platforms claim and link their project."""

    permission_classes = [IsAuthenticated]
    serializer_class = ChallengeSerializer

    def get_queryset(self):
        qs = (
            Challenge.objects.select_related("industry_chain")
            .prefetch_related("claims__unit")
            .order_by("deadline", "id")
        )
        state = self.request.query_params.get("state")
        return qs.filter(state=state) if state in ChallengeState.values else qs

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=ChallengeState.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def check_permissions(self, request):
        """Who may post or claim is settled before the request body is read."""
        super().check_permissions(request)
        if self.action == "create" and not can.can_manage(request.user):
            raise PermissionDenied(_("Only promotion staff post challenges."))
        if self.action == "claim" and not can.can_claim(request.user):
            raise PermissionDenied(_("Only townships, county departments and platforms claim challenges."))

    def create(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            challenge = services.challenge_post(by=request.user, **ser.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(self.get_serializer(challenge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimRequestSerializer, responses={201: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        challenge = self.get_object()
        ser = ClaimRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        project = ser.validated_data.get("project")
        try:
            existing = ChallengeClaim.objects.filter(
                challenge=challenge, unit_id=request.user.unit_id
            ).first()
            if existing and project:
                claim = services.challenge_link(claim=existing, project=project, by=request.user)
            else:
                claim = services.challenge_claim(challenge=challenge, by=request.user, project=project)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        claim.refresh_from_db()
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class AdjustmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoreAdjustment
        fields = ["id", "unit", "on", "points", "reason", "project", "created_at"]
        read_only_fields = ["created_at"]


class AdjustmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Manual lines with a reason (e.g. false information −10); staff only."""

    serializer_class = AdjustmentSerializer
    permission_classes = [IsAuthenticated]
    queryset = ScoreAdjustment.objects.order_by("-on", "-id")

    def create(self, request, *args, **kwargs):
        if not can.can_manage(request.user):
            raise PermissionDenied
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            adjustment = services.adjustment_add(by=request.user, **ser.validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(self.get_serializer(adjustment).data, status=status.HTTP_201_CREATED)


class CreditShareSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind__in=GROUP_UNIT_KIND.values(), is_active=True)
    )
    unit_name = serializers.CharField(source="unit.__str__", read_only=True)
    share_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("100")
    )


class ProjectCreditsSerializer(serializers.Serializer):
    declared = serializers.BooleanField(
        read_only=True, help_text="false: the default, 100% to the responsible unit"
    )
    shares = CreditShareSerializer(many=True, allow_empty=True, help_text="empty restores the default")

    def validate_shares(self, shares):
        units = [s["unit"].pk for s in shares]
        if len(units) != len(set(units)):
            raise serializers.ValidationError(_("Give each unit one row."))
        return shares


class ProjectCreditsView(generics.GenericAPIView):
    """The units a project's points go to, by declared shares summing to 100 (staff only)."""

    permission_classes = [IsAuthenticated]
    serializer_class = ProjectCreditsSerializer
    queryset = Project.objects.select_related("responsible_unit")

    def check_permissions(self, request):
        super().check_permissions(request)
        if not can.can_manage(request.user):
            raise PermissionDenied(_("Only promotion staff declare credited units."))

    def _answer(self, project):
        declared, rows = selectors.project_credits(project)
        return Response(ProjectCreditsSerializer({"declared": declared, "shares": rows}).data)

    def get(self, request, pk):
        return self._answer(get_object_or_404(self.get_queryset(), pk=pk))

    def put(self, request, pk):
        project = get_object_or_404(self.get_queryset(), pk=pk)
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        shares = {s["unit"]: s["share_percent"] for s in ser.validated_data["shares"]}
        try:
            services.credits_set(project=project, shares=shares, by=request.user)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return self._answer(project)


class SnapshotRowSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.__str__", read_only=True)

    class Meta:
        model = SnapshotRow
        fields = ["unit", "unit_name", "group", "rank", "score", "tier", "lifted", "red", "black"]
        read_only_fields = fields


class FrozenBoardSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField()

    class Meta:
        model = BoardSnapshot
        fields = ["id", "period", "period_kind", "period_start", "frozen_at"]
        read_only_fields = fields

    def get_period(self, snapshot) -> str:
        return Period(snapshot.period_kind, snapshot.period_start).key


class FrozenBoardDetailSerializer(FrozenBoardSerializer):
    rows = SnapshotRowSerializer(many=True, read_only=True)

    class Meta(FrozenBoardSerializer.Meta):
        fields = [*FrozenBoardSerializer.Meta.fields, "rows"]
        read_only_fields = fields


class FrozenBoardViewSet(viewsets.ReadOnlyModelViewSet):
    """The published monthly boards, as the monthly job froze them (later edits do not rewrite them)."""

    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = BoardSnapshot.objects.order_by("-period_start", "-id")
        if self.action == "retrieve":
            rows = SnapshotRow.objects.select_related("unit").order_by("group", "rank", "unit__code")
            qs = qs.prefetch_related(Prefetch("rows", queryset=rows))
        return qs

    def get_serializer_class(self):
        return FrozenBoardDetailSerializer if self.action == "retrieve" else FrozenBoardSerializer


router = SimpleRouter()
router.register("scoring/challenges", ChallengeViewSet, basename="scoring-challenge")
router.register("scoring/adjustments", AdjustmentViewSet, basename="scoring-adjustment")
router.register("scoring/frozen-boards", FrozenBoardViewSet, basename="scoring-frozen-board")
urlpatterns = [
    path("scoring/board/", BoardView.as_view(), name="scoring-board"),
    path("scoring/units/<int:pk>/lines/", UnitLinesView.as_view(), name="scoring-unit-lines"),
    path("scoring/projects/<int:pk>/credits/", ProjectCreditsView.as_view(), name="scoring-project-credits"),
    *router.urls,
]

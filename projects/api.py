"""Projects API: the ledger list (same filters as the page), create, update and transitions."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from org.models import Unit, User
from org.permissions import HasPerm

from . import services
from .enums import Category, DecisionOutcome, Light, ProjectState, Source
from .filters import ProjectFilter
from .models import Project, ProjectDecision
from .pagination import LedgerPagination
from .permissions import can_edit_project, can_record_decision
from .selectors import ledger_queryset, ledger_rows


class ProjectSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    platform_name = serializers.CharField(source="platform.name", read_only=True, allow_null=True)
    responsible_unit_name = serializers.CharField(
        source="responsible_unit.name", read_only=True, allow_null=True
    )
    light = serializers.ChoiceField(choices=Light.choices, read_only=True, allow_null=True)
    next_due = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "state",
            "state_display",
            *services.EDITABLE_FIELDS,
            "platform_name",
            "responsible_unit_name",
            "contract_date",
            "land_supplied_date",
            "actual_start_date",
            "actual_completion_date",
            "actual_production_date",
            "actual_capacity_date",
            "exit_reason",
            "light",
            "next_due",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "state",
            "contract_date",
            "land_supplied_date",
            "actual_start_date",
            "actual_completion_date",
            "actual_production_date",
            "actual_capacity_date",
            "exit_reason",
            "created_at",
            "updated_at",
        ]
        # Model validators (credit code) run in the service; keep the serializer's checks to types.
        extra_kwargs = {"investor_credit_code": {"validators": []}}


def _money(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kwargs)


class PlainRowsListSerializer(serializers.ListSerializer):
    """A list of plain rows (dicts keyed by the fields' sources), each value through its field's own
    `to_representation`, as DRF does, but with the field walk and the attribute lookup DRF repeats
    for every value done once per list (they were two thirds of serialising a 50-row page)."""

    def to_representation(self, data):
        fields = [(f.field_name, f.source, f.to_representation) for f in self.child._readable_fields]
        return [
            {name: None if (value := row[source]) is None else show(value) for name, source, show in fields}
            for row in data
        ]


class ProjectListSerializer(serializers.Serializer):
    """The ledger row, read from the plain rows of `ledger_rows` (a page of 50 builds no model
    instances); the fields below both produce the output and describe it in the schema."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    state = serializers.ChoiceField(choices=ProjectState.choices)
    investor_name = serializers.CharField()
    platform = serializers.IntegerField(source="platform_id", allow_null=True)
    platform_name = serializers.CharField(allow_null=True)
    industry_chain = serializers.CharField(allow_null=True, help_text=_("The chain's code."))
    chain_link = serializers.IntegerField(allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices)
    source = serializers.ChoiceField(choices=Source.choices)
    total_investment = _money()
    fixed_asset_investment = _money()
    contracted_investment = _money(allow_null=True)
    funds_received = _money()
    land_area = serializers.DecimalField(max_digits=10, decimal_places=2)
    responsible_unit = serializers.IntegerField(source="responsible_unit_id", allow_null=True)
    responsible_unit_name = serializers.CharField(source="unit_name", allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    contract_date = serializers.DateField(allow_null=True)
    light = serializers.ChoiceField(choices=Light.choices, allow_null=True)
    next_due = serializers.DateField(allow_null=True)

    class Meta:
        list_serializer_class = PlainRowsListSerializer


class ProjectCreateSerializer(ProjectSerializer):
    initial_state = serializers.ChoiceField(
        choices=[(s, s.label) for s in (ProjectState.LEAD, ProjectState.INTAKE)],
        default=ProjectState.LEAD,
        write_only=True,
    )

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "initial_state"]


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ProjectState.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    deadline = serializers.DateField(required=False)
    contract_date = serializers.DateField(required=False)
    contracted_investment = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False
    )
    service_cadre = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    land_supplied_date = serializers.DateField(required=False)
    actual_start_date = serializers.DateField(required=False)
    actual_completion_date = serializers.DateField(required=False)
    actual_production_date = serializers.DateField(required=False)
    actual_capacity_date = serializers.DateField(required=False)


class DecisionSerializer(serializers.ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)

    class Meta:
        model = ProjectDecision
        fields = ["id", "body", "outcome", "decided_on", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]
        extra_kwargs = {"decided_on": {"required": False}}


class LedgerFilterBackend(DjangoFilterBackend):
    """The ledger's filters; a request for a page alone skips building the filter form."""

    def filter_queryset(self, request, queryset, view):
        if not set(request.query_params) - {"page"}:
            return queryset
        return super().filter_queryset(request, queryset, view)


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The ledger. Amounts are in yuan; list filters are those of the ledger page (`sort` orders)."""

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    filter_backends = [LedgerFilterBackend]
    pagination_class = LedgerPagination
    permission_classes = [HasPerm.of("org.view_all")]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no lights needed
            return Project.objects.none()
        return ledger_rows() if self.action == "list" else ledger_queryset()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_class(self):
        if self.action == "list":
            return ProjectListSerializer
        if self.action == "create":
            return ProjectCreateSerializer
        if self.action == "transition":
            return TransitionSerializer
        if self.action == "decisions":
            return DecisionSerializer
        return ProjectSerializer

    def check_permissions(self, request):
        """Who may act is settled before the request body is read: a leader's empty PUT is a 403."""
        super().check_permissions(request)
        if self.action in ("create", "update", "partial_update") and not can_edit_project(request.user):
            raise PermissionDenied(_("You are not allowed to edit projects."))
        if self.action == "decisions" and not can_record_decision(request.user):
            raise PermissionDenied(_("Only leaders record decisions."))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        state = data.pop("initial_state", ProjectState.LEAD)
        project = services.project_create(by=self.request.user, state=state, **data)
        serializer.instance = ledger_queryset().get(pk=project.pk)

    def perform_update(self, serializer):
        project = services.project_update(
            project=serializer.instance, by=self.request.user, data=dict(serializer.validated_data)
        )
        serializer.instance = ledger_queryset().get(pk=project.pk)

    @extend_schema(request=TransitionSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the project one step (400 with field errors, 403 when the role may not act)."""
        project = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        to, note = data.pop("to"), data.pop("note", "")
        services.project_transition(project=project, to=to, by=request.user, note=note, data=data)
        return Response(ProjectSerializer(ledger_queryset().get(pk=project.pk)).data)

    @extend_schema(request=DecisionSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """Record a deciding body's decision (leaders only)."""
        project = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_record(project=project, by=request.user, **serializer.validated_data)
        return Response(DecisionSerializer(decision).data, status=201)


router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
urlpatterns = router.urls

"""Investor API: records, interactions, ceremonies and the centre's reports. Thin: validate, call a
service or selector, return. Errors in the portal's one shape (xianju_invest/errors.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.permissions import HasPerm
from projects.models import Project

from . import selectors, services
from .enums import InvestorKind
from .models import CeremonyListing, Interaction, Investor, SigningCeremony
from .pagination import InvestorPaginator
from .permissions import can_manage_investors

READ = HasPerm.of("org.view_all")


class InvestorPagination(PageNumberPagination):
    django_paginator_class = InvestorPaginator
    page_size = 50


def _require_manage(request, view):
    if request.method not in ("GET", "HEAD", "OPTIONS") and not can_manage_investors(request.user):
        raise PermissionDenied(_("You are not allowed to keep investor records."))


class InvestorSerializer(serializers.ModelSerializer):
    project_count = serializers.IntegerField(read_only=True, required=False)
    source_name = serializers.CharField(source="source.name", read_only=True, allow_null=True)
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    mobile = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(read_only=True)
    mobile_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Investor
        fields = [
            "id",
            "kind",
            "name",
            "credit_code",
            "is_local",
            "industry_code",
            "platform",
            "local_since",
            "chain_link",
            "chain_link_set_by_hand",
            "source",
            "source_name",
            "industry",
            "city",
            "hometown",
            "note",
            "project_count",
            "id_number",
            "mobile",
            "id_number_masked",
            "mobile_masked",
        ]
        # A firm's link is set through /api/chains/firms/<id>/placement/ (audited), never here.
        read_only_fields = ["chain_link", "chain_link_set_by_hand"]
        # The service checks the code and refuses a second record of the same company, in Chinese.
        extra_kwargs = {"credit_code": {"validators": []}}
        validators = []


class InteractionSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.__str__", read_only=True)
    project_name = serializers.SerializerMethodField()

    class Meta:
        model = Interaction
        fields = [
            "id",
            "investor",
            "project",
            "project_name",
            "kind",
            "date",
            "staff",
            "staff_name",
            "place_kind",
            "outpost",
            "place",
            "attendees",
            "outcome",
            "next_step",
            "next_step_due",
            "next_step_done",
            "expanding",
            "downsizing",
            "moving_away",
            "supplier_needs",
        ]
        read_only_fields = ["staff", "next_step_done"]
        extra_kwargs = {"investor": {"required": False}}

    def get_project_name(self, obj) -> str | None:
        return obj.project.name_for(self.context["request"].user) if obj.project_id else None

    def validate(self, attrs):
        if not attrs.get("investor") and not attrs.get("project"):
            raise serializers.ValidationError(
                {"investor": [_("Choose the investor this interaction was with.")]}
            )
        return attrs


class InvestorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The investor records (客商库): one record per company (credit code, else normalised name)."""

    serializer_class = InvestorSerializer
    permission_classes = [READ]
    pagination_class = InvestorPagination

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        return selectors.investor_list(
            q=params.get("q", "").strip(), kind=kind if kind in InvestorKind.values else ""
        )

    def check_permissions(self, request):
        super().check_permissions(request)
        _require_manage(request, self)

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str, enum=InvestorKind.values)]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        investor = services.investor_save(
            by=self.request.user, investor=Investor(), data=dict(serializer.validated_data)
        )
        serializer.instance = selectors.investor_list().get(pk=investor.pk)

    @extend_schema(responses=InteractionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def interactions(self, request, pk=None):
        """The investor's visits and negotiations, newest first."""
        investor = self.get_object()
        rows = investor.interactions.select_related("staff", "project")
        return Response(InteractionSerializer(rows, many=True, context={"request": request}).data)


class InteractionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Visits and negotiations; a next step with a due date is chased by the reminder jobs."""

    serializer_class = InteractionSerializer
    permission_classes = [READ]

    def get_queryset(self):
        qs = Interaction.objects.select_related("staff", "project")
        for key in ("investor", "project"):
            value = self.request.query_params.get(key, "")
            if value.isdigit():
                qs = qs.filter(**{f"{key}_id": int(value)})
        return qs.order_by("-date", "-id")

    def check_permissions(self, request):
        super().check_permissions(request)
        _require_manage(request, self)

    @extend_schema(parameters=[OpenApiParameter("investor", int), OpenApiParameter("project", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        investor, project = data.pop("investor", None), data.pop("project", None)
        serializer.instance = services.interaction_log(
            by=self.request.user, investor=investor, project=project, data=data
        )


class ListingSerializer(serializers.ModelSerializer):
    project_name = serializers.SerializerMethodField()
    relisting = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = CeremonyListing
        fields = ["id", "project", "project_name", "signs", "amount", "relisting"]
        read_only_fields = ["signs"]
        validators = []  # the service says why a listing is refused (signed once), in Chinese
        extra_kwargs = {"amount": {"required": False}}

    def get_project_name(self, obj) -> str:
        return obj.project.name_for(self.context["request"].user)


class CeremonySerializer(serializers.ModelSerializer):
    signed = serializers.IntegerField(read_only=True, required=False)
    relisted = serializers.IntegerField(read_only=True, required=False)
    signed_total = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, required=False)
    funds_total = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, required=False)

    class Meta:
        model = SigningCeremony
        fields = ["id", "name", "date", "place", "signed", "relisted", "signed_total", "funds_total"]


class CeremonyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Signing ceremonies (签约活动): each lists its projects; a project is signed once."""

    serializer_class = CeremonySerializer
    permission_classes = [READ]

    def get_queryset(self):
        return selectors.ceremonies()

    def get_serializer_class(self):
        return ListingSerializer if self.action == "listings" else CeremonySerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        _require_manage(request, self)

    def perform_create(self, serializer):
        ceremony = services.ceremony_create(by=self.request.user, **serializer.validated_data)
        serializer.instance = selectors.ceremonies().get(pk=ceremony.pk)

    @extend_schema(request=ListingSerializer, responses=ListingSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def listings(self, request, pk=None):
        """GET: the projects listed and their signed amounts. POST: list a project (a second signing
        of a signed project is refused with 400; `relisting` lists it again without signing)."""
        ceremony = self.get_object()
        if request.method == "POST":
            serializer = ListingSerializer(data=request.data, context={"request": request})
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            services.ceremony_list_project(
                by=request.user,
                ceremony=ceremony,
                project=data["project"],
                amount=data.get("amount"),
                relisting=data.get("relisting", False),
            )
        rows = selectors.ceremony_listings(ceremony)
        return Response(ListingSerializer(rows, many=True, context={"request": request}).data)


class SourceConversionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    investor_count = serializers.IntegerField()
    project_count = serializers.IntegerField()
    signed_count = serializers.IntegerField()


class StaffConversionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    interaction_count = serializers.IntegerField()
    lead_count = serializers.IntegerField()
    signed_count = serializers.IntegerField()


class ConversionsSerializer(serializers.Serializer):
    by_source = SourceConversionSerializer(many=True)
    by_staff = StaffConversionSerializer(many=True)


class ConversionsView(generics.GenericAPIView):
    """Conversions (projects signed) by source and by staff member."""

    permission_classes = [READ]
    serializer_class = ConversionsSerializer

    def get(self, request):
        data = {"by_source": selectors.conversions_by_source(), "by_staff": selectors.conversions_by_staff()}
        return Response(ConversionsSerializer(data).data)


class ProjectRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    state = serializers.CharField()
    contract_date = serializers.DateField(allow_null=True)
    contracted_investment = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    funds_received = serializers.DecimalField(max_digits=16, decimal_places=2)
    days_in_stage = serializers.IntegerField(required=False)

    def get_name(self, obj) -> str:
        return obj.name_for(self.context["request"].user)


class StalledView(generics.GenericAPIView):
    """Leads in talks with no progress note within the policy's working days, longest silent first."""

    permission_classes = [READ]
    serializer_class = ProjectRowSerializer
    pagination_class = None  # at most 500 rows, the report whole
    queryset = Project.objects.none()  # for the schema; the rows come from the selector

    @extend_schema(responses=ProjectRowSerializer(many=True))
    def get(self, request):
        rows = list(selectors.stalled_leads()[:500])
        for p in rows:
            p.days_in_stage = selectors.days_in_stage(p)
        return Response(ProjectRowSerializer(rows, many=True, context={"request": request}).data)


class UnfundedView(generics.GenericAPIView):
    """Projects signed more than `months` ago (default: the policy's) with no funds received (到资)."""

    permission_classes = [READ]
    serializer_class = ProjectRowSerializer
    pagination_class = None  # at most 500 rows, the report whole
    queryset = Project.objects.none()  # for the schema; the rows come from the selector

    @extend_schema(parameters=[OpenApiParameter("months", int)], responses=ProjectRowSerializer(many=True))
    def get(self, request):
        months = request.query_params.get("months", "")
        if months and not (months.isdigit() and int(months) < 600):
            raise serializers.ValidationError({"months": [_("Enter a whole number of months below 600.")]})
        rows, _months = selectors.unfunded_signings(months=int(months) if months else None)
        return Response(ProjectRowSerializer(rows[:500], many=True, context={"request": request}).data)


router = SimpleRouter()
router.register("investors", InvestorViewSet, basename="investor")
router.register("investor-interactions", InteractionViewSet, basename="investor-interaction")
router.register("signing-ceremonies", CeremonyViewSet, basename="signing-ceremony")
urlpatterns = [
    path("investor-reports/conversions/", ConversionsView.as_view(), name="investor-conversions"),
    path("investor-reports/stalled/", StalledView.as_view(), name="investor-stalled"),
    path("investor-reports/unfunded/", UnfundedView.as_view(), name="investor-unfunded"),
    *router.urls,
]

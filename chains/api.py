"""The chains through the API: the chain map, the chain leader's view, targets (import, contact, lead)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from org.models import Unit
from xianju_invest.parsers import JSONParser, MultiPartParser

from . import permissions as can
from . import selectors, services
from .enums import ChainStrategy, LinkPosition, LinkState, TargetSource
from .models import ChainLink, IndustryChain, Target


class CanViewChains(BasePermission):
    def has_permission(self, request, view):
        return can.can_view_chains(request.user)


class CanManageChains(BasePermission):
    def has_permission(self, request, view):
        return can.can_manage_chains(request.user)


class ChainSerializer(serializers.ModelSerializer):
    platform_name = serializers.CharField(source="platform.name", allow_null=True, read_only=True)
    strategy = serializers.ChoiceField(choices=ChainStrategy.choices, allow_blank=True)

    class Meta:
        model = IndustryChain
        fields = [
            "id",
            "code",
            "name",
            "platform",
            "platform_name",
            "strategy",
            "chief",
            "leader_firm",
            "task_force",
        ]
        read_only_fields = fields


class FunnelSerializer(serializers.Serializer):
    targets = serializers.IntegerField(source="funnel_targets")
    contacted = serializers.IntegerField(source="funnel_contacted")
    leads = serializers.IntegerField(source="funnel_leads")
    signed = serializers.IntegerField(source="funnel_signed")
    landed = serializers.IntegerField(source="funnel_landed")


class LinkNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    level = serializers.IntegerField()
    position = serializers.ChoiceField(choices=LinkPosition.choices)
    industry_codes = serializers.CharField()
    state = serializers.ChoiceField(source="link_state", choices=LinkState.choices)
    local_firms = serializers.IntegerField(source="firm_count")
    open_projects = serializers.IntegerField(source="open_project_count")
    funnel = FunnelSerializer(source="*")
    children = serializers.SerializerMethodField()

    def get_children(self, link) -> list[dict]:
        return LinkNodeSerializer(link.children_nodes, many=True).data


class ChainMapEntrySerializer(serializers.Serializer):
    chain = ChainSerializer()
    states = serializers.DictField(child=serializers.IntegerField())
    links = LinkNodeSerializer(source="roots", many=True)


class ChainMapSerializer(serializers.Serializer):
    rule = serializers.CharField()
    chains = ChainMapEntrySerializer(many=True)


class RateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    numerator = serializers.DecimalField(max_digits=18, decimal_places=2)
    denominator = serializers.DecimalField(max_digits=18, decimal_places=2)
    percent = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class LeaderLinkSerializer(LinkNodeSerializer):
    children = None
    projects = serializers.SerializerMethodField()
    rates = serializers.SerializerMethodField()

    def get_projects(self, link) -> int:
        return (link.figures or {}).get("projects", 0)

    def get_rates(self, link) -> list[dict]:
        return RateSerializer((link.figures or {}).get("rates", []), many=True).data


class LeaderViewSerializer(serializers.Serializer):
    chain = ChainSerializer()
    rule = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    gaps_closed = serializers.ListField(child=serializers.CharField())
    links = LeaderLinkSerializer(many=True)


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "name",
            "credit_code",
            "industry_code",
            "chain_link",
            "target_list",
            "reason",
            "owner",
            "contacted_on",
            "project",
            "investor",
        ]
        read_only_fields = fields


class TargetImportSerializer(serializers.Serializer):
    chain = serializers.PrimaryKeyRelatedField(queryset=IndustryChain.objects.filter(is_active=True))
    name = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=TargetSource.choices)
    file = serializers.FileField()
    default_link = serializers.PrimaryKeyRelatedField(
        queryset=ChainLink.objects.all(), required=False, allow_null=True
    )
    default_owner = serializers.PrimaryKeyRelatedField(
        queryset=Target._meta.get_field("owner").related_model.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )


class TargetImportResultSerializer(serializers.Serializer):
    target_list = serializers.IntegerField(source="target_list.pk")
    created = TargetSerializer(many=True)
    skipped = serializers.ListField(child=serializers.CharField())


class PlacementSerializer(serializers.Serializer):
    link = serializers.PrimaryKeyRelatedField(
        queryset=ChainLink.objects.select_related("chain"),
        allow_null=True,
        help_text="A chain link's id; null puts it back on automatic placement by its industry code.",
        error_messages={
            "does_not_exist": gettext_lazy("No chain link has the id {pk_value}."),
            "incorrect_type": gettext_lazy(
                "Give a chain link's id (a number), or null for automatic placement."
            ),
            "required": gettext_lazy("Give a chain link's id, or null for automatic placement."),
        },
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PlacementResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    industry_code = serializers.CharField()
    chain_link = serializers.IntegerField(source="chain_link_id", allow_null=True)
    chain_link_name = serializers.CharField(source="chain_link.name", allow_null=True, default=None)
    chain_link_set_by_hand = serializers.BooleanField()


class Placement(APIView):
    """Move a local firm (its investor record) or a project to a link by hand, or back to automatic."""

    permission_classes = [CanManageChains]
    kind = "firm"

    @extend_schema(request=PlacementSerializer, responses=PlacementResultSerializer)
    def post(self, request, pk):
        obj = selectors.placeable_or_404(self.kind, pk)
        serializer = PlacementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        obj = services.placement_set(by=request.user, obj=obj, link=data["link"], note=data["note"])
        result = PlacementResultSerializer(obj).data
        if self.kind == "project":
            result["name"] = obj.name_for(request.user)
        return Response(result)


class ChainList(generics.ListAPIView):
    permission_classes = [CanViewChains]
    serializer_class = ChainSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.visible_chains(self.request.user).prefetch_related("task_force")


class ChainMap(APIView):
    permission_classes = [CanViewChains]

    @extend_schema(
        parameters=[
            OpenApiParameter("platform", int, description="A platform unit's id; all chains if absent.")
        ],
        responses=ChainMapSerializer,
    )
    def get(self, request):
        platform = None
        if request.query_params.get("platform"):
            try:
                platform = Unit.objects.get(pk=int(request.query_params["platform"]), kind="platform")
            except (ValueError, Unit.DoesNotExist) as exc:
                raise ValidationError({"platform": [_("No platform has this id.")]}) from exc
        return Response(ChainMapSerializer(selectors.chain_map(platform)).data)


class ChainLeaderView(APIView):
    permission_classes = [CanViewChains]

    @extend_schema(responses=LeaderViewSerializer)
    def get(self, request, pk):
        chain = get_object_or_404(IndustryChain, pk=pk)
        entry = selectors.chain_map(chains=IndustryChain.objects.filter(pk=chain.pk))["chains"][0]
        links = selectors.flat_links(entry["roots"])
        by_link, period = selectors.rates_by_link(chain)
        for link in links:
            link.figures = by_link.get(link.pk)
        data = {
            "chain": chain,
            "rule": selectors.rule_text(selectors.policy_in_force()),
            "period_start": period.start,
            "period_end": period.end,
            "gaps_closed": [link.name for link in selectors.gaps_closed(chain)],
            "links": links,
        }
        return Response(LeaderViewSerializer(data).data)


class LinkTargets(generics.ListAPIView):
    permission_classes = [CanViewChains]
    serializer_class = TargetSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no link
            return Target.objects.none()
        link = get_object_or_404(ChainLink, pk=self.kwargs["pk"])
        return selectors.link_targets(link)


class TargetImport(APIView):
    permission_classes = [CanManageChains]
    # JSON too, so that a body without the file gets the usual 400 by field, not a 415.
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=TargetImportSerializer, responses={201: TargetImportResultSerializer})
    def post(self, request):
        serializer = TargetImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.target_list_import(by=request.user, **serializer.validated_data)
        if not result.ok:
            raise ValidationError({"file": [str(note) for note in result.errors]})
        payload = {
            "target_list": result.target_list,
            "created": result.created,
            "skipped": [str(s) for s in result.skipped],
        }
        return Response(TargetImportResultSerializer(payload).data, status=status.HTTP_201_CREATED)


class TargetContacted(APIView):
    permission_classes = [CanManageChains]

    @extend_schema(request=None, responses=TargetSerializer)
    def post(self, request, pk):
        target = services.target_contacted(target=get_object_or_404(Target, pk=pk), by=request.user)
        return Response(TargetSerializer(target).data)


class TargetLead(APIView):
    permission_classes = [CanManageChains]

    @extend_schema(request=None, responses={201: TargetSerializer})
    def post(self, request, pk):
        target = services.target_to_lead(target=get_object_or_404(Target, pk=pk), by=request.user)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("chains/", ChainList.as_view(), name="api-chains"),
    path("chains/map/", ChainMap.as_view(), name="api-chain-map"),
    path("chains/<int:pk>/leader/", ChainLeaderView.as_view(), name="api-chain-leader"),
    path("chains/links/<int:pk>/targets/", LinkTargets.as_view(), name="api-link-targets"),
    path("chains/firms/<int:pk>/placement/", Placement.as_view(kind="firm"), name="api-firm-placement"),
    path(
        "chains/projects/<int:pk>/placement/", Placement.as_view(kind="project"), name="api-project-placement"
    ),
    path("chains/targets/import/", TargetImport.as_view(), name="api-target-import"),
    path("chains/targets/<int:pk>/contacted/", TargetContacted.as_view(), name="api-target-contacted"),
    path("chains/targets/<int:pk>/lead/", TargetLead.as_view(), name="api-target-lead"),
]

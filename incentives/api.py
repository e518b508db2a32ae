"""Rewards API: installments (list, explanation, lifecycle actions), facts, the public notice,
the what-if calculator and policy versions. Thin: validate, call a service or selector, answer."""

import datetime as dt
from decimal import Decimal

from django.urls import path
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404  # an id that is no number: 404, not 500
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from projects.models import Project

from . import calculator as calc
from . import permissions as can
from . import selectors, services
from .enums import BeneficiaryKind, InstallmentState, Reward
from .explain import explain
from .models import Installment, PolicyVersion, RetainedTax
from .pagination import RegisterPagination


@extend_schema_serializer(component_name="RewardLine")  # scoring has a "Line" of its own
class LineSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    parameter = serializers.CharField()
    value = serializers.CharField()
    version = serializers.CharField()


class InstallmentSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    beneficiary_name = serializers.SerializerMethodField()
    beneficiary_kind = serializers.ChoiceField(choices=BeneficiaryKind.choices, source="beneficiary.kind")
    policy_version = serializers.CharField(source="policy.label", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Installment
        fields = [
            "id",
            "project",
            "project_name",
            "reward",
            "slot",
            "trigger_date",
            "state",
            "beneficiary",
            "beneficiary_name",
            "beneficiary_kind",
            "policy_version",
            "computed",
            "installment_amount",
            "gross",
            "tax",
            "net",
            "reason",
            "notice_from",
            "notice_until",
            "paid_on",
            "voucher_no",
            "explanation",
        ]
        read_only_fields = fields

    def get_beneficiary_name(self, obj) -> str:
        request = self.context.get("request")
        return obj.beneficiary.name_for(request.user) if request else obj.beneficiary.public_name

    @extend_schema_field(LineSerializer(many=True))
    def get_explanation(self, obj):
        return [{**line, "label": str(line["label"])} for line in obj.explanation()]


class ActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["check", "approve", "publish", "pay", "withdraw"])
    note = serializers.CharField(required=False, allow_blank=True)
    paid_on = serializers.DateField(required=False)
    voucher_no = serializers.CharField(required=False, max_length=40)
    reason = serializers.CharField(required=False, allow_blank=True)


class InstallmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The rewards register: filter by `reward`, `state`, `year`, `project`; act with POST …/act/."""

    serializer_class = InstallmentSerializer
    permission_classes = [can.CanViewRewards]
    pagination_class = RegisterPagination  # two-ended: the last page costs what the first does

    def get_queryset(self):
        params = self.request.query_params
        year = params.get("year")
        qs = selectors.register(
            user=self.request.user,
            reward=params.get("reward", ""),
            state=params.get("state", ""),
            year=int(year) if year and year.isdigit() else None,
            project=params.get("project") if str(params.get("project", "")).isdigit() else None,
        )
        return qs.select_related("project", "beneficiary", "policy")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        explain(page if page is not None else [])  # the page's explanations in a few queries
        return page

    @extend_schema(request=ActionSerializer, responses=InstallmentSerializer)
    @action(detail=True, methods=["post"])
    def act(self, request, pk=None):
        inst = self.get_object()
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        if d["action"] == "check":
            inst = services.installment_check(installment=inst, by=request.user, note=d.get("note", ""))
        elif d["action"] == "approve":
            inst = services.installment_approve(installment=inst, by=request.user, note=d.get("note", ""))
        elif d["action"] == "publish":
            inst = services.installment_publish(installment=inst, by=request.user)
        elif d["action"] == "pay":
            inst = services.installment_pay(
                installment=inst,
                by=request.user,
                paid_on=d.get("paid_on"),
                voucher_no=d.get("voucher_no", ""),
            )
        else:
            inst = services.installment_withdraw(
                installment=inst, by=request.user, reason=d.get("reason", "")
            )
        return Response(InstallmentSerializer(inst, context={"request": request}).data)


class TaxSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    year = serializers.IntegerField()
    amount = serializers.CharField(help_text="yuan, two decimals")


class TaxRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = RetainedTax
        fields = ["id", "project", "year", "amount", "state", "imported"]
        read_only_fields = fields


class TaxViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """County-retained tax per project and year, a page at a time: POST enters it, POST …/verify/
    verifies (another person). Only promotion staff enter and verify; others are refused first."""

    permission_classes = [can.CanViewRewards]
    serializer_class = TaxRowSerializer

    def get_queryset(self):
        return RetainedTax.objects.order_by("project_id", "year")

    def check_permissions(self, request):
        """Refused before the request body is read: leaders and finance read tax, never enter it."""
        super().check_permissions(request)
        if self.action in ("create", "verify") and not can.can_enter_facts(request.user):
            raise PermissionDenied

    @extend_schema(request=TaxSerializer, responses={201: None})
    def create(self, request):
        data = TaxSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = get_object_or_404(Project, pk=data.validated_data["project"])
        tax = services.tax_enter(
            project=project,
            year=data.validated_data["year"],
            amount=data.validated_data["amount"],
            by=request.user,
        )
        return Response({"id": tax.pk, "state": tax.state}, status=201)

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        tax = get_object_or_404(RetainedTax, pk=pk)
        tax = services.tax_verify(tax=tax, by=request.user)
        return Response({"id": tax.pk, "state": tax.state})


class PublicNoticeView(APIView):
    """The public notice (公示): no login; beneficiary names masked."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses=inline_serializer(
            "PublicNoticeRow",
            {
                "id": serializers.IntegerField(),
                "project": serializers.CharField(),
                "reward": serializers.CharField(),
                "beneficiary": serializers.CharField(),
                "amount": serializers.DecimalField(max_digits=16, decimal_places=2),
                "notice_from": serializers.DateField(),
                "notice_until": serializers.DateField(),
                "held": serializers.BooleanField(),
            },
            many=True,
        )
    )
    def get(self, request):
        rows = selectors.public_notice()[:500]
        return Response(
            [
                {
                    "id": i.pk,
                    "project": i.project.name,
                    "reward": str(i.get_reward_display()),
                    "beneficiary": i.beneficiary.public_name,
                    "amount": str(i.gross),
                    "notice_from": i.notice_from,
                    "notice_until": i.notice_until,
                    "held": i.state == InstallmentState.HELD,
                }
                for i in rows
            ]
        )


class WhatIfSerializer(serializers.Serializer):
    total_investment = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"))
    fixed_asset_investment = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"))
    equipment_investment = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=Decimal("0"), default=0
    )
    land_area = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    intensity_threshold = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    expected_tax = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=Decimal("0"), default=0
    )
    category = serializers.CharField(default="industrial")
    version = serializers.IntegerField(required=False, help_text="policy version id; default: in force today")


class WhatIfView(APIView):
    """All three rewards for figures typed in (yuan), under a policy version. Nothing is saved."""

    permission_classes = [can.CanViewRewards]

    @extend_schema(request=WhatIfSerializer, responses={200: None})
    def post(self, request):
        data = WhatIfSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        version = (
            get_object_or_404(PolicyVersion, pk=d["version"])
            if d.get("version")
            else PolicyVersion.objects.in_force_on(dt.date.today())
        )
        policy = version.to_calculator()
        start = max(version.effective_from, dt.date.today())
        production = start + dt.timedelta(days=365)
        facts = calc.Facts(
            total_investment=d["total_investment"],
            fixed_asset_investment=d["fixed_asset_investment"],
            equipment_investment=d["equipment_investment"],
            land_area=d["land_area"],
            intensity_threshold=d.get("intensity_threshold"),
            category=d["category"],
            production_date=production,
            retained_tax={
                y: d["expected_tax"] for y in calc.tax_years(production, policy.contribution_years)
            },
        )
        payee = calc.Payee("r", "", calc.ORGANISATION, calc.HUNDRED)
        results = calc.schedule(
            policies=[policy],
            facts=facts,
            milestones=calc.Milestones(start, production, production),
            referrers=[payee],
            company=payee,
        )
        return Response(
            {
                "version": version.label,
                "installments": [
                    {
                        "reward": r.reward,
                        "slot": r.slot,
                        "computed": r.computed,
                        "amount": r.amount,
                        "lines": [{**line.as_dict(), "label": str(line.label)} for line in r.lines],
                    }
                    for _on, r in results
                ],
                "totals": {
                    reward: str(
                        calc.fen(sum((r.amount for _on, r in results if r.reward == reward), calc.ZERO))
                    )
                    for reward in Reward.values
                },
            }
        )


router = SimpleRouter()
router.register("reward-installments", InstallmentViewSet, basename="reward-installment")
router.register("reward-taxes", TaxViewSet, basename="reward-tax")
urlpatterns = [
    *router.urls,
    path("rewards/notice/", PublicNoticeView.as_view(), name="api-reward-notice"),
    path("rewards/what-if/", WhatIfView.as_view(), name="api-reward-what-if"),
]

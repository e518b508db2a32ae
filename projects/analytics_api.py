"""API for the leader's figures: `/api/ledger/rates/` and `/api/ledger/export/` (Excel).

Both take the ledger list's filters; the paths sit outside `/api/projects/` so the projects
router's `/api/projects/{id}/` never catches them.
"""

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, serializers
from rest_framework.response import Response

from org.permissions import HasPerm

from . import analytics, excel
from .filters import ProjectFilter
from .models import Project


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False, help_text=_("First day of the period (default: 1 January).")
    )
    end = serializers.DateField(required=False, help_text=_("Last day of the period (default: today)."))
    rate = serializers.ChoiceField(choices=list(analytics.RATES_BY_KEY), required=False)
    part = serializers.ChoiceField(choices=analytics.PARTS, required=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": [_("The end of the period is before its start.")]})
        if bool(attrs.get("rate")) != bool(attrs.get("part")):
            raise serializers.ValidationError({"part": [_("Give both the rate and the part, or neither.")]})
        return attrs

    def period(self):
        today = timezone.localdate()
        default = analytics.default_period(today)
        data = self.validated_data
        return analytics.Period(data.get("start") or default.start, data.get("end") or default.end, today)


class ExportParamsSerializer(PeriodSerializer):
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=excel.EXPORT_MAX_ROWS, default=excel.EXPORT_MAX_ROWS
    )


class RateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    is_amount = serializers.BooleanField(help_text=_("True when numerator and denominator are yuan."))
    numerator = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False)
    denominator = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False)
    percent = serializers.DecimalField(
        max_digits=6, decimal_places=1, allow_null=True, coerce_to_string=False
    )


class RatesSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    rates = RateSerializer(many=True)


# The ledger list's filters, documented here because these are not list views.
FILTER_PARAMETERS = [
    OpenApiParameter(name, str, many=name == "state", description=str(f.label or name))
    for name, f in ProjectFilter.base_filters.items()
]
PERIOD_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day of the period (default: 1 January)"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of the period (default: today)"),
    *FILTER_PARAMETERS,
]


class XlsxRenderer(renderers.BaseRenderer):
    """Lets clients ask for the workbook by its media type; errors still come back as JSON."""

    media_type = excel.CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


class _LedgerView(generics.GenericAPIView):
    permission_classes = [HasPerm.of("org.view_all")]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter
    queryset = Project.objects.all()
    pagination_class = None
    params_class = PeriodSerializer

    def params(self):
        params = self.params_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params


class RatesView(_LedgerView):
    serializer_class = RatesSerializer

    @extend_schema(
        summary="Rates over a period",
        description="履约率, 开工率, 竣工率, 达产率 and 资金到位率 with numerator and denominator "
        "(counts of projects; yuan for the funds rate), over the projects the ledger filters select.",
        parameters=PERIOD_PARAMETERS,
        responses={200: RatesSerializer},
    )
    def get(self, request):
        period = self.params().period()
        figures = analytics.rates(self.filter_queryset(self.get_queryset()), period)
        return Response(RatesSerializer({"start": period.start, "end": period.end, "rates": figures}).data)


class ExportView(_LedgerView):
    params_class = ExportParamsSerializer
    renderer_classes = [renderers.JSONRenderer, XlsxRenderer]

    @extend_schema(
        summary="The filtered ledger as an Excel workbook",
        description="Chinese headers, amounts in 万元; at most `limit` rows (50,000). With `rate` and "
        "`part` (and the period), only the projects behind that side of the rate.",
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("rate", str, enum=list(analytics.RATES_BY_KEY)),
            OpenApiParameter("part", str, enum=list(analytics.PARTS)),
            OpenApiParameter("limit", int, description="Most rows to export (default and cap 50,000)"),
        ],
        responses={(200, excel.CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request):
        params = self.params()
        queryset = self.filter_queryset(self.get_queryset())
        data = params.validated_data
        if data.get("rate"):
            queryset = analytics.rate_projects(
                queryset, key=data["rate"], part=data["part"], period=params.period()
            )
        content = excel.export_workbook(queryset, limit=data["limit"])
        response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{excel.export_filename(timezone.localdate())}"'
        )
        return response


urlpatterns = [
    path("ledger/rates/", RatesView.as_view(), name="api-ledger-rates"),
    path("ledger/export/", ExportView.as_view(), name="api-ledger-export"),
]

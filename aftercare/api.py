"""Enterprise requests through the API: the same list filter, steps and statistics as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
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

from . import permissions as can
from . import selectors, services, steps, views
from .enums import Channel
from .forms import RequestForm
from .models import RequestAssignment, ServiceRequest
from .pagination import RequestPagination


def _form_errors(form):
    return serializers.ValidationError(
        {("non_field_errors" if k == "__all__" else k): v for k, v in form.errors.items()}
    )


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = RequestAssignment
        fields = [
            "id",
            "unit",
            "unit_name",
            "role",
            "assigned_on",
            "objection_due",
            "objection_state",
            "objection_reason",
            "answer_due",
            "answered_on",
            "answer",
            "active",
        ]


class RequestListSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    lead_unit_name = serializers.CharField(
        source="lead_unit.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "title",
            "category",
            "state",
            "urgency",
            "filed_on",
            "close_due",
            "escalation_level",
            "blocks_milestone",
            "project",
            "project_name",
            "lead_unit_name",
        ]


class RequestSerializer(RequestListSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)
    steps = serializers.SerializerMethodField()

    class Meta(RequestListSerializer.Meta):
        fields = [
            *RequestListSerializer.Meta.fields,
            "description",
            "channel",
            "complexity",
            "assigned_on",
            "contact_due",
            "contacted_on",
            "reply_due",
            "replied_on",
            "proposed_on",
            "closed_on",
            "paused_since",
            "on_agenda",
            "resolution",
            "rating",
            "rating_comment",
            "reopen_count",
            "callback_due",
            "called_back_on",
            "assignments",
            "steps",
        ]

    def get_steps(self, obj) -> list[str]:
        user = self.context["request"].user
        return [name for name, _step, _form in steps.offered(user, obj, timezone.localdate())]


class RequestCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    category = serializers.CharField()
    description = serializers.CharField()
    blocks_milestone = serializers.CharField(required=False, allow_blank=True, default="")
    urgency = serializers.CharField(required=False, default="normal")
    channel = serializers.CharField(required=False, allow_blank=True, default="")


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=sorted(steps.STEPS))
    reason = serializers.CharField(required=False, help_text="object, pause, ask_withdrawal, withdraw")
    note = serializers.CharField(required=False, help_text="contact, reply, resume, settle, decide_extension")
    lead_unit = serializers.IntegerField(required=False, help_text="route")
    assisting_units = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="route"
    )
    complexity = serializers.CharField(required=False, help_text="route: general or complex")
    committed_date = serializers.DateField(required=False, help_text="route, complex requests")
    assignment = serializers.IntegerField(required=False, help_text="settle")
    upheld = serializers.CharField(required=False, help_text="settle: yes or no")
    new_unit = serializers.IntegerField(required=False, help_text="settle")
    answer = serializers.CharField(required=False, help_text="assist, publish")
    new_due = serializers.DateField(required=False, help_text="extend")
    extension = serializers.IntegerField(required=False, help_text="decide_extension")
    approve = serializers.CharField(required=False, help_text="decide_extension: yes or no")
    resolution = serializers.CharField(required=False, help_text="propose")
    rating = serializers.IntegerField(required=False, help_text="confirm: 1 (very dissatisfied) to 5")
    comment = serializers.CharField(required=False, help_text="confirm")
    confirm = serializers.CharField(required=False, help_text="answer_withdrawal: yes or no")
    question = serializers.CharField(required=False, help_text="publish")


class RequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Requests the caller may see: an enterprise its own, a unit those assigned to it, the centre
    and leaders all. POST files one (an enterprise for its projects, a cadre on its behalf)."""

    permission_classes = [IsAuthenticated]
    pagination_class = RequestPagination  # two-ended, the count cached: the last page costs the first's

    def get_queryset(self):
        if self.action == "list":
            q = self.request.query_params
            return selectors.request_list(
                self.request.user, state=q.get("state", ""), category=q.get("category", ""), q=q.get("q", "")
            )
        return selectors.request_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return {"list": RequestListSerializer, "create": RequestCreateSerializer, "step": StepSerializer}.get(
            self.action, RequestSerializer
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, description="a state, or open"),
            OpenApiParameter("category", str),
            OpenApiParameter("q", str, description="title or project"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestSerializer})
    def create(self, request, *args, **kwargs):
        projects = views._fileable_projects(request.user)
        if not projects.exists():
            raise PermissionDenied(_("You have no project to file a request for."))
        on_behalf = not can.is_enterprise(request.user)
        form = RequestForm(request.data, projects=projects, on_behalf=on_behalf)
        if not form.is_valid():
            raise _form_errors(form)
        d = form.cleaned_data
        try:
            filed = services.request_file(
                project=d["project"],
                by=request.user,
                title=d["title"],
                category=d["category"],
                description=d["description"],
                urgency=d["urgency"],
                blocks_milestone=d["blocks_milestone"],
                channel=d.get("channel") or Channel.ONLINE,
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        obj = selectors.request_detail_queryset(request.user).get(pk=filed.pk)
        return Response(
            RequestSerializer(obj, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=StepSerializer, responses={200: RequestSerializer})
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Take one step (route, contact, reply, pause, resume, extend, propose, confirm, withdraw...):
        the fields each step needs are those of its page form."""
        obj = self.get_object()
        name = request.data.get("step")
        if name not in steps.STEPS:
            raise serializers.ValidationError({"step": [_("Choose one of the steps.")]})
        form = steps.step_form(name, request.data)
        if not form.is_valid():
            raise _form_errors(form)
        try:
            steps.step_run(name=name, request=obj, user=request.user, form=form)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from exc
        except DjangoValidationError:
            raise
        obj = selectors.request_detail_queryset(request.user).get(pk=obj.pk)
        return Response(RequestSerializer(obj, context={"request": request}).data)


class StatisticsRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    lead_unit = serializers.IntegerField()
    lead_unit__name = serializers.CharField()
    assigned = serializers.IntegerField()
    contacted_on_time = serializers.IntegerField()
    closed = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    solved = serializers.IntegerField()
    unconfirmed = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    overdue = serializers.IntegerField()
    contacted_on_time_pct = serializers.FloatField(allow_null=True)
    closed_on_time_pct = serializers.FloatField(allow_null=True)
    solved_pct = serializers.FloatField(allow_null=True)
    satisfied_pct = serializers.FloatField(allow_null=True)


class StatisticsView(generics.GenericAPIView):
    """Per unit and month of assignment; a unit's account sees its own unit only."""

    permission_classes = [IsAuthenticated]
    pagination_class = None
    serializer_class = StatisticsRowSerializer
    queryset = ServiceRequest.objects.none()  # the rows come from selectors.unit_statistics

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="YYYY-MM, default twelve months ago"),
            OpenApiParameter("to", str, description="YYYY-MM, default this month"),
        ],
        responses=StatisticsRowSerializer(many=True),
    )
    def get(self, request):
        if not can.can_read_statistics(request.user):
            raise PermissionDenied()
        today = timezone.localdate()
        if bad := views.bad_months(request.query_params):
            raise serializers.ValidationError({key: [views.BAD_MONTH] for key in bad})
        start = views._month(request.query_params.get("from"), None)
        end_month = views._month(request.query_params.get("to"), today.replace(day=1))
        if start is None:
            start = end_month.replace(year=end_month.year - 1)
        end = views.month_after(end_month)
        if end <= start:
            raise serializers.ValidationError({"to": [_("The last month must not be before the first.")]})
        unit = None if can.can_read_all(request.user) else request.user.unit
        rows = selectors.unit_statistics(start=start, end=end, unit=unit, today=today)
        return Response(StatisticsRowSerializer(rows, many=True).data)


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceRequest
        fields = ["id", "category", "public_question", "public_answer", "closed_on"]


class AnswerListView(generics.ListAPIView):
    """Published answers (anonymised), searchable by `q`."""

    permission_classes = [IsAuthenticated]
    serializer_class = AnswerSerializer

    def get_queryset(self):
        return selectors.published_answers(self.request.query_params.get("q", "")[:100])

    @extend_schema(parameters=[OpenApiParameter("q", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


router = SimpleRouter()
router.register("aftercare/requests", RequestViewSet, basename="aftercare-request")
urlpatterns = [
    path("aftercare/statistics/", StatisticsView.as_view(), name="aftercare-statistics"),
    path("aftercare/answers/", AnswerListView.as_view(), name="aftercare-answers"),
    *router.urls,
]

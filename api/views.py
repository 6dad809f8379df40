"""The data interface, version 1: cohort figures, enterprises and their reports for a
park's or province's platform, and the enterprise-list import."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularSwaggerView,
)
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cohorts.forms import filters_or_404
from core.client import client_address
from core.http import base_url
from core.lang import language_codes, source_language
from onboarding.forms import ImportForm
from onboarding.imports import ImportNotClean, import_confirm, import_preview
from onboarding.models import ImportBatch

from . import serializers as s
from .access import CanImport, CanRead, enterprise_or_404, scope_or_404
from .selectors import cohort_figures, enterprise_report, scope_enterprises
from .services import call_record

FILTER_PARAMETERS = [
    OpenApiParameter("round", int, description="round id (default: the current round)"),
    OpenApiParameter("industry", int, description="industry id"),
    OpenApiParameter("size", str, enum=["micro", "small", "medium", "large"]),
    OpenApiParameter("above", str, enum=["1", "0"], description="above designated size"),
]
# Language tags that ask for traditional characters.
TRADITIONAL_TAGS = ("zh-tw", "zh-hk", "zh-mo", "zh-hant-tw", "zh-hant-hk")
LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    description="zh-hans, en ... (default: the Accept-Language, else zh-hans)",
)


class Logged:
    """Every answer of the interface goes into the call log, whatever its status."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        call_record(
            token=getattr(request, "auth", None),
            method=request.method,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            status=response.status_code,
            client_address=client_address(request),
        )
        return response


class ApiView(Logged, APIView):
    permission_classes = [IsAuthenticated, CanRead]


class EnterprisePagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CohortFiguresView(ApiView):
    """The figures a park's or province's dashboard shows for the same filters: the
    funnel, the score's mean and quartiles, the levels, each dimension's quartiles, and
    each target's value, met or missed, and gap. A figure the dashboard withholds (too few
    enterprises) is null, with the reason in `withheld`."""

    @extend_schema(
        summary="A cohort's figures, as its dashboard shows them",
        parameters=FILTER_PARAMETERS,
        responses=s.FiguresSerializer,
    )
    def get(self, request, kind: str, pk: int):
        scope = scope_or_404(request, kind, pk)
        _form, filters = filters_or_404(request)
        return Response(s.FiguresSerializer(cohort_figures(scope=scope, filters=filters)).data)


class ScopeEnterprisesView(ApiView):
    """The enterprises of a park or province, by name, each with its latest submitted
    result (null if it has none); 100 a page (`page_size` up to 500)."""

    pagination_class = EnterprisePagination

    @extend_schema(
        summary="The enterprises of a park or province with their latest submitted result",
        parameters=[
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="at most 500 (default 100)"),
        ],
        responses=s.EnterprisePageSerializer,
    )
    def get(self, request, kind: str, pk: int):
        scope = scope_or_404(request, kind, pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(scope_enterprises(scope=scope), request, view=self)
        return paginator.get_paginated_response(s.EnterpriseSerializer(page, many=True).data)


def _configured(code: str) -> str | None:
    """The configured language a language tag asks for (zh-CN → zh-hans, en-US → en)."""
    code = code.strip().lower()
    codes = language_codes()
    base = code.split("-")[0]
    if code in codes:
        return code
    if base in codes:
        return base
    if code in TRADITIONAL_TAGS and "zh-hant" in codes:
        return "zh-hant"
    return source_language() if base == "zh" else None


def _language(request) -> str:
    """?lang=, else the first configured language of Accept-Language, else Chinese."""
    asked = request.query_params.get("lang")
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    candidates = [asked] if asked else [part.split(";")[0] for part in header.split(",")]
    for code in candidates:
        language = _configured(code)
        if language:
            return language
    return source_language()


class EnterpriseReportView(ApiView):
    """The report data of an enterprise of the token's scope: its latest submitted
    assessment's report (or that of `round`), its texts in `lang`, else the language of
    Accept-Language, else Chinese."""

    @extend_schema(
        summary="An enterprise's report data (its latest submitted assessment, or a round's)",
        parameters=[
            LANG_PARAMETER,
            OpenApiParameter("round", str, description="round code (default: the latest)"),
        ],
        responses=s.ReportSerializer,
    )
    def get(self, request, pk: int):
        enterprise = enterprise_or_404(request, pk)
        language = _language(request)
        data = enterprise_report(
            enterprise=enterprise, round_code=request.query_params.get("round"), language=language
        )
        if data is None:
            return Response(
                {"detail": _("该企业没有已提交的评估。")}, status=status.HTTP_404_NOT_FOUND
            )
        response = Response(s.ReportSerializer(data).data)
        response["Content-Language"] = language
        return response


class ImportView(Logged, APIView):
    """Upload a park's enterprise list (CSV or XLSX, the columns of the page's import):
    it is checked row by row and kept for confirmation; nothing is imported yet."""

    permission_classes = [IsAuthenticated, CanImport]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Upload an enterprise list: checked, nothing imported until confirmed",
        request={"multipart/form-data": s.ImportUploadSerializer},
        responses={201: s.ImportBatchSerializer, 400: s.FieldErrorsSerializer},
    )
    def post(self, request, pk: int):
        scope = scope_or_404(request, "park", pk)
        form = ImportForm(data={}, files=request.FILES)
        if not form.is_valid():
            return Response({"errors": form.errors}, status=status.HTTP_400_BAD_REQUEST)
        upload = form.cleaned_data["file"]
        batch = import_preview(park=scope.park, user=None, name=upload.name, data=upload.read())
        return Response(s.ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class ImportBatchView(Logged, APIView):
    """An uploaded list: its status and each row's errors."""

    permission_classes = [IsAuthenticated, CanImport]

    @extend_schema(summary="An uploaded list: its rows' errors", responses=s.ImportBatchSerializer)
    def get(self, request, pk: int, batch_pk: int):
        scope = scope_or_404(request, "park", pk)
        batch = get_object_or_404(ImportBatch, pk=batch_pk, park=scope.park)
        return Response(s.ImportBatchSerializer(batch).data)


class ImportConfirmView(Logged, APIView):
    """Import a clean list: every enterprise is created and invited by e-mail, or none (a
    409 with the errors if the list has any, or was imported already)."""

    permission_classes = [IsAuthenticated, CanImport]

    @extend_schema(
        summary="Import a clean list: every enterprise created and invited, or none",
        request=None,
        responses={200: s.ImportConfirmedSerializer, 409: s.ImportBatchSerializer},
    )
    def post(self, request, pk: int, batch_pk: int):
        scope = scope_or_404(request, "park", pk)
        batch = get_object_or_404(ImportBatch, pk=batch_pk, park=scope.park)
        try:
            created = import_confirm(batch=batch, user=None, base_url=base_url(request))
        except ImportNotClean:
            batch.refresh_from_db()
            return Response(s.ImportBatchSerializer(batch).data, status=status.HTTP_409_CONFLICT)
        batch.refresh_from_db()
        data = {"batch": batch, "created": [e.pk for e in created]}
        return Response(s.ImportConfirmedSerializer(data).data)


class SchemaView(Logged, SpectacularJSONAPIView):
    """The OpenAPI 3 document of this version."""

    authentication_classes = []
    permission_classes = [AllowAny]


class SwaggerView(SpectacularSwaggerView):
    """The OpenAPI document in Swagger UI, its scripts and styles from the site's static
    files (api/static/api/swagger-ui: Swagger UI 5 as drf-spectacular-sidecar 2026.10.1
    ships it, without source maps): nothing is loaded from elsewhere."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data.update(
            {
                "swagger_ui_css": static("api/swagger-ui/swagger-ui.css"),
                "swagger_ui_bundle": static("api/swagger-ui/swagger-ui-bundle.js"),
                "swagger_ui_standalone": static("api/swagger-ui/swagger-ui-standalone-preset.js"),
                "favicon_href": static("api/swagger-ui/favicon-32x32.png"),
            }
        )
        return response

"""Page-number pagination for the API's lists, one shape everywhere:

    {"count": 120, "next": "…?page=3", "previous": "…?page=1", "results": [...]}

A view sets `pagination_class = PagePagination` (so the schema documents the
`page` and `page_size` parameters and the paginated envelope) and answers with
`paginated_response(self, request, queryset, OutputSerializer, context)`."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_PAGE_SIZE = 48


class PagePagination(PageNumberPagination):
    page_size = settings.REST_FRAMEWORK["PAGE_SIZE"]
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def paginated_response(view: APIView, request, queryset, serializer_class, context: dict | None = None) -> Response:
    """One page of `queryset` through `serializer_class`, in the view's
    pagination envelope (an unknown page is a 404, as DRF answers it)."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)

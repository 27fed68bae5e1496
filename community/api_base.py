"""API conventions shared by every app: pagination, errors, role permissions."""

import copy

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from community.errors import KongsiError
from community.roles import Role, has_role


class FieldsBuiltOnce:
    """Mixin for a ModelSerializer: map the model's fields once per process.

    ModelSerializer maps every model field to a serializer field again on each
    instantiation (``build_field``, ``get_field_kwargs``): on the API order list
    that was a fifth of the request. The mapped fields hold no request state,
    so later instances get a deep copy of the first mapping, as DRF itself
    deep-copies declared fields for each instance. Only for serializers whose
    ``get_fields`` does not depend on the request or the instance.
    """

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_kongsi_built_fields")
        if built is None:
            built = super().get_fields()
            cls._kongsi_built_fields = built
        return copy.deepcopy(built)


class KongsiPagination(PageNumberPagination):
    """``{count, next, previous, results}``; ``?page=N``, ``?page_size=`` ≤ 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        # A page past the end or not a number is simply the last/first page
        # rather than a 404 that a script could mistake for "not yours".
        return super().get_page_number(request, paginator)


def exception_handler(exc, context):
    """Map Kongsi and Django errors to API.md's shapes and status codes."""
    if isinstance(exc, KongsiError):
        return Response(exc.as_api_data(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            data = {
                field: [str(m) for m in msgs]
                for field, msgs in exc.message_dict.items()
            }
        else:
            data = {"detail": " ".join(str(m) for m in exc.messages)}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ParseError):
        response.data = {"detail": str(exc.detail)}
    return response


class HasRole(permissions.BasePermission):
    """Allow signed-in users holding one of ``roles`` (set by subclassing)."""

    roles: tuple[str, ...] = ()
    message = _("Your role may not do this.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and has_role(
            request.user, *self.roles
        )


class IsLeader(HasRole):
    roles = (Role.LEADER,)


class IsLeaderOrTreasurer(HasRole):
    roles = (Role.LEADER, Role.TREASURER)


class IsMember(HasRole):
    roles = (Role.MEMBER, Role.MENTOR)


class IsMentor(HasRole):
    roles = (Role.MENTOR, Role.LEADER)


def role_permission(*roles: str) -> type[HasRole]:
    """Return a permission class allowing exactly these roles."""
    return type("HasRole_" + "_".join(roles), (HasRole,), {"roles": tuple(roles)})

"""REST API of the catalog: categories, products, variants, photos, listing kit."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from catalog import services
from catalog.listing import listing_kit
from catalog.photos import image_add
from catalog.selectors import (
    category_list,
    product_get_for,
    product_list_for,
    variant_list_for,
)
from catalog.serializers import (
    CategorySerializer,
    ImageUploadSerializer,
    ListingKitSerializer,
    ProductCreateSerializer,
    ProductImageSerializer,
    ProductSerializer,
    ProductUpdateSerializer,
    VariantSerializer,
    VariantUpdateSerializer,
)
from community.api_base import IsLeader


class CategoryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Read: anyone signed in. Create: the leader."""

    serializer_class = CategorySerializer

    def get_permissions(self):
        if self.action == "create":
            return [IsLeader()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return category_list().order_by("name", "id")

    def perform_create(self, serializer):
        serializer.instance = services.category_create(
            name=serializer.validated_data["name"],
            parent=serializer.validated_data.get("parent"),
            actor=self.request.user,
        )


class ProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Products with their variants. ``?search=`` (name, SKU, category) and
    ``?category=`` (id or slug, includes sub-categories)."""

    serializer_class = ProductSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("create", "partial_update", "update", "images"):
            return [IsLeader()]
        return [IsAuthenticated()]

    def get_queryset(self):
        params = self.request.query_params
        return product_list_for(
            self.request.user,
            search=params.get("search", ""),
            category=params.get("category") or None,
        )

    def _fresh(self, product):
        return product_get_for(self.request.user, pk=product.pk)

    @extend_schema(request=ProductCreateSerializer, responses={201: ProductSerializer})
    def create(self, request, *args, **kwargs):
        data = ProductCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.product_create(actor=request.user, **data.validated_data)
        body = ProductSerializer(self._fresh(product), context={"request": request})
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProductUpdateSerializer, responses=ProductSerializer)
    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        data = ProductUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product = services.product_update(
            product=product, actor=request.user, **data.validated_data
        )
        body = ProductSerializer(self._fresh(product), context={"request": request})
        return Response(body.data)

    @extend_schema(
        request=ImageUploadSerializer, responses={201: ProductImageSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser],
    )
    def images(self, request, pk=None):
        product = self.get_object()
        image = image_add(
            product=product, upload=request.FILES.get("image"), actor=request.user
        )
        body = ProductImageSerializer(image, context={"request": request})
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ListingKitSerializer)
    @action(detail=True, methods=["get"], url_path="listing-kit")
    def listing_kit(self, request, pk=None):
        product = self.get_object()
        kit = listing_kit(product, absolute=request.build_absolute_uri)
        kit["zip_url"] = request.build_absolute_uri(
            reverse("catalog:product_zip", args=[product.slug])
        )
        return Response(kit)


class VariantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Variants. ``PATCH`` (leader): prices, details, and ``stock`` with an
    optional ``stock_reason`` (default "Koreksi stok lewat API"); a stock change
    writes a stock movement."""

    serializer_class = VariantSerializer
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = ["product", "is_active"]

    def get_permissions(self):
        if self.action in ("partial_update", "update"):
            return [IsLeader()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return variant_list_for(self.request.user)

    @extend_schema(request=VariantUpdateSerializer, responses=VariantSerializer)
    def partial_update(self, request, *args, **kwargs):
        variant = self.get_object()
        data = VariantUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        variant = services.variant_update(
            variant=variant, actor=request.user, **data.validated_data
        )
        return Response(VariantSerializer(variant).data)

"""DRF serializers of the catalog (API.md, Catalog)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.models import Category, Product, ProductImage, Variant
from community.limits import (
    MAX_DESCRIPTION,
    MAX_ID,
    MAX_PRICE,
    MAX_STOCK,
    MAX_WEIGHT_GRAMS,
)
from community.models import Member
from community.templatetags.kongsi import stock_words


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent"]
        read_only_fields = ["id", "slug"]


class VariantSerializer(serializers.ModelSerializer):
    margin = serializers.IntegerField(read_only=True)
    margin_percent = serializers.IntegerField(read_only=True)
    stock_words = serializers.SerializerMethodField()

    class Meta:
        model = Variant
        fields = [
            "id",
            "product",
            "sku",
            "label",
            "base_price",
            "suggested_price",
            "margin",
            "margin_percent",
            "stock",
            "stock_words",
            "weight_grams",
            "bin_location",
            "is_active",
        ]
        read_only_fields = fields

    def get_stock_words(self, variant) -> str:
        return str(stock_words(variant.stock))


class ProductImageSerializer(serializers.ModelSerializer):
    image = serializers.SerializerMethodField()
    thumb_small = serializers.SerializerMethodField()
    thumb_large = serializers.SerializerMethodField()
    is_ready = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProductImage
        fields = [
            "id",
            "product",
            "image",
            "thumb_small",
            "thumb_large",
            "position",
            "processed_at",
            "is_ready",
        ]
        read_only_fields = fields

    def _url(self, field) -> str | None:
        if not field:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(field.url) if request else field.url

    def get_image(self, image) -> str | None:
        return self._url(image.image)

    def get_thumb_small(self, image) -> str | None:
        return self._url(image.thumb_small)

    def get_thumb_large(self, image) -> str | None:
        return self._url(image.thumb_large)


class ProductSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    variants = VariantSerializer(many=True, read_only=True)
    images = ProductImageSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "category",
            "category_name",
            "supplier",
            "weight_grams",
            "is_active",
            "created_at",
            "variants",
            "images",
        ]
        read_only_fields = fields


class VariantFieldsSerializer(serializers.Serializer):
    """What a variant write may change, with its limits (one place for both)."""

    label = serializers.CharField(max_length=80, required=False, allow_blank=True)
    base_price = serializers.IntegerField(
        min_value=0, max_value=MAX_PRICE, required=False
    )
    suggested_price = serializers.IntegerField(
        min_value=0, max_value=MAX_PRICE, required=False
    )
    stock = serializers.IntegerField(min_value=0, max_value=MAX_STOCK, required=False)
    weight_grams = serializers.IntegerField(
        min_value=0, max_value=MAX_WEIGHT_GRAMS, required=False
    )
    is_active = serializers.BooleanField(required=False)


class VariantWriteSerializer(VariantFieldsSerializer):
    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    sku = serializers.CharField(max_length=40, required=False)


class VariantCreateSerializer(VariantWriteSerializer):
    sku = serializers.CharField(max_length=40)
    base_price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE)
    suggested_price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE)


class ProductCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_DESCRIPTION
    )
    weight_grams = serializers.IntegerField(
        min_value=0, max_value=MAX_WEIGHT_GRAMS, required=False, default=0
    )
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), allow_null=True, required=False, default=None
    )
    is_active = serializers.BooleanField(required=False, default=True)
    variants = VariantCreateSerializer(many=True, allow_empty=False)


class ProductUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=160, required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False
    )
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_DESCRIPTION
    )
    weight_grams = serializers.IntegerField(
        min_value=0, max_value=MAX_WEIGHT_GRAMS, required=False
    )
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), allow_null=True, required=False
    )
    is_active = serializers.BooleanField(required=False)
    variants = VariantWriteSerializer(many=True, required=False)


class VariantUpdateSerializer(VariantFieldsSerializer):
    bin_location = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("Shelf / bin in the store room; the pick list follows it."),
    )
    stock_reason = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("Why the stock changes (default: Koreksi stok lewat API)."),
    )


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField()


class ListingKitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    suggested_price = serializers.IntegerField()
    suggested_price_max = serializers.IntegerField()
    suggested_price_text = serializers.CharField()
    variants = serializers.ListField(child=serializers.DictField())
    image_urls = serializers.ListField(child=serializers.CharField())
    thumbnail_urls = serializers.ListField(child=serializers.CharField())
    zip_url = serializers.CharField()

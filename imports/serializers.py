from rest_framework import serializers

from community.limits import MAX_ID


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, allow_null=True)
    income_file = serializers.FileField(required=False, allow_null=True)
    shop = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    commit = serializers.BooleanField(default=False)
    draft = serializers.BooleanField(default=False)


class SkuMapSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=80, required=False, allow_blank=True)
    product_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    variation = serializers.CharField(max_length=120, required=False, allow_blank=True)
    variant = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class ImportProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ImportLineSerializer(serializers.Serializer):
    sku = serializers.CharField()
    product_name = serializers.CharField()
    variation = serializers.CharField()
    variant = serializers.IntegerField(allow_null=True)
    quantity = serializers.IntegerField()
    sale_price = serializers.IntegerField()


class ImportOrderSerializer(serializers.Serializer):
    marketplace_order_no = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    action = serializers.CharField()
    reason = serializers.CharField()
    marketplace_status = serializers.CharField()
    tracking_no = serializers.CharField()
    courier = serializers.CharField()
    ship_by = serializers.DateTimeField(allow_null=True)
    marketplace_fee = serializers.IntegerField(allow_null=True)
    changes = serializers.ListField(child=serializers.CharField())
    problems = ImportProblemSerializer(many=True)
    lines = ImportLineSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    layout = serializers.CharField()
    orders = ImportOrderSerializer(many=True)
    fees = serializers.ListField(child=serializers.DictField())
    create = serializers.IntegerField()
    update = serializers.IntegerField()
    skip = serializers.IntegerField()

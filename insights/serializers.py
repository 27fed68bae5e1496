"""Shapes of the summary API (documentation for the OpenAPI schema)."""

from rest_framework import serializers


class MonthFiguresSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    orders = serializers.IntegerField()
    goods_value = serializers.IntegerField(
        help_text="Σ goods total of the orders (member price + shipping), rupiah"
    )
    sales_value = serializers.IntegerField(help_text="Σ what buyers paid, rupiah")
    profit = serializers.IntegerField()
    charity = serializers.IntegerField(help_text="Σ charity share of the orders")
    charity_collected = serializers.IntegerField(
        help_text="Profit-share contributions that reached the fund"
    )


class MarketplaceCategorySerializer(serializers.Serializer):
    marketplace = serializers.CharField()
    marketplace_label = serializers.CharField()
    category_id = serializers.IntegerField()
    category = serializers.CharField()
    orders = serializers.IntegerField()
    quantity = serializers.IntegerField()
    goods_value = serializers.IntegerField(help_text="Σ member price × quantity")
    sales_value = serializers.IntegerField()


class MarketplaceSerializer(serializers.Serializer):
    marketplace = serializers.CharField()
    marketplace_label = serializers.CharField()
    orders = serializers.IntegerField()
    goods_value = serializers.IntegerField()
    profit = serializers.IntegerField()


class TopProductSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    product = serializers.CharField()
    slug = serializers.CharField()
    orders = serializers.IntegerField()
    quantity = serializers.IntegerField()
    goods_value = serializers.IntegerField()
    sales_value = serializers.IntegerField()


class InsightsSummarySerializer(MonthFiguresSerializer):
    scope = serializers.ChoiceField(choices=["community", "member"])
    member = serializers.IntegerField(allow_null=True)
    previous = MonthFiguresSerializer()
    owed = serializers.IntegerField()
    credit = serializers.IntegerField()
    by_marketplace_category = MarketplaceCategorySerializer(many=True)
    by_marketplace = MarketplaceSerializer(many=True)
    top_products = TopProductSerializer(many=True)

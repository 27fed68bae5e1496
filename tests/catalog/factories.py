"""Factories for catalog tests (other apps may import them too)."""

import factory

from catalog.models import Category, Product, Variant


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Produk {n}")
    slug = factory.Sequence(lambda n: f"produk-{n}")
    description = "Produk asli Madura."
    category = factory.SubFactory(CategoryFactory)
    weight_grams = 250


class VariantFactory(factory.django.DjangoModelFactory):
    """A variant. ``stock`` is written directly here (test set-up only); code
    under test must change stock through ``catalog.services``."""

    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    label = factory.Sequence(lambda n: f"Varian {n}")
    base_price = 20000
    suggested_price = 30000
    stock = 10
    weight_grams = 250

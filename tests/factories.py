"""factory-boy factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from community.models import Marketplace, Member, Shop

User = get_user_model()
PASSWORD = "rahasia-kongsi-99"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        names = extracted if extracted is not None else ["member"]
        self.groups.set(Group.objects.filter(name__in=names))
        self.is_staff = bool({"leader", "treasurer"} & set(names))
        self.save()


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Anggota {n}")
    phone = factory.Sequence(lambda n: f"62812{n:08d}")
    village = "Juruan Laok"
    status = Member.Status.ACTIVE

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        self.user.groups.set(Group.objects.filter(name__in=extracted))
        self.user.is_staff = bool({"leader", "treasurer"} & set(extracted))
        self.user.save()


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    member = factory.SubFactory(MemberFactory)
    marketplace = Marketplace.SHOPEE
    name = factory.Sequence(lambda n: f"Toko {n}")


def make_staff(role: str, *, with_member: bool = True):
    """Return a user holding ``role`` (leader/treasurer), with a Member row."""
    member = MemberFactory(roles=[role, "member"]) if with_member else None
    if member is not None:
        return member.user
    return UserFactory(roles=[role])

"""The login backend: Django's, loading the member row with the user.

Almost every page needs ``request.user.member``; reading it in the same query
as the user saves one query per page.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("member").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

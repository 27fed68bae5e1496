"""Where private uploads live (never under the public media URL)."""

from django.core.files.storage import storages


def private_storage():
    """Return the storage for private files (labels, proofs, evidence).

    Pass this callable as ``storage=`` on FileField/ImageField so migrations do
    not freeze a path.
    """
    return storages["private"]

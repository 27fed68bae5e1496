"""Placeholder; filled below."""


def on_variant_unavailable(sender, variant_ids, reason, **kwargs):
    return None

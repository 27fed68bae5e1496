"""Machinery of the access matrix: walk the URL resolver and the OpenAPI
schema, send one request per (URL, method, role) and reduce each response to
one letter, so the expectations read as a compact table.

Letters (one per role, in ``ROLES`` order: anon, A, B, mentor of A, another
mentor, treasurer, leader):

- ``O`` allowed: 2xx or a redirect that is not to a login page;
- ``V`` 400: the role may act, the input was refused;
- ``C`` 409: the role may act, the object's state forbids it now;
- ``L`` not signed in: redirect to ``/masuk/?next=`` (page) or 401 (API);
- ``A`` redirect to the admin's own login (admin pages for non-staff);
- ``N`` 404: not yours (or not visible to you);
- ``F`` 403: your role may never do this;
- ``M`` 405: method not allowed (or 415 for a body the endpoint cannot read);
- ``-`` not requested for that role (the same for everybody, slow to build).

A 5xx is ``E`` and never expected.
"""

from django.urls import URLPattern, URLResolver, get_resolver, resolve

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def resolver_names() -> dict[str, str]:
    """Every named pattern as ``namespace:name`` → its route (admin apart)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}".lstrip(":")
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}".lstrip(":")
                found.setdefault(name, prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    return {
        name: route for name, route in found.items() if not name.startswith("admin:")
    }


def schema_operations() -> set[tuple[str, str]]:
    """(URL name, METHOD) of every operation in the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = set()
    for path, methods in schema["paths"].items():
        concrete = path
        for placeholder in ("{id}", "{item_id}", "{pk}"):
            concrete = concrete.replace(placeholder, "1")
        name = resolve(concrete).url_name
        for method in methods:
            if method.upper() in ("GET", *WRITE_METHODS):
                operations.add((name, method.upper()))
    return operations


def letter(response, *, is_api: bool) -> str:
    code = response.status_code
    if code >= 500:
        return "E"
    if code == 401:
        return "L"
    if code in (301, 302, 303):
        location = response.get("Location", "")
        if "/admin/login/" in location:
            return "A"
        if location.startswith("/masuk/") and not is_api:
            return "L"
        return "O"
    if code == 403:
        return "F"
    if code == 404:
        return "N"
    if code in (405, 415):
        return "M"
    if code == 400:
        return "V"
    if code == 409:
        return "C"
    return "O"

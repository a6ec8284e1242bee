"""OpenAPI 3.2 ``$self``: which absolute references map to which local files."""

from __future__ import annotations

import pytest

from oasgate.loading.base_uri import BaseUri

SELF = "https://API.example.com/v2/openapi.yaml"


@pytest.mark.parametrize(
    ("url", "relative"),
    [
        ("https://api.example.com/v2/openapi.yaml", ""),
        ("https://api.example.com/v2/schemas/pet.yaml", "schemas/pet.yaml"),
        ("HTTPS://api.EXAMPLE.com/v2/schemas/pet.yaml", "schemas/pet.yaml"),
        ("https://api.example.com/common/error.yaml", "../common/error.yaml"),
        ("https://api.example.com/v2/a%20b.yaml", "a b.yaml"),
        ("https://other.example.com/v2/schemas/pet.yaml", None),
        ("http://api.example.com/v2/schemas/pet.yaml", None),
        ("https://api.example.com/v2/schemas/pet.yaml?raw=1", None),
    ],
)
def test_a_url_under_the_base_is_a_path_beside_the_document(url: str, relative: str | None) -> None:
    base = BaseUri.parse(SELF)
    assert base is not None
    assert base.relative(url) == relative


@pytest.mark.parametrize("uri", ["openapi.yaml", "/v2/openapi.yaml", "urn:example:api"])
def test_a_relative_or_opaque_self_maps_nothing(uri: str) -> None:
    assert BaseUri.parse(uri) is None

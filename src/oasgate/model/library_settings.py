"""openapi-schema-validator imported without its settings until they are read (D93).

``import openapi_schema_validator`` runs ``shortcuts`` → ``_caches`` → ``settings``, whose
``BaseSettings`` class imports pydantic and pydantic-settings: about 85 ms of CPU, most of
what ``check --strict`` adds to a small spec's check. The settings hold one number (the size
of the cache of ``openapi_schema_validator.validate``, a shortcut oasgate does not call).

:func:`defer` puts a stand-in module under the settings module's name before the package is
imported. The stand-in imports the real module — which then reads its environment variable
as always — the first time anything of it is used: its ``get_settings`` and
``reset_settings_cache`` are named here and forward to the real functions; any other name
(one a later release adds) is read from the real module at once. So the settings behave as
before whatever the release, and a run that never reads them never imports pydantic.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

_PACKAGE = "openapi_schema_validator"
_NAME = f"{_PACKAGE}.settings"


def defer() -> None:
    """Install the stand-in, unless the package (or its settings) is imported already."""
    if _PACKAGE in sys.modules or _NAME in sys.modules:
        return
    sys.modules[_NAME] = _DeferredSettings(_NAME)


class _DeferredSettings(types.ModuleType):
    """Stands in for ``openapi_schema_validator.settings`` until it is used."""

    def __init__(self, name: str) -> None:
        super().__init__(name, __doc__)
        self.get_settings = _forwarding("get_settings")
        self.reset_settings_cache = _forwarding("reset_settings_cache")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's own questions (__path__, __spec__)
            raise AttributeError(name)
        return getattr(_real(), name)


def _forwarding(name: str) -> Any:
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(), name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    # functools.lru_cache's own method, which a caller may reach through the function
    forward.cache_clear = lambda: getattr(_real(), name).cache_clear()  # type: ignore[attr-defined]
    return forward


def _real() -> types.ModuleType:
    """The real settings module, imported now (once) in place of the stand-in."""
    module = sys.modules.get(_NAME)
    if module is not None and not isinstance(module, _DeferredSettings):
        return module
    package = importlib.import_module(_PACKAGE)
    spec = importlib.machinery.PathFinder.find_spec(_NAME, list(package.__path__))
    if spec is None or spec.loader is None:
        raise ImportError(_NAME)
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[_NAME]
        raise
    package.settings = module  # type: ignore[attr-defined]
    return module

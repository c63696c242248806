"""Old module paths kept working for one release: a warning, and a module object that can be called.

``analysis.match``, ``analysis.kwic``, ``analysis.keyness``, ``analysis.collocates`` and
``analysis.tfidf`` were modules named like their main function. Importing such a module
binds the package attribute (``analysis.match``) to the module, so ``analysis.match(corpus,
"NATO")`` failed with "'module' object is not callable" once anything had imported it. The
modules are now named differently (:mod:`analysis.matcher` …); the old paths are shims
that re-export the new module's public names, warn once (``DeprecationWarning``) and turn
their module object into a :class:`CallableModule`, which forwards a call to the
function of the module's name — so the package attribute works either way.
"""

from __future__ import annotations

import sys
import types
import warnings

__all__ = ["CallableModule", "moved"]


class CallableModule(types.ModuleType):
    """A module whose call is the call of its function of the same name (``analysis.match(...)``)."""

    def __call__(self, *args, **kwargs):
        return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)


def moved(name: str, new: str) -> None:
    """Make the shim module ``name`` callable and warn that it is now ``new``."""
    sys.modules[name].__class__ = CallableModule
    # stacklevel 3: the code importing the shim (warnings skips the import machinery's frames)
    warnings.warn(f"{name} is now {new}; the old path will be removed in the next release", DeprecationWarning,
                  stacklevel=3)

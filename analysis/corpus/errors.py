"""The one error of the corpus package: :class:`CorpusError`.

Every step of loading (manifest, cleaning rules, voice overrides, reading and processing
a document) raises it for bad input, with a message naming the file, line and field. It
lives in its own module so that every step can raise it without importing another step.
"""

from __future__ import annotations

__all__ = ["CorpusError"]


class CorpusError(ValueError):
    """A problem with the corpus input. The message names file, line and field."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

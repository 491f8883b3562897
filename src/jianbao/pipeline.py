"""Stages and the runner.

A stage is a plain callable ``Page -> Page`` registered under a versioned name, declaring what it
requires of the page and what it assigns.  ``clip``, ``batch`` and the Spark job all run :data:`STEPS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from jianbao.errors import StageError
from jianbao.model import Page


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Page], Page]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, page: Page) -> Page:
        for attr in self.requires:
            if getattr(page, attr) is None:
                raise StageError(f"stage {self.name} needs page.{attr}, which no earlier stage set")
        out = self.run(page)
        for attr in self.assigns:
            if getattr(out, attr) is None:
                raise StageError(f"stage {self.name} did not set page.{attr}")
        return out


REGISTRY: dict[str, Stage] = {}


def register(stage: Stage) -> Stage:
    REGISTRY[stage.name] = stage
    return stage


def default_steps(describe: bool = True) -> list[Stage]:
    from jianbao.stages import link, roles, thread  # noqa: F401  (registers)

    names = ["roles/1", "thread/1", "link/1"]
    if describe:
        from jianbao.stages import describe as _describe  # noqa: F401

        names.append("describe/1")
    return [REGISTRY[n] for n in names]


def run_steps(page: Page, steps: Iterable[Stage]) -> Page:
    for stage in steps:
        page = stage(page)
    return page


def clip(source: str | Path | bytes, *, date: str | None = None, describe: bool = True,
         name: str = "<bytes>") -> Page:
    """Cut one page into its articles.

    ``source`` is a path (text dump, PDF or image), raw bytes of a text dump (``name``: where they came
    from, for messages and the output's ``source``), or the text itself (a ``str`` that names no file).
    """
    from jianbao.read import read_page

    page = read_page(source, date=date, name=name)
    return run_steps(page, default_steps(describe=describe))

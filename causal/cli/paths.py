"""Path arguments that the shell completes as file and folder names, taken as given."""

from __future__ import annotations

import click


class CompletedPath(click.Path):
    """A path the shell completes (click's completion marks it a file or folder name), passed on as written.

    click.Path would check the path when it reads it (stat, access); causal's readers do that themselves, so
    a missing, unreadable or odd path is reported as an `input-error` like any other, with its reason.
    """

    def __init__(self) -> None:
        super().__init__(allow_dash=True)

    def convert(self, value, param, ctx):
        return value


PATH = CompletedPath()

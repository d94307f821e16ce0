"""The click groups of `causal`: one that turns a bug into a clear error, and one that loads its commands on demand.

Light to import (click and the printable escaping only), so that `causal --version` and `causal af` load nothing else.
"""

from __future__ import annotations

import importlib

import click

from causal.cli.af_solve import INTERNAL_ERROR, USAGE_ERROR
from causal.report.printable import printable


class Guarded(click.Group):
    """A group whose commands can never end in a traceback (the `causal` group and `causal af`).

    The library reports every problem with an input as a finding or a clear
    error; this is the last resort for a bug in causal itself, and no input
    should ever reach it.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the documented last resort
            click.echo(INTERNAL_ERROR.format(kind=type(error).__name__, message=printable(str(error))), err=True)
            ctx.exit(USAGE_ERROR)


class LazyGuarded(Guarded):
    """A guarded group some of whose commands live in modules imported only when the command is looked up.

    click's documented lazy-loading pattern: `causal check` does not pay for importing `causal af`'s solver
    formats or `causal fmt`, and `causal --help`, which looks every command up for its short help, lists them all.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}

    def add_lazy_command(self, name: str, location: str) -> None:
        """Register the command ``name``, found at ``location`` ("package.module:attribute") when first needed."""
        self.lazy_commands[name] = location

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
            # Kept, so a second lookup (click looks a command up more than once for help) imports nothing again.
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

"""`causal lsp`: the language server (causal.lsp), started by an editor over standard input and output.

The server needs the `lsp` extra (pygls, lsprotocol), which a plain install does not have: this module imports it
only when the command runs, so the rest of `causal` starts without it, and says how to install it when it is missing.
"""

from __future__ import annotations

import sys

import click

# causal.cli.exit_codes's status, kept here so that loading this command loads nothing of the checker.
USAGE_ERROR = 2
# The packages of the `lsp` extra (and what they bring): a missing one is an install to make, not a bug.
EXTRA_PACKAGES = ("pygls", "lsprotocol", "cattrs")


@click.command(name="lsp")
# Some clients add `--stdio` when they start a server over standard input and output; that is the only way this one
# talks, so the flag is taken and changes nothing.
@click.option("--stdio", is_flag=True, hidden=True)
def lsp(stdio: bool) -> None:
    """Run the language server over standard input and output (for editors; needs causal's `lsp` extra).

    An editor starts it as `causal lsp` and speaks the Language Server Protocol to it: diagnostics as you type,
    go to definition, references, hover, completion, rename, the outline, formatting and quick fixes.
    """
    try:
        from causal.lsp.server import serve
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in EXTRA_PACKAGES:
            raise
        click.echo(
            f"causal lsp: the language server needs the `lsp` extra ({error.name} is missing); "
            "install it with: pip install 'causal[lsp]'",
            err=True,
        )
        sys.exit(USAGE_ERROR)
    serve()

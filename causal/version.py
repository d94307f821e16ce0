"""The version of causal, alone in a module.

Every layer names it (SARIF, the HTML report, the language server, `--version`),
and importing it from the package itself would run the package's lazy API hook.
"""

__version__ = "0.1.0"

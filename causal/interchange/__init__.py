"""Other tools' argument formats in and out: AIF (AIFdb JSON) and Argdown.

Importers read another format's bytes and write a case (`.cx` text, printed
from an AST by causal.language.printer, so it always parses and is already
formatted); exporters read a parsed case and write the other format. Both
return what they wrote with a list of `Notice`s: what could not be carried
over, each with where it is. Nothing here prints or exits; causal.cli.interchange
does. docs/interchange.md gives the mappings and what each direction loses.
"""

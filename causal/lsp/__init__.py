"""The language server, `causal lsp`: the checker in an editor, over the Language Server Protocol.

A thin adapter over the library: the findings are `causal check`'s (causal.pipeline), the names the model's
(causal.model.case_model), the layout `causal fmt`'s (causal.language.formatter). What it computes itself is where
things are in the editor's text (positions), what the protocol wants them as, and what can still be had from a
half-written case. Needs the `lsp` extra (pygls, lsprotocol); `causal lsp` says so when they are missing.
"""

"""The VS Code extension folder (editors/vscode): its manifest, its language configuration, and its client."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.highlighting import SCOPE_NAME, VSCODE, textmate_grammar

EXTENSION_STUB_RUN = r"""
// Runs extension.js against stand-ins for the `vscode` API and the language client, and prints what it did.
const settings = { "path": process.env.CAUSAL_PATH_SETTING };
const events = [];
let configurationListener;
const vscode = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => (section === "causal" ? settings[key] : undefined) }),
    onDidChangeConfiguration: (listener) => { configurationListener = listener; return { dispose() {} }; },
  },
  window: { showErrorMessage: (message) => events.push({ error: message }) },
};
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    events.push({ client: { id, name, serverOptions, clientOptions } });
  }
  start() {
    events.push("start");
    return process.env.FAIL_START ? Promise.reject(new Error("spawn ENOENT")) : Promise.resolve();
  }
  stop() { events.push("stop"); return Promise.resolve(); }
}
const Module = require("module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient };
  return load.call(this, request, ...rest);
};
const extension = require(process.argv[2]);
(async () => {
  const context = { subscriptions: [] };
  await extension.activate(context);
  settings.path = "/opt/causal/bin/causal";
  await configurationListener({ affectsConfiguration: (key) => key === "causal.path" });
  await configurationListener({ affectsConfiguration: () => false });
  await extension.deactivate();
  process.stdout.write(JSON.stringify({ events, subscriptions: context.subscriptions.length }));
})();
"""


def _json(name: str) -> dict:
    return json.loads((VSCODE / name).read_text(encoding="utf-8"))


# --- package.json -------------------------------------------------------------------


def test_the_manifest_has_what_vs_code_and_vsce_require():
    manifest = _json("package.json")
    for key in ("name", "displayName", "description", "version", "publisher", "engines", "main", "contributes"):
        assert manifest.get(key), key
    assert re.fullmatch(r"\^\d+\.\d+\.\d+", manifest["engines"]["vscode"])
    assert (VSCODE / manifest["main"]).is_file()


def test_the_manifest_contributes_the_language_for_cx_files():
    manifest = _json("package.json")
    [language] = manifest["contributes"]["languages"]
    assert ".cx" in language["extensions"]
    assert (VSCODE / language["configuration"]).is_file()
    assert f"onLanguage:{language['id']}" in manifest["activationEvents"]


def test_the_manifest_contributes_the_grammar_file_with_its_scope():
    manifest = _json("package.json")
    [language] = manifest["contributes"]["languages"]
    [grammar] = manifest["contributes"]["grammars"]
    assert grammar["language"] == language["id"]
    assert grammar["scopeName"] == SCOPE_NAME
    path = VSCODE / grammar["path"]
    assert path.is_file()
    assert json.loads(path.read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]


def test_the_manifest_has_a_setting_for_the_executable():
    setting = _json("package.json")["contributes"]["configuration"]["properties"]["causal.path"]
    assert setting["type"] == "string"
    assert setting["default"] == "causal"


def test_the_language_client_is_a_dependency_not_vendored():
    manifest = _json("package.json")
    assert "vscode-languageclient" in manifest["dependencies"]
    ignored = (VSCODE / ".gitignore").read_text(encoding="utf-8").split()
    assert "node_modules/" in ignored


# --- language-configuration.json ------------------------------------------------------


def test_the_language_configuration_comments_as_the_grammar_does():
    configuration = _json("language-configuration.json")
    line_comment = configuration["comments"]["lineComment"]
    comment_pattern = textmate_grammar()["repository"]["comment"]["match"]
    assert re.match(comment_pattern.replace("$", r"\Z"), f"{line_comment} a comment")


def test_the_language_configuration_closes_quotes_outside_strings_and_comments():
    configuration = _json("language-configuration.json")
    assert {"open": '"', "close": '"', "notIn": ["string", "comment"]} in configuration["autoClosingPairs"]
    assert ['"', '"'] in configuration["surroundingPairs"]
    # The language has no brackets: an empty list keeps VS Code from matching ( and ) inside the prose of strings.
    assert configuration["brackets"] == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("link no_troops -> air-base", ["link", "no_troops", "air-base"]),
        ("a->b", ["a", "b"]),
        ("chain thesis: Sūleymānī, rift", ["chain", "thesis", "Sūleymānī", "rift"]),
        ("event e at 2015-10..2016", ["event", "e", "at"]),
        ('expect weak-support on cuts # a "comment"', ["expect", "weak-support", "on", "cuts", "a", "comment"]),
    ],
)
def test_the_word_pattern_selects_names_whole(text, words):
    pattern = _json("language-configuration.json")["wordPattern"]
    assert re.findall(pattern, text) == words


# --- extension.js ----------------------------------------------------------------------


def _run_extension(tmp_path, path_setting: str | None, fail_start: bool = False) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the client cannot be run")
    runner = tmp_path / "run.js"
    runner.write_text(EXTENSION_STUB_RUN, encoding="utf-8")
    environment = {"PATH": "", "CAUSAL_PATH_SETTING": path_setting or ""}
    if fail_start:
        environment["FAIL_START"] = "1"
    result = subprocess.run(
        [node, str(runner), str(VSCODE / "extension.js")], capture_output=True, text=True, env=environment, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_client_starts_causal_lsp_over_stdio_and_restarts_on_a_new_path(tmp_path):
    run = _run_extension(tmp_path, path_setting=None)
    clients = [event["client"] for event in run["events"] if isinstance(event, dict) and "client" in event]
    assert [client["serverOptions"] for client in clients] == [
        {"command": "causal", "args": ["lsp"]},
        {"command": "/opt/causal/bin/causal", "args": ["lsp"]},
    ]
    selector = clients[0]["clientOptions"]["documentSelector"]
    assert {"scheme": "file", "language": _json("package.json")["contributes"]["languages"][0]["id"]} in selector
    assert [event for event in run["events"] if isinstance(event, str)] == ["start", "stop", "start", "stop"]
    assert run["subscriptions"] == 1


def test_the_client_uses_the_configured_path(tmp_path):
    run = _run_extension(tmp_path, path_setting="  /home/me/.venv/bin/causal ")
    first = next(event["client"] for event in run["events"] if isinstance(event, dict) and "client" in event)
    assert first["serverOptions"]["command"] == "/home/me/.venv/bin/causal"


def test_a_server_that_does_not_start_is_reported_with_the_setting_to_fix(tmp_path):
    run = _run_extension(tmp_path, path_setting="nowhere/causal", fail_start=True)
    errors = [event["error"] for event in run["events"] if isinstance(event, dict) and "error" in event]
    assert errors
    assert "`nowhere/causal lsp`" in errors[0]
    assert "causal.path" in errors[0]

// The client half of the causal extension: it starts `causal lsp`, the language server, and talks to it over
// standard input and output. Highlighting needs none of this: it comes from the TextMate grammar alone.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function executable() {
  const configured = vscode.workspace.getConfiguration("causal").get("path");
  return configured && configured.trim() ? configured.trim() : "causal";
}

function createClient() {
  // No `transport` on purpose: with TransportKind.stdio the client would add `--stdio` to the arguments, and the
  // server is started exactly as `causal lsp`.
  const serverOptions = { command: executable(), args: ["lsp"] };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "causal" },
      { scheme: "untitled", language: "causal" },
    ],
  };
  return new LanguageClient("causal", "Causal", serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const reason = error && error.message ? error.message : String(error);
    vscode.window.showErrorMessage(
      `Could not start the causal language server (\`${executable()} lsp\`): ${reason}. ` +
        "Install causal, or set `causal.path` to its executable.",
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    try {
      await running.stop();
    } catch (error) {
      // A server that never started, or has already died, leaves nothing to stop.
    }
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("causal.path")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };

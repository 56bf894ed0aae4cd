//! `golint-rs lsp` spoken to over stdio, as an editor would: initialize,
//! open a file with a bug, read the published diagnostics (UTF-16 ranges,
//! related information, rule link), change the buffer without saving and
//! see them go, ask for a quick fix, survive a broken buffer, shut down.
//! Then the robustness cases: malformed frames and bodies are answered with
//! JSON-RPC errors and the session goes on; a buffer not yet on disk is
//! analyzed with its package; a panic in an analysis is shown, not fatal.

use serde_json::{json, Value};

mod common;
use common::lsp::Server;
use common::SIZES as BUGGY;

#[test]
fn lsp_session_over_stdio() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("go.mod"), "module example.com/shop\n\ngo 1.19\n").unwrap();
    // GL602 is opt-in: the quick fix below needs it, and the server takes
    // `extend-select` from the configuration as the command line does.
    std::fs::write(root.join("golint-rs.toml"), "extend-select = [\"GL602\"]\n").unwrap();
    let file = root.join("sizes.go");
    std::fs::write(&file, BUGGY).unwrap();
    let uri = format!("file://{}", file.display());
    let root_uri = format!("file://{}", root.display());

    let mut s = Server::start(&root);
    let init = s.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["textDocumentSync"]["change"], 1, "full sync: {init}");
    s.notify("initialized", json!({}));

    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": BUGGY}}),
    );
    let diags = s.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["code"], "GL401");
    assert_eq!(d["source"], "golint-rs");
    assert_eq!(d["severity"], 2, "warning");
    assert_eq!(
        d["range"],
        json!({"start": {"line": 12, "character": 2}, "end": {"line": 12, "character": 17}})
    );
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules.md#gl401"));
    let related = d["relatedInformation"]
        .as_array()
        .expect("relatedInformation");
    assert!(!related.is_empty());
    assert_eq!(related[0]["location"]["uri"], uri);

    // An unsaved edit that moves the close out of the loop: the buffer is
    // analyzed, not the file on disk.
    let fixed = BUGGY.replace("\t\tdefer f.Close()\n", "\t\tf.Close()\n");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diags = s.diagnostics(&uri);
    assert!(diags.is_empty(), "{diags:#?}");

    // A broken buffer: a syntax error is a finding, not a crash.
    let broken = BUGGY.replace("func Sizes(", "func Sizes(((");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]}),
    );
    let diags = s.diagnostics(&uri);
    assert!(diags.iter().any(|d| d["code"] == "GL000"), "{diags:#?}");

    // Back to the bug; then a quick fix where the rule offers one.
    let fixable = "package shop\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc Load(p string) error {\n\t_, err := os.Open(p)\n\tif err != nil {\n\t\treturn fmt.Errorf(\"load %s: %v\", p, err)\n\t}\n\treturn nil\n}\n";
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": fixable}]}),
    );
    let diags = s.diagnostics(&uri);
    let gl602: Vec<&Value> = diags.iter().filter(|d| d["code"] == "GL602").collect();
    assert_eq!(gl602.len(), 1, "{diags:#?}");
    let actions = s.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": gl602[0]["range"],
            "context": {"diagnostics": [gl602[0]]}
        }),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert!(
        actions[0]["title"].as_str().unwrap_or("").contains("%w"),
        "{actions:#?}"
    );
    // The edit turns the `v` of `%v` (line 10, after `"load %s: %`) into `w`.
    let edits = &actions[0]["edit"]["changes"][uri.as_str()];
    assert_eq!(edits[0]["newText"], "w", "{actions:#?}");
    assert_eq!(edits[0]["range"]["start"]["line"], 10, "{actions:#?}");

    let shut = s.request("shutdown", json!(null));
    assert!(shut["error"].is_null(), "{shut}");
    s.notify("exit", json!(null));
    let status = s.child.wait().expect("exit");
    assert!(status.success(), "{status:?}");
}

/// The editor sees what the command line reports: `golint-rs.toml` and
/// suppression comments apply; ranges count UTF-16 code units.
#[test]
fn lsp_honours_config_suppressions_and_utf16() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("go.mod"), "module example.com/shop\n\ngo 1.19\n").unwrap();
    std::fs::write(
        root.join("golint-rs.toml"),
        "extend-select = [\"GL6\"]\nignore = [\"GL602\"]\n",
    )
    .unwrap();
    let src = "package shop

import (
\t\"fmt\"
\t\"os\"
)

func Load(paths []string) error {
\tfor _, p := range paths {
\t\tf, err := os.Open(p)
\t\tif err != nil {
\t\t\treturn fmt.Errorf(\"load %s: %v\", p, err)
\t\t}
\t\t/* \u{1D11E} */ defer f.Close()
\t\tdefer f.Sync() //nolint:GL401 // flushed on purpose at the end
\t}
\treturn nil
}
";
    let file = root.join("load.go");
    std::fs::write(&file, src).unwrap();
    let uri = format!("file://{}", file.display());
    let mut s = Server::start(&root);
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": src}}),
    );
    let diags = s.diagnostics(&uri);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    // GL602 is ignored by the config, the second defer is suppressed.
    assert_eq!(codes, vec!["GL401"], "{diags:#?}");
    // Two tabs, `/* `, a character outside the BMP (two UTF-16 units),
    // ` */ `: the `defer` starts at UTF-16 column 11 (13 in bytes, 10 in
    // characters).
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 13, "character": 11})
    );
    s.request("shutdown", json!(null));
    s.notify("exit", json!(null));
    assert!(s.child.wait().expect("exit").success());
}

/// A Go module with `sizes.go` (a GL401) in a temporary directory.
fn module() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("go.mod"), "module example.com/shop\n\ngo 1.19\n").unwrap();
    std::fs::write(root.join("sizes.go"), BUGGY).unwrap();
    (dir, root)
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Every malformed input gets its JSON-RPC error and the session goes on:
/// the server answers the next request and still analyzes buffers.
#[test]
fn lsp_answers_malformed_messages_and_keeps_serving() {
    let (_dir, root) = module();
    let file = root.join("sizes.go");
    let uri = format!("file://{}", file.display());
    let mut s = Server::start(&root);
    s.init(&root);

    // Not JSON.
    s.send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": "));
    let e = s.error_without_id();
    assert_eq!(e["code"], -32700, "{e}");
    s.still_serving();

    // JSON, but not JSON-RPC: an invalid request (JSON-RPC 2.0, 5.1).
    s.send_raw(&frame(r#"{"jsonrpc": "2.0", "method": ["x"]}"#));
    let e = s.error_without_id();
    assert_eq!(e["code"], -32600, "{e}");
    s.send_raw(&frame(r#"{"jsonrpc": "2.0", "id": 41, "method": 7}"#));
    let r = s.wait(|m| m["id"] == 41);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    s.still_serving();

    // Content-Length too short: the cut body is a parse error, the rest of
    // it is skipped.
    let body = r#"{"jsonrpc": "2.0", "id": 42, "method": "golint-rs/unknown"}"#;
    s.send_raw(format!("Content-Length: 10\r\n\r\n{body}").as_bytes());
    let e = s.error_without_id();
    assert_eq!(e["code"], -32700, "{e}");
    s.still_serving();

    // Content-Length too long: the next request, read into the body, is
    // given back and answered.
    let next = r#"{"jsonrpc": "2.0", "id": 43, "method": "golint-rs/unknown"}"#;
    let mut bytes = format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).into_bytes();
    bytes.extend(frame(next));
    s.send_raw(&bytes);
    let e = s.error_without_id();
    assert_eq!(e["code"], -32700, "{e}");
    let r = s.wait(|m| m["id"] == 43);
    assert_eq!(r["error"]["code"], -32601, "{r}");

    // A lone surrogate in the text of a change: not a string the server can
    // hold; a parse error, and the buffer stays as it was.
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": BUGGY}}),
    );
    assert_eq!(s.diagnostics(&uri).len(), 1);
    let change = format!(
        r#"{{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {{"textDocument": {{"uri": "{uri}", "version": 2}}, "contentChanges": [{{"text": "package shop\n// \ud800"}}]}}}}"#
    );
    s.send_raw(&frame(&change));
    let e = s.error_without_id();
    assert_eq!(e["code"], -32700, "{e}");
    assert!(
        e["message"].as_str().unwrap_or("").contains("escape"),
        "{e}"
    );
    // The next change is analyzed.
    let fixed = BUGGY.replace("\t\tdefer f.Close()\n", "\t\tf.Close()\n");
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    assert!(s.diagnostics(&uri).is_empty());
    s.shutdown();
}

/// A file opened in the editor before it is saved joins its package: the
/// function it calls in `drain.go` is resolved, so its receive is known to
/// block (GL102), which the file alone could not tell.
#[test]
fn lsp_analyzes_a_new_buffer_with_its_package() {
    let (_dir, root) = module();
    std::fs::write(
        root.join("drain.go"),
        "package shop\n\nfunc drain(c chan int) {\n\t_ = c\n}\n",
    )
    .unwrap();
    let file = root.join("consume.go");
    assert!(!file.exists());
    let uri = format!("file://{}", file.display());
    let text = "package shop\n\nfunc Consume() int {\n\tc := make(chan int)\n\tgo drain(c)\n\treturn <-c\n}\n";
    let mut s = Server::start(&root);
    s.init(&root);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}),
    );
    let diags = s.diagnostics(&uri);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, vec!["GL102"], "{diags:#?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 5, "{diags:#?}");
    // Closing the unsaved buffer clears its findings.
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(s.diagnostics(&uri).is_empty());
    s.shutdown();
}

/// A panic while analyzing a package (injected) is shown to the user; the
/// session goes on and other packages are analyzed.
#[test]
fn lsp_survives_a_panic_in_the_analysis() {
    let (_dir, root) = module();
    let boom = root.join("boom");
    std::fs::create_dir(&boom).unwrap();
    std::fs::write(boom.join("b.go"), "package boom\n").unwrap();
    let mut s = Server::start_with(&root, &[("GOLINT_RS_LSP_PANIC_IN", "boom")]);
    s.init(&root);
    let boom_uri = format!("file://{}", boom.join("b.go").display());
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": boom_uri, "languageId": "go", "version": 1, "text": "package boom\n"}}),
    );
    let shown = s.wait(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("internal error") && message.contains("injected panic"),
        "{shown}"
    );
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    s.still_serving();
    let uri = format!("file://{}", root.join("sizes.go").display());
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": BUGGY}}),
    );
    assert_eq!(s.diagnostics(&uri).len(), 1);
    s.shutdown();
}

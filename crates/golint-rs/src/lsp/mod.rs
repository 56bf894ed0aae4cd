//! `golint-rs lsp`: a Language Server over stdio.
//!
//! The main loop only keeps the editor's buffers and answers requests; the
//! analysis runs on a worker thread, so the editor never waits on it. Each
//! change queues the package (the directory) of the changed file; the worker
//! takes every queued package at once (a burst of keystrokes costs one
//! analysis), analyzes it with the open buffers standing in for the files
//! on disk, and publishes the findings of every file of the package. The
//! rules are per package, so no other package's findings can change.
//!
//! Nothing an editor sends ends the session: malformed frames are answered
//! with JSON-RPC errors by [`transport`], and a panic while handling a
//! message or analyzing a package is reported to the client
//! (`window/showMessage`) and the server goes on.
//!
//! Findings go through the same selection, suppression and configuration
//! (`golint-rs.toml` found from the workspace root) as on the command line.

mod convert;
mod transport;
mod worker;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use lsp_server::{
    Connection, ErrorCode, ExtractError, Message, Notification, Request, RequestId, Response,
};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
};
use lsp_types::request::CodeActionRequest;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, InitializeParams, MessageType,
    PositionEncodingKind, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};

use crate::guard::guarded;
use worker::{Shared, Worker};

/// An open document.
#[derive(Clone, Debug)]
pub struct Doc {
    pub uri: Url,
    pub version: i32,
    pub text: Arc<str>,
}

/// Open documents by canonical path.
pub type Docs = Arc<Mutex<HashMap<PathBuf, Doc>>>;

pub fn run() -> Result<i32> {
    let (connection, io_threads) = transport::stdio();
    let caps = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": caps,
        "serverInfo": ServerInfo {
            name: "golint-rs".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    let (id, params) = connection
        .initialize_start()
        .context("LSP: waiting for `initialize`")?;
    let params: InitializeParams =
        serde_json::from_value(params).context("LSP: malformed `initialize` parameters")?;
    connection
        .initialize_finish(id, result)
        .context("LSP: answering `initialize`")?;
    let root = workspace_root(&params);
    serve(&connection, root)?;
    // The writer thread ends once every sender is gone.
    drop(connection);
    io_threads.join().context("LSP: stdio threads")?;
    Ok(0)
}

/// The first workspace folder, else the root URI, else the working directory.
#[allow(deprecated)] // `root_uri`: older clients (Neovim 0.7) send only it.
fn workspace_root(params: &InitializeParams) -> PathBuf {
    let from_folders = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path().ok());
    let from_root = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    from_folders
        .or(from_root)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn serve(connection: &Connection, root: PathBuf) -> Result<()> {
    let docs: Docs = Arc::default();
    let shared = Shared::default();
    let worker = Worker::start(
        connection.sender.clone(),
        root,
        docs.clone(),
        shared.clone(),
    );
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    break;
                }
                let id = req.id.clone();
                let method = req.method.clone();
                let response = match guarded(|| handle_request(&shared, req)) {
                    Ok(r) => r,
                    Err(panic) => {
                        let message = format!("golint-rs: internal error on `{method}`: {panic}");
                        worker::show(&connection.sender, MessageType::ERROR, message.clone());
                        Response::new_err(id, ErrorCode::InternalError as i32, message)
                    }
                };
                connection
                    .sender
                    .send(Message::Response(response))
                    .context("LSP: the client is gone")?;
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                if let Err(panic) = guarded(|| handle_notification(&docs, &worker, n)) {
                    worker::show(
                        &connection.sender,
                        MessageType::ERROR,
                        format!("golint-rs: internal error on `{method}`: {panic}"),
                    );
                }
            }
            Message::Response(_) => {}
        }
    }
    worker.stop();
    Ok(())
}

fn handle_request(shared: &Shared, req: Request) -> Response {
    let id: RequestId = req.id.clone();
    match cast_request::<CodeActionRequest>(req) {
        Ok((_, params)) => {
            let actions = shared.code_actions(&params);
            Response::new_ok(id, actions)
        }
        Err(ExtractError::MethodMismatch(req)) => Response::new_err(
            id,
            ErrorCode::MethodNotFound as i32,
            format!("golint-rs does not handle `{}`", req.method),
        ),
        Err(ExtractError::JsonError { method, error }) => Response::new_err(
            id,
            ErrorCode::InvalidParams as i32,
            format!("malformed `{method}` parameters: {error}"),
        ),
    }
}

fn cast_request<R: lsp_types::request::Request>(
    req: Request,
) -> Result<(RequestId, R::Params), ExtractError<Request>> {
    req.extract(R::METHOD)
}

fn cast<N: lsp_types::notification::Notification>(n: &Notification) -> Option<N::Params> {
    if n.method != N::METHOD {
        return None;
    }
    serde_json::from_value(n.params.clone()).ok()
}

/// Keeps the buffers and queues the package of each document that changed.
fn handle_notification(docs: &Docs, worker: &Worker, n: Notification) {
    let mut touched: Option<PathBuf> = None;
    if let Some(p) = cast::<DidOpenTextDocument>(&n) {
        let doc = p.text_document;
        if let Some(path) = path_of(&doc.uri) {
            lock(docs).insert(
                path.clone(),
                Doc {
                    uri: doc.uri,
                    version: doc.version,
                    text: doc.text.into(),
                },
            );
            touched = Some(path);
        }
    } else if let Some(p) = cast::<DidChangeTextDocument>(&n) {
        if let Some(path) = path_of(&p.text_document.uri) {
            // Full synchronization: the last change holds the whole text.
            if let Some(change) = p.content_changes.into_iter().last() {
                lock(docs).insert(
                    path.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        version: p.text_document.version,
                        text: change.text.into(),
                    },
                );
                touched = Some(path);
            }
        }
    } else if let Some(p) = cast::<DidSaveTextDocument>(&n) {
        touched = path_of(&p.text_document.uri);
    } else if let Some(p) = cast::<DidCloseTextDocument>(&n) {
        if let Some(path) = path_of(&p.text_document.uri) {
            lock(docs).remove(&path);
            worker.forget(p.text_document.uri);
            touched = Some(path);
        }
    }
    if let Some(path) = touched {
        if path.extension().is_some_and(|e| e == "go") {
            if let Some(dir) = path.parent() {
                worker.analyze(dir.to_path_buf());
            }
        }
    }
}

/// The canonical path of a `file:` URI.
fn path_of(uri: &Url) -> Option<PathBuf> {
    let p = uri.to_file_path().ok()?;
    Some(canonical(&p))
}

/// A file not on disk yet (a new buffer) is canonical through its directory,
/// so that it matches the paths discovery finds for its package.
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    match (p.parent().map(std::fs::canonicalize), p.file_name()) {
        (Some(Ok(dir)), Some(name)) => dir.join(name),
        _ => p.to_path_buf(),
    }
}

/// A poisoned lock only means a worker job panicked mid-update; the map is
/// still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

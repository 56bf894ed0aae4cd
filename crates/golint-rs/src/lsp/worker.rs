//! The analysis thread: coalesces queued packages, analyzes each with the
//! open buffers, publishes the findings, and remembers the quick fixes.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{anyhow, Result};
use crossbeam_channel::{unbounded, Sender};
use lsp_server::{Message, Notification};
use lsp_types::notification::{LogMessage, Notification as _, PublishDiagnostics, ShowMessage};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, LogMessageParams,
    MessageType, PublishDiagnosticsParams, ShowMessageParams, Url, WorkspaceEdit,
};

use super::convert::{convert, Positions};
use super::{lock, Docs};
use crate::cap;
use crate::check::finalize;
use crate::config::Config;
use crate::guard::guarded;
use crate::pipeline::{self, IrCache, Overlays};
use crate::select::{CliCodes, Known, Selection};

enum Job {
    Analyze(PathBuf),
    Forget(Url),
}

/// State the main loop reads: the quick fixes of the findings last published.
#[derive(Clone, Default)]
pub struct Shared {
    fixes: Arc<Mutex<HashMap<Url, Vec<Fixable>>>>,
}

struct Fixable {
    diagnostic: lsp_types::Diagnostic,
    title: String,
    edit: WorkspaceEdit,
}

impl Shared {
    /// The quick fixes of the findings that overlap the requested range.
    pub fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let fixes = lock(&self.fixes);
        let Some(list) = fixes.get(&params.text_document.uri) else {
            return Vec::new();
        };
        let want = params.range;
        list.iter()
            .filter(|f| {
                let r = f.diagnostic.range;
                r.start <= want.end && want.start <= r.end
            })
            .map(|f| {
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: f.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![f.diagnostic.clone()]),
                    edit: Some(f.edit.clone()),
                    is_preferred: Some(true),
                    ..Default::default()
                })
            })
            .collect()
    }
}

pub struct Worker {
    tx: Sender<Job>,
    handle: JoinHandle<()>,
}

struct State {
    out: Sender<Message>,
    root: PathBuf,
    docs: Docs,
    shared: Shared,
    /// Files whose last publication was not empty: cleared when fixed.
    published: HashSet<Url>,
    /// Unchanged files are not parsed again.
    cache: IrCache,
}

impl Worker {
    pub fn start(out: Sender<Message>, root: PathBuf, docs: Docs, shared: Shared) -> Worker {
        let (tx, rx) = unbounded::<Job>();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let work = move || {
            let mut state = State {
                out,
                root,
                docs,
                shared,
                published: HashSet::new(),
                cache: IrCache::default(),
            };
            while let Ok(first) = rx.recv() {
                // Everything queued meanwhile is served by one analysis per
                // package.
                let mut dirs = BTreeSet::new();
                for job in std::iter::once(first).chain(rx.try_iter()) {
                    match job {
                        Job::Analyze(dir) => {
                            dirs.insert(dir);
                        }
                        Job::Forget(uri) => state.forget(uri),
                    }
                }
                for dir in dirs {
                    // `analyze` is guarded on its own; this catches a panic
                    // while converting or publishing, so the worker lives on.
                    if let Err(panic) = guarded(|| state.refresh(&dir)) {
                        state.internal_error(&dir, &panic);
                    }
                }
            }
        };
        // The analyses run on the rayon pool; this thread mostly waits for
        // them, but gets the same stack as the pool's threads. No thread, no
        // server (as `std::thread::spawn`).
        let handle = std::thread::Builder::new()
            .name("golint-rs analysis".into())
            .stack_size(golint_ir::STACK_SIZE)
            .spawn(work)
            .expect("cannot start the analysis thread");
        Worker { tx, handle }
    }

    pub fn analyze(&self, dir: PathBuf) {
        let _ = self.tx.send(Job::Analyze(dir));
    }

    /// A closed document: its findings are cleared.
    pub fn forget(&self, uri: Url) {
        let _ = self.tx.send(Job::Forget(uri));
    }

    pub fn stop(self) {
        drop(self.tx);
        let _ = self.handle.join();
    }
}

impl State {
    fn forget(&mut self, uri: Url) {
        lock(&self.shared.fixes).remove(&uri);
        if self.published.remove(&uri) {
            self.publish(uri, Vec::new(), None);
        }
    }

    fn refresh(&mut self, dir: &Path) {
        // One snapshot of the buffers: texts and versions agree.
        let (overlays, versions): (Overlays, HashMap<Url, i32>) = lock(&self.docs)
            .iter()
            .map(|(p, d)| ((p.clone(), d.text.clone()), (d.uri.clone(), d.version)))
            .unzip();
        let open: HashSet<Url> = versions.keys().cloned().collect();
        let root = self.root.clone();
        let cache = &self.cache;
        let outcome = guarded(|| analyze(&root, dir, &overlays, cache));
        let (diags, loaded) = match outcome {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => {
                self.log(
                    MessageType::ERROR,
                    format!("golint-rs: {}: {e:#}", dir.display()),
                );
                return;
            }
            Err(panic) => {
                self.internal_error(dir, &panic);
                return;
            }
        };
        for w in &loaded.warnings {
            self.log(MessageType::WARNING, format!("golint-rs: {w}"));
        }
        let mut pos = Positions::new(&loaded.sources);
        let mut by_uri: HashMap<Url, Vec<lsp_types::Diagnostic>> = HashMap::new();
        let mut fixes: HashMap<Url, Vec<Fixable>> = HashMap::new();
        for (id, _) in loaded.sources.iter() {
            if let Some(uri) = pos.uri(id) {
                by_uri.entry(uri).or_default();
            }
        }
        for d in &diags {
            let Some(c) = convert(d, &mut pos) else {
                continue;
            };
            if let Some((title, edit)) = c.fix {
                fixes.entry(c.uri.clone()).or_default().push(Fixable {
                    diagnostic: c.diagnostic.clone(),
                    title,
                    edit,
                });
            }
            by_uri.entry(c.uri).or_default().push(c.diagnostic);
        }
        let mut uris: Vec<Url> = by_uri.keys().cloned().collect();
        uris.sort();
        for uri in uris {
            let list = by_uri.remove(&uri).unwrap_or_default();
            let mut shared = lock(&self.shared.fixes);
            match fixes.remove(&uri) {
                Some(f) => {
                    shared.insert(uri.clone(), f);
                }
                None => {
                    shared.remove(&uri);
                }
            }
            drop(shared);
            // The problem panel lists the package's findings; files without
            // any are only published to clear what was shown, or when open.
            let had = self.published.contains(&uri);
            if list.is_empty() && !had && !open.contains(&uri) {
                continue;
            }
            if list.is_empty() {
                self.published.remove(&uri);
            } else {
                self.published.insert(uri.clone());
            }
            let version = versions.get(&uri).copied();
            self.publish(uri, list, version);
        }
    }

    /// A panic while analyzing `dir`: shown to the user (the findings of
    /// the package are stale until its next change) and logged.
    fn internal_error(&self, dir: &Path, panic: &str) {
        let message = format!(
            "golint-rs: internal error while analyzing {}: {panic}",
            dir.display()
        );
        show(&self.out, MessageType::ERROR, message.clone());
        self.log(MessageType::ERROR, message);
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify(PublishDiagnostics::METHOD, params);
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify(LogMessage::METHOD, LogMessageParams { typ, message });
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let n = Notification::new(method.to_string(), params);
        let _ = self.out.send(Message::Notification(n));
    }
}

/// `window/showMessage`: what the user should see now, not only in a log.
pub fn show(out: &Sender<Message>, typ: MessageType, message: String) {
    let n = Notification::new(
        ShowMessage::METHOD.to_string(),
        ShowMessageParams { typ, message },
    );
    let _ = out.send(Message::Notification(n));
}

/// Fault injection for the robustness tests (`tests/lsp_robust.rs`): the
/// analysis of a directory whose name is the value of
/// `GOLINT_RS_LSP_PANIC_IN` panics, as a bug in a rule would.
fn injected_panic(dir: &Path) {
    if let Some(name) = std::env::var_os("GOLINT_RS_LSP_PANIC_IN") {
        if dir.file_name() == Some(name.as_os_str()) {
            panic!("injected panic (GOLINT_RS_LSP_PANIC_IN)");
        }
    }
}

/// The findings of the package in `dir`, as `golint-rs` would report them
/// from the workspace root, with `overlays` for the open buffers.
fn analyze(
    root: &Path,
    dir: &Path,
    overlays: &Overlays,
    cache: &IrCache,
) -> Result<(Vec<golint_diagnostics::Diagnostic>, pipeline::Analyzed)> {
    injected_panic(dir);
    let known = Known::load();
    let config = match Config::find(root) {
        Some(p) => Config::load(&p, &known).map_err(|m| anyhow!(m))?,
        None => Config::default(),
    };
    // The same selection as the command line without flags: the default
    // set, as the configuration changes it.
    let selection = Selection::resolve(CliCodes::default(), &config);
    let rules = selection.rules();
    let checks = pipeline::Checks {
        rules: &rules,
        syntax_errors: selection.is_selected(golint_rules::meta::SyntaxError::META.code),
        max_per_rule: cap::DEFAULT_LIMIT,
        package_hook: None,
        timings: None,
    };
    let (cwd, pattern) = match dir.strip_prefix(root) {
        Ok(rel) if rel.as_os_str().is_empty() => (root.to_path_buf(), ".".to_string()),
        Ok(rel) => (
            root.to_path_buf(),
            format!("./{}", rel.to_string_lossy().replace('\\', "/")),
        ),
        Err(_) => (dir.to_path_buf(), ".".to_string()),
    };
    let tests = config.tests.unwrap_or(true);
    let mut loaded =
        pipeline::analyze_with(cwd, vec![pattern], tests, &checks, overlays, Some(cache))?;
    loaded.warnings.extend(selection.warnings());
    let diags = std::mem::take(&mut loaded.diagnostics);
    let diags = finalize(
        diags,
        &loaded,
        &config,
        &known,
        &selection,
        config.include_generated.unwrap_or(false),
    );
    let diags = cap::apply(diags, &loaded.hidden, cap::DEFAULT_LIMIT, &known.metas);
    Ok((diags, loaded))
}

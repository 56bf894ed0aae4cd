//! The table of files of one run. Texts are not kept here: the pipeline
//! drops each file's text once it is lowered, and renderers re-read only the
//! files that have findings (or take the editor's buffer from `overrides`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::FileId;

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path to read the file from.
    pub path: PathBuf,
    /// Path relative to the scan root, `/`-separated: what the user sees and
    /// what SARIF puts under `%SRCROOT%`.
    pub rel: String,
}

#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    root: PathBuf,
    files: Vec<SourceFile>,
    /// Texts that do not come from disk (unsaved editor buffers, tests).
    overrides: HashMap<FileId, Arc<str>>,
}

impl SourceMap {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        SourceMap {
            root: root.into(),
            files: Vec::new(),
            overrides: HashMap::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Adds a file. Callers add files in sorted path order so that file ids
    /// order diagnostics by path.
    pub fn add(&mut self, path: PathBuf, rel: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile { path, rel });
        id
    }

    pub fn set_override(&mut self, id: FileId, text: Arc<str>) {
        self.overrides.insert(id, text);
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn rel(&self, id: FileId) -> &str {
        self.get(id).map(|f| f.rel.as_str()).unwrap_or("<unknown>")
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// The text of a file: the override if there is one, else the file read
    /// again from disk (invalid UTF-8 replaced). `None` if it cannot be read.
    pub fn text(&self, id: FileId) -> Option<Arc<str>> {
        if let Some(t) = self.overrides.get(&id) {
            return Some(t.clone());
        }
        let file = self.get(id)?;
        let bytes = std::fs::read(&file.path).ok()?;
        Some(Arc::from(String::from_utf8_lossy(&bytes).as_ref()))
    }
}

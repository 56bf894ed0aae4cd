//! End to end with a real editor: Neovim (Debian's `neovim`), headless,
//! its built-in LSP client attached to `golint-rs lsp`, reads back the
//! diagnostics with `vim.diagnostic.get` (see `tests/nvim/diagnostics.lua`).
//! Skipped when `nvim` is not installed, unless `GOLINT_CI=1` (CI installs it).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::SIZES as BUGGY;

fn have_nvim() -> bool {
    Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn neovim_shows_the_findings_and_clears_them_after_an_edit() {
    if !have_nvim() {
        assert!(
            std::env::var_os("GOLINT_CI").is_none(),
            "GOLINT_CI is set but nvim is not installed"
        );
        eprintln!("note: nvim is not installed; skipping the Neovim end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("go.mod"), "module example.com/shop\n\ngo 1.19\n").unwrap();
    let file = root.join("sizes.go");
    std::fs::write(&file, BUGGY).unwrap();
    let out = root.join("result.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/diagnostics.lua");

    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("GOLINT_BIN", env!("CARGO_BIN_EXE_golint-rs"))
        .env("GOLINT_ROOT", &root)
        .env("GOLINT_FILE", &file)
        .env("GOLINT_OUT", &out)
        .env("HOME", &root)
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
        panic!("no result from nvim ({e}); stderr:\n{err}")
    });
    let result: Value = serde_json::from_str(&text).expect("JSON from nvim");
    assert!(result["error"].is_null(), "{result}");
    assert_eq!(result["seen"], true, "no diagnostics: {result}");
    let diags = result["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 1, "{result}");
    assert_eq!(diags[0]["code"], "GL401", "{result}");
    assert_eq!(diags[0]["source"], "golint-rs", "{result}");
    assert_eq!(
        diags[0]["lnum"], 12,
        "0-based line of `defer f.Close()`: {result}"
    );
    assert_eq!(diags[0]["col"], 2, "{result}");
    assert!(
        diags[0]["message"].as_str().unwrap_or("").contains("defer"),
        "{result}"
    );
    assert_eq!(
        result["cleared"], true,
        "the unsaved fix did not clear the finding: {result}"
    );
}

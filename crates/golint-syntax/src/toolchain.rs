//! The `go` command on PATH, as the tests and scripts that check testdata
//! with the real toolchain ask about it. The analysis itself never runs it.

use std::process::Command;

/// The minor version of the `go` command on PATH (`go1.27.3` → 27), or
/// `None` when there is no `go` or it does not say.
pub fn go_minor() -> Option<u32> {
    let out = Command::new("go")
        .args(["env", "GOVERSION"])
        .output()
        .ok()?;
    minor_of(String::from_utf8_lossy(&out.stdout).trim())
}

/// `go1.27.3` → 27, `go1.22rc1` → 22.
fn minor_of(version: &str) -> Option<u32> {
    version
        .strip_prefix("go1.")?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn minor_of_versions() {
        assert_eq!(super::minor_of("go1.27.3"), Some(27));
        assert_eq!(super::minor_of("go1.22rc1"), Some(22));
        assert_eq!(super::minor_of("devel +abc"), None);
    }
}

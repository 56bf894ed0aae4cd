//! Declared result types of common standard-library functions, by import
//! path and name, for the light type resolution the rules do (is this
//! variable an `error`?). Only package-level functions are listed; the
//! table is deliberately small and holds what Go code calls most.

/// `(import path, function, result types)`.
static RESULTS: &[(&str, &str, &[&str])] = &[
    ("errors", "New", &["error"]),
    ("errors", "Unwrap", &["error"]),
    ("errors", "Join", &["error"]),
    ("errors", "Is", &["bool"]),
    ("errors", "As", &["bool"]),
    ("fmt", "Errorf", &["error"]),
    ("fmt", "Sprintf", &["string"]),
    ("fmt", "Sprint", &["string"]),
    ("fmt", "Sprintln", &["string"]),
    ("fmt", "Printf", &["int", "error"]),
    ("fmt", "Println", &["int", "error"]),
    ("fmt", "Fprintf", &["int", "error"]),
    ("fmt", "Fprintln", &["int", "error"]),
    ("fmt", "Sscanf", &["int", "error"]),
    ("io", "ReadAll", &["[]byte", "error"]),
    ("io", "ReadFull", &["int", "error"]),
    ("io", "Copy", &["int64", "error"]),
    ("io", "CopyN", &["int64", "error"]),
    ("io", "WriteString", &["int", "error"]),
    ("io/ioutil", "ReadAll", &["[]byte", "error"]),
    ("io/ioutil", "ReadFile", &["[]byte", "error"]),
    ("io/ioutil", "WriteFile", &["error"]),
    ("io/ioutil", "ReadDir", &["[]fs.FileInfo", "error"]),
    ("io/ioutil", "TempDir", &["string", "error"]),
    ("io/ioutil", "TempFile", &["*os.File", "error"]),
    ("os", "Open", &["*os.File", "error"]),
    ("os", "Create", &["*os.File", "error"]),
    ("os", "OpenFile", &["*os.File", "error"]),
    ("os", "CreateTemp", &["*os.File", "error"]),
    ("os", "MkdirTemp", &["string", "error"]),
    ("os", "ReadFile", &["[]byte", "error"]),
    ("os", "WriteFile", &["error"]),
    ("os", "ReadDir", &["[]fs.DirEntry", "error"]),
    ("os", "Stat", &["fs.FileInfo", "error"]),
    ("os", "Lstat", &["fs.FileInfo", "error"]),
    ("os", "Mkdir", &["error"]),
    ("os", "MkdirAll", &["error"]),
    ("os", "Remove", &["error"]),
    ("os", "RemoveAll", &["error"]),
    ("os", "Rename", &["error"]),
    ("os", "Chdir", &["error"]),
    ("os", "Chmod", &["error"]),
    ("os", "Chtimes", &["error"]),
    ("os", "Symlink", &["error"]),
    ("os", "Link", &["error"]),
    ("os", "Readlink", &["string", "error"]),
    ("os", "Setenv", &["error"]),
    ("os", "Unsetenv", &["error"]),
    ("os", "Getwd", &["string", "error"]),
    ("os", "Hostname", &["string", "error"]),
    ("os", "Executable", &["string", "error"]),
    ("os", "UserHomeDir", &["string", "error"]),
    ("os", "Getenv", &["string"]),
    ("path/filepath", "Abs", &["string", "error"]),
    ("path/filepath", "Rel", &["string", "error"]),
    ("path/filepath", "EvalSymlinks", &["string", "error"]),
    ("path/filepath", "Glob", &["[]string", "error"]),
    ("path/filepath", "Walk", &["error"]),
    ("path/filepath", "WalkDir", &["error"]),
    ("strconv", "Atoi", &["int", "error"]),
    ("strconv", "ParseInt", &["int64", "error"]),
    ("strconv", "ParseUint", &["uint64", "error"]),
    ("strconv", "ParseFloat", &["float64", "error"]),
    ("strconv", "ParseBool", &["bool", "error"]),
    ("strconv", "Unquote", &["string", "error"]),
    ("strconv", "Itoa", &["string"]),
    ("strconv", "Quote", &["string"]),
    ("encoding/json", "Marshal", &["[]byte", "error"]),
    ("encoding/json", "MarshalIndent", &["[]byte", "error"]),
    ("encoding/json", "Unmarshal", &["error"]),
    ("encoding/json", "Indent", &["error"]),
    ("encoding/json", "Compact", &["error"]),
    ("encoding/xml", "Marshal", &["[]byte", "error"]),
    ("encoding/xml", "Unmarshal", &["error"]),
    ("encoding/hex", "DecodeString", &["[]byte", "error"]),
    ("encoding/base64", "DecodeString", &["[]byte", "error"]),
    ("net", "Dial", &["net.Conn", "error"]),
    ("net", "DialTimeout", &["net.Conn", "error"]),
    ("net", "Listen", &["net.Listener", "error"]),
    ("net", "ListenPacket", &["net.PacketConn", "error"]),
    ("net", "ResolveTCPAddr", &["*net.TCPAddr", "error"]),
    ("net", "ResolveUDPAddr", &["*net.UDPAddr", "error"]),
    ("net", "LookupHost", &["[]string", "error"]),
    ("net", "LookupIP", &["[]net.IP", "error"]),
    ("net", "SplitHostPort", &["string", "string", "error"]),
    ("net", "ParseCIDR", &["net.IP", "*net.IPNet", "error"]),
    ("net/http", "Get", &["*http.Response", "error"]),
    ("net/http", "Post", &["*http.Response", "error"]),
    ("net/http", "Head", &["*http.Response", "error"]),
    ("net/http", "NewRequest", &["*http.Request", "error"]),
    (
        "net/http",
        "NewRequestWithContext",
        &["*http.Request", "error"],
    ),
    ("net/http", "ListenAndServe", &["error"]),
    ("net/url", "Parse", &["*url.URL", "error"]),
    ("net/url", "ParseQuery", &["url.Values", "error"]),
    ("net/url", "QueryUnescape", &["string", "error"]),
    ("net/url", "PathUnescape", &["string", "error"]),
    ("os/exec", "LookPath", &["string", "error"]),
    ("regexp", "Compile", &["*regexp.Regexp", "error"]),
    ("time", "Parse", &["time.Time", "error"]),
    ("time", "ParseInLocation", &["time.Time", "error"]),
    ("time", "ParseDuration", &["time.Duration", "error"]),
    ("time", "LoadLocation", &["*time.Location", "error"]),
    ("time", "Now", &["time.Time"]),
    ("time", "Since", &["time.Duration"]),
    ("time", "Until", &["time.Duration"]),
    ("time", "NewTimer", &["*time.Timer"]),
    ("time", "NewTicker", &["*time.Ticker"]),
    ("time", "AfterFunc", &["*time.Timer"]),
    ("context", "Cause", &["error"]),
    (
        "context",
        "WithCancel",
        &["context.Context", "context.CancelFunc"],
    ),
    (
        "context",
        "WithTimeout",
        &["context.Context", "context.CancelFunc"],
    ),
    (
        "context",
        "WithDeadline",
        &["context.Context", "context.CancelFunc"],
    ),
    ("net", "DialTCP", &["*net.TCPConn", "error"]),
    ("net", "DialUDP", &["*net.UDPConn", "error"]),
    ("net", "ListenTCP", &["*net.TCPListener", "error"]),
    ("net", "ListenUDP", &["*net.UDPConn", "error"]),
    ("database/sql", "Open", &["*sql.DB", "error"]),
    (
        "text/template",
        "ParseFiles",
        &["*template.Template", "error"],
    ),
    (
        "html/template",
        "ParseFiles",
        &["*template.Template", "error"],
    ),
];

/// The declared types of the results of a standard-library function, e.g.
/// `results("os", "Open")` is `["*os.File", "error"]`. `None` when the
/// function is not in the table.
pub fn results(path: &str, name: &str) -> Option<&'static [&'static str]> {
    RESULTS
        .iter()
        .find(|(p, n, _)| *p == path && *n == name)
        .map(|(_, _, r)| *r)
}

/// The declared type of result `index` of a standard-library function.
pub fn result_type(path: &str, name: &str, index: usize) -> Option<&'static str> {
    results(path, name)?.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_by_path_and_position() {
        assert_eq!(result_type("os", "Open", 1), Some("error"));
        assert_eq!(result_type("os", "Open", 0), Some("*os.File"));
        assert_eq!(result_type("fmt", "Errorf", 0), Some("error"));
        assert_eq!(result_type("fmt", "Errorf", 1), None);
        assert_eq!(result_type("example.com/fmt", "Errorf", 0), None);
    }

    #[test]
    fn table_has_no_duplicates() {
        let mut seen = std::collections::HashSet::new();
        for (p, n, _) in RESULTS {
            assert!(seen.insert((p, n)), "{p}.{n} listed twice");
        }
    }
}

//! The stdio transport of the language server: our own framing instead of
//! `lsp_server::Connection::stdio`, whose reader thread ends the session on
//! the first malformed message (a bad `Content-Length`, a body that is not
//! JSON, a lone surrogate escape in a string). Here every bad frame gets a
//! JSON-RPC error response and the reader carries on with the next message:
//!
//! - a body that is not JSON (or not UTF-8, or holds `"\ud800"`): `-32700`
//!   (parse error) with `id: null`;
//! - JSON that is not a JSON-RPC message: `-32600` (invalid request), with
//!   the request's `id` when one can be read, as JSON-RPC 2.0 prescribes;
//! - a `Content-Length` that does not match the body: `-32700`. Too short,
//!   the body is cut (not JSON) and what is left of it is skipped up to the
//!   next header; too long, the body swallows the start of the next message,
//!   which is given back to the reader so that message is not lost.
//!
//! The parsed messages go to the same `lsp_server::Connection` channels as
//! before, so the rest of the server is unchanged.

use std::io::{self, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message};
use serde_json::{json, Value};

/// JSON-RPC 2.0: invalid JSON was received.
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC 2.0: the JSON sent is not a valid request object.
const INVALID_REQUEST: i32 = -32600;

/// The header we resynchronize on, compared without case (as HTTP headers).
const CONTENT_LENGTH: &[u8] = b"content-length:";
/// The header block (from `Content-Length:` to the blank line) is a line or
/// two; more than this without a blank line is not a header.
const MAX_HEADER: usize = 4096;
/// A body longer than this is refused without being buffered. The largest
/// legitimate one is a `didOpen` of a file under the 10 MiB limit, which JSON
/// escaping can at most sextuple (`\u0001` for one byte).
const MAX_BODY: usize = 64 << 20;

/// One step of the framing.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A body of exactly `Content-Length` bytes, not yet decoded.
    Body(Vec<u8>),
    /// A frame that cannot be a message; the text says why.
    Bad(String),
    /// End of input.
    Eof,
}

/// Splits a byte stream into LSP frames (`Content-Length: N\r\n…\r\n\r\n`
/// followed by N bytes), recovering from bad frames.
pub struct Frames<R> {
    inner: R,
    buf: Vec<u8>,
    eof: bool,
}

impl<R: Read> Frames<R> {
    pub fn new(inner: R) -> Self {
        Frames {
            inner,
            buf: Vec::new(),
            eof: false,
        }
    }

    /// Reads more input; false at the end of it (or on a read error, which
    /// on stdin means the client is gone).
    fn read_more(&mut self) -> bool {
        if self.eof {
            return false;
        }
        let mut chunk = [0u8; 64 * 1024];
        loop {
            match self.inner.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        self.eof = true;
        false
    }

    pub fn next_frame(&mut self) -> Frame {
        // The start of a header: garbage before it (the tail of a body whose
        // Content-Length was too short, stray bytes) is skipped.
        let (value, header_len) = loop {
            match find_header(&self.buf) {
                Header::Complete { at, value, len } => {
                    self.buf.drain(..at);
                    break (value, len);
                }
                Header::Partial { at } => {
                    self.buf.drain(..at);
                    if self.buf.len() > MAX_HEADER {
                        // `Content-Length:` with no blank line after it:
                        // not a header; look for the next one.
                        self.buf.drain(..CONTENT_LENGTH.len());
                        return Frame::Bad(
                            "malformed header: no blank line after `Content-Length`".into(),
                        );
                    }
                }
                Header::None => {
                    // Keep what could be the start of the header name.
                    let keep = CONTENT_LENGTH.len() - 1;
                    if self.buf.len() > keep {
                        self.buf.drain(..self.buf.len() - keep);
                    }
                }
            }
            if !self.read_more() {
                self.buf.clear();
                return Frame::Eof;
            }
        };
        self.buf.drain(..header_len);
        let len = match value {
            Ok(n) if n <= MAX_BODY => n,
            Ok(n) => {
                return Frame::Bad(format!(
                    "Content-Length {n} is over the limit of {MAX_BODY} bytes"
                ))
            }
            Err(v) => return Frame::Bad(format!("invalid Content-Length {v:?}")),
        };
        while self.buf.len() < len {
            if !self.read_more() {
                let got = self.buf.len();
                self.buf.clear();
                return Frame::Bad(format!(
                    "the input ended after {got} of the {len} bytes of Content-Length"
                ));
            }
        }
        let body: Vec<u8> = self.buf.drain(..len).collect();
        // A Content-Length too long: one JSON value, then the start of the
        // next message. Give that back so the next message is served.
        if let Some(end) = first_value_end(&body) {
            let rest = &body[end..];
            let start = rest
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(rest.len());
            let tail = &rest[start..];
            // The next header, whole or cut short by the length.
            let cut = tail.len() < CONTENT_LENGTH.len()
                && !tail.is_empty()
                && CONTENT_LENGTH[..tail.len()].eq_ignore_ascii_case(tail);
            let header = if cut {
                Some(0)
            } else {
                find_ci(tail, CONTENT_LENGTH)
            };
            if !tail.is_empty() {
                if let Some(at) = header {
                    let at = start + at;
                    let mut back = rest[at..].to_vec();
                    back.extend_from_slice(&self.buf);
                    self.buf = back;
                    return Frame::Bad(format!(
                        "Content-Length {len} is longer than the message ({end} bytes)"
                    ));
                }
            }
        }
        Frame::Body(body)
    }
}

enum Header {
    /// `Content-Length: value` at `at`, the header block `len` bytes long
    /// including its blank line.
    Complete {
        at: usize,
        value: Result<usize, String>,
        len: usize,
    },
    /// A header starts at `at` but its blank line is not read yet.
    Partial {
        at: usize,
    },
    None,
}

/// The first `Content-Length:` header in `buf` and its header block.
///
/// A header written at the start of a line is taken as one, well-formed or
/// not; in the middle of a line (after the tail of a body whose length was
/// too short) only a well-formed `Content-Length: <digits>\r\n` is, so that
/// the words in a JSON string are not mistaken for a header.
fn find_header(buf: &[u8]) -> Header {
    let mut from = 0;
    while let Some(i) = find_ci(&buf[from..], CONTENT_LENGTH) {
        let at = from + i;
        let line_start = at == 0 || buf[at - 1] == b'\n';
        let block = &buf[at..];
        let value = match header_value(&block[CONTENT_LENGTH.len()..]) {
            None => return Header::Partial { at },
            Some(Ok(n)) => Ok(n),
            Some(Err(text)) if line_start => Err(text),
            Some(Err(_)) => {
                from = at + CONTENT_LENGTH.len();
                continue;
            }
        };
        return match find(block, b"\r\n\r\n") {
            Some(end) => Header::Complete {
                at,
                value,
                len: end + 4,
            },
            None => Header::Partial { at },
        };
    }
    Header::None
}

/// The value of a `Content-Length` header: `None` until its line is read,
/// then the number or the malformed text.
fn header_value(after: &[u8]) -> Option<Result<usize, String>> {
    let line_end = find(after, b"\r\n");
    let line = &after[..line_end.unwrap_or(after.len())];
    let text = String::from_utf8_lossy(line);
    let trimmed = text.trim_matches(|c| c == ' ' || c == '\t');
    // Before the line is complete, its `\r` may have been read already.
    let pending = line_end.is_none() && trimmed.ends_with('\r');
    let trimmed = if pending {
        &trimmed[..trimmed.len() - 1]
    } else {
        trimmed
    };
    let digits_so_far = trimmed.bytes().all(|b| b.is_ascii_digit()) && trimmed.len() <= 20;
    match line_end {
        None if digits_so_far => None,
        None => Some(Err(text.chars().take(40).collect())),
        Some(_) => Some(
            trimmed
                .parse::<usize>()
                .map_err(|_| text.chars().take(40).collect()),
        ),
    }
}

/// Where the first JSON value of `body` ends, if it starts with one.
fn first_value_end(body: &[u8]) -> Option<usize> {
    let mut it = serde_json::Deserializer::from_slice(body).into_iter::<serde::de::IgnoredAny>();
    match it.next() {
        Some(Ok(_)) => Some(it.byte_offset()),
        _ => None,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// A message, or the error response a bad body gets.
pub fn decode(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| error_response(Value::Null, PARSE_ERROR, format!("parse error: {e}")))?;
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(Value::Null);
    let invalid = |why: String| {
        error_response(
            id.clone(),
            INVALID_REQUEST,
            format!("invalid request: not a JSON-RPC message ({why})"),
        )
    };
    // serde would read `[1, 2]` as the fields of a response, in order.
    if !value.is_object() {
        return Err(invalid("a message is a JSON object".into()));
    }
    match serde_json::from_value::<Message>(value) {
        // `lsp_server` takes anything with an `id` for a response; one with
        // neither a result nor an error is a request gone wrong
        // (`"method": 1`).
        Ok(Message::Response(r)) if r.result.is_none() && r.error.is_none() => Err(invalid(
            "a request needs a string `method`, a response a `result` or an `error`".into(),
        )),
        Ok(m) => Ok(m),
        Err(e) => Err(invalid(e.to_string())),
    }
}

pub fn error_response(id: Value, code: i32, message: String) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn write_raw(out: &mut impl Write, v: &Value) -> io::Result<()> {
    let text = v.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

pub struct IoThreads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    pub fn join(self) -> io::Result<()> {
        let _ = self.reader.join();
        match self.writer.join() {
            Ok(r) => r,
            Err(_) => Err(io::Error::other("the writer thread panicked")),
        }
    }
}

/// A connection over stdin and stdout. Both threads write to stdout, one
/// whole message at a time under its lock.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_client, outgoing) = bounded::<Message>(0);
    let writer = std::thread::spawn(move || {
        for msg in outgoing {
            let mut out = io::stdout().lock();
            msg.write(&mut out)?;
        }
        Ok(())
    });
    let (incoming, from_client) = bounded::<Message>(0);
    let reader = std::thread::spawn(move || read_loop(io::stdin().lock(), &incoming));
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        IoThreads { reader, writer },
    )
}

/// Hands every good message on and answers every bad one, until `exit` or
/// the end of input.
fn read_loop(input: impl Read, incoming: &Sender<Message>) {
    let mut frames = Frames::new(input);
    loop {
        let reply = match frames.next_frame() {
            Frame::Eof => return,
            Frame::Body(body) => match decode(&body) {
                Ok(msg) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if incoming.send(msg).is_err() || exit {
                        return;
                    }
                    continue;
                }
                Err(reply) => reply,
            },
            Frame::Bad(why) => {
                error_response(Value::Null, PARSE_ERROR, format!("parse error: {why}"))
            }
        };
        let mut out = io::stdout().lock();
        if write_raw(&mut out, &reply).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn all(input: &str) -> Vec<Frame> {
        let mut f = Frames::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            let x = f.next_frame();
            if x == Frame::Eof {
                return out;
            }
            out.push(x);
        }
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    fn is_bad(f: &Frame) -> bool {
        matches!(f, Frame::Bad(_))
    }

    #[test]
    fn frames_back_to_back_with_other_headers() {
        let input = format!(
            "{}content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{{}}{}",
            frame(r#"{"a":1}"#),
            frame("[]")
        );
        assert_eq!(
            all(&input),
            vec![body(r#"{"a":1}"#), body("{}"), body("[]")]
        );
    }

    #[test]
    fn a_short_content_length_loses_only_its_message() {
        let good = r#"{"id":2}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{\"id\":1,\"x\":\"y\"}}{}",
            frame(good)
        );
        let got = all(&input);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], body(r#"{"id""#), "the cut body, rejected by decode");
        assert_eq!(got[1], body(good));
        assert!(decode(br#"{"id""#).is_err());
    }

    #[test]
    fn a_long_content_length_gives_the_next_message_back() {
        let first = r#"{"id":1}"#;
        let good = r#"{"id":2}"#;
        // 20 bytes: the first body, then 12 bytes of the next header.
        let input = format!("Content-Length: 20\r\n\r\n{first}{}", frame(good));
        let got = all(&input);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(is_bad(&got[0]), "{got:?}");
        assert_eq!(got[1], body(good));
    }

    #[test]
    fn bad_headers_are_reported_and_skipped() {
        let good = r#"{"id":3}"#;
        let input = format!("garbage\r\nContent-Length: x1\r\n\r\n{{}}{}", frame(good));
        let got = all(&input);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(is_bad(&got[0]));
        assert_eq!(got[1], body(good));

        let huge = format!("Content-Length: {}\r\n\r\n{}", MAX_BODY + 1, frame(good));
        let got = all(&huge);
        assert!(is_bad(&got[0]), "{got:?}");
        assert_eq!(got[1], body(good));

        let no_blank = format!("Content-Length: 3{}", " ".repeat(MAX_HEADER + 10));
        let got = all(&no_blank);
        assert!(got.iter().all(is_bad) && !got.is_empty(), "{got:?}");
    }

    #[test]
    fn input_ending_inside_a_body_is_reported() {
        let got = all("Content-Length: 10\r\n\r\n{}");
        assert_eq!(got.len(), 1);
        assert!(is_bad(&got[0]));
        assert!(all("Content-Len").is_empty());
        assert!(all("").is_empty());
    }

    #[test]
    fn decode_tells_parse_errors_from_invalid_requests() {
        let code = |v: &Value| v["error"]["code"].as_i64();
        let e = decode(b"{not json").unwrap_err();
        assert_eq!(code(&e), Some(-32700));
        assert_eq!(e["id"], Value::Null);
        // A lone surrogate is not a string serde_json (or Rust) can hold.
        let e = decode(br#"{"jsonrpc":"2.0","method":"m","params":{"t":"\ud800"}}"#).unwrap_err();
        assert_eq!(code(&e), Some(-32700));
        let e = decode(b"\xff\xfe").unwrap_err();
        assert_eq!(code(&e), Some(-32700));
        let e = decode(br#"{"jsonrpc":"2.0","id":7,"method":1}"#).unwrap_err();
        assert_eq!(code(&e), Some(-32600));
        assert_eq!(e["id"], 7);
        let e = decode(br#"{"jsonrpc":"2.0","method":["x"]}"#).unwrap_err();
        assert_eq!(code(&e), Some(-32600));
        assert_eq!(e["id"], Value::Null);
        let e = decode(b"[1, 2]").unwrap_err();
        assert_eq!(code(&e), Some(-32600));
        assert_eq!(e["id"], Value::Null);
        assert!(decode(br#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#).is_ok());
    }
}

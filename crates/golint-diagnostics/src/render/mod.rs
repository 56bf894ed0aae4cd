//! Renderers: text (codespan-reporting), JSON, SARIF 2.1.0, GitHub workflow commands.
//!
//! Every renderer takes the sorted diagnostics, the source map (to re-read
//! the files that have findings) and writes bytes; the output depends on
//! nothing else, so it is the same whatever the thread count.

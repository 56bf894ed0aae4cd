//! GL1xx: channels — goroutines blocked forever, leaks, deadlocks, and
//! panics on closed channels. The rules read the package's concurrency
//! model ([`golint_analysis::concurrency::Model`]).

mod abandoned_channel;
mod circular_wait;
mod closed_channel_misuse;
mod context_dropped;
mod context_never_cancelled;
mod group_wait;
mod range_never_closed;
mod receive_never_completes;
mod self_deadlock;
mod self_wait;
mod send_count;
mod send_never_received;
mod timer_receive_blocks;

pub use abandoned_channel::AbandonedChannel;
pub use circular_wait::CircularWait;
pub use closed_channel_misuse::ClosedChannelMisuse;
pub use context_never_cancelled::ContextNeverCancelled;
pub use range_never_closed::RangeNeverClosed;
pub use receive_never_completes::ReceiveNeverCompletes;
pub use self_deadlock::SelfDeadlock;
pub use send_never_received::SendNeverReceived;
pub use timer_receive_blocks::TimerReceiveBlocks;

use golint_analysis::concurrency::{ChanOp, FuncRef, Model};
use golint_diagnostics::Span;
use golint_ir::{Callee, FuncKind, OpKind};

/// `` `ch` `` or "the channel" when the operand is not a name.
pub(crate) fn chan_name(op: &ChanOp) -> String {
    if op.name.is_empty() {
        "the channel".to_string()
    } else {
        format!("`{}`", op.name)
    }
}

/// The function's name as the user knows it: `Server.loop`, `fetch`, or
/// "the function literal in `fetch`".
pub(crate) fn func_display(m: &Model<'_>, f: FuncRef) -> String {
    let func = m.funcs.func(f);
    match &func.kind {
        FuncKind::Literal { .. } => {
            let parent = func.name.split('$').next().unwrap_or(&func.name);
            format!("the function literal in `{parent}`")
        }
        _ => format!("`{}`", func.name),
    }
}

/// A call that ends the goroutine or the test without returning to the
/// caller's normal flow: `t.Fatal`, `b.FailNow`, `t.Skip`… A goroutine left
/// behind by a test that already failed is not worth a finding.
fn ends_test(kind: &OpKind) -> bool {
    let OpKind::Call { call, .. } = kind else {
        return false;
    };
    matches!(
        &call.callee,
        Callee::Method { name, .. } if matches!(
            name.as_str(),
            "Fatal" | "Fatalf" | "FailNow" | "Skip" | "Skipf" | "SkipNow"
        )
    ) || matches!(&call.callee, Callee::Qualified { path, name, .. } if path == "runtime" && name == "Goexit")
}

/// `t.Error`, `t.Errorf`, `t.Fail` on a `testing` value: the test has
/// failed already, so a goroutine it leaves behind on the way out (a timeout
/// branch that reports the failure) is not worth a second finding.
fn fails_test(m: &Model<'_>, f: FuncRef, kind: &OpKind) -> bool {
    let OpKind::Call { call, .. } = kind else {
        return false;
    };
    let Callee::Method { recv, name } = &call.callee else {
        return false;
    };
    matches!(name.as_str(), "Error" | "Errorf" | "Fail")
        && m.funcs
            .view(f)
            .value_type(recv)
            .is_some_and(|t| t.trim_start_matches('*').starts_with("testing."))
}

/// A path of `f` ends at this op without leaving a goroutine behind that
/// anyone would fix: the test failed or ends ([`ends_test`],
/// [`fails_test`]), or the call never returns (`Funcs::ends_flow`).
fn ends_path(m: &Model<'_>, f: FuncRef, kind: &OpKind) -> bool {
    ends_test(kind) || m.funcs.ends_flow(f, kind) || fails_test(m, f, kind)
}

/// The header of the innermost `for` loop around block `b` of `cfg`: the
/// loop the block's iteration belongs to (the strongly connected components
/// of `Loops` merge nested loops).
fn innermost_loop(cfg: &golint_ir::Cfg, b: u32) -> Option<Span> {
    cfg.blocks.get(b as usize).and_then(|bl| bl.loop_span)
}

/// The `go` keyword of a `go` statement: a label on the whole statement
/// would cover the function literal's body.
fn go_keyword(stmt: Span) -> Span {
    Span {
        end: stmt.start + 2,
        ..stmt
    }
}

//! Rules on locks, WaitGroups and condition variables (GL2xx).

mod channel_op_under_lock;
mod held;
mod lock_already_held;

pub use channel_op_under_lock::ChannelOpUnderLock;
pub use lock_already_held::LockAlreadyHeld;

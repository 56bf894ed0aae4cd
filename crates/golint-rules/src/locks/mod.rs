//! Rules on locks, WaitGroups and condition variables (GL2xx).

mod channel_op_under_lock;
mod held;
mod lock_already_held;
mod lock_not_released;
mod lock_order;

pub use channel_op_under_lock::ChannelOpUnderLock;
pub use lock_already_held::LockAlreadyHeld;
pub use lock_not_released::LockNotReleased;
pub use lock_order::LockOrderInversion;

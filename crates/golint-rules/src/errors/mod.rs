//! GL6xx: runtime panics and error handling.

mod assert_holds;
mod errorf_without_wrap;
mod unchecked_type_assertion;

pub use errorf_without_wrap::ErrorfWithoutWrap;
pub use unchecked_type_assertion::UncheckedTypeAssertion;

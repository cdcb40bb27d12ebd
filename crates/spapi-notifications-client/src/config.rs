//! Where the client sends requests and how: region or endpoint, tokens, timeouts, limits.

mod builder;
mod region;

pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, NotificationsClientBuilder,
};
pub use region::Region;

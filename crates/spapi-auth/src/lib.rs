//! Login with Amazon (LWA) for the Selling Partner API.
//!
//! This crate is being filled in by the foundation issue.

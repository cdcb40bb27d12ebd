//! Provisioning 1,000 sellers × 3 types against the sandbox (being written).

fn main() {}

//! The fleet_provision example runs to its end on the sandbox: both runs, every seller.

#[test]
fn provisions_the_sandbox_s_sellers_twice() {
    super::main().unwrap();
}

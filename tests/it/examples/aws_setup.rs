//! The aws_setup example runs to its end on moto and the sandbox (no AWS credentials are set
//! in the test command): set up twice, doctor, tear down twice.

#[test]
fn sets_up_checks_and_tears_down_on_moto() {
    super::main().unwrap();
}

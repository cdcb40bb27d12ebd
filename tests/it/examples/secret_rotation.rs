//! The secret_rotation example runs to its end on the sandbox: notices, rotation, new secret.

#[test]
fn rotates_the_client_secret_end_to_end() {
    super::main().unwrap();
}

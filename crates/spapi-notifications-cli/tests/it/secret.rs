//! `secret rotate` against the sandbox: one rotation, no secret printed.

use crate::support::Api;

#[tokio::test]
async fn secret_rotate_calls_the_rotation_once_and_prints_no_secret() {
    let api = Api::start().await;
    let rotated = api.run("secret rotate").await;
    assert_eq!((rotated.code, rotated.err.as_str()), (0, ""), "{rotated:?}");
    assert!(
        rotated.out.starts_with("client secret rotation requested"),
        "{rotated:?}"
    );
    let rotated = api.run("secret rotate --json").await;
    assert_eq!(rotated.code, 0, "{rotated:?}");
    assert_eq!(rotated.json()["rotated"], true);
    assert_eq!(api.sandbox.client_secret_rotations(), 2);
    let new_secret = api.sandbox.current_client_secret();
    for output in [&rotated.out, &rotated.err] {
        assert!(!output.contains(&new_secret) && !output.contains(api.sandbox.client_secret()));
    }
}

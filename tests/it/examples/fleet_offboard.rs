//! The fleet_offboard example runs to its end on the sandbox, the seller's dead token included.

#[test]
fn offboards_a_seller_whose_token_is_dead() {
    super::main().unwrap();
}

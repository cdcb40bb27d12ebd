//! The types crate's integration tests, in one binary (one link on 2 cores): every fixture of
//! spapi-models decoded and round-tripped, envelopes, optional fields, variants, ambiguous and
//! bad input.

mod ambiguity;
mod bad_input;
mod envelopes;
mod fixtures;
mod fuzz_findings;
mod optional_fields;
mod properties;
mod round_trip;
mod support;
mod variants;

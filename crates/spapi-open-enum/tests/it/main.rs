//! What every open string enum does: known values as variants, any other kept and written back.

spapi_open_enum::open_enum! {
    /// A test enum.
    pub enum Level {
        /// The first.
        First = "First",
        /// The second.
        SecondLevel = "SECOND_LEVEL",
    }
}
spapi_open_enum::open_enum_serde!(Level);

#[test]
fn known_values_are_variants_and_others_are_kept() {
    assert_eq!(Level::from("First"), Level::First);
    assert_eq!(Level::from("SECOND_LEVEL".to_owned()), Level::SecondLevel);
    assert_eq!(
        "first".parse::<Level>(),
        Ok(Level::Other("first".to_owned()))
    );
    assert_eq!(Level::from(""), Level::Other(String::new()));
}

#[test]
fn display_and_as_str_write_the_value_back() {
    for value in ["First", "SECOND_LEVEL", "Third"] {
        let level = Level::from(value);
        assert_eq!(level.as_str(), value);
        assert_eq!(level.to_string(), value);
    }
}

#[test]
fn serde_round_trips_every_value() {
    for value in [r#""First""#, r#""SECOND_LEVEL""#, r#""Third""#] {
        let level: Level = serde_json::from_str(value).unwrap();
        assert_eq!(serde_json::to_string(&level).unwrap(), value);
    }
    // Borrowed and owned strings alike (an escaped string is owned).
    let escaped: Level = serde_json::from_str(r#""Fir\u0073t""#).unwrap();
    assert_eq!(escaped, Level::First);
    let error = serde_json::from_str::<Level>("1").unwrap_err();
    assert!(error.to_string().contains("a string"), "{error}");
}

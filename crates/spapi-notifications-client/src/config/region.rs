//! The three SP-API regions and their endpoints.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// An SP-API region: which regional endpoint serves the sellers of its marketplaces.
///
/// Destinations belong to the endpoint they were created through.
///
/// ```
/// use spapi_notifications_client::Region;
///
/// let region: Region = "eu".parse()?;
/// assert_eq!(region, Region::Europe);
/// assert_eq!(region.production_url(), "https://sellingpartnerapi-eu.amazon.com");
/// assert_eq!(region.sandbox_url(), "https://sandbox.sellingpartnerapi-eu.amazon.com");
/// assert_eq!(region.aws_region(), "eu-west-1");
/// # Ok::<(), spapi_notifications_client::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// North America: Canada, US, Mexico, Brazil.
    #[default]
    NorthAmerica,
    /// Europe: Spain, UK, France, Belgium, Netherlands, Germany, Italy, Sweden, Poland, Egypt,
    /// Turkey, Saudi Arabia, UAE, India, South Africa, Ireland.
    Europe,
    /// Far East: Singapore, Australia, Japan.
    FarEast,
}

impl Region {
    /// Every region.
    pub const ALL: [Region; 3] = [Self::NorthAmerica, Self::Europe, Self::FarEast];

    /// The short code SP-API users write: `na`, `eu` or `fe`.
    pub fn code(self) -> &'static str {
        match self {
            Self::NorthAmerica => "na",
            Self::Europe => "eu",
            Self::FarEast => "fe",
        }
    }

    /// The production endpoint.
    pub fn production_url(self) -> &'static str {
        match self {
            Self::NorthAmerica => "https://sellingpartnerapi-na.amazon.com",
            Self::Europe => "https://sellingpartnerapi-eu.amazon.com",
            Self::FarEast => "https://sellingpartnerapi-fe.amazon.com",
        }
    }

    /// The sandbox endpoint.
    pub fn sandbox_url(self) -> &'static str {
        match self {
            Self::NorthAmerica => "https://sandbox.sellingpartnerapi-na.amazon.com",
            Self::Europe => "https://sandbox.sellingpartnerapi-eu.amazon.com",
            Self::FarEast => "https://sandbox.sellingpartnerapi-fe.amazon.com",
        }
    }

    /// The AWS region of the endpoint, a natural home for its SQS queues and EventBridge buses.
    pub fn aws_region(self) -> &'static str {
        match self {
            Self::NorthAmerica => "us-east-1",
            Self::Europe => "eu-west-1",
            Self::FarEast => "us-west-2",
        }
    }

    /// Whether `host` is one of the production endpoints' hosts.
    pub(crate) fn is_production_host(host: &str) -> bool {
        Self::ALL.iter().any(|region| {
            region
                .production_url()
                .strip_prefix("https://")
                .is_some_and(|production| production.eq_ignore_ascii_case(host))
        })
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Region {
    type Err = Error;

    /// Reads `na`, `eu` or `fe` (any case), or the names `north-america`, `europe`, `far-east`.
    fn from_str(value: &str) -> Result<Self, Error> {
        match value.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "na" | "north-america" | "northamerica" => Ok(Self::NorthAmerica),
            "eu" | "europe" => Ok(Self::Europe),
            "fe" | "far-east" | "fareast" => Ok(Self::FarEast),
            _ => Err(Error::config(
                "region",
                format!("{value:?} is not a region: use na, eu or fe"),
            )),
        }
    }
}

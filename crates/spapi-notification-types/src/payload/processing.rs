//! Processing finished: feeds, reports and Data Kiosk queries (camelCase schemas).

use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// How the processing of a feed, report or query ended.
    pub enum ProcessingStatus {
        /// It was cancelled.
        Cancelled = "CANCELLED",
        /// It finished.
        Done = "DONE",
        /// It finished with no data (older report documentation).
        DoneNoData = "DONE_NO_DATA",
        /// It failed.
        Fatal = "FATAL",
    }
}

wire_struct! {
    /// FEED_PROCESSING_FINISHED (`payload.feedProcessingFinishedNotification`): a feed finished.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FeedProcessingFinished {
        /// The seller (absent for vendors).
        "sellerId" => pub seller_id: Option<String>,
        /// The selling partner account, e.g. `amzn1.merchant.o.*` or `amzn1.vg.*`.
        "accountId" => pub account_id: Option<String>,
        /// The feed.
        "feedId" => pub feed_id: String,
        /// The feed type, e.g. `POST_PRODUCT_DATA`.
        "feedType" => pub feed_type: String,
        /// How processing ended.
        "processingStatus" => pub processing_status: ProcessingStatus,
        /// The processing report's document.
        "resultFeedDocumentId" => pub result_feed_document_id: Option<String>,
    }
}

wire_struct! {
    /// REPORT_PROCESSING_FINISHED (`payload.reportProcessingFinishedNotification`): a report
    /// finished.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ReportProcessingFinished {
        /// The seller (absent for vendors).
        "sellerId" => pub seller_id: Option<String>,
        /// The selling partner account.
        "accountId" => pub account_id: Option<String>,
        /// The report.
        "reportId" => pub report_id: String,
        /// The report type, e.g. `GET_FLAT_FILE_ACTIONABLE_ORDER_DATA`.
        "reportType" => pub report_type: String,
        /// How processing ended.
        "processingStatus" => pub processing_status: ProcessingStatus,
        /// The report's document (when done).
        "reportDocumentId" => pub report_document_id: Option<String>,
    }
}

wire_struct! {
    /// DATA_KIOSK_QUERY_PROCESSING_FINISHED (`payload`, no wrapper): a Data Kiosk query finished.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DataKioskQueryProcessingFinished {
        /// The selling partner account.
        "accountId" => pub account_id: String,
        /// The query.
        "queryId" => pub query_id: String,
        /// The GraphQL query text.
        "query" => pub query: String,
        /// How processing ended.
        "processingStatus" => pub processing_status: ProcessingStatus,
        /// The result document (when done with data).
        "dataDocumentId" => pub data_document_id: Option<String>,
        /// The error document (when fatal).
        "errorDocumentId" => pub error_document_id: Option<String>,
        /// Where the next page of results starts.
        "pagination" => pub pagination: Option<Pagination>,
    }
}

wire_struct! {
    /// Where the next page of a Data Kiosk result starts.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Pagination {
        /// The token for the next page.
        "nextToken" => pub next_token: Option<String>,
    }
}

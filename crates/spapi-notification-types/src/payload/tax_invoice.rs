//! Tax invoices (camelCase schemas Amazon published briefly in 2026).

use chrono::{DateTime, Utc};

use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// The status of a tax invoice export request.
    pub enum InvoiceExportStatus {
        /// The request was received.
        Requested = "REQUESTED",
        /// The export is being generated.
        Processing = "PROCESSING",
        /// The export is ready to download.
        Done = "DONE",
        /// The export failed.
        Error = "ERROR",
    }
}

open_enum! {
    /// The outcome of issuing a tax invoice.
    pub enum InvoiceIssuanceStatus {
        /// The invoice was issued.
        Success = "SUCCESS",
        /// Issuing the invoice failed.
        Error = "ERROR",
    }
}

wire_struct! {
    /// TAX_INVOICE_EXPORT_STATUS_CHANGE (`payload`, no wrapper): an invoice export changed status.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TaxInvoiceExportStatusChange {
        /// The marketplace of the invoices.
        "marketplaceId" => pub marketplace_id: String,
        /// The export request (from `createInvoicesExport`).
        "exportId" => pub export_id: String,
        /// The export's status.
        "status" => pub status: InvoiceExportStatus,
    }
}

wire_struct! {
    /// TAX_INVOICE_ISSUANCE_STATUS (`payload`, no wrapper): a tax invoice was issued, or failed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TaxInvoiceIssuance {
        /// The marketplace of the invoice.
        "marketplaceId" => pub marketplace_id: String,
        /// The invoice, as identified by the authority that issued it.
        "invoiceId" => pub invoice_id: String,
        /// When the invoice was issued.
        "date" => pub date: DateTime<Utc>,
        /// The order of the invoice.
        "orderId" => pub order_id: Option<String>,
        /// Whether issuing succeeded.
        "status" => pub status: InvoiceIssuanceStatus,
        /// Why issuing failed.
        "error" => pub error: Option<InvoiceIssuanceError>,
    }
}

wire_struct! {
    /// Why issuing a tax invoice failed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct InvoiceIssuanceError {
        /// The failure's code.
        "errorCode" => pub error_code: String,
        /// The government agency's response.
        "govResponse" => pub gov_response: String,
    }
}

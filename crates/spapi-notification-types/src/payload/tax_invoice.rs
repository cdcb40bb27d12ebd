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

open_enum! {
    /// A tax invoice issuance operation (TAX_INVOICE_ISSUANCE_ELIGIBILITY_STATUS_CHANGE).
    pub enum InvoiceIssuanceOperation {
        /// Invoices for inbound shipments.
        Inbound = "inbound",
        /// Invoices for FBA offers shipped out.
        OutboundFbaOffers = "outbound-fba-offers",
        /// Invoices for customer returns.
        CustomerReturns = "c-returns",
        /// Invoices for removals.
        Removals = "removals",
    }
}

open_enum! {
    /// Whether the seller may issue invoices for an operation.
    pub enum InvoiceIssuanceEligibility {
        /// Issuing is blocked (the messages say why).
        Blocked = "BLOCKED",
        /// Issuing is allowed.
        Allowed = "ALLOWED",
    }
}

wire_struct! {
    /// TAX_INVOICE_ISSUANCE_ELIGIBILITY_STATUS_CHANGE (`payload`, no wrapper): whether the seller
    /// may issue tax invoices for an operation changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TaxInvoiceIssuanceEligibilityStatusChange {
        /// The store the status applies to.
        "marketplaceId" => pub marketplace_id: String,
        /// The issuance operation.
        "operation" => pub operation: InvoiceIssuanceOperation,
        /// Whether issuing is allowed.
        "status" => pub status: InvoiceIssuanceEligibility,
        /// Why the operation is blocked, in one or more languages (`en-US` always among them).
        "message" => pub message: Vec<LocalizedMessage>,
    }
}

wire_struct! {
    /// A message in one language.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct LocalizedMessage {
        /// The POSIX-style locale, e.g. `en-US`, `pt-BR` or `es-MX`.
        "locale" => pub locale: String,
        /// The text in that locale.
        "text" => pub text: String,
    }
}

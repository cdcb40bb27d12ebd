//! A TRACE-level log of everything a test binary does, captured in memory.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The log lines of every span (opened, entered, closed) and event at TRACE level, plain text.
///
/// The subscriber is the global default, so the test runs alone in a process of its own
/// ([`in_own_process`](crate::in_own_process)): no other test running in parallel can then change
/// which call sites are enabled.
#[derive(Debug, Clone, Default)]
pub struct TraceLog(Arc<Mutex<Vec<u8>>>);

impl TraceLog {
    /// Installs the capturing subscriber as the global default.
    ///
    /// # Panics
    ///
    /// When a global subscriber is already set.
    #[must_use]
    pub fn install() -> Self {
        let log = Self::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::FULL)
            .with_ansi(false)
            .with_writer(log.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("the only global subscriber of this test binary");
        log
    }

    /// Everything logged so far.
    ///
    /// # Panics
    ///
    /// When a line is not UTF-8 (the formatter writes only UTF-8).
    #[must_use]
    pub fn contents(&self) -> String {
        String::from_utf8(self.buffer().clone()).expect("a UTF-8 log")
    }

    fn buffer(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl io::Write for TraceLog {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for TraceLog {
    type Writer = Self;

    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

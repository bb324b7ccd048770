//! What can go wrong in a tool call, as the client sees it.

/// A refused or failed call. `Refused` and `NotFound` are the caller's to fix; they reach the
/// client as MCP `invalid_params` errors, the rest as internal errors.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    NotFound(String),
    #[error("the index is not available: {0}")]
    Index(String),
    #[error("{0}")]
    Io(String),
}

impl From<McpError> for rmcp::ErrorData {
    fn from(error: McpError) -> rmcp::ErrorData {
        match &error {
            McpError::Refused(_) | McpError::NotFound(_) => {
                rmcp::ErrorData::invalid_params(error.to_string(), None)
            }
            McpError::Index(_) | McpError::Io(_) => {
                rmcp::ErrorData::internal_error(error.to_string(), None)
            }
        }
    }
}

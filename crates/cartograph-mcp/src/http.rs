//! The streamable HTTP transport: the server at `/mcp` on one address. On loopback no token is
//! needed (rmcp checks the `Host` header against DNS rebinding); on any other address every
//! request must carry `Authorization: Bearer <token>`, compared in constant time.

use crate::server::Server;
use crate::McpError;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use std::net::SocketAddr;
use std::sync::Arc;

/// The largest request body accepted, in bytes: far above any real tool call.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

pub struct HttpOptions {
    pub address: SocketAddr,
    /// Required (and only used) when `address` is not loopback.
    pub token: Option<String>,
}

/// Checks the options: an address other than loopback needs a token.
pub fn check_http_options(options: &HttpOptions) -> Result<(), McpError> {
    let loopback = options.address.ip().is_loopback();
    if !loopback && options.token.as_deref().is_none_or(str::is_empty) {
        return Err(McpError::Refused(format!(
            "--http on `{}`, which is not loopback, needs a bearer token: set [mcp] token_env to the name of a variable that holds one",
            options.address
        )));
    }
    Ok(())
}

/// Serves until ctrl-c; `on_listening` is told the bound address (port 0 picks one).
pub async fn serve_http(
    server: Server,
    options: HttpOptions,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), McpError> {
    check_http_options(&options)?;
    let loopback = options.address.ip().is_loopback();
    let cancel = tokio_util::sync::CancellationToken::new();
    let mut config = StreamableHttpServerConfig::default();
    config.max_request_body_bytes = MAX_REQUEST_BYTES;
    config.cancellation_token = cancel.clone();
    if !loopback {
        // The bearer token guards this address; the Host allow-list only knows loopback names.
        config = config.disable_allowed_hosts();
    }
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let mut router = axum::Router::new().route_service("/mcp", service);
    if !loopback {
        let token: Arc<str> = options.token.unwrap_or_default().into();
        router = router.layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let token = Arc::clone(&token);
                async move { require_token(&token, request, next).await }
            },
        ));
    }
    let listener = tokio::net::TcpListener::bind(options.address)
        .await
        .map_err(|error| {
            McpError::Io(format!("cannot listen on `{}`: {error}", options.address))
        })?;
    let bound = listener
        .local_addr()
        .map_err(|error| McpError::Io(error.to_string()))?;
    on_listening(bound);
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            cancel.cancel();
        })
        .await
        .map_err(|error| McpError::Io(format!("the HTTP server failed: {error}")))
}

async fn require_token(token: &str, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if constant_time_equal(presented.as_bytes(), token.as_bytes()) {
        next.run(request).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a bearer token is required",
        )
            .into_response()
    }
}

/// Equal bytes, in time that depends only on the lengths.
fn constant_time_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_equal(b"secret", b"secret"));
        assert!(!constant_time_equal(b"secret", b"secreT"));
        assert!(!constant_time_equal(b"secret", b"secret2"));
        assert!(!constant_time_equal(b"", b"secret"));
    }

    #[test]
    fn only_loopback_goes_without_a_token() {
        let options = |address: &str, token: Option<&str>| HttpOptions {
            address: address.parse().expect("a socket address"),
            token: token.map(str::to_string),
        };
        assert!(check_http_options(&options("127.0.0.1:0", None)).is_ok());
        assert!(check_http_options(&options("[::1]:0", None)).is_ok());
        assert!(check_http_options(&options("0.0.0.0:0", None)).is_err());
        assert!(check_http_options(&options("0.0.0.0:0", Some(""))).is_err());
        assert!(check_http_options(&options("0.0.0.0:0", Some("t0ken"))).is_ok());
    }
}

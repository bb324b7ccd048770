//! Opens and pools synchronous Redis connections whose every step is bounded by a timeout.
//!
//! The `redis` crate runs its handshake (AUTH, SELECT) before a caller can set socket timeouts,
//! so a server that accepts connections and then hangs would hang us too. We therefore hand it
//! an address without password or database and send AUTH and SELECT ourselves, after the
//! timeouts are set.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use redis::{Client, Connection, ConnectionInfo, IntoConnectionInfo, RedisResult};
use secrecy::{ExposeSecret, SecretString};

use crate::{redact_url, RemoteError, RemoteLimits};

/// Idle connections kept for reuse; more can be open while busy, one per calling thread.
const MAX_IDLE_CONNECTIONS: usize = 8;

pub(crate) struct ConnectionPool {
    client: Client,
    username: Option<String>,
    password: Option<SecretString>,
    database: i64,
    connect_timeout: Duration,
    command_timeout: Duration,
    idle: Mutex<Vec<Connection>>,
    /// The URL without user info, for messages.
    pub(crate) endpoint: String,
}

impl ConnectionPool {
    pub(crate) fn new(
        url: &str,
        password: Option<SecretString>,
        limits: &RemoteLimits,
    ) -> Result<Self, RemoteError> {
        let endpoint = redact_url(url);
        let mut info: ConnectionInfo =
            url.into_connection_info()
                .map_err(|_| RemoteError::InvalidUrl {
                    url: endpoint.clone(),
                })?;
        if info.redis.password.is_some() {
            return Err(RemoteError::PasswordInUrl { url: endpoint });
        }
        let username = info.redis.username.take();
        let database = std::mem::take(&mut info.redis.db);
        let client = Client::open(info).map_err(|_| RemoteError::InvalidUrl {
            url: endpoint.clone(),
        })?;
        Ok(Self {
            client,
            username,
            password,
            database,
            connect_timeout: limits.connect_timeout,
            command_timeout: limits.command_timeout,
            idle: Mutex::new(Vec::new()),
            endpoint,
        })
    }

    fn open(&self) -> RedisResult<Connection> {
        let mut connection = self
            .client
            .get_connection_with_timeout(self.connect_timeout)?;
        connection.set_read_timeout(Some(self.command_timeout))?;
        connection.set_write_timeout(Some(self.command_timeout))?;
        if let Some(password) = &self.password {
            let mut auth = redis::cmd("AUTH");
            if let Some(username) = &self.username {
                auth.arg(username);
            }
            auth.arg(password.expose_secret())
                .query::<()>(&mut connection)?;
        }
        if self.database != 0 {
            redis::cmd("SELECT")
                .arg(self.database)
                .query::<()>(&mut connection)?;
        }
        Ok(connection)
    }

    /// Runs `operation` on an idle connection, or a new one. A connection that saw an error is
    /// dropped rather than reused: it may hold half a reply.
    pub(crate) fn with_connection<T>(
        &self,
        operation: impl FnOnce(&mut Connection) -> RedisResult<T>,
    ) -> RedisResult<T> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut connection = match idle {
            Some(connection) => connection,
            None => self.open()?,
        };
        let result = operation(&mut connection)?;
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_CONNECTIONS {
            idle.push(connection);
        }
        Ok(result)
    }
}

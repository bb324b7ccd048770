//! A throwaway redis-server on a free loopback port, killed when dropped. Shared by the tests
//! and the benchmark example.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

pub const SKIP_VARIABLE: &str = "CARTOGRAPH_SKIP_REDIS_TESTS";
const READY_WAIT: Duration = Duration::from_secs(5);

pub struct RedisServer {
    child: Child,
    pub port: u16,
    extra_args: Vec<String>,
}

impl RedisServer {
    /// Starts a server, or returns `None` (with a notice) when `CARTOGRAPH_SKIP_REDIS_TESTS=1`.
    /// Panics with a clear message when redis-server is missing, so CI cannot pass silently.
    pub fn start() -> Option<RedisServer> {
        Self::start_with(&[])
    }

    pub fn start_with(extra_args: &[&str]) -> Option<RedisServer> {
        if std::env::var(SKIP_VARIABLE).is_ok_and(|value| value == "1") {
            // Straight to stderr: the test harness hides `eprintln!` of passing tests.
            static NOTICE: Once = Once::new();
            NOTICE.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "note: skipping the tests that need redis-server because {SKIP_VARIABLE}=1"
                );
            });
            return None;
        }
        let extra_args: Vec<String> = extra_args.iter().map(|arg| arg.to_string()).collect();
        // Another process may take the port between our probe and redis binding it: retry.
        let mut last_failure = String::new();
        for _ in 0..3 {
            let port = free_port();
            match Self::spawn(port, &extra_args) {
                Ok(server) => return Some(server),
                Err(failure) => last_failure = failure,
            }
        }
        panic!("redis-server did not start: {last_failure}");
    }

    fn spawn(port: u16, extra_args: &[String]) -> Result<RedisServer, String> {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--daemonize", "no"])
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| {
                if error.kind() == ErrorKind::NotFound {
                    panic!(
                        "redis-server is not on PATH; install it (apt-get install -y redis-server) \
                         or set {SKIP_VARIABLE}=1 to skip the tests that need it"
                    );
                }
                format!("failed to run redis-server: {error}")
            })?;
        let mut server = RedisServer {
            child,
            port,
            extra_args: extra_args.to_vec(),
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "redis-server on port {} exited: {status}",
                    self.port
                ));
            }
            if answers_ping(self.port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!(
            "redis-server on port {} did not answer PING within {READY_WAIT:?}",
            self.port
        ))
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// A plain connection for inspecting and tampering with the server.
    pub fn admin(&self) -> redis::Connection {
        let mut connection = redis::Client::open(self.url())
            .and_then(|client| client.get_connection())
            .unwrap_or_else(|error| panic!("admin connection to redis failed: {error}"));
        if let Some(at) = self
            .extra_args
            .iter()
            .position(|arg| arg == "--requirepass")
        {
            let password = &self.extra_args[at + 1];
            redis::cmd("AUTH")
                .arg(password)
                .query::<()>(&mut connection)
                .unwrap_or_else(|error| panic!("admin AUTH failed: {error}"));
        }
        connection
    }

    /// Kills the server now, as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Freezes the server (SIGSTOP): connections are still accepted, nothing is answered.
    pub fn freeze(&self) {
        let status = Command::new("kill")
            .args(["-STOP", &self.child.id().to_string()])
            .status()
            .unwrap_or_else(|error| panic!("failed to run kill: {error}"));
        assert!(status.success(), "kill -STOP failed");
    }

    /// Starts the server again on the same port, as after a restart.
    pub fn restart(&mut self) {
        self.kill();
        let replacement = Self::spawn(self.port, &self.extra_args)
            .unwrap_or_else(|failure| panic!("redis-server did not restart: {failure}"));
        *self = replacement;
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("no free loopback port: {error}"))
}

/// Any reply to PING means the server is up, including an auth error.
fn answers_ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut reply = [0u8; 1];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut reply).is_ok()
        && matches!(reply[0], b'+' | b'-')
}

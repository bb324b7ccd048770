//! The fake provider as a process, for end-to-end tests of the real binary. Prints its base
//! URL (`http://127.0.0.1:<port>`) on the first stdout line, then serves until killed or until
//! `--max-runtime-secs` (default 600) pass. Control endpoints: `GET /_fake/requests`,
//! `GET /_fake/stats`, `POST /_fake/push` and `POST /_fake/default` with a behaviour spec body.
//!
//! `fake-provider [--port N] [--latency-ms N] [--rpm N] [--tpm N] [--default SPEC] [--queue SPEC]...
//! [--reply-words SUMMARY,PAGE]` (default replies stretched to that many words, for benchmarks)

use cartograph_testkit::fake_provider::{Behavior, FakeProvider, FakeScript};
use std::io::Write;
use std::time::Duration;

fn usage(problem: &str) -> ! {
    eprintln!("fake-provider: {problem}");
    eprintln!(
        "usage: fake-provider [--port N] [--latency-ms N] [--rpm N] [--tpm N] [--default SPEC] [--queue SPEC]... [--max-runtime-secs N] [--reply-words SUMMARY,PAGE]"
    );
    std::process::exit(2)
}

fn main() {
    let mut port = 0u16;
    let mut script = FakeScript::default();
    let mut max_runtime = Duration::from_secs(600);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        let number = |text: String| -> u64 {
            text.parse()
                .unwrap_or_else(|_| usage(&format!("not a number: {text}")))
        };
        let behavior = |text: String| {
            Behavior::parse_spec(&text)
                .unwrap_or_else(|| usage(&format!("unknown behaviour: {text}")))
        };
        match flag.as_str() {
            "--port" => {
                port = u16::try_from(number(value())).unwrap_or_else(|_| usage("port out of range"))
            }
            "--latency-ms" => script.latency = Duration::from_millis(number(value())),
            "--rpm" => {
                script.requests_per_minute =
                    Some(u32::try_from(number(value())).unwrap_or(u32::MAX))
            }
            "--tpm" => script.tokens_per_minute = Some(number(value())),
            "--default" => script.default = behavior(value()),
            "--queue" => script.queue.push(behavior(value())),
            "--max-runtime-secs" => max_runtime = Duration::from_secs(number(value())),
            "--reply-words" => {
                let text = value();
                let Some((summary, page)) = text.split_once(',') else {
                    usage("--reply-words takes SUMMARY,PAGE")
                };
                script.reply_words = Some((
                    number(summary.into()) as usize,
                    number(page.into()) as usize,
                ));
            }
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => usage(&format!("cannot start a runtime: {error}")),
    };
    runtime.block_on(async {
        let provider =
            match FakeProvider::start_on(&format!("127.0.0.1:{port}"), script, true).await {
                Ok(provider) => provider,
                Err(error) => usage(&format!("cannot listen on port {port}: {error}")),
            };
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "{}", provider.base_url());
        let _ = stdout.flush();
        tokio::time::sleep(max_runtime).await;
        drop(provider);
    });
}

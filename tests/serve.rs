//! `keikaku serve`: serves the site on 127.0.0.1, rebuilds on change, and keeps the last good
//! build online (with the diagnostic available to the page) when an edit breaks the sources.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Polls `path` until `predicate` holds, for at most 20 seconds.
fn wait_for(port: u16, path: &str, predicate: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(port, path);
        if predicate(&body) {
            return body;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting on {path}; last body:\n{body}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_rebuilds_on_change_and_survives_a_broken_edit() {
    let f = Fixture::standard();
    let mut child = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["serve", "--port", "0"])
        .current_dir(f.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start keikaku serve");
    let stdout = child.stdout.take().unwrap();
    let _server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));

    let (status, body) = get(port, "/ja/plans/test-plan/1-1/");
    assert_eq!(status, 200);
    assert!(body.contains("オンライン手続の推進"));
    assert!(body.contains("/__keikaku/status"), "live-reload script injected");
    assert_eq!(get(port, "/ja/no/such/page/").0, 404);

    f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "オンライン手続の推進", "オンライン手続の全面推進");
    wait_for(port, "/ja/plans/test-plan/1-1/", |b| b.contains("オンライン手続の全面推進"));

    // The templates are compiled again when one changes (serve keeps them between rebuilds).
    f.edit(
        "themes/default/templates/initiative.html",
        "{% block content %}\n<article",
        "{% block content %}\n<article data-edited",
    );
    wait_for(port, "/ja/plans/test-plan/1-1/", |b| b.contains("<article data-edited"));

    // A broken edit: the last good page stays, the status endpoint carries the diagnostic.
    f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "pillar = \"1\"", "pillar = \"7\"");
    let status = wait_for(port, "/__keikaku/status", |b| b.contains("unknown pillar"));
    assert!(status.contains("1-1.ja.md:4:10"), "{status}");
    let (code, body) = get(port, "/ja/plans/test-plan/1-1/");
    assert_eq!(code, 200);
    assert!(body.contains("オンライン手続の全面推進"), "last good build still served");

    // Fixing it clears the error.
    f.edit("content/plans/test-plan/initiatives/1-1.ja.md", "pillar = \"7\"", "pillar = \"1\"");
    wait_for(port, "/__keikaku/status", |b| b.contains("\"error\":null"));
}

//! `keikaku serve`: build in memory, serve on 127.0.0.1, rebuild when a source changes, and make
//! open pages reload. A broken edit keeps the last good build online and shows its diagnostics in
//! the browser (and on the terminal) until it is fixed.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::commands::{IO_ERROR, report};

/// What the server currently serves.
#[derive(Default)]
struct ServeState {
    files: BTreeMap<String, Vec<u8>>,
    /// Increases with every successful rebuild; pages reload when it changes.
    version: u64,
    /// Diagnostics of the last failed rebuild, shown in the browser.
    error: Option<String>,
}

/// Runs the development server until the process is stopped.
pub fn serve(root: &Path, port: u16) -> ExitCode {
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(IO_ERROR);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let base_url = format!("http://127.0.0.1:{port}/");
    let state = Arc::new(Mutex::new(ServeState::default()));
    // Taken before the first build, so an edit made while it runs (or before the watcher thread
    // starts) is still seen as a change.
    let mut last = fingerprint(root);
    rebuild(root, &base_url, &state);
    println!("serving {} at {base_url} (Ctrl+C to stop)", root.display());
    let _ = std::io::stdout().flush();

    let watch_root = root.to_path_buf();
    let watch_state = Arc::clone(&state);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let now = fingerprint(&watch_root);
            if now != last {
                last = now;
                rebuild(&watch_root, &base_url, &watch_state);
            }
        }
    });

    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = handle(stream, &state);
        });
    }
    ExitCode::SUCCESS
}

fn rebuild(root: &Path, base_url: &str, state: &Arc<Mutex<ServeState>>) {
    let started = std::time::Instant::now();
    let result = crate::build(root, Some(base_url));
    let mut state = match state.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    match result {
        Ok(built) => {
            report(&built.rendered.warnings);
            state.files = built.rendered.files.into_iter().map(|f| (f.path, f.bytes)).collect();
            state.version += 1;
            state.error = None;
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
        }
        Err(errors) => {
            report(&errors);
            let text: Vec<String> = errors.iter().map(|d| d.render(false)).collect();
            state.error = Some(text.join("\n"));
            eprintln!("rebuild failed; still serving the last good build");
        }
    }
}

/// A cheap summary of the sources: changes when any watched file is added, removed or modified.
fn fingerprint(root: &Path) -> Vec<(PathBuf, SystemTime, u64)> {
    let mut out = Vec::new();
    for dir in ["content", "themes", "templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                out.push((entry.path().to_path_buf(), meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), meta.len()));
            }
        }
    }
    if let Ok(meta) = std::fs::metadata(root.join("keikaku.toml")) {
        out.push((root.join("keikaku.toml"), meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), meta.len()));
    }
    out
}

const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var version = null;
  function show(text) {
    var box = document.getElementById("keikaku-error");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "keikaku-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#fff0f0;color:#600;border-top:3px solid #c00;padding:1rem;z-index:1000";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.firstChild.textContent = text;
  }
  function poll() {
    fetch("/__keikaku/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (version !== null && s.version !== version) { location.reload(); return; }
      version = s.version;
      show(s.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>"#;

/// The longest request head (request line and headers) the server reads. A development server
/// needs a few hundred bytes; anything longer is refused rather than buffered.
pub const MAX_REQUEST_HEAD: usize = 8 * 1024;

/// A parsed request: the method and the raw request target.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
}

/// Parses a request head with `httparse`. `Ok(None)`: more bytes are needed. `Err(status)`: the
/// HTTP status to answer with (400 malformed, 414 request line too long, 431 headers too long).
/// Never panics, whatever the bytes.
pub fn parse_request(buf: &[u8]) -> Result<Option<Request>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(buf) {
        Ok(httparse::Status::Complete(_)) => Ok(Some(Request {
            method: request.method.unwrap_or("").to_string(),
            target: request.path.unwrap_or("/").to_string(),
        })),
        Ok(httparse::Status::Partial) if buf.len() >= MAX_REQUEST_HEAD => {
            Err(if buf.windows(2).any(|w| w == b"\r\n") || buf.contains(&b'\n') { 431 } else { 414 })
        }
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => Err(431),
        Err(_) => Err(400),
    }
}

/// Reads one request head from `reader`, at most `MAX_REQUEST_HEAD` bytes.
fn read_request(reader: &mut impl Read) -> Result<Request, u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = reader.read(&mut chunk).map_err(|_| 400u16)?;
        if n == 0 {
            return Err(400);
        }
        let room = MAX_REQUEST_HEAD.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..n.min(room)]);
        if let Some(request) = parse_request(&buf)? {
            return Ok(request);
        }
    }
}

fn handle(stream: TcpStream, state: &Arc<Mutex<ServeState>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = stream.try_clone()?;
    let mut stream = stream;
    let request = match read_request(&mut reader) {
        Ok(r) => r,
        Err(status) => return respond(&mut stream, status, "text/plain; charset=utf-8", b"bad request", false),
    };
    let method = request.method.as_str();
    let target = request.target.as_str();
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, 405, "text/plain; charset=utf-8", b"method not allowed", method == "HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path);
    let state = match state.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    if path == "/__keikaku/status" {
        let body = serde_json::json!({ "version": state.version, "error": state.error }).to_string();
        return respond(&mut stream, 200, "application/json", body.as_bytes(), method == "HEAD");
    }
    let site_path = path.trim_start_matches('/');
    let file_path =
        if site_path.is_empty() || site_path.ends_with('/') { format!("{site_path}index.html") } else { site_path.to_string() };
    if let Some(bytes) = state.files.get(&file_path) {
        let body = with_reload(&file_path, bytes);
        return respond(&mut stream, 200, content_type(&file_path), &body, method == "HEAD");
    }
    if state.files.contains_key(&format!("{site_path}/index.html")) {
        let location = format!("/{site_path}/");
        let header =
            format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return stream.write_all(header.as_bytes());
    }
    let body = state.files.get("404.html").map(|b| with_reload("404.html", b)).unwrap_or_else(|| b"not found".to_vec());
    respond(&mut stream, 404, "text/html; charset=utf-8", &body, method == "HEAD")
}

fn with_reload(path: &str, bytes: &[u8]) -> Vec<u8> {
    if !path.ends_with(".html") {
        return bytes.to_vec();
    }
    let text = String::from_utf8_lossy(bytes);
    match text.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]).into_bytes(),
        None => bytes.to_vec(),
    }
}

fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Content type by file extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes byte by byte; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b)))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_followed_by_a_multibyte_character_does_not_panic() {
        assert_eq!(percent_decode("/%あ"), "/%あ");
        assert_eq!(percent_decode("/%e3%81%82/"), "/あ/");
        assert_eq!(percent_decode("/%"), "/%");
        assert_eq!(percent_decode("/%4"), "/%4");
        assert_eq!(percent_decode("/%zz"), "/%zz");
    }

    #[test]
    fn request_heads_are_bounded() {
        let multibyte = parse_request("GET /%あ HTTP/1.1\r\nHost: x\r\n\r\n".as_bytes());
        assert_eq!(multibyte, Ok(Some(Request { method: "GET".into(), target: "/%あ".into() })));
        assert_eq!(
            parse_request(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n"),
            Ok(Some(Request { method: "GET".into(), target: "/a".into() }))
        );
        assert_eq!(parse_request(b"GET /a HTTP/1.1\r\nHost"), Ok(None));
        let long_line = [b"GET /".as_slice(), &vec![b'a'; MAX_REQUEST_HEAD]].concat();
        assert_eq!(parse_request(&long_line), Err(414));
        let long_headers = [b"GET / HTTP/1.1\r\nX: ".as_slice(), &vec![b'a'; MAX_REQUEST_HEAD]].concat();
        assert_eq!(parse_request(&long_headers), Err(431));
        assert_eq!(parse_request(b"\x00\x01garbage\r\n\r\n"), Err(400));
    }

    #[test]
    fn an_endless_request_line_is_cut_off() {
        // 200 MB without a newline used to be buffered whole; now at most MAX_REQUEST_HEAD.
        let mut endless = std::io::repeat(b'a');
        assert_eq!(read_request(&mut endless), Err(414));
    }
}

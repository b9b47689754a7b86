//! `keikaku serve`: build in memory, serve on 127.0.0.1, rebuild when a source changes, and make
//! open pages reload. A broken edit keeps the last good build online and shows its diagnostics in
//! the browser (and on the terminal) until it is fixed.
//!
//! A rebuild is quick to show: as soon as the changed sources are loaded and linked (tens of
//! milliseconds), open pages reload and each page asked for is rendered on demand by the new
//! build, while the whole site renders in the background; files that are not pages (charts, open
//! data, the search index) are served from the new build once it is complete. One thread, the
//! site thread, owns the sources, the renderer and the watcher; connection threads ask it for
//! pages over a channel.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use crate::commands::{IO_ERROR, report};

/// How often the sources are checked for changes, at the most: a walk of the sources takes a few
/// milliseconds on a city's site, so it runs every 20 ms; a large project is walked less often,
/// never more than a fifth of the time.
const WATCH_INTERVAL: Duration = Duration::from_millis(20);

/// The sources as last seen, and how long to wait before looking again.
struct Watcher {
    last: Vec<(PathBuf, SystemTime, u64)>,
    interval: Duration,
}

impl Watcher {
    fn new(root: &Path) -> Watcher {
        Watcher { last: fingerprint(root), interval: WATCH_INTERVAL }
    }

    /// Whether the sources changed since the last look.
    fn changed(&mut self, root: &Path) -> bool {
        let started = Instant::now();
        let now = fingerprint(root);
        self.interval = (started.elapsed() * 4).max(WATCH_INTERVAL);
        if now == self.last {
            return false;
        }
        self.last = now;
        true
    }
}

/// What the server currently serves.
#[derive(Default)]
struct ServeState {
    /// The last complete build.
    files: BTreeMap<String, Vec<u8>>,
    /// Increases once per rebuild, as soon as its pages can be rendered; pages reload when it
    /// changes.
    version: u64,
    /// The version `files` belongs to.
    online: u64,
    /// The newest version whose whole-site render has finished (published or failed).
    settled: u64,
    /// Diagnostics of the last failed rebuild, shown in the browser.
    error: Option<String>,
}

impl ServeState {
    /// True while the newest version's site is not complete: its pages come from the site
    /// thread, anything else waits.
    fn pending(&self) -> bool {
        self.settled < self.version
    }
}

/// The state, the signal that a background render finished, and the way to the site thread.
struct Shared {
    /// The threads of background renders: all processors but one, which stays free for the
    /// pages asked for while a render runs.
    background: rayon::ThreadPool,
    state: Mutex<ServeState>,
    complete: Condvar,
    asks: Mutex<Sender<Ask>>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, ServeState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A connection thread's question to the site thread: the bytes of one file of the newest build,
/// if it can give them before the whole build is rendered (pages and theme assets).
struct Ask {
    file: String,
    reply: Sender<Option<Vec<u8>>>,
}

/// Runs the development server until the process is stopped.
pub fn serve(root: &Path, port: u16) -> ExitCode {
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            report(&[crate::diagnostics::Diagnostic::error(format!("cannot listen on 127.0.0.1:{port}: {e}"))]);
            return ExitCode::from(IO_ERROR);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let base_url = format!("http://127.0.0.1:{port}/");
    let (ask_tx, ask_rx) = channel();
    let shared = Arc::new(Shared {
        background: background_pool(),
        state: Mutex::new(ServeState::default()),
        complete: Condvar::new(),
        asks: Mutex::new(ask_tx),
    });
    // Taken before the first build, so an edit made while it runs is still seen as a change.
    let watcher = Watcher::new(root);
    // The first build is complete before the address is announced.
    let first = crate::build(root, Some(&base_url));
    match first {
        Ok(built) => {
            report(&built.rendered.warnings);
            let mut state = shared.lock();
            state.files = built.rendered.files.into_iter().map(|f| (f.path, f.bytes)).collect();
            state.version = 1;
            state.online = 1;
            state.settled = 1;
        }
        Err(errors) => {
            report(&errors);
            shared.lock().error = Some(render_errors(&errors));
        }
    }
    println!("serving {} at {base_url} (Ctrl+C to stop)", root.display());
    let _ = std::io::stdout().flush();

    let site_root = root.to_path_buf();
    let site_shared = Arc::clone(&shared);
    std::thread::spawn(move || site_thread(&site_root, &base_url, &site_shared, &ask_rx, watcher));

    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
    ExitCode::SUCCESS
}

fn background_pool() -> rayon::ThreadPool {
    let processors = std::thread::available_parallelism().map_or(1, |n| n.get());
    let builder = rayon::ThreadPoolBuilder::new().num_threads(processors.saturating_sub(1).max(1));
    // Invariant: building a pool only fails when threads cannot be spawned at all.
    builder.build().unwrap_or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("one thread"))
}

fn render_errors(errors: &[crate::diagnostics::Diagnostic]) -> String {
    errors.iter().map(|d| d.render(false)).collect::<Vec<_>>().join("\n")
}

/// Waits for a change of the sources, answering questions meanwhile with "not yet" (the last
/// complete build serves them).
fn wait_for_change(root: &Path, watcher: &mut Watcher, asks: &Receiver<Ask>) -> bool {
    loop {
        match asks.recv_timeout(watcher.interval) {
            Ok(ask) => {
                let _ = ask.reply.send(None);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return false,
        }
        if watcher.changed(root) {
            return true;
        }
    }
}

/// The site thread: on every change, loads and links the sources, makes pages available on
/// demand at once, and starts rendering the whole site in the background.
fn site_thread(root: &Path, base_url: &str, shared: &Arc<Shared>, asks: &Receiver<Ask>, mut watcher: Watcher) {
    // The theme's templates as last compiled, used again while they do not change.
    let mut templates = None;
    while wait_for_change(root, &mut watcher, asks) {
        // Rebuild until a rebuild is complete without a newer change (or fails).
        while rebuild(root, base_url, shared, asks, &mut watcher, &mut templates) {}
    }
}

/// One rebuild; true when the sources changed again before its site was complete. The whole
/// site renders on its own thread with its own renderer, so a newer change never waits for an
/// older render; each finished render is published if it is newer than what is online.
fn rebuild(
    root: &Path,
    base_url: &str,
    shared: &Arc<Shared>,
    asks: &Receiver<Ask>,
    watcher: &mut Watcher,
    templates: &mut Option<crate::render::CompiledTemplates>,
) -> bool {
    use crate::render::SiteRenderer;
    use crate::timings::{Progress, Timings};
    let started = Instant::now();
    let failed = |errors: Vec<crate::diagnostics::Diagnostic>| {
        report(&errors);
        shared.lock().error = Some(render_errors(&errors));
        eprintln!("rebuild failed; still serving the last good build");
        false
    };
    let linked = match crate::link(root, Some(base_url), &Timings::default()) {
        Ok(l) => Arc::new(l),
        Err(errors) => return failed(errors),
    };
    let renderer = match SiteRenderer::reusing(&linked.site, &linked.theme, templates.as_ref()) {
        Ok((r, compiled)) => {
            *templates = Some(compiled);
            r
        }
        Err(errors) => return failed(errors),
    };
    report(&linked.warnings);
    report(&renderer.warnings);
    let generation = {
        let mut state = shared.lock();
        state.version += 1;
        state.error = None;
        state.version
    };
    eprintln!("pages ready in {} ms", started.elapsed().as_millis());

    let (site, background, compiled) = (Arc::clone(&linked), Arc::clone(shared), templates.clone());
    std::thread::spawn(move || {
        // A render whose sources changed again stops early and is not published.
        let overtaken = || background.lock().version > generation;
        let render = || {
            let (renderer, _) = SiteRenderer::reusing(&site.site, &site.theme, compiled.as_ref())?;
            let files = Mutex::new(Vec::new());
            let push = |f| files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
            renderer.render_each_until(&push, &Timings::default(), &Progress::hidden(), &overtaken)?;
            Ok(files.into_inner().unwrap_or_else(|e| e.into_inner()))
        };
        let result: Result<Vec<crate::render::OutputFile>, Vec<crate::diagnostics::Diagnostic>> =
            background.background.install(render);
        let stopped = overtaken();
        let mut state = background.lock();
        match result {
            Ok(_) if stopped => {}
            Ok(files) if generation > state.online => {
                state.files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
                state.online = generation;
                eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
            }
            Ok(_) => {}
            Err(errors) => {
                report(&errors);
                if generation == state.version {
                    state.error = Some(render_errors(&errors));
                }
                eprintln!("rebuild failed; still serving the last good build");
            }
        }
        state.settled = state.settled.max(generation);
        drop(state);
        background.complete.notify_all();
    });

    // Until the site is complete, pages are rendered here when asked for.
    loop {
        match asks.recv_timeout(watcher.interval) {
            Ok(ask) => {
                let bytes = match ask.file.strip_prefix("static/") {
                    Some(asset) => linked.theme.static_files.get(asset).cloned(),
                    None => renderer.render_page(&ask.file).and_then(Result::ok).map(|f| f.bytes),
                };
                let _ = ask.reply.send(bytes);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return false,
        }
        if watcher.changed(root) {
            return true;
        }
        if shared.lock().settled >= generation {
            return false;
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
    }).catch(function () {}).finally(function () { setTimeout(poll, 250); });
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

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
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
    if path == "/__keikaku/status" {
        let state = shared.lock();
        let body = serde_json::json!({ "version": state.version, "error": state.error }).to_string();
        return respond(&mut stream, 200, "application/json", body.as_bytes(), method == "HEAD");
    }
    let site_path = path.trim_start_matches('/');
    let file_path =
        if site_path.is_empty() || site_path.ends_with('/') { format!("{site_path}index.html") } else { site_path.to_string() };
    // While a newer build renders, its pages come from the site thread; anything else waits for
    // the build to be complete.
    if shared.lock().pending() {
        let (reply, answer) = channel();
        let asked = shared.asks.lock().map(|asks| asks.send(Ask { file: file_path.clone(), reply }).is_ok()).unwrap_or(false);
        if asked && let Ok(Some(bytes)) = answer.recv_timeout(Duration::from_secs(10)) {
            let body = with_reload(&file_path, &bytes);
            return respond(&mut stream, 200, content_type(&file_path), &body, method == "HEAD");
        }
        let state = shared.lock();
        let _ = shared.complete.wait_timeout_while(state, Duration::from_secs(30), |s| s.pending());
    }
    let state = shared.lock();
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

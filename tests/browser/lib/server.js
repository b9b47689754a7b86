// A tiny static server for the gate: serves a directory on 127.0.0.1 the way GitHub Pages does
// (directory → index.html, a slash added by redirect, /404.html for anything missing) with
// correct content types and gzip, so that what the browser sees is what visitors get.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;

/** The content type for a file name. */
function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/** The file a URL path maps to under `root`, or null (also for paths escaping `root`). */
function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/**
 * Serves `root` on 127.0.0.1 (a free port). Resolves to `{ origin, close() }`.
 */
function serve(root) {
  root = path.resolve(root);
  const gzipped = new Map();
  const gzipOf = (file, body) => {
    let z = gzipped.get(file);
    if (!z) gzipped.set(file, (z = zlib.gzipSync(body)));
    return z;
  };

  const send = (req, res, status, file) => {
    const body = fs.readFileSync(file);
    const type = contentType(file);
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    let payload = body;
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      payload = gzipOf(file, body);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = payload.length;
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = resolveFile(root, url.pathname);
    let stat = null;
    try {
      stat = file && fs.statSync(file);
    } catch {
      stat = null;
    }
    if (stat && stat.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
        res.end();
        return;
      }
      const index = path.join(file, 'index.html');
      if (fs.existsSync(index)) return send(req, res, 200, index);
    } else if (stat && stat.isFile()) {
      return send(req, res, 200, file);
    }
    const notFound = path.join(root, '404.html');
    if (fs.existsSync(notFound)) return send(req, res, 404, notFound);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found');
  });

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        root,
        close: () => new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
      });
    });
  });
}

module.exports = { serve, contentType, resolveFile };

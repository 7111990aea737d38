// A stand-in for the Backstage backend's proxy, for the dev app and the e2e test: it serves
// /api/proxy/stagehand/* from STAGEHAND_URL, as an app-config.yaml proxy entry would.
// Like Backstage's proxy by default, it does not pass the user's Authorization header on.
// Usage: STAGEHAND_URL=http://localhost:7171 PORT=7007 node dev/proxy.mjs
import http from 'node:http';

const target = new URL(process.env.STAGEHAND_URL ?? 'http://localhost:7171');
const port = Number(process.env.PORT ?? 7007);
const prefix = '/api/proxy/stagehand';

const cors = origin => ({
  'access-control-allow-origin': origin ?? '*',
  'access-control-allow-credentials': 'true',
  'access-control-allow-headers': 'content-type, accept, authorization, x-requested-with',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  vary: 'Origin',
});

const server = http.createServer((req, res) => {
  const headers = cors(req.headers.origin);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, headers).end();
    return;
  }
  if (!req.url.startsWith(`${prefix}/`)) {
    res.writeHead(404, headers).end('Not a proxy path');
    return;
  }
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      path: req.url.slice(prefix.length),
      method: req.method,
      headers: {
        'content-type': req.headers['content-type'] ?? 'application/json',
        accept: req.headers.accept ?? 'application/json',
      },
    },
    up => {
      res.writeHead(up.statusCode ?? 502, {
        ...headers,
        'content-type': up.headers['content-type'] ?? 'text/plain',
      });
      up.pipe(res);
    },
  );
  // Backstage's proxy answers 504 when its target is down; so does this stand-in.
  upstream.on('error', err => {
    if (!res.headersSent) res.writeHead(504, headers);
    res.end(`Stagehand unreachable: ${err.message}`);
  });
  req.pipe(upstream);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(
    `proxy ${prefix} -> ${target.origin} on http://127.0.0.1:${port}\n`,
  );
});

// Stands in for the Backstage backend of the test apps: its proxy (/api/proxy/stagehand/* to
// Stagehand, as the README's app-config.yaml entry does) and its catalog API (/api/catalog/*,
// answered by catalog.mjs from the entities Stagehand serves). Logs every catalog request, so
// a test can count what the apps asked.
// Usage: STAGEHAND_URL=http://localhost:7171 PORT=7007 node test-apps/backend.mjs
import http from 'node:http';
import { answer, loadEntities } from './catalog.mjs';

const target = new URL(process.env.STAGEHAND_URL ?? 'http://localhost:7171');
const port = Number(process.env.PORT ?? 7007);
const proxyPrefix = '/api/proxy/stagehand';
const catalogPrefix = '/api/catalog';

const cors = origin => ({
  'access-control-allow-origin': origin ?? '*',
  'access-control-allow-credentials': 'true',
  'access-control-allow-headers': 'content-type, accept, authorization, x-requested-with',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  vary: 'Origin',
});

const entities = await loadEntities(target.origin);

function proxy(req, res, headers) {
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      path: req.url.slice(proxyPrefix.length),
      method: req.method,
      headers: {
        'content-type': req.headers['content-type'] ?? 'application/json',
        accept: req.headers.accept ?? 'application/json',
      },
    },
    up => {
      res.writeHead(up.statusCode ?? 502, { ...headers, 'content-type': up.headers['content-type'] ?? 'text/plain' });
      up.pipe(res);
    },
  );
  upstream.on('error', err => {
    if (!res.headersSent) res.writeHead(504, headers);
    res.end(`Stagehand unreachable: ${err.message}`);
  });
  req.pipe(upstream);
}

async function catalog(req, res, headers) {
  const url = new URL(req.url, 'http://backend');
  let body;
  if (req.method === 'POST') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
  }
  const path = url.pathname.slice(catalogPrefix.length);
  const result = answer(entities, req.method, path, url.searchParams, body);
  process.stdout.write(`catalog ${req.method} ${path}${url.search} -> ${result === undefined ? 404 : result === null ? 404 : 200}\n`);
  if (result === undefined || result === null) {
    res.writeHead(404, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { name: 'NotFoundError', message: `No ${path}` } }));
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
}

const server = http.createServer((req, res) => {
  const headers = cors(req.headers.origin);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, headers).end();
  } else if (req.url.startsWith(`${proxyPrefix}/`)) {
    proxy(req, res, headers);
  } else if (req.url.startsWith(`${catalogPrefix}/`)) {
    catalog(req, res, headers).catch(err => {
      res.writeHead(500, headers).end(String(err));
    });
  } else {
    process.stdout.write(`unknown ${req.method} ${req.url}\n`);
    res.writeHead(404, headers).end('Not served by the stand-in backend');
  }
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`backend on http://127.0.0.1:${port}: ${entities.length} entities, proxy to ${target.origin}\n`);
});

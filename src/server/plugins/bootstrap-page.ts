import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../auth/route-auth.ts';

// The one-time token travels in the URL fragment (#…), which browsers never send to the server,
// so it stays out of access logs and proxies. The script posts it to /api/auth/bootstrap.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rampart — create the first admin</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem">
<h1>Create the first admin</h1>
<form id="f">
<p><label>Email<br><input name="email" type="email" required autocomplete="username" style="width:100%"></label></p>
<p><label>Name<br><input name="displayName" required style="width:100%"></label></p>
<p><label>Password (12+ characters)<br><input name="password" type="password" minlength="12" required autocomplete="new-password" style="width:100%"></label></p>
<p><button>Create admin and sign in</button></p>
<p id="m" role="status"></p>
</form>
<script src="/bootstrap.js"></script>
</body></html>`;

const SCRIPT = `document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = Object.fromEntries(new FormData(e.target));
  const res = await fetch('/api/auth/bootstrap', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...data, token: location.hash.slice(1) }),
  });
  const body = await res.json();
  document.getElementById('m').textContent = res.ok ? 'Done: you are signed in as ' + body.me.email + '.' : body.message;
  if (res.ok) history.replaceState(null, '', '/');
});
`;

/** The page the first-run bootstrap link opens (until the web UI exists). */
export async function bootstrapPage(app: FastifyInstance): Promise<void> {
  app.get('/bootstrap', { config: { auth: PUBLIC }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  app.get('/bootstrap.js', { config: { auth: PUBLIC }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(SCRIPT),
  );
}

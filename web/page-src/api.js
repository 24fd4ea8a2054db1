// The page's one way to the server: JSON in and out, with the header the server's CSRF check
// asks for next to the session cookie. A 401 (the token changed: a restart) reloads the page,
// which then shows the sign-in form.
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'x-kplay-request': '1', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (res.status === 401) location.reload();
  return { status: res.status, ok: res.ok, data };
}

/** Saves a JSON value as a file download. */
export function download(value, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

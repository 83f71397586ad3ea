// What a browser does with the URL `lanes web` prints, done by hand for Node clients in tests:
// open it, keep the session cookie it sets. Runs in the test process.

/** Opens the printed URL; returns the `Cookie` header value the server set ("lanes-PORT=…"). */
export async function login(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  const setCookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !setCookie) throw new Error(`login at ${url} failed: HTTP ${response.status}`);
  return setCookie.split(';')[0]!;
}

// One JSON exchange with the service, shared by the ticket-open page (api.js) and the operator page
// (admin-api.js): the response and its body parsed (null when empty or not JSON), or null when no
// answer came at all (network down, connection refused).
export async function exchange(url, method, headers, body) {
  const all = { Accept: 'application/json, application/problem+json', ...headers };
  if (body !== undefined) {
    all['Content-Type'] = 'application/json';
  }
  let response;
  let text;
  try {
    response = await fetch(url, {
      method, headers: all, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await response.text();
  } catch {
    return null;
  }
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  return { response, data };
}

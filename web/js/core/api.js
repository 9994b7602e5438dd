// fetch helpers for the HTTP part of the contract (/api/...).

import { takeLogin } from './first-view.js';

/** An HTTP error answer: .status, .code (from the body, else derived), .message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    // Keep the server's own message (may be empty) apart from Error's default.
    this.serverMessage = message || '';
  }
}

function codeForStatus(status) {
  if (status === 0) return 'network';
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  return 'internal';
}

/**
 * Calls the API. Resolves with the parsed JSON body ({} for an empty body),
 * rejects with an ApiError. State-changing requests always carry a JSON body and
 * content type (the server rejects anything else with 403); the browser adds the
 * Origin header itself.
 */
export async function api(method, path, body) {
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  };
  if (method !== 'GET' && method !== 'HEAD') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body === undefined ? {} : body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', '');
  }
  let data = null;
  if (res.status !== 204) {
    const text = await res.text().catch(() => '');
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
  }
  if (!res.ok) {
    const error = (data && typeof data.error === 'object' && data.error) || {};
    const err = new ApiError(res.status, error.code || codeForStatus(res.status), error.message || '');
    err.body = data;
    // Seconds to wait, from the Retry-After header or the body (429, rate_limited).
    const wait = Number(res.headers.get('Retry-After') ?? error.retry_after ?? data?.retry_after);
    if (wait > 0) err.retryAfter = wait;
    throw err;
  }
  return data || {};
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);

/**
 * The login: { user, secondFactorSetupRequired } (true while the policy asks
 * for a second factor that the user has not set up yet), or null when not
 * logged in (401). Other failures throw.
 */
export async function fetchLogin({ preloaded = false } = {}) {
  try {
    // A signed-in visit of a page that starts from data brings the login in the page.
    const inPage = preloaded ? takeLogin() : undefined;
    if (inPage) return inPage.user ? { user: inPage.user, secondFactorSetupRequired: inPage.second_factor_setup_required === true } : null;
    // Otherwise index.html preloads /api/me?boot (<link rel="preload" as="fetch">), so that the
    // login is on its way while the modules load. Only the first render takes it:
    // a preload is kept until a fetch of its URL uses it, and a later fetch of the
    // same URL (after logging in) must not get that old answer.
    const data = await get(preloaded ? '/api/me?boot' : '/api/me');
    if (!data.user) return null;
    return { user: data.user, secondFactorSetupRequired: data.second_factor_setup_required === true };
  } catch (err) {
    if (err.status === 401) return null;
    throw err;
  }
}

/** The logged-in user, or null when not logged in (401). Other failures throw. */
export async function fetchMe() {
  const login = await fetchLogin();
  return login ? login.user : null;
}

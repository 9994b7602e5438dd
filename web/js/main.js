// Entry point: history.pushState router, the page header for logged-in users and
// the WebSocket life cycle. The server serves index.html for every non-API path
// that is not a file, so any route can be loaded directly.

import { h, replace, clear } from './core/dom.js';
import { fetchLogin } from './core/api.js';
import { errorText } from './core/errors.js';
import * as socket from './core/socket.js';
import { forget as forgetFirstView } from './core/first-view.js';
import { renderHeader, hideHeader } from './header.js';
import { takeFlash } from './core/ui.js';
import { match, loadPage, preloadOtherPages } from './core/routes.js';
import { pathTo as securityPath } from './pages/security-path.js';

// The routes are web/routes.json (core/routes.js); `auth` pages need a login, and the
// user is fetched (GET /api/me) before they render. The invitation and privacy pages
// are open to everyone: the invitation page itself checks whether someone is logged in.

const main = document.getElementById('main');
let renderCount = 0; // identifies the newest render; older async renders give up
let firstRender = true; // takes the login that index.html preloads
let cleanup = null;

/** Navigates to a same-origin path (adds a history entry unless replace). */
export function navigate(path, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render({ focus: true });
}

async function render({ focus = false } = {}) {
  const current = ++renderCount;
  const isCurrent = () => current === renderCount;
  if (cleanup) {
    try {
      cleanup();
    } catch (err) {
      console.error(err);
    }
    cleanup = null;
  }
  const url = new URL(location.href);
  const { route, params } = match(url.pathname);
  // Loaded while the login is checked (the shell preloads the first page's modules).
  const pageLoad = loadPage(route);
  pageLoad.catch(() => {}); // handled where it is awaited; not unhandled meanwhile

  let user = null;
  let setupRequired = false;
  const preloaded = firstRender;
  firstRender = false;
  if (!preloaded) forgetFirstView();
  if (route.auth) {
    main.setAttribute('aria-busy', 'true');
    // The socket opens while the login is checked: one round trip less before the
    // page's data. Without a login its upgrade fails, and both lead to /login.
    socket.connect();
    let login;
    try {
      login = await fetchLogin({ preloaded });
    } catch (err) {
      if (!isCurrent()) return;
      main.removeAttribute('aria-busy');
      showLoadError(err);
      return;
    }
    if (!isCurrent()) return;
    main.removeAttribute('aria-busy');
    if (!login) {
      // The hash too: a mail's link to /beveiliging#meldingen lands there after logging in.
      const next = url.pathname + url.search + url.hash;
      navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
      return;
    }
    user = login.user;
    setupRequired = login.secondFactorSetupRequired;
    // The policy asks for a second factor first: Beveiliging is the only page,
    // and it goes on to where the person was going once a factor exists.
    if (setupRequired && route.name !== 'security') {
      navigate(securityPath(url.pathname + url.search), { replace: true });
      return;
    }
    renderHeader({ user, path: url.pathname, onLogout: () => navigate('/login') });
    socket.connect();
  } else {
    hideHeader();
    socket.disconnect();
  }

  let page;
  try {
    page = await pageLoad;
  } catch {
    if (!isCurrent()) return;
    // The browser keeps a module that failed to load as failed: only a reload tries again.
    showLoadError({ message: 'De pagina kon niet worden geladen. Controleer de verbinding en laad de pagina opnieuw.' }, { reload: true });
    return;
  }
  if (!isCurrent()) return;
  if (preloaded) preloadOtherPages(route);

  clear(main);
  const ctx = { main, params, query: url.searchParams, user, secondFactorSetupRequired: setupRequired, navigate, isCurrent };
  const result = page.render(ctx);
  if (typeof result === 'function') cleanup = result;
  // The first render took what the page brought; later ones ask over the network.
  forgetFirstView();
  // A message from the page before (for example "you were removed from the session").
  const message = takeFlash();
  if (message) {
    // A status region that gets its text a moment after it is in the page is
    // announced by screen readers; the text is not repeated in #live, so it is
    // on the page exactly once.
    const flashEl = h('p', { class: 'alert alert-info flash', role: 'status' });
    main.prepend(flashEl);
    setTimeout(() => {
      flashEl.textContent = message;
    }, 50);
  }
  if (page.title) document.title = `${page.title(ctx)} · Kennislab`;
  else document.title = 'Kennislab';
  if (focus) focusHeading();
}

/** Moves focus to the page heading after a navigation (for screen readers). */
export function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  } else {
    main.focus();
  }
  window.scrollTo(0, 0);
}

function showLoadError(err, { reload = false } = {}) {
  hideHeader();
  const again = reload ? () => location.reload() : () => render({ focus: true });
  const retry = h('button', { type: 'button', class: 'button primary', onclick: again }, reload ? 'Pagina opnieuw laden' : 'Opnieuw proberen');
  replace(main, h('section', { class: 'card narrow' },
    h('h1', {}, 'Kennislab is niet bereikbaar'),
    h('p', { role: 'alert', class: 'alert alert-error' }, errorText(err)),
    h('div', { class: 'actions' }, retry)));
  document.title = 'Niet bereikbaar · Kennislab';
}

// Same-origin links navigate without a page load.
document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest && ev.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download') || a.dataset.external !== undefined) return;
  const href = a.getAttribute('href');
  if (!href || href.startsWith('#')) return;
  const to = new URL(a.href, location.href);
  if (to.origin !== location.origin || to.pathname.startsWith('/api/')) return;
  ev.preventDefault();
  navigate(to.pathname + to.search + to.hash);
});

window.addEventListener('popstate', () => render({ focus: true }));

// The socket found out that the login is gone (expired, logged out elsewhere,
// account blocked): go to the login page.
socket.on('unauthenticated', () => {
  const path = location.pathname + location.search;
  navigate(path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`, { replace: true });
});

// A verb was refused because the policy asks for a second factor first (the
// policy changed while this page was open, or a factor was reset).
socket.on('second_factor_required', () => {
  if (match(location.pathname).route.name === 'security') return;
  navigate(securityPath(location.pathname + location.search), { replace: true });
});

render();

// The client's routes: web/routes.json, which the server puts into every shell
// (server/net/client_routes.hpp) and also reads itself, to preload exactly the
// modules of the page a path shows. Each page module is imported when its route is
// first shown, so a visit fetches and evaluates only its own page.

const table = JSON.parse(document.getElementById('kl-routes').textContent);

function route(entry) {
  return {
    name: entry.name,
    page: entry.page,
    pattern: entry.path ? new RegExp(entry.path) : null,
    params: entry.params || [],
    auth: Boolean(entry.auth),
  };
}

const ROUTES = table.routes.map(route);
const NOT_FOUND = route(table.notFound);

/** The route of a path and the values of its parameters (the not-found route if none). */
export function match(pathname) {
  for (const candidate of ROUTES) {
    const m = pathname.match(candidate.pattern);
    if (m) {
      const params = {};
      candidate.params.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]);
      });
      return { route: candidate, params };
    }
  }
  return { route: NOT_FOUND, params: {} };
}

/** The page module of a route (the import map gives its current version). */
export function loadPage(candidate) {
  return import(candidate.page);
}

/**
 * Asks the browser to fetch and compile (not run) every other page's modules once it
 * is idle, so that a later navigation does not wait for the network.
 */
export function preloadOtherPages(current) {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
  idle(() => {
    for (const candidate of [...ROUTES, NOT_FOUND]) {
      if (candidate.page === current.page) continue;
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = import.meta.resolve(candidate.page); // its versioned URL, from the import map
      document.head.append(link);
    }
  });
}

/* Kongsi service worker (community/offline.py renders it at /sw.js, scope /).
 *
 * - The app shell (CSS, JS, icons, the offline page) is cached when the worker
 *   installs; a new version (a hash of this file) drops the old caches.
 * - Pages: network first. Beranda, the catalog and the member's orders are kept
 *   as last seen, and shown when there is no signal (the page says so and when
 *   it was fresh). A page never seen shows the offline page.
 * - The new-order form: if its POST cannot reach Kongsi, the order is kept in
 *   the outbox (IndexedDB, static/js/outbox.js) and sent by itself later, with
 *   its Idempotency-Key, so it is never logged twice.
 * - Settlements and payments are never kept: they need the server.
 */
"use strict";
var VERSION = "__KONGSI_VERSION__";
var STATIC_CACHE = "kongsi-static-" + VERSION;
var PAGES_CACHE = "kongsi-pages-" + VERSION;
var PRECACHE = [{% for url in precache %}"{{ url|escapejs }}", {% endfor %}"{{ offline_url|escapejs }}"];
var WARM_PAGES = [{% for url in warm_pages %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGE_PREFIXES = [{% for url in page_prefixes %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var OFFLINE_URL = "{{ offline_url|escapejs }}";
var ORDER_FORM = "{{ order_form_path|escapejs }}";
var MAX_PAGES = 40;

importScripts("{{ outbox_js|escapejs }}");

function keepPage(cache, url, response) {
  return cache.put(url, response).then(function () {
    return cache.keys();
  }).then(function (keys) {
    // The oldest pages go first when the cache is full.
    return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (key) {
      return cache.delete(key);
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(PRECACHE);
    }).then(function () { return self.skipWaiting(); })
  );
});

// Fetch the signed-in member's main pages into the cache (a page that
// redirects, e.g. to the login, is not kept). Never blocks: each fetch gives
// up after 20 s on a slow line.
function warm() {
  return caches.open(PAGES_CACHE).then(function (cache) {
    // One after the other: a slow line does better with one page at a time.
    return WARM_PAGES.reduce(function (chain, url) {
      return chain.then(function () {
        var control = new AbortController();
        var timer = setTimeout(function () { control.abort(); }, 20000);
        return fetch(url, { credentials: "same-origin", signal: control.signal }).then(function (response) {
          if (response.ok && !response.redirected) { return cache.put(url, response); }
        })["catch"](function () { return null; }).then(function () { clearTimeout(timer); });
      });
    }, Promise.resolve());
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kongsi-") === 0 && name !== STATIC_CACHE && name !== PAGES_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function remembered(url) {
  if (url.pathname === "/" || url.pathname === OFFLINE_URL) { return true; }
  if (/\/(label|slip)\/$/.test(url.pathname)) { return false; }
  return PAGE_PREFIXES.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function freshToken() {
  var bytes = new Uint8Array(16);
  self.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}

// A kept page is shown with new one-time form tokens (its old ones may be
// used already) and marked, so the page says it is not fresh.
function fromCache(response) {
  return response.text().then(function (html) {
    html = html.replace(/name="form_token" value="[a-z0-9]+"/g, function () {
      return 'name="form_token" value="' + freshToken() + '"';
    }).replace("<body ", '<body data-from-cache="1" ');
    var headers = new Headers();
    response.headers.forEach(function (value, name) {
      if (!/^(content-length|content-encoding)$/i.test(name)) { headers.set(name, value); }
    });
    return new Response(html, { status: 200, headers: headers });
  });
}

function offlinePage() {
  return caches.match(OFFLINE_URL).then(function (cached) {
    return cached ? fromCache(cached) : new Response("", { status: 503 });
  });
}

function page(request) {
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && remembered(url)) {
      var copy = response.clone();
      caches.open(PAGES_CACHE).then(function (cache) { return keepPage(cache, url.pathname + url.search, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(url.pathname + url.search).then(function (hit) {
        return hit || cache.match(url.pathname);
      });
    }).then(function (cached) { return cached ? fromCache(cached) : offlinePage(); });
  });
}

function staticFile(request) {
  return caches.match(request).then(function (cached) {
    return cached || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    });
  });
}

function orderPost(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.formData().then(function (data) {
      var action = data.get("action");
      if (action !== "submit" && action !== "draft") { return offlinePage(); }
      return self.KongsiOutbox.keepForm(data).then(function () {
        self.KongsiOutbox.requestSync(self.registration);
        return Response.redirect(ORDER_FORM + "?outbox=1", 303);
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === ORDER_FORM) {
    event.respondWith(orderPost(request));
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage(message); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === self.KongsiOutbox.SYNC_TAG) {
    event.waitUntil(self.KongsiOutbox.sendAll().then(function () {
      return tellPages({ type: "outbox-changed" });
    }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "warm") {
    event.waitUntil(warm());
  }
  if (data.type === "signed-out") {
    // Another person may use this phone next: forget the kept pages.
    event.waitUntil(caches.delete(PAGES_CACHE));
  }
});

// Runs inside /embed: tells the page that frames it how tall the embed is, so the iframe can fit
// its content with no inner scrollbar. It speaks three dialects at once, each ignored by hosts
// that do not know it:
//   - ours:  {type: 'zonemap:height', height: N}       (static/embed.js on the host page)
//   - pym.js child protocol: 'pymxPYMx{id}xPYMxheightxPYMx{N}' (NPR's pym, common in newsrooms)
//   - AMP:   {sentinel: 'amp', type: 'embed-size', height: N}  (amp-iframe with `resizable`)
//   - WordPress: {message: 'height', value: N, secret} when the host put `#?secret=` in our URL
//     (its wp-embed.js does, for an oEmbed answer that starts with a blockquote); WordPress frames
//     us sandboxed without popups, so clicks on our own links are sent as {message: 'link'} and
//     the host navigates, and a {message: 'ready'} from the host is answered with the height.
// It also applies the embed options that a static export cannot render on the server.
(function () {
  'use strict';
  // Read first, before anything rewrites the URL. WordPress's secrets are ten letters or digits.
  var wpSecret = (/[#&?]secret=([A-Za-z0-9]{1,32})/.exec(location.hash) || [])[1] || '';
  var params = new URLSearchParams(location.search);
  var root = document.documentElement;

  // In a static export the server did not see the query: apply theme, legend and title here.
  var theme = params.get('theme');
  if (/^(light|dark|auto)$/.test(theme || '')) {
    root.classList.remove('theme-light', 'theme-dark', 'theme-auto');
    root.classList.add('theme-' + theme);
  }
  function hideIf(flag, selector) {
    if (/^(0|false|off)$/.test(params.get(flag) || '')) {
      var el = document.querySelector(selector);
      if (el) el.hidden = true;
    }
  }
  hideIf('legend', '.embed-legend');
  hideIf('title', '.embed-title');

  if (window.parent === window) return;
  var pymId = params.get('childId');
  var last = -1;

  function height() {
    return Math.ceil(document.body.getBoundingClientRect().height +
      parseFloat(getComputedStyle(document.body).marginTop) + parseFloat(getComputedStyle(document.body).marginBottom));
  }

  function post(force) {
    var h = height();
    if (h === last && !force) return;
    last = h;
    var parent = window.parent;
    parent.postMessage({ type: 'zonemap:height', height: h }, '*');
    if (pymId) parent.postMessage('pymxPYMx' + pymId + 'xPYMxheightxPYMx' + h, '*');
    parent.postMessage({ sentinel: 'amp', type: 'embed-size', height: h }, '*');
    if (wpSecret) parent.postMessage({ message: 'height', value: h, secret: wpSecret }, '*');
  }

  // In WordPress our links cannot open a window from the sandbox: the host opens them for us.
  if (wpSecret) {
    document.addEventListener('click', function (e) {
      var a = e.target.closest ? e.target.closest('a[href]') : null;
      if (!a || a.origin !== location.origin) return;
      e.preventDefault();
      window.parent.postMessage({ message: 'link', value: a.href, secret: wpSecret }, '*');
    });
  }

  // A pym parent sends its width when it loads and on resize, and expects our height back.
  window.addEventListener('message', function (e) {
    if (pymId && typeof e.data === 'string' && e.data.indexOf('pymxPYMx' + pymId + 'xPYMxwidth') === 0) post(true);
    if (wpSecret && e.data && e.data.message === 'ready' && e.data.secret === wpSecret) post(true);
  });
  if (window.ResizeObserver) new ResizeObserver(function () { post(false); }).observe(document.body);
  window.addEventListener('load', function () { post(false); });
  post(false);
})();

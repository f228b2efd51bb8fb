// Runs inside /embed: tells the page that frames it how tall the embed is, so the iframe can fit
// its content with no inner scrollbar. It speaks three dialects at once, each ignored by hosts
// that do not know it:
//   - ours:  {type: 'zonemap:height', height: N}       (static/embed.js on the host page)
//   - pym.js child protocol: 'pymxPYMx{id}xPYMxheightxPYMx{N}' (NPR's pym, common in newsrooms)
//   - AMP:   {sentinel: 'amp', type: 'embed-size', height: N}  (amp-iframe with `resizable`)
// It also applies the embed options that a static export cannot render on the server.
(function () {
  'use strict';
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
  }

  // A pym parent sends its width when it loads and on resize, and expects our height back.
  window.addEventListener('message', function (e) {
    if (pymId && typeof e.data === 'string' && e.data.indexOf('pymxPYMx' + pymId + 'xPYMxwidth') === 0) post(true);
  });
  if (window.ResizeObserver) new ResizeObserver(function () { post(false); }).observe(document.body);
  window.addEventListener('load', function () { post(false); });
  post(false);
})();

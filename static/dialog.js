// "Embed this map": rebuilds the embed code for the reader's current view and options, shows a
// live preview (resized by static/embed.js, like in an article) and copies with one click. The
// server rendered working code for the page's first view, so without this script the dialog
// still offers code, only without options and preview. The code's shape matches the server's
// (src/pages/embed_code.rs): an iframe, plus our script in the responsive form.
(function () {
  'use strict';
  var dialog = document.getElementById('embed-dialog');
  if (!dialog) return;
  var code = document.getElementById('embed-code');
  var fixed = document.getElementById('embed-code-fixed');
  var preview = document.getElementById('embed-preview');
  var svgLink = document.getElementById('embed-svg');
  var status = dialog.querySelector('.embed-status');
  var legend = document.getElementById('embed-legend');
  var title = document.getElementById('embed-title');
  var theme = document.getElementById('embed-theme');

  function view() {
    return dialog.hasAttribute('data-follow-url') ? new URLSearchParams(location.search) : new URLSearchParams(dialog.dataset.view);
  }

  function withView(base) {
    var url = new URL(base, location.href);
    var v = view();
    ['batch', 'province', 'asof', 'zone'].forEach(function (k) { if (v.get(k)) url.searchParams.set(k, v.get(k)); });
    return url;
  }

  function attr(s) {
    return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function build() {
    var url = withView(dialog.dataset.embedBase);
    if (!legend.checked) url.searchParams.set('legend', '0');
    if (!title.checked) url.searchParams.set('title', '0');
    if (theme.value !== 'light') url.searchParams.set('theme', theme.value);
    var iframe = '<iframe src="' + attr(url) + '" title="' + attr(dialog.dataset.title) +
      '" width="100%" height="' + preview.getAttribute('height') + '" frameborder="0" loading="lazy"';
    code.value = iframe + ' data-zonemap></iframe><script src="' + attr(new URL(dialog.dataset.script, location.href)) + '" async></script>';
    fixed.value = iframe + '></iframe>';
    if (svgLink) {
      var svg = withView(svgLink.getAttribute('href'));
      svgLink.href = svg.pathname + svg.search;
    }
    // The preview comes from this origin (the public URL may be another host's name for it).
    var local = url.pathname + url.search;
    if (dialog.open && preview.getAttribute('src') !== local) preview.setAttribute('src', local);
  }

  function copy(textarea) {
    var done = function () { status.textContent = dialog.dataset.copied; };
    var fallback = function () {
      textarea.select();
      try { document.execCommand('copy'); done(); } catch (e) { status.textContent = dialog.dataset.copyByHand; }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(textarea.value).then(done, fallback);
    else fallback();
  }

  dialog.addEventListener('toggle', build);
  [legend, title, theme].forEach(function (el) { el.addEventListener('change', build); });
  // Kept current while closed as well, so the code is right the moment the dialog opens (the
  // toggle event comes a moment later).
  document.addEventListener('zonemap:view', build);
  dialog.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () { copy(document.getElementById(button.dataset.copy)); });
  });
  // Loaded once the dialog has opened (static/app.js): build for the view now, and say so.
  build();
  dialog.dataset.ready = 'true';
})();

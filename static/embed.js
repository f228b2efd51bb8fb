// zonemap embed helper for host pages: fits each zonemap iframe marked `data-zonemap` to the
// height its content reports, so the map never shows an inner scrollbar. No dependencies, no
// inline script needed, safe to include more than once. Works with sandboxed iframes
// (sandbox="allow-scripts allow-popups"): it matches messages by their source window, not origin.
(function () {
  'use strict';
  if (window.zonemapEmbed) return;
  window.zonemapEmbed = { version: 1 };

  function frames() {
    return document.querySelectorAll('iframe[data-zonemap]');
  }

  function fit(frame) {
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.display = 'block';
  }

  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || typeof d !== 'object' || d.type !== 'zonemap:height') return;
    var h = Math.round(Number(d.height));
    if (!(h > 0 && h < 20000)) return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      if (list[i].contentWindow === e.source) {
        fit(list[i]);
        list[i].style.height = h + 'px';
        list[i].setAttribute('height', String(h));
      }
    }
  });

  function init() {
    var list = frames();
    for (var i = 0; i < list.length; i++) fit(list[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

// zonemap's browser script: draws the Leaflet map over the server-rendered page and keeps the
// page's filters, list, detail panel and URL in step. The page works without it: the server
// renders the list, the filters (a GET form) and the panel for ?zone=. No inline script, no
// third-party request: everything comes from this origin (unless the operator set --tiles).
(function () {
  'use strict';
  document.documentElement.classList.replace('no-js', 'js');
  // The map is drawn once the browser has laid out and painted the server's page, whose
  // first-paint SVG stands in for it until then. Run straight from the deferred script,
  // Leaflet's first reading of the map's size forced the layout of the whole page inside the
  // script's own task: one task of about 230 ms on Lighthouse's throttled phone. Now the page's
  // layout is the rendering step's, and the map's setup a task of its own. A page that gets no
  // frames (a background tab, an embed's frame out of view) starts after half a second anyway.
  var started = false;
  function startOnce() { if (!started) { started = true; start(); } }
  requestAnimationFrame(function () { setTimeout(startOnce, 0); });
  setTimeout(startOnce, 500);

  function start() {
    var mapEl = document.getElementById('map');
    if (!mapEl || !window.L) return;

    var lang = mapEl.dataset.lang === 'zh' ? 'zh' : 'en';
    var zh = lang === 'zh';
    // The words the script prints and the area it opens on come from the server, in the page.
    var strings = JSON.parse(mapEl.dataset.strings);
    var detail = document.getElementById('detail');
    var detailBody = document.getElementById('detail-body');
    var form = document.querySelector('form.filters');
    var search = document.getElementById('search');
    var formerToggle = document.getElementById('former-toggle');
    var countEl = document.getElementById('admitted-count');
    var params = new URLSearchParams(location.search);
    var provinceSel = document.getElementById('province');
    var asofSel = document.getElementById('asof');
    var ledeTail = document.getElementById('lede-tail');

    // Reader's view: batches (empty = all), search text, former zones, selected zone.
    var state = {
      batches: new Set(),
      q: (params.get('q') || '').trim(),
      former: /^(1|true|on)$/.test(params.get('former') || ''),
      // A static export cannot render ?zone= on the server: take it from the URL then.
      zone: mapEl.dataset.selected || params.get('zone') || '',
      // One province (its slug) and the map as of a day (YYYY-MM-DD; '' for today), as the
      // server resolved them from the URL (a Chinese name becomes the slug). A static export
      // renders no query: there they come from the URL as given (checked in provinceMatches and
      // here); on the server an empty data attribute means the URL had none.
      province: mapEl.dataset.province || (params.get('province') || '').trim(),
      asof: mapEl.dataset.asof || (/^\d{4}-\d{2}-\d{2}$/.test(params.get('asof') || '') ? params.get('asof') : '')
    };
    // URLs come from the page (they carry the base path and differ in a static export).
    function zoneUrl(pattern, slug) { return pattern.replace('{slug}', encodeURIComponent(slug)); }
    params.getAll('batch').forEach(function (v) {
      v.split(',').forEach(function (n) { if (n.trim()) state.batches.add(Number(n)); });
    });

    // Work that would be one long task (the countries, the markers) is done in slices of about
    // SLICE_MS each, with the browser free between them: at a phone's speed (Lighthouse counts
    // four times this machine's) a slice stays under the 50 ms that make a task a long one.
    // The next slice is posted as a message, not a timer: a background tab runs timers once a
    // second, which would have drawn the map a slice a second.
    var SLICE_MS = 8;
    var nextSlices = [];
    var sliceChannel = new MessageChannel();
    sliceChannel.port1.onmessage = function () { nextSlices.shift()(); };
    function inSlices(items, fn) {
      return new Promise(function (resolve) {
        var i = 0;
        (function slice() {
          var end = performance.now() + SLICE_MS;
          while (i < items.length && performance.now() < end) fn(items[i++]);
          if (i < items.length) { nextSlices.push(slice); sliceChannel.port2.postMessage(0); }
          else resolve();
        })();
      });
    }

    var map = L.map(mapEl, { zoomSnap: 0.25, minZoom: 2, maxZoom: 12 });
    map.fitBounds(JSON.parse(mapEl.dataset.bounds));
    // A page focused on one zone opens on it, as close as selecting it goes (showSelected), not
    // on the whole country and then zooming once its marker is in: one view to draw (zooming
    // had Leaflet project every path of the basemap again) and, with the server's groups, one
    // to ask for.
    if (mapEl.dataset.focus) map.setView(JSON.parse(mapEl.dataset.focus), Math.max(map.getZoom(), 6), { animate: false });
    // The server-drawn SVG was the first paint; Leaflet takes over from here.
    var staticMap = mapEl.querySelector('.map-static');
    if (staticMap) staticMap.remove();
    var css = getComputedStyle(document.documentElement);
    function cssVar(name, fallback) { return css.getPropertyValue(name).trim() || fallback; }

    // The basemap: one TopoJSON file (static/basemap/basemap.topo.json, read with the bundled
    // topojson-client) with the countries, China's province borders and where province names go.
    // With a tile layer the countries are the tiles' to draw; the provinces help there as well.
    var provinceNames = [];
    var basemap = mapEl.dataset.basemap ? getJSON(mapEl.dataset.basemap) : Promise.reject(new Error('no basemap'));
    if (mapEl.dataset.tiles) {
      L.tileLayer(mapEl.dataset.tiles, { attribution: textOnly(mapEl.dataset.tilesAttribution) }).addTo(map);
    } else {
      map.attributionControl.addAttribution('Basemap: Made with Natural Earth');
      // In a pane of their own under the overlays (province borders, links), as they arrive
      // country by country.
      map.createPane('land').style.zIndex = 250;
      basemap.then(function (topo) {
        var land = L.geoJSON(null, {
          interactive: false,
          renderer: L.svg({ pane: 'land' }),
          style: function () { return { color: cssVar('--border-land', '#8a8f98'), weight: 0.8, fillColor: cssVar('--land', '#eef0f2'), fillOpacity: 1 }; }
        }).addTo(map);
        return inSlices(window.topojson.feature(topo, topo.objects.countries).features, function (f) { land.addData(f); });
      }).catch(function () { /* the map works without its basemap */ });
    }
    // Their borders drawn lightly over the land and under everything else, their names written at
    // low zoom by the label pass below.
    basemap.then(function (topo) {
      var provinces = window.topojson.feature(topo, topo.objects.provinces).features;
      L.geoJSON({ type: 'FeatureCollection', features: provinces.filter(function (f) { return f.properties.borders; }) }, {
        interactive: false,
        style: function () { return { className: 'province-border', color: cssVar('--border-land', '#8a8f98'), weight: 0.7, opacity: 0.7, dashArray: '3 2' }; }
      }).addTo(map);
      provinceNames = provinces.filter(function (f) { return f.geometry.type === 'Point'; });
      scheduleLabels();
    }).catch(function () { /* the map works without its basemap */ });

    var zones = new Map(); // slug -> { feature, marker, item }
    var colours = new Map();
    // Logistics links: those of the selected zone, and optionally every zone's.
    var selectedLinks = L.layerGroup().addTo(map);
    var allLinks = L.layerGroup();
    var linksToggle = document.getElementById('links-toggle');
    state.links = /^(1|true|on)$/.test(params.get('links') || '');

    // Where markers live: on the map itself, or past CLUSTER_FROM zones in a cluster layer, so a
    // map of tens of thousands of zones stays responsive. The real data (under 200 zones) never
    // clusters: every marker stays in the page, focusable, as the contract asks.
    var CLUSTER_FROM = 1000;
    var holder = map;
    var listItems = new Map();
    document.querySelectorAll('[data-slug]').forEach(function (li) { listItems.set(li.dataset.slug, li); });

    // The zones in short (/api/points.json: one row per zone), read into the Feature shape the
    // rest of the script uses; logistics lines come later, from the full API, when asked for.
    function fromPoints(pts) {
      return {
        batches: pts.batches,
        features: pts.zones.map(function (row) {
          var p = {};
          pts.fields.forEach(function (name, i) { p[name] = row[i]; });
          return { type: 'Feature', id: p.id, geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: p };
        })
      };
    }
    // Past the server's CLUSTER_FROM zones (data-clusters) the page does not load every zone:
    // after every move the map asks the server what the view shows (viewGroups below).
    var clusterUrl = mapEl.dataset.clusters;
    var refreshView = null; // set by viewGroups: asks the server for the view, then shows it
    if (clusterUrl) viewGroups();
    else getJSON(mapEl.dataset.points).then(fromPoints).then(function (fc) {
      return fc.features.length >= CLUSTER_FROM ? loadCluster().then(function () { return fc; }) : fc;
    }).then(function (fc) {
      if (fc.features.length >= CLUSTER_FROM) {
        holder = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
        map.addLayer(holder);
        mapEl.dataset.clustered = 'true';
      }
      (fc.batches || []).forEach(function (b) { colours.set(b.batch, b.colour); });
      if (state.province && !mapEl.dataset.province) {
        // A static export's URL named a province: resolve it to its slug, as the server does.
        var inProvince = fc.features.filter(function (f) { return provinceMatches(f.properties); });
        if (inProvince.length) {
          state.province = provinceSlug(inProvince[0].properties.province);
          if (provinceSel) provinceSel.value = state.province;
          // And open on its zones, as the server's province view does (drawing::Bounds::of_view).
          map.fitBounds(L.latLngBounds(inProvince.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; })).pad(0.2), { maxZoom: 8 });
        }
      }
      fc.features.forEach(addZone);
      // The first markers go on in slices; a cluster layer takes them in bulk, in its own
      // chunks. apply() then sets the list, the count and the URL, and the names are drawn.
      // (A filter changed meanwhile has applied itself: a zone is added only if still shown.)
      var adding = holder.addLayers ? Promise.resolve() : inSlices(Array.from(zones.values()), function (z) { if (visible(z)) holder.addLayer(z.marker); });
      return adding.then(function () {
        // Until then no names are placed (drawLabels); the tests wait for it too.
        mapEl.dataset.markers = 'ready';
        apply();
        if (state.zone && zones.has(state.zone)) {
          // The server rendered the panel unless this is a static export: then load it.
          if (detail && detail.hidden) select(state.zone, false);
          else showSelected(state.zone, true);
        }
      });
    });

    // The view as the server groups it (/api/clusters.json): a mark with a count where zones
    // crowd, a zone's own marker where it stands alone (and for the selected zone, wherever it
    // is). Asked anew after every move; an answer overtaken by a later move is dropped. The
    // filters reload the page instead of filtering in place: the server renders the list, the
    // counts and the first paint for them, as it does without the script.
    function viewGroups() {
      var groupLayer = L.layerGroup().addTo(map);
      var asked = 0;
      var lastUrl = '';
      refreshView = function () {
        var b = map.getBounds().pad(0.2);
        var clamp = function (v, limit) { return Math.max(-limit, Math.min(limit, v)).toFixed(4); };
        var u = filterParams();
        u.set('zoom', String(Math.floor(map.getZoom())));
        u.set('bbox', [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(','));
        if (state.zone) u.set('zone', state.zone);
        // Leaflet ends a move that changed nothing (a pan to where the map is) with a moveend too.
        var url = clusterUrl + '?' + u;
        if (url === lastUrl) return Promise.resolve();
        lastUrl = url;
        var mine = ++asked;
        return getJSON(url).then(function (res) {
          if (mine === asked) show(res);
        }, function () {
          // The map keeps what it shows; the next move asks again, this view included.
          if (lastUrl === url) lastUrl = '';
        });
      };
      function show(res) {
        (res.batches || []).forEach(function (b) { colours.set(b.batch, b.colour); });
        // Markers of zones still shown stay (and keep their focus); the rest go.
        var fresh = new Map(fromPoints(res).features.map(function (f) { return [f.id, f]; }));
        zones.forEach(function (z, slug) {
          if (!fresh.has(slug)) { map.removeLayer(z.marker); zones.delete(slug); }
        });
        fresh.forEach(function (f, slug) {
          if (zones.has(slug)) return;
          addZone(f);
          map.addLayer(zones.get(slug).marker);
        });
        groupLayer.clearLayers();
        res.groups.forEach(function (row) {
          var g = {};
          res.group_fields.forEach(function (name, i) { g[name] = row[i]; });
          groupLayer.addLayer(groupMarker(g));
        });
        // For readers of the page's state (and the tests): the zoom these groups are for.
        mapEl.dataset.groupsZoom = String(res.zoom);
        mapEl.dataset.markers = 'ready';
        scheduleLabels();
      }
      map.on('moveend', function () { refreshView(); });
      refreshView().then(function () {
        if (state.zone && zones.has(state.zone)) {
          if (detail && detail.hidden) select(state.zone, false);
          else showSelected(state.zone, true);
        }
      });
    }

    // A group's mark: its count in a ring of the colour of the batch most of its zones are in,
    // focusable and named like a marker; activating it zooms to its zones (at least one step).
    function groupMarker(g) {
      var label = strings.group.replace('{count}', g.count.toLocaleString(zh ? 'zh-CN' : 'en'));
      var side = g.count < 10 ? 30 : g.count < 100 ? 36 : g.count < 1000 ? 40 : 44;
      var marker = L.marker([g.lat, g.lon], {
        icon: L.divIcon({ className: 'zone-group', iconSize: [side, side], html: '<span aria-hidden="true">' + Number(g.count) + '</span>' }),
        keyboard: true,
        title: label
      });
      function zoomIn() {
        var area = L.latLngBounds([g.south, g.west], [g.north, g.east]);
        map.setView(area.getCenter(), Math.max(map.getBoundsZoom(area.pad(0.1)), Math.floor(map.getZoom()) + 1));
      }
      marker.on('add', function () {
        var el = marker.getElement();
        el.setAttribute('aria-label', label);
        el.dataset.count = String(g.count);
        el.style.setProperty('--group-colour', colours.get(g.batch) || '#777');
        el.addEventListener('keydown', function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); zoomIn(); }
        });
      });
      marker.on('click', zoomIn);
      return marker;
    }

    function addZone(f) {
      var p = f.properties;
      var name = zh ? p.name_zh : p.name;
      var province = zh ? p.province_zh : p.province;
      var label = strings.marker.replace('{name}', name).replace('{province}', province).replace('{batch}', p.batch);
      var marker = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
        icon: L.divIcon({ className: 'zone-marker', iconSize: [18, 18], html: '' }),
        keyboard: true,
        title: name,
        riseOnHover: true
      });
      // Leaflet creates a new element each time a marker is added, so decorate it on every add.
      marker.on('add', function () {
        var el = marker.getElement();
        el.dataset.zone = f.id;
        el.dataset.batch = String(p.batch);
        el.style.backgroundColor = colours.get(p.batch) || '#777';
        markStatus(el);
        el.classList.toggle('is-selected', state.zone === f.id);
        el.addEventListener('keydown', function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(f.id, true); }
        });
      });
      // Former or not on the day shown (the time control changes it without re-adding).
      function markStatus(el) {
        var former = isFormer(p);
        el.setAttribute('aria-label', label + (former ? strings.former : ''));
        el.classList.toggle('is-former', former);
      }
      marker.markStatus = function () { var el = marker.getElement(); if (el) markStatus(el); };
      marker.on('click', function () { select(f.id, true); });
      zones.set(f.id, { feature: f, marker: marker, item: listItems.get(f.id) });
    }

    // Leaflet.markercluster (pinned, served by us) is fetched only for maps that need it.
    function loadCluster() {
      var urls = (mapEl.dataset.cluster || '').split(' ');
      urls.slice(1).forEach(function (href) {
        var link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        document.head.appendChild(link);
      });
      return new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = urls[0];
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }

    // Adds a zone's drawn links to `group`: lines for links with two ends, dots for nodes.
    function drawLinks(f, group, opacity) {
      var layers = [];
      (f.properties.logistics || []).forEach(function (l, i) {
        if (!l.geometry) return;
        // Colours and dashes per mode live in app.css (.link-air ...), shared with the legend.
        var opts = { weight: 3, opacity: opacity, interactive: false, className: 'link link-' + l.mode };
        var layer = L.geoJSON(l.geometry, {
          style: function () { return opts; },
          pointToLayer: function (_, ll) { return L.circleMarker(ll, Object.assign({}, opts, { radius: 6, fillOpacity: 0.4 * opacity })); }
        });
        layer.linkIndex = i;
        group.addLayer(layer);
        layers.push(layer);
      });
      return layers;
    }

    // One zone's lines: its Feature is fetched once, when it is first selected.
    var features = new Map();
    function showLinks(slug) {
      selectedLinks.clearLayers();
      if (!slug || !knows(slug)) return;
      if (!features.has(slug)) features.set(slug, getJSON(zoneUrl(mapEl.dataset.feature, slug)).catch(function () { return null; }));
      features.get(slug).then(function (f) {
        if (f && state.zone === slug) { selectedLinks.clearLayers(); drawLinks(f, selectedLinks, 0.95); }
      });
    }
    // Every zone's lines: the full collection, fetched the first time a reader asks for them.
    var allLinksLoaded = null;
    function loadAllLinks() {
      if (!allLinksLoaded) {
        allLinksLoaded = getJSON(mapEl.dataset.api).then(function (fc) {
          fc.features.forEach(function (f) { drawLinks(f, allLinks, 0.55); });
        });
      }
      return allLinksLoaded;
    }

    function matches(p, slug) {
      if (!state.q) return true;
      // The same folding as the server's filter (src/data/index.rs); tests/fixtures/search_cases.json
      // holds both to one table.
      var fold = function (s) { return String(s || '').replace(/['’\s-]/g, '').toLowerCase(); };
      var q = fold(state.q);
      return [p.name, p.name_zh, p.province, p.province_zh, slug].some(function (s) { return fold(s).indexOf(q) !== -1; });
    }

    // The same slug as the server's (src/data/index.rs, Province::slug_of).
    function provinceSlug(name) { return String(name || '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join('-'); }
    // The same names as the server's Province::is_named: the slug, or the Chinese name in full or
    // without its suffix (what a static export's URL may carry).
    function provinceMatches(p) {
      var v = state.province;
      var zhName = String(p.province_zh || '');
      return provinceSlug(p.province) === v || zhName === v || (v.length >= 2 && zhName.indexOf(v) === 0);
    }

    // Former on the day shown: a zone revoked after it was still active then.
    function isFormer(p) {
      return !!(p.status && p.status !== 'active' && (!state.asof || !p.status_date || p.status_date <= state.asof));
    }

    function visible(z) {
      var p = z.feature.properties;
      return (state.batches.size === 0 || state.batches.has(p.batch)) &&
        (!state.asof || p.approved <= state.asof) &&
        (!state.province || provinceMatches(p)) &&
        (state.former || !isFormer(p)) && matches(p, z.feature.id);
    }

    // Shows exactly the markers and list items that pass the reader's filter.
    function apply() {
      var shown = 0;
      var add = [];
      var remove = [];
      zones.forEach(function (z) {
        var on = visible(z);
        if (on && !holder.hasLayer(z.marker)) add.push(z.marker);
        if (on && holder.hasLayer(z.marker)) z.marker.markStatus();
        if (!on && holder.hasLayer(z.marker)) remove.push(z.marker);
        if (z.item) z.item.hidden = !on;
        if (on && !isFormer(z.feature.properties)) shown++;
      });
      // A cluster layer takes markers in bulk (one re-cluster, not one per marker).
      if (holder.addLayers) {
        holder.removeLayers(remove);
        holder.addLayers(add);
      } else {
        remove.forEach(function (m) { holder.removeLayer(m); });
        add.forEach(function (m) { holder.addLayer(m); });
      }
      if (countEl) countEl.textContent = String(shown);
      scheduleLabels();
      if (state.links) loadAllLinks();
      if (state.links && !map.hasLayer(allLinks)) allLinks.addTo(map);
      if (!state.links && map.hasLayer(allLinks)) allLinks.remove();
      writeUrl();
    }

    // The reader's filter as the server's query takes it (the map's URL and /api/clusters.json).
    function filterParams() {
      var u = new URLSearchParams();
      var all = form ? form.querySelectorAll('[data-batch-toggle]').length : 0;
      if (state.batches.size && state.batches.size !== all) u.set('batch', Array.from(state.batches).sort(function (a, b) { return a - b; }).join(','));
      if (state.q) u.set('q', state.q);
      if (state.former) u.set('former', '1');
      if (state.province) u.set('province', state.province);
      if (state.asof) u.set('asof', state.asof);
      return u;
    }

    function writeUrl() {
      var u = filterParams();
      if (state.links) u.set('links', '1');
      if (state.zone && detail) u.set('zone', state.zone);
      if (zh) u.set('lang', 'zh');
      params.forEach(function (v, k) { if (!/^(batch|province|asof|q|former|links|zone|lang)$/.test(k)) u.append(k, v); });
      var qs = u.toString();
      try {
        // The fragment is kept: a WordPress host puts its handshake secret there (static/frame.js).
        history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
      } catch (e) {
        // A sandboxed embed (opaque origin) may not touch its history: the view still works.
      }
      // The embed dialog follows the view.
      document.dispatchEvent(new CustomEvent('zonemap:view'));
    }

    // Names beside the markers, placed by static/labels.js (the server's rules, with measured
    // text) in a pane of their own just under the markers. Hidden from screen readers: each
    // marker's accessible name already says it. Redrawn after every move and filter change, and
    // hidden while a zoom animates (app.css).
    var labelPane = map.createPane('labels');
    labelPane.setAttribute('aria-hidden', 'true');
    var labelFont = null;
    var labelPasses = 0;
    var labelsPending = false;
    map.on('moveend resize', scheduleLabels);
    function scheduleLabels() {
      if (labelsPending) return;
      labelsPending = true;
      requestAnimationFrame(function () { labelsPending = false; drawLabels(); });
    }
    // Province names are written up to this zoom; closer in, the zones' names have the room.
    var PROVINCE_NAMES_UP_TO_ZOOM = 6;
    function labelText(p) { return (zh ? p.label_zh || p.name_zh : p.label || p.name); }
    // A label class's own style, read once from a probe: for measuring and for the box height.
    function labelStyle(className) {
      var probe = document.createElement('span');
      probe.className = className;
      probe.textContent = 'x';
      labelPane.appendChild(probe);
      var cs = getComputedStyle(probe);
      var style = { className: className, canvas: document.createElement('canvas').getContext('2d'), pad: parseFloat(cs.paddingLeft) || 0, h: probe.offsetHeight, widths: new Map() };
      style.canvas.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
      // Letter spacing is not in the canvas font: add it per character.
      style.spacing = parseFloat(cs.letterSpacing) || 0;
      labelPane.removeChild(probe);
      return style;
    }
    function labelWidth(style, text) {
      if (!style.widths.has(text)) style.widths.set(text, Math.ceil(style.canvas.measureText(text).width + style.spacing * text.length) + 2 * style.pad);
      return style.widths.get(text);
    }
    function drawLabels() {
      if (mapEl.dataset.markers !== 'ready' || !window.zonemapLabels) return;
      labelPane.textContent = '';
      if (!labelFont) labelFont = { zone: labelStyle('zone-label'), province: labelStyle('province-label') };
      var size = map.getSize();
      var area = { x0: 0, y0: 0, x1: size.x, y1: size.y };
      var box = mapEl.getBoundingClientRect();
      // The map's controls, and in a clustered map the groups' marks, are kept clear too.
      var reserved = Array.prototype.map.call(mapEl.querySelectorAll('.leaflet-control, .marker-cluster, .zone-group'), function (c) {
        var r = c.getBoundingClientRect();
        return { x0: r.left - box.left, y0: r.top - box.top, x1: r.right - box.left, y1: r.bottom - box.top };
      });
      var shown = [];
      zones.forEach(function (z, slug) {
        if (!holder.hasLayer(z.marker)) return;
        if (holder.getVisibleParent && holder.getVisibleParent(z.marker) !== z.marker) return;
        var pt = map.latLngToContainerPoint(z.marker.getLatLng());
        // A marker's box: 18 px with its outline, or the selection's ring (app.css).
        var r = slug === state.zone ? 14 : 10;
        if (pt.x < -r || pt.y < -r || pt.x > size.x + r || pt.y > size.y + r) return;
        shown.push({ slug: slug, p: z.feature.properties, pt: pt, r: r, i: shown.length });
      });
      // The selected zone first, then active zones by batch (the oldest first) in the data's order,
      // then former ones: as on the server.
      shown.sort(function (a, b) {
        return (b.slug === state.zone) - (a.slug === state.zone) || isFormer(a.p) - isFormer(b.p) || a.p.batch - b.p.batch || a.i - b.i;
      });
      shown.forEach(function (s) { s.text = labelText(s.p); s.style = labelFont.zone; });
      // The provinces' names, at low zoom, on (or near) their points. Where the whole country is in
      // view they come before the zones' (after the selected one's): there they say where things
      // are. One zoom closer they take the room the zones' names leave; closer still, none.
      if (map.getZoom() <= PROVINCE_NAMES_UP_TO_ZOOM) {
        var provinces = provinceNames.map(function (f) {
          var c = f.geometry.coordinates;
          var pt = map.latLngToContainerPoint([c[1], c[0]]);
          // The name's reach, from degrees to pixels at this zoom.
          var reach = pt.distanceTo(map.latLngToContainerPoint([c[1], c[0] + (f.properties.reach || 0)]));
          return { province: f.properties.name, text: zh ? f.properties.label_zh : f.properties.name, style: labelFont.province, pt: pt, r: 0, anchored: true, reach: reach };
        });
        var first = map.getZoom() < PROVINCE_NAMES_UP_TO_ZOOM ? (shown.length && shown[0].slug === state.zone ? 1 : 0) : shown.length;
        shown = shown.slice(0, first).concat(provinces, shown.slice(first));
      }
      var dots = shown.map(function (s) {
        return { x: s.pt.x, y: s.pt.y, r: s.r, w: labelWidth(s.style, s.text), h: s.style.h, anchored: !!s.anchored, reach: s.reach };
      });
      var placed = window.zonemapLabels.place(dots, area, reserved, 2);
      var frag = document.createDocumentFragment();
      placed.forEach(function (c, k) {
        if (!c) return;
        var el = document.createElement('span');
        el.className = shown[k].style.className + ' zone-label-' + c.side;
        el.textContent = shown[k].text;
        if (shown[k].slug) el.dataset.labelFor = shown[k].slug;
        else el.dataset.province = shown[k].province;
        L.DomUtil.setPosition(el, map.containerPointToLayerPoint([c.rect.x0, c.rect.y0]));
        el.style.width = (c.rect.x1 - c.rect.x0) + 'px';
        frag.appendChild(el);
      });
      labelPane.appendChild(frag);
      // For readers of the page's state (and the tests): how many zones are named, after how
      // many passes.
      mapEl.dataset.labels = String(labelPane.querySelectorAll('.zone-label').length);
      mapEl.dataset.labelPasses = String(++labelPasses);
    }

    function showSelected(slug, pan) {
      scheduleLabels();
      showLinks(slug);
      zones.forEach(function (z, s) {
        var el = z.marker.getElement();
        if (el) el.classList.toggle('is-selected', s === slug);
      });
      var z = zones.get(slug);
      // With the server's groups, a zone chosen from the list may be out of view or in a
      // group: asked for as the selected one, it comes back on its own, and the map goes there.
      if (!z && slug && pan && refreshView) {
        refreshView().then(function () { if (state.zone === slug && zones.has(slug)) showSelected(slug, true); });
        return;
      }
      if (!z) return;
      if (detail && !pan) return;
      // In a cluster, zoom until the marker is on its own; otherwise centre on it.
      if (holder.zoomToShowLayer && holder.hasLayer(z.marker)) holder.zoomToShowLayer(z.marker);
      else map.setView(z.marker.getLatLng(), Math.max(map.getZoom(), 6));
    }

    // Opens a zone's panel: the server renders it (one template for page, no-JS and script).
    function select(slug, fromUser) {
      if (!detail) {
        location.href = zoneUrl(mapEl.dataset.zonePage, slug);
        return;
      }
      state.zone = slug;
      showSelected(slug, true);
      fetch(zoneUrl(mapEl.dataset.panel, slug))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          detailBody.innerHTML = html; // server-rendered and escaped by askama
          detail.hidden = false;
          writeUrl();
          bindShowOnMap();
          var heading = detailBody.querySelector('h2');
          if (fromUser && heading) heading.focus({ preventScroll: window.matchMedia('(min-width: 48em)').matches });
        })
        .catch(function () {
          detailBody.textContent = strings.panelFailed;
          detail.hidden = false;
        });
    }

    // "Show on map" beside a drawn link: fit the map to it.
    function bindShowOnMap() {
      (detailBody || document).querySelectorAll('[data-show-link]').forEach(function (button) {
        button.addEventListener('click', function () {
          var index = Number(button.dataset.showLink);
          selectedLinks.eachLayer(function (layer) {
            if (layer.linkIndex === index) map.fitBounds(layer.getBounds(), { padding: [40, 40], maxZoom: 10 });
          });
        });
      });
    }

    function closeDetail() {
      var slug = state.zone;
      state.zone = '';
      detail.hidden = true;
      showSelected('', false);
      writeUrl();
      var z = zones.get(slug);
      var el = z && z.marker.getElement();
      if (el) el.focus();
    }

    if (detail) {
      var close = detail.querySelector('[data-close-detail]');
      if (close) close.addEventListener('click', function (e) { e.preventDefault(); closeDetail(); });
      detail.addEventListener('keydown', function (e) { if (e.key === 'Escape') closeDetail(); });
      // Neighbours in the panel open in the panel too.
      detail.addEventListener('click', function (e) {
        var a = e.target.closest('.same-batch a');
        var slug = a && a.dataset.slug;
        if (!slug || !knows(slug)) return;
        e.preventDefault();
        select(slug, true);
      });
    }

    // Whether the panel can open `slug` in place: a zone on the map, or with the server's groups
    // any zone the page links to (the server brings it out when it is selected).
    function knows(slug) { return zones.has(slug) || !!clusterUrl; }

    // On the map page a click in the list opens the panel instead of leaving the page.
    document.querySelectorAll('.zone-list a').forEach(function (a) {
      a.addEventListener('click', function (e) {
        var slug = a.closest('[data-slug]').dataset.slug;
        if (!detail || !knows(slug)) return;
        e.preventDefault();
        select(slug, true);
      });
    });

    // With the server's groups a filter is a new page, which the server renders.
    function reload() { if (form.requestSubmit) form.requestSubmit(); else form.submit(); }
    if (form) {
      form.addEventListener('submit', function (e) { if (!clusterUrl) e.preventDefault(); });
      form.querySelectorAll('[data-batch-toggle]').forEach(function (box) {
        box.addEventListener('change', function () {
          if (clusterUrl) { reload(); return; }
          state.batches = new Set();
          form.querySelectorAll('[data-batch-toggle]').forEach(function (b) { if (b.checked) state.batches.add(Number(b.value)); });
          // None ticked would otherwise mean "all" in the URL: show none, as the boxes say.
          if (state.batches.size === 0) state.batches.add(-1);
          apply();
        });
      });
    }
    // (There, a search is sent with Enter, as the form does without the script.)
    if (search && !clusterUrl) search.addEventListener('input', function () { state.q = search.value.trim(); apply(); });
    if (formerToggle) formerToggle.addEventListener('change', function () { if (clusterUrl) reload(); else { state.former = formerToggle.checked; apply(); } });

    // A province is a page of its own (its counts are the server's): choosing one loads it.
    if (provinceSel) provinceSel.addEventListener('change', function () { form.submit(); });

    // Through time, in place: the markers, the list and the lede's count follow the day.
    var tails = {};
    try { tails = JSON.parse(document.querySelector('.lede[data-tails]').dataset.tails); } catch (e) { /* no lede */ }
    function showDay(day) {
      if (clusterUrl && asofSel) { asofSel.value = day; reload(); return; }
      state.asof = day;
      // Batches the day has not reached yet are dimmed in the legend (as the server renders it).
      document.querySelectorAll('.legend-row').forEach(function (row) {
        var t = row.querySelector('time');
        row.classList.toggle('is-later', !!(day && t && t.getAttribute('datetime') > day));
      });
      if (asofSel) asofSel.value = day;
      if (ledeTail && tails[day] !== undefined) ledeTail.textContent = tails[day];
      apply();
    }
    if (asofSel) {
      asofSel.addEventListener('change', function () { stopPlaying(); showDay(asofSel.value); });
      var days = Array.prototype.map.call(asofSel.options, function (o) { return o.value; }); // the batches' days, then today ('')
      document.querySelectorAll('[data-step]').forEach(function (b) {
        b.addEventListener('click', function () {
          stopPlaying();
          var i = days.indexOf(state.asof) + Number(b.dataset.step);
          showDay(days[Math.max(0, Math.min(days.length - 1, i))]);
        });
      });
      // Play: from the first batch to today, one step at a time; the button pauses it. With
      // reduced motion asked for, each step is held longer.
      var playBtn = document.querySelector('[data-play]');
      var timer = null;
      var slow = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      function stopPlaying() { if (timer) { clearInterval(timer); timer = null; } if (playBtn) playBtn.setAttribute('aria-pressed', 'false'); }
      // Playing would be a page a step: not offered with the server's groups.
      if (playBtn && clusterUrl) playBtn.hidden = true;
      else if (playBtn) {
        playBtn.setAttribute('aria-pressed', 'false');
        playBtn.addEventListener('click', function () {
          if (timer) { stopPlaying(); return; }
          var i = 0;
          showDay(days[0]);
          playBtn.setAttribute('aria-pressed', 'true');
          timer = setInterval(function () {
            i++;
            showDay(days[i]);
            if (i >= days.length - 1) stopPlaying();
          }, slow ? 2500 : 900);
        });
      }
    }
    // A static export's page was rendered for today: show the URL's day in the controls (the
    // server rendered it itself otherwise). Its province is resolved once the zones are in.
    if (!mapEl.dataset.asof && state.asof && asofSel) showDay(state.asof);
    // Every zone's lines come from the full collection: with thousands of zones, megabytes. Not
    // offered there; a selected zone's lines still are.
    if (linksToggle && clusterUrl) linksToggle.closest('label').hidden = true;
    else if (linksToggle) linksToggle.addEventListener('change', function () { state.links = linksToggle.checked; apply(); });
    bindShowOnMap();

    // The embed dialog's script (static/dialog.js with the preview's resizer) is fetched the first
    // time the dialog opens: most readers never open it. Until then the server's code stands.
    var dialogEl = document.getElementById('embed-dialog');
    if (dialogEl && dialogEl.dataset.code) {
      var loadDialog = function () {
        if (!dialogEl.open) return;
        dialogEl.removeEventListener('toggle', loadDialog);
        var script = document.createElement('script');
        script.src = dialogEl.dataset.code;
        document.head.appendChild(script);
      };
      dialogEl.addEventListener('toggle', loadDialog);
      loadDialog();
    }

    function getJSON(url) {
      return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + ': ' + r.status); return r.json(); });
    }

    function textOnly(s) {
      var d = document.createElement('div');
      d.textContent = s || '';
      return d.innerHTML;
    }
  }
})();

// The map page: country outlines (Natural Earth, through world-atlas and
// topojson-client) and the mechanism's incidents, clustered when dense,
// from the page's data-* attributes. Everything comes from this server;
// data is set as text, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L || !window.topojson) {
    return;
  }
  // No tile layer (the map works offline), so the zoom range is ours:
  // clustering needs a maximum.
  var map = L.map(el, { minZoom: 3, maxZoom: 12 }).setView([17.5, -1.0], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");

  fetch(el.dataset.countries)
    .then(function (r) { return r.json(); })
    .then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, {
        style: { color: "#6b6b6b", weight: 1, fillColor: "#f4efe3", fillOpacity: 1 },
        interactive: false,
      }).addTo(map);
      el.dataset.countries_drawn = String(countries.features.length);
    })
    .catch(function (e) { el.dataset.error = String(e); });

  fetch(el.dataset.incidents, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (page) {
      var cluster = L.markerClusterGroup();
      var list = page.incidents || [];
      list.forEach(function (v) {
        var r = v.record;
        var marker = L.marker([r.latitude_e6 / 1e6, r.longitude_e6 / 1e6], {
          title: r.event_date + " " + r.location,
        });
        var box = document.createElement("div");
        [r.event_date, r.location, r.event_type, String(r.fatalities)].forEach(function (text) {
          var line = document.createElement("div");
          line.textContent = text;
          box.appendChild(line);
        });
        marker.bindPopup(box);
        cluster.addLayer(marker);
      });
      map.addLayer(cluster);
      el.dataset.markers = String(list.length);
    })
    .catch(function (e) { el.dataset.error = String(e); });
})();

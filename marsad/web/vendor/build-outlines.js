// Builds countries.geojson (the page's offline base layer) from npm packages:
//   npm install world-atlas@2.0.2 topojson-client@3.1.0 && node build-outlines.js > countries.geojson
// Source: world-atlas countries-50m.json (Natural Earth 1:50m admin-0 boundaries, public domain),
// converted with topojson-client. Keeps the countries that marsad's sources cover and their
// neighbours (KEEP), and rounds coordinates to 0.01 degree (about 1 km) so the file stays small.
const topojson = require("topojson-client");
const world = require("world-atlas/countries-50m.json");

const KEEP = new Set([
  "Syria", "Iraq", "Turkey", "Lebanon", "Jordan", "Israel", "Palestine", "Cyprus", "N. Cyprus",
  "Egypt", "Libya", "Sudan", "Saudi Arabia", "Kuwait", "Bahrain", "Qatar", "United Arab Emirates",
  "Oman", "Yemen", "Iran", "Armenia", "Azerbaijan", "Georgia", "Greece", "Bulgaria",
  "Turkmenistan", "Afghanistan",
]);
const round = (x) => Math.round(x * 100) / 100;

function roundCoords(c) {
  if (typeof c[0] === "number") return [round(c[0]), round(c[1])];
  const out = c.map(roundCoords);
  // Drop consecutive duplicates that rounding created (rings keep their closing point).
  return typeof out[0][0] === "number"
    ? out.filter((p, i) => i === 0 || i === out.length - 1 || p[0] !== out[i - 1][0] || p[1] !== out[i - 1][1])
    : out;
}

const countries = topojson.feature(world, world.objects.countries);
const features = countries.features
  .filter((f) => f.geometry && KEEP.has(f.properties.name))
  .map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name, iso_n3: f.id },
    geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
  }))
  .sort((a, b) => a.properties.name.localeCompare(b.properties.name));

process.stdout.write(JSON.stringify({
  type: "FeatureCollection",
  source: "Natural Earth 1:50m admin-0 countries via world-atlas 2.0.2 (public domain; ISC for world-atlas)",
  features,
}) + "\n");

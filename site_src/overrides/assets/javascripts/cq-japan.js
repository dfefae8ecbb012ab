// The visitor's clock read in Japan, and the "{name}" placeholders of the words filled: shared by
// the intake banner and open-now block (cq-intake.js, every page) and the quote (widget/quote.js,
// which imports it as ../javascripts/cq-japan.js). Every page names it (modulepreload in
// main.html), so the service worker keeps it with the pages it keeps.

const JST_MS = 9 * 3600000; // Japan has no daylight saving time

// Now in Japan as an ISO string: "2024-06-15T09:30:00.000Z" read as Japan's wall clock.
function japanIso() {
  return new Date(Date.now() + JST_MS).toISOString();
}

// Today's date in Japan, "2024-06-15".
export function todayInJapan() {
  return japanIso().slice(0, 10);
}

// Today in Japan, its clock ("09:30") and its day of the week (0 is Sunday).
export function nowInJapan() {
  const iso = japanIso();
  return { day: iso.slice(0, 10), clock: iso.slice(11, 16), weekday: new Date(iso).getUTCDay() };
}

// A word's text with its "{name}" fields filled from `values`; an unknown field stays as written.
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

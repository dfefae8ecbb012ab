// Material's search worker, with queries cut and stemmed the way the index was.
//
// Japanese: the index splits Japanese text into words with TinySegmenter ("サイバー攻撃" ->
// "サイバー", "攻撃"), but Material passes the query through whole, so "サイバー攻撃" found nothing.
// This wrapper segments each Japanese query word with the same segmenter.
// English: the index stores English words stemmed ("insurance" -> "insur", "claims" -> "claim"),
// but Material turns every query word into a prefix query ("insurance*"), and lunr runs no
// stemmer on prefix queries, so "insurance", "deadline", "incident" or "claims" found nothing.
// This wrapper stems each English query word first ("insurance" -> "insur*" finds "insur").
// On the quote page (?hold=quote) the index is built only once the quote's runtime has started,
// or failed, or the person turns to the search box (quote.js says so on the "cq-search-hold"
// channel), at the latest after HOLD_MAX_MS: both need the CPU while the page loads, and on a
// repeat visit the quote answers in under a second. Material sends no query before the index is
// ready, so a search typed meanwhile is answered as soon as it is.
// Then it runs Material's own worker, whose file name comes in the query string
// (?material=search.<hash>.min.js).
(function () {
  "use strict";
  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
  var SYNTAX = /[+*~^:"]|^-/; // lunr query syntax: leave such words alone
  var LATIN = /[A-Za-z]+/g;
  var MATERIAL = /^search\.[0-9a-f]+\.min\.js$/;

  function stem(word) {
    var lunr = self.lunr;
    if (!lunr || !lunr.stemmer || !lunr.Token) {
      return word;
    }
    return lunr.stemmer(new lunr.Token(word.toLowerCase())).toString();
  }

  function segmentQuery(query) {
    var segmenter = self.lunr && self.lunr.segmenter;
    return query
      .split(/(\s+)/)
      .map(function (part) {
        if (SYNTAX.test(part)) {
          return part;
        }
        if (JAPANESE.test(part)) {
          return segmenter ? segmenter.segment(part).join(" ") : part;
        }
        return part.replace(LATIN, stem);
      })
      .join("");
  }

  var SETUP = 0; // Material's message types (SearchMessageType): setup, ready, query, result
  var QUERY = 2;
  var HOLD_MAX_MS = 10000;
  var params = new URL(self.location.href).searchParams;

  // Resolves when the quote page lets the index be built (at once on any other page).
  function released() {
    if (params.get("hold") !== "quote" || typeof BroadcastChannel !== "function") {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      var channel = new BroadcastChannel("cq-search-hold");
      var done = function () {
        channel.close();
        self.clearTimeout(timer);
        resolve();
      };
      var timer = self.setTimeout(done, HOLD_MAX_MS);
      channel.onmessage = function (event) {
        if (event.data === "go") done();
      };
      channel.postMessage("waiting"); // quote.js answers "go" if its runtime has already started
    });
  }
  var go = released();

  var addListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") {
      return addListener(type, listener, options);
    }
    return addListener(
      type,
      function (event) {
        var message = event.data;
        if (message && message.type === SETUP) {
          return go.then(function () {
            listener.call(self, event);
          });
        }
        if (message && message.type === QUERY && typeof message.data === "string") {
          return listener.call(self, { data: { type: QUERY, data: segmentQuery(message.data) } });
        }
        return listener.call(self, event);
      },
      options
    );
  };

  var material = params.get("material");
  if (!material || !MATERIAL.test(material)) {
    throw new Error("cq-search.js: ?material=search.<hash>.min.js is missing");
  }
  try {
    importScripts(material);
  } catch (error) {
    // Leaving the page while this worker still loads aborts the import (Firefox logs it as
    // NS_BINDING_ABORTED): the worker is closing then, and this timer never fires. Any other
    // failure is reported, a moment late.
    self.setTimeout(function () {
      throw error;
    }, 1000);
  }
})();

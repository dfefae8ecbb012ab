// Material's search worker, with queries cut and stemmed the way the index was.
//
// Japanese: the index splits Japanese text into words with TinySegmenter ("サイバー攻撃" ->
// "サイバー", "攻撃"), but Material passes the query through whole, so "サイバー攻撃" found nothing.
// This wrapper segments each Japanese query word with the same segmenter.
// English: the index stores English words stemmed ("insurance" -> "insur", "claims" -> "claim"),
// but Material turns every query word into a prefix query ("insurance*"), and lunr runs no
// stemmer on prefix queries, so "insurance", "deadline", "incident" or "claims" found nothing.
// This wrapper stems each English query word first ("insurance" -> "insur*" finds "insur").
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

  var addListener = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") {
      return addListener(type, listener, options);
    }
    return addListener(
      type,
      function (event) {
        var message = event.data;
        if (message && message.type === 2 && typeof message.data === "string") {
          return listener.call(self, { data: { type: 2, data: segmentQuery(message.data) } });
        }
        return listener.call(self, event);
      },
      options
    );
  };

  var material = new URL(self.location.href).searchParams.get("material");
  if (!material || !MATERIAL.test(material)) {
    throw new Error("cq-search.js: ?material=search.<hash>.min.js is missing");
  }
  importScripts(material);
})();

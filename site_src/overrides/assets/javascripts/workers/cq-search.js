// Material's search worker, with Japanese queries cut into words the way the index was cut.
//
// The index splits Japanese text into words with TinySegmenter ("サイバー攻撃" -> "サイバー",
// "攻撃"), but Material passes the query through whole, so "サイバー攻撃" found nothing. This wrapper
// segments each Japanese query word with the same segmenter, then runs Material's own worker,
// whose file name comes in the query string (?material=search.<hash>.min.js).
(function () {
  "use strict";
  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
  var SYNTAX = /[+\-*~^:"]/; // lunr query syntax: leave such words alone
  var MATERIAL = /^search\.[0-9a-f]+\.min\.js$/;

  function segmentQuery(query) {
    var segmenter = self.lunr && self.lunr.segmenter;
    if (!segmenter) {
      return query;
    }
    return query
      .split(/(\s+)/)
      .map(function (part) {
        if (!JAPANESE.test(part) || SYNTAX.test(part)) {
          return part;
        }
        return segmenter.segment(part).join(" ");
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

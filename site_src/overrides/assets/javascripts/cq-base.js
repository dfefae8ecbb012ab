// Material's bootstrap globals (from its inline partials/javascripts/base.html), as a file so that
// the Content-Security-Policy can forbid inline scripts. The scope comes from data-md-scope.
(function () {
  var script = document.currentScript;
  var scope = (script && script.getAttribute("data-md-scope")) || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (e) {
    return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      /* storage full or disabled: settings are not kept */
    }
  };
})();

// The framed side of an embed (embed/ID/): tells the page that frames it how tall its
// content is, in Pym.js's child protocol, so the frame fits it with no scrollbar.
// Messages to the parent: "pymxPYMx<id>xPYMxheightxPYMx<px>", on load, whenever the
// content's size changes, and in answer to the parent's "pymxPYMx<id>xPYMxwidthxPYMx<px>".
// <id> is the `childId` of the page's address, which Pym.js's parent gives it ("" when
// the snippet's embed.js frames it: that script knows its frames by their windows).
(function () {
  "use strict";

  var DELIMITER = "xPYMx";
  var found = /[?&]childId=([^&#]*)/.exec(window.location.search);
  var id = found ? decodeURIComponent(found[1].replace(/\+/g, " ")) : "";
  var sent = null;

  function message(type, value) {
    return ["pym", id, type, value].join(DELIMITER);
  }

  function sendHeight(always) {
    if (window.parent === window || !document.body) return;
    // Rounded up: a frame a fraction of a pixel short would scroll.
    var height = Math.ceil(document.body.getBoundingClientRect().height).toString();
    if (height === sent && !always) return;
    sent = height;
    window.parent.postMessage(message("height", height), "*");
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || typeof event.data !== "string") return;
    var bits = event.data.split(DELIMITER);
    if (bits.length === 4 && bits[0] === "pym" && bits[1] === id && bits[2] === "width") {
      sendHeight(true);
    }
  });
  window.addEventListener("load", function () { sendHeight(true); });
  window.addEventListener("resize", function () { sendHeight(false); });
  if (window.ResizeObserver) {
    new window.ResizeObserver(function () { sendHeight(false); }).observe(document.documentElement);
  }
  if (document.readyState !== "loading") sendHeight(true);
  else document.addEventListener("DOMContentLoaded", function () { sendHeight(true); });
})();

// Resizes a briefing's embeds to their content, on a page that frames them with the
// snippet a quantity's page offers ("Embed this chart"):
//
//   <iframe src="https://example.org/embed/ID/" ... data-briefing-embed></iframe>
//   <script src="https://example.org/assets/embed.js" async></script>
//
// It is the parent's side of Pym.js's protocol (NPR's responsive iframes): each embed
// posts "pymxPYMx<id>xPYMxheightxPYMx<px>" when its content's height is known or
// changes, and this script sets that frame's height; when this page's width changes, it
// posts "pymxPYMx<id>xPYMxwidthxPYMx<px>" to each frame, which answers with its height.
// A frame is known by its window, so any number of embeds share one copy of the script.
// A page that loads Pym.js itself needs none of this: Pym.js's parent does the same.
(function () {
  "use strict";

  if (window.briefingEmbeds) return;  // loaded once per page, however often pasted
  window.briefingEmbeds = true;

  var DELIMITER = "xPYMx";

  function frames() {
    return document.querySelectorAll("iframe[data-briefing-embed]");
  }

  window.addEventListener("message", function (event) {
    if (typeof event.data !== "string") return;
    var bits = event.data.split(DELIMITER);
    if (bits.length !== 4 || bits[0] !== "pym" || bits[2] !== "height") return;
    var height = parseInt(bits[3], 10);
    if (!(height > 0)) return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      if (list[i].contentWindow === event.source) {
        list[i].setAttribute("height", String(height));
        list[i].style.height = height + "px";
        list[i].briefingEmbedId = bits[1];  // the id its messages carry
      }
    }
  });

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      var list = frames();
      for (var i = 0; i < list.length; i++) {
        var frame = list[i];
        if (frame.briefingEmbedId === undefined || !frame.contentWindow) continue;
        var width = String(frame.offsetWidth);
        var sent = ["pym", frame.briefingEmbedId, "width", width].join(DELIMITER);
        frame.contentWindow.postMessage(sent, "*");
      }
    }, 50);
  });
})();

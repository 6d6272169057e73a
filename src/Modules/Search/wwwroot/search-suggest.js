// As-you-type file-name suggestions for the search box: an enhancement only. The page works
// without it; with it, the box's <datalist> offers names of files and folders the user may read
// (/api/search/suggest answers from the name index with the same permission filter as the search).
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) {
    return;
  }

  var timer = 0;
  var last = "";
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === last) {
        return;
      }

      last = text;
      fetch("/api/search/suggest?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) {
          while (list.firstChild) {
            list.removeChild(list.firstChild);
          }

          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.name;
            // The label says where it is (and that it is a folder): many files share a name.
            option.label = (item.isFolder ? "フォルダ：" : "") + item.path;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 200);
  });
})();

// Keeps a page current while articles arrive: the event list is rebuilt from the API
// (as text, never as markup), and an event page reloads when its event changes.
(function () {
  var list = document.getElementById("events");
  var watched = document.getElementById("watched");
  var status = document.getElementById("live");
  var every = 3000;

  function get(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function item(event, known, told) {
    var li = document.createElement("li");
    li.dataset.id = event.id;
    li.dataset.articles = String(event.articles);
    if (!known[event.id]) { li.className = "new"; }
    var a = document.createElement("a");
    a.href = "/events/" + encodeURIComponent(event.id);
    a.textContent = event.headline;
    var meta = document.createElement("span");
    meta.className = "meta";
    var outlets = event.outlets.length + (event.outlets.length === 1 ? " outlet" : " outlets");
    if (event.outlets.length) { outlets += ": " + event.outlets.join(", "); }
    var last = event.last ? "; last update " + event.last.slice(0, 16).replace("T", " ") : "";
    meta.textContent = outlets + "; " + event.articles + (event.articles === 1 ? " article" : " articles") +
      " (" + event.independent_reports + " independent)" + last;
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(meta);
    if (told[event.storyline_id] > 1 && !/(^|&)storyline=/.test(list.dataset.query || "")) {
      var story = document.createElement("a");
      story.className = "story";
      story.href = "/?storyline=" + encodeURIComponent(event.storyline_id);
      story.textContent = "the whole story (" + told[event.storyline_id] + " events)";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(story);
    }
    return li;
  }

  function refreshList() {
    get("/api/events?" + (list.dataset.query || "")).then(function (data) {
      var known = {};
      Array.prototype.forEach.call(list.children, function (li) { known[li.dataset.id] = li.dataset.articles; });
      var changed = data.events.length !== list.children.length || data.events.some(function (e) {
        return known[e.id] !== String(e.articles);
      });
      if (changed) {
        var fresh = document.createDocumentFragment();
        var told = {};
        data.events.forEach(function (e) { told[e.storyline_id] = (told[e.storyline_id] || 0) + 1; });
        data.events.forEach(function (e) { fresh.appendChild(item(e, known, told)); });
        list.replaceChildren(fresh);
        var count = document.getElementById("count");
        if (count) { count.textContent = data.total + (data.total === 1 ? " event" : " events"); }
        status.textContent = "Updated " + new Date().toLocaleTimeString();
      }
    }).catch(function () { status.textContent = "Cannot reach the service; retrying"; });
  }

  function refreshEvent() {
    fetch("/api/events/" + encodeURIComponent(watched.dataset.event) + "/brief", {
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      if (r.status === 404) {
        status.textContent = "This event is no longer listed: its articles now belong to others.";
        return null;
      }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (mine) {
      if (mine && mine.version !== watched.dataset.version) { window.location.reload(); }
    }).catch(function () { status.textContent = "Cannot reach the service; retrying"; });
  }

  if (list) { window.setInterval(refreshList, every); }
  if (watched) { window.setInterval(refreshEvent, every); }
})();

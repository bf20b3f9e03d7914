/*
 * The agents' console: refreshes the queue and the open transcript every 2 s and
 * sends replies without a reload. The pages work without it (plain forms).
 * Everything from a customer is put in with textContent, never as HTML.
 */
(function () {
  "use strict";

  var POLL_MS = 2000;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = meta ? meta.getAttribute("content") : "";
  var page = document.body.getAttribute("data-page");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      if (response.status === 401) {
        window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname);
        throw new Error("signed out");
      }
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || "error " + response.status);
        return body;
      });
    });
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    if (h) return h + " h " + m + " min";
    if (m) return m + " min " + s + " s";
    return s + " s";
  }

  function words(value) {
    return String(value || "").replace(/_/g, " ");
  }

  function poll(work) {
    var running = false;
    function tick() {
      if (running || document.hidden) return;
      running = true;
      work().catch(function () {}).then(function () { running = false; });
    }
    tick();
    setInterval(tick, POLL_MS);
    document.addEventListener("visibilitychange", tick);
  }

  // The conversation's language as a small badge ("FR", title "Language: French"), as _language.html.
  function languageBadge(language) {
    if (!language) return el("span", { title: "Not known yet", text: "–" });
    return el("span", { className: "badge badge--lang", title: "Language: " + language.name, "data-language": language.code }, [
      el("span", { "aria-hidden": "true", text: language.short }),
      el("span", { className: "sr-only", text: language.name }),
    ]);
  }

  // ---- the queue -------------------------------------------------------------

  function queueRow(h) {
    var reason = el("td", {}, [words(h.reason)]);
    if (h.injury) reason.append(" ", el("span", { className: "flag", text: "injury" }));
    if (h.damage) reason.append(" ", el("span", { className: "flag", text: "damage" }));
    var actions = el("td", { className: "actions" });
    if (h.status === "waiting") {
      actions.appendChild(
        el("form", { method: "post", action: "/agent/handoffs/" + h.id + "/claim" }, [
          el("input", { type: "hidden", name: "csrf_token", value: csrfToken }),
          el("button", { type: "submit", className: "primary", "aria-label": "Claim handoff " + h.id, text: "Claim" }),
        ])
      );
    }
    actions.appendChild(el("a", { href: "/agent/handoffs/" + h.id, "aria-label": "Open handoff " + h.id, text: "Open" }));
    return el("tr", { className: h.priority === "urgent" ? "urgent" : "", "data-id": h.id }, [
      el("td", {}, [
        el("span", { className: h.priority === "urgent" ? "badge badge--urgent" : "badge", text: h.priority === "urgent" ? "Urgent" : "Normal" }),
      ]),
      reason,
      el("td", { text: h.channel }),
      el("td", {}, [languageBadge(h.language)]),
      el("td", { text: h.model_number || "–" }),
      el("td", { text: words(h.recall_status) || "–" }),
      el("td", { className: "waiting", text: duration(h.waiting_seconds) }),
      el("td", { text: h.status === "waiting" ? "waiting" : "with " + (h.agent || "?") }),
      actions,
    ]);
  }

  function initQueue() {
    var body = document.getElementById("queue-body");
    var empty = document.getElementById("queue-empty");
    var announcer = document.getElementById("queue-announcer");
    var status = document.getElementById("queue-status");
    var seen = null;
    poll(function () {
      // The page's own filters (?language=fr) apply to the refreshed list too.
      return getJson("/agent/queue.json" + window.location.search).then(function (data) {
        var items = data.handoffs || [];
        // A keyboard user's focus inside the table would be lost by re-rendering.
        var focused = document.activeElement;
        if (body.contains(focused) && focused.matches(":focus-visible")) return;
        body.replaceChildren.apply(body, items.map(queueRow));
        empty.hidden = items.length > 0;
        var waiting = items.filter(function (h) { return h.status === "waiting"; });
        document.title = (waiting.length ? "(" + waiting.length + ") " : "") + "Handoff queue · Recall support";
        if (seen) {
          var fresh = items.filter(function (h) { return !seen[h.id] && h.priority === "urgent"; });
          if (fresh.length) announcer.textContent = "New urgent handoff: " + words(fresh[0].reason) + " on " + fresh[0].channel + ".";
        }
        seen = {};
        items.forEach(function (h) { seen[h.id] = true; });
        status.textContent = "";
      }).catch(function (error) {
        status.textContent = "Refresh failed: " + error.message;
      });
    });
  }

  // ---- one conversation ------------------------------------------------------

  function transcriptItem(m) {
    var who = m.from === "customer" ? "Customer" : m.from === "agent" ? "Agent " + (m.agent || "") : "Bot";
    var item = el("li", { className: "t-msg t-" + m.from }, [el("span", { className: "t-who", text: who })]);
    if (m.timestamp) {
      var when = new Date(m.timestamp * 1000);
      item.appendChild(el("time", { className: "t-time", datetime: when.toISOString(), text: when.toLocaleTimeString() }));
    }
    if (m.text) item.appendChild(el("p", { className: "t-text", text: m.text }));
    if (m.photo && m.photo.id) {
      // The photo endpoint serves only the re-encoded bytes, as a download; an <img> still shows it.
      var href = "/photos/" + encodeURIComponent(m.photo.id);
      item.appendChild(el("p", { className: "t-photo" }, [
        el("a", { href: href, className: "photo-link", "data-photo-id": m.photo.id }, [
          el("img", { src: href, alt: "Photo sent by the customer", className: "photo-thumb", loading: "lazy", width: "160" }),
          " Download photo",
        ]),
      ]));
    } else if (m.photo && m.photo.error) {
      item.appendChild(el("p", { className: "t-photo hint", text: "A file was sent and refused (" + m.photo.error.replace(/_/g, " ") + ")." }));
    }
    if (m.buttons && m.buttons.length) {
      var choices = el("p", { className: "t-choices" }, ["Choices offered: "]);
      m.buttons.forEach(function (b) { choices.appendChild(el("span", { className: "chip", text: b.title })); });
      item.appendChild(choices);
    }
    return item;
  }

  function initHandoff() {
    var id = document.body.getAttribute("data-handoff-id");
    var shownStatus = document.body.getAttribute("data-status");
    var shownMayAct = document.body.getAttribute("data-may-act") === "yes";
    var list = document.getElementById("transcript");
    var errorBox = document.getElementById("transcript-error");
    var stateNotice = document.getElementById("state-notice");
    // Keys of the messages on the page: the server rendered them first, so they count as shown.
    var shownKeys = null;
    function messageKey(m) { return JSON.stringify([m.from, m.text, m.timestamp]); }

    function refresh() {
      return getJson("/agent/handoffs/" + id + "/transcript.json").then(function (data) {
        if (data.error) {
          errorBox.textContent = data.error;
          errorBox.hidden = false;
        } else {
          errorBox.hidden = true;
        }
        var messages = data.messages || [];
        var keys = messages.map(messageKey);
        if (!data.error) {
          var first = shownKeys === null;
          if (first && list.querySelectorAll(".t-msg").length === keys.length) shownKeys = keys.slice();
          var isPrefix = shownKeys !== null && shownKeys.length <= keys.length &&
            shownKeys.every(function (k, i) { return k === keys[i]; });
          var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
          if (isPrefix && keys.length > shownKeys.length) {
            // Only the new messages are added: photos already shown are not reloaded.
            var empty = list.querySelector(".t-empty");
            if (empty) empty.remove();
            messages.slice(shownKeys.length).forEach(function (m) { list.appendChild(transcriptItem(m)); });
            if (!first) list.scrollTop = list.scrollHeight;
            else if (nearBottom) list.scrollTop = list.scrollHeight;
          } else if (!isPrefix) {
            list.replaceChildren.apply(list, messages.length ? messages.map(transcriptItem) : [el("li", { className: "t-empty", text: "No messages yet." })]);
            if (nearBottom || !first) list.scrollTop = list.scrollHeight;
          }
          shownKeys = keys;
        }
        var h = data.handoff;
        showLanguage(h && h.language);
        if (h && (h.status !== shownStatus || h.may_act !== shownMayAct)) {
          stateNotice.textContent = "";
          stateNotice.append(
            "This handoff is now " + h.status + (h.agent ? " (" + h.agent + ")" : "") + ". ",
            el("a", { href: window.location.pathname, text: "Reload to update the page" })
          );
          stateNotice.hidden = false;
        }
      });
    }
    // The customer may change language during the handoff.
    function showLanguage(language) {
      var shown = document.getElementById("handoff-language");
      if (!language || !shown || shown.textContent === language.name) return;
      shown.textContent = language.name;
      var badge = document.getElementById("handoff-language-badge");
      if (badge) badge.replaceChildren(languageBadge(language));
    }
    poll(refresh);

    var form = document.getElementById("reply-form");
    if (form) {
      var textarea = document.getElementById("reply-text");
      var replyError = document.getElementById("reply-error");
      var button = form.querySelector('button[type="submit"]');
      textarea.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = textarea.value.trim();
        if (!text) return;
        button.disabled = true;
        replyError.hidden = true;
        fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken },
          body: JSON.stringify({ text: text }),
        }).then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error(body.error || "error " + response.status);
            textarea.value = "";
            return refresh();
          });
        }).catch(function (error) {
          replyError.textContent = "Not sent: " + error.message;
          replyError.hidden = false;
        }).then(function () {
          button.disabled = false;
          textarea.focus();
        });
      });
    }
  }

  if (page === "queue") initQueue();
  if (page === "handoff") initHandoff();
})();

/*
 * Recall assistant chat widget. Plain JavaScript, no framework, no outside hosts.
 *
 * One line on any page (see docs/CHAT_WIDGET.md):
 *   <script src="https://CONSOLE/static/widget.js" data-rasa-url="https://RASA" defer></script>
 *
 * It talks to Rasa's socket.io channel (session_request -> session_confirm,
 * user_uttered -> bot_uttered), keeps an unguessable session id in localStorage,
 * shows the history after a reload (GET CONSOLE/chat/history), and marks the
 * messages of a human agent. Everything anyone typed is shown as text, never HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var DEFAULTS = {
    rasaUrl: "",
    consoleUrl: "",
    socketPath: "",
    token: "",
    mode: "launcher", // "launcher" (a button in the corner) or "inline" (inside target)
    target: "",
    title: "Recall assistant",
    storageKey: "recall-chat-session-id",
    maxChars: 2000,
    autoStart: true,
  };
  var TYPING_TIMEOUT_MS = 8000;
  var UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  // ---- small helpers -------------------------------------------------------

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; getRandomValues does not.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function sessionIdFrom(key) {
    try {
      var stored = window.localStorage.getItem(key);
      if (stored && UUID_RE.test(stored)) return stored;
      var fresh = uuid4();
      window.localStorage.setItem(key, fresh);
      return fresh;
    } catch (e) {
      return uuid4(); // storage blocked: the conversation lasts as long as the page
    }
  }

  // Builds an element; text goes in with textContent only.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.async = true;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  // Rasa's socket.io output splits a text on blank lines, one bubble per part.
  function parts(text) {
    var pieces = String(text || "").trim().split("\n\n");
    return pieces.length ? pieces : [""];
  }

  function choicesOf(message) {
    var list = message.buttons || message.quick_replies || [];
    return Array.isArray(list)
      ? list.filter(function (c) { return c && c.title; }).map(function (c) {
          return { title: String(c.title), payload: String(c.payload || c.title) };
        })
      : [];
  }

  // ---- the widget ----------------------------------------------------------

  function ChatWidget(options) {
    this.options = Object.assign({}, DEFAULTS, options || {});
    if (!this.options.rasaUrl) throw new Error("RecallChat: data-rasa-url is required");
    this.consoleUrl = (this.options.consoleUrl || "").replace(/\/$/, "");
    this.sessionId = sessionIdFrom(this.options.storageKey);
    this.messages = []; // {from, text, node, pending}
    this.outbox = []; // messages typed before the session is confirmed
    this.ready = false;
    this.confirmedOnce = false;
    this.typingTimer = null;
  }

  ChatWidget.prototype.start = function () {
    this.build();
    var self = this;
    this.loadHistory().then(function () { return self.connect(); }).catch(function (error) {
      self.setStatus("The chat cannot start: " + error.message);
    });
  };

  ChatWidget.prototype.build = function () {
    var o = this.options;
    var host;
    if (o.mode === "inline") {
      host = typeof o.target === "string" ? document.querySelector(o.target) : o.target;
      if (!host) throw new Error("RecallChat: no element matches " + o.target);
    } else {
      host = el("div", { "data-recall-chat": "" });
      document.body.appendChild(host);
    }
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    this.root = root;
    root.appendChild(el("link", { rel: "stylesheet", href: this.consoleUrl + "/static/widget.css" }));

    this.log = el("div", {
      className: "rw-log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      "aria-label": "Conversation",
      tabindex: "0",
    });
    this.typing = el("div", { className: "rw-typing", hidden: true }, [
      el("span", { className: "rw-sr", text: "The assistant is typing" }),
      el("span", { className: "rw-dot", "aria-hidden": "true" }),
      el("span", { className: "rw-dot", "aria-hidden": "true" }),
      el("span", { className: "rw-dot", "aria-hidden": "true" }),
    ]);
    this.status = el("p", { className: "rw-status", role: "status", text: "Connecting…" });
    this.input = el("input", {
      id: "rw-input",
      className: "rw-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(o.maxChars),
      placeholder: "Type your message…",
    });
    this.sendButton = el("button", { type: "submit", className: "rw-send", text: "Send" });
    this.form = el("form", { className: "rw-form" }, [
      el("label", { className: "rw-sr", for: "rw-input", text: "Your message" }),
      this.input,
      this.sendButton,
    ]);

    var headerChildren = [el("h2", { className: "rw-title", id: "rw-title", text: o.title }), this.status];
    if (o.mode !== "inline") {
      this.closeButton = el("button", { type: "button", className: "rw-close", "aria-label": "Close the chat", text: "×" });
      headerChildren.push(this.closeButton);
    }
    this.panel = el("section", { className: "rw-panel", id: "rw-panel", "aria-labelledby": "rw-title" }, [
      el("header", { className: "rw-header" }, headerChildren),
      this.log,
      this.typing,
      this.form,
    ]);
    var frame = el("div", { className: "rw rw--" + (o.mode === "inline" ? "inline" : "launcher") });
    if (o.mode !== "inline") {
      this.launcher = el("button", {
        type: "button",
        className: "rw-launcher",
        "aria-expanded": "false",
        "aria-controls": "rw-panel",
        text: "Chat about the recall",
      });
      this.panel.hidden = true;
      frame.appendChild(this.launcher);
      this.launcher.addEventListener("click", this.toggle.bind(this, true));
      this.closeButton.addEventListener("click", this.toggle.bind(this, false));
      this.panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") this.toggle(false);
      }.bind(this));
    }
    frame.appendChild(this.panel);
    root.appendChild(frame);

    this.addMessage("bot", "Hi! I'm the recall assistant. Tell me your power bank's model number and when it was made, and I'll check whether it's recalled. If it is burning, smoking or has hurt anyone, tell me right away.", { local: true });
    this.form.addEventListener("submit", this.onSubmit.bind(this));
  };

  ChatWidget.prototype.toggle = function (open) {
    this.panel.hidden = !open;
    this.launcher.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) this.input.focus();
    else this.launcher.focus();
  };

  ChatWidget.prototype.setStatus = function (text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  };

  ChatWidget.prototype.senderLabel = function (from) {
    if (from === "customer") return "You";
    if (from === "agent") return "Support team (a person)";
    return "Assistant";
  };

  // Adds one bubble. options: {pending, before, local}
  ChatWidget.prototype.addMessage = function (from, text, options) {
    options = options || {};
    var sender = el("span", { className: "rw-sender", text: this.senderLabel(from) });
    var node = el("div", { className: "rw-msg rw-msg--" + from + (options.pending ? " rw-msg--pending" : "") }, [
      sender,
      el("p", { className: "rw-text", text: text }),
    ]);
    var record = { from: from, text: text, node: node, pending: !!options.pending, local: !!options.local };
    if (options.before) {
      this.log.insertBefore(node, options.before.node);
      this.messages.splice(this.messages.indexOf(options.before), 0, record);
    } else {
      this.log.appendChild(node);
      this.messages.push(record);
    }
    this.scrollDown();
    return record;
  };

  ChatWidget.prototype.markAgent = function (record) {
    if (record.from === "agent") return;
    record.from = "agent";
    record.node.className = "rw-msg rw-msg--agent";
    record.node.querySelector(".rw-sender").textContent = this.senderLabel("agent");
  };

  ChatWidget.prototype.addChoices = function (choices) {
    if (!choices.length) return;
    var self = this;
    var group = el("div", { className: "rw-choices", role: "group", "aria-label": "Choices" });
    choices.forEach(function (choice) {
      var button = el("button", { type: "button", className: "rw-choice", text: choice.title });
      button.addEventListener("click", function () {
        self.send(choice.payload, choice.title);
        self.input.focus();
      });
      group.appendChild(button);
    });
    this.log.appendChild(group);
    this.scrollDown();
  };

  ChatWidget.prototype.clearChoices = function () {
    var groups = this.log.querySelectorAll(".rw-choices");
    Array.prototype.forEach.call(groups, function (g) { g.remove(); });
  };

  ChatWidget.prototype.addAttachment = function (attachment) {
    var payload = attachment && attachment.payload;
    var src = payload && payload.src;
    if (attachment && attachment.type === "image" && typeof src === "string" && /^(https?:)?\//.test(src)) {
      var node = el("div", { className: "rw-msg rw-msg--bot" }, [
        el("span", { className: "rw-sender", text: this.senderLabel("bot") }),
        el("img", { className: "rw-image", src: src, alt: "Image from the assistant" }),
      ]);
      this.log.appendChild(node);
      this.scrollDown();
    }
  };

  ChatWidget.prototype.scrollDown = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  ChatWidget.prototype.showTyping = function (on) {
    clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(this.showTyping.bind(this, false), TYPING_TIMEOUT_MS);
    }
  };

  // History (after a reload or a reconnection) --------------------------------

  ChatWidget.prototype.fetchHistory = function () {
    var secret = this.sessionSecret();
    if (!secret) return Promise.resolve([]); // never confirmed by the server: nothing to show
    var url = this.consoleUrl + "/chat/history?session_id=" + encodeURIComponent(this.sessionId) +
      "&session_secret=" + encodeURIComponent(secret);
    return fetch(url, { credentials: "omit", headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("history " + response.status);
      return response.json();
    }).then(function (body) {
      // One bubble per part, as the live channel shows them.
      var flat = [];
      (body.messages || []).forEach(function (m) {
        var texts = m.from === "customer" ? [m.text] : parts(m.text);
        texts.forEach(function (text, i) {
          flat.push({ from: m.from, text: text, buttons: i === texts.length - 1 ? m.buttons || [] : [] });
        });
      });
      return flat;
    });
  };

  ChatWidget.prototype.loadHistory = function () {
    var self = this;
    return this.fetchHistory().then(function (flat) {
      flat.forEach(function (m) { self.addMessage(m.from, m.text); });
      var last = flat[flat.length - 1];
      if (last && last.from !== "customer") self.addChoices(choicesOf(last));
    }).catch(function () { /* no history yet, or the console is unreachable: start fresh */ });
  };

  // After a reconnection: add what was said while the socket was down.
  // The server's proof that this browser holds the session (another tab may then join it).
  ChatWidget.prototype.sessionSecret = function () {
    try {
      return window.localStorage.getItem(this.options.storageKey + ":secret") || "";
    } catch (e) {
      return this.secretInMemory || "";
    }
  };

  ChatWidget.prototype.keepSessionSecret = function (data) {
    if (data.session_id !== this.sessionId || typeof data.session_secret !== "string") return;
    this.secretInMemory = data.session_secret;
    try {
      window.localStorage.setItem(this.options.storageKey + ":secret", data.session_secret);
    } catch (e) {
      // storage blocked: kept in memory for this page
    }
  };

  // The server may confirm another session than the one asked for (a stale id, a
  // session held elsewhere, a signed token naming its own): from now on, that one.
  ChatWidget.prototype.adoptSession = function (confirmedId) {
    if (typeof confirmedId !== "string" || !UUID_RE.test(confirmedId) || confirmedId === this.sessionId) return;
    this.sessionId = confirmedId;
    this.secretInMemory = "";
    try {
      window.localStorage.setItem(this.options.storageKey, confirmedId);
      window.localStorage.removeItem(this.options.storageKey + ":secret");
    } catch (e) {
      // storage blocked: the conversation lasts as long as the page
    }
  };

  ChatWidget.prototype.catchUp = function () {
    var self = this;
    return this.fetchHistory().then(function (flat) {
      var shown = self.messages.filter(function (m) { return !m.pending && !m.local; });
      var firstPending = self.messages.filter(function (m) { return m.pending; })[0];
      flat.forEach(function (m, i) {
        if (i < shown.length) {
          if (m.from === "agent") self.markAgent(shown[i]);
          return;
        }
        self.addMessage(m.from, m.text, { before: firstPending });
      });
    }).catch(function () {});
  };

  // Socket.io ---------------------------------------------------------------

  ChatWidget.prototype.connect = function () {
    var self = this;
    var ready = window.io ? Promise.resolve() : loadScript(this.consoleUrl + "/static/vendor/socket.io.min.js");
    return ready.then(function () {
      var url = new URL(self.options.rasaUrl, window.location.href);
      var path = self.options.socketPath || url.pathname.replace(/\/$/, "") + "/socket.io";
      var settings = { path: path, transports: ["websocket", "polling"], reconnection: true };
      if (self.options.token) settings.auth = { token: self.options.token };
      var socket = window.io(url.origin, settings);
      self.socket = socket;

      socket.on("connect", function () {
        self.setStatus("Connecting…");
        socket.emit("session_request", { session_id: self.sessionId, session_secret: self.sessionSecret() });
      });
      socket.on("session_confirm", function (confirmedId) {
        self.adoptSession(confirmedId);
        var again = self.confirmedOnce;
        self.confirmedOnce = true;
        self.ready = true;
        self.setStatus("Connected");
        (again ? self.catchUp() : Promise.resolve()).then(function () { self.flush(); });
      });
      socket.on("session_secret", function (data) { self.keepSessionSecret(data || {}); });
      socket.on("bot_uttered", function (message) { self.onBotMessage(message || {}); });
      socket.on("disconnect", function () {
        self.ready = false;
        self.setStatus("Connection lost. Reconnecting…");
      });
      socket.on("connect_error", function (error) {
        self.ready = false;
        if (!socket.active) {
          self.setStatus("The chat was refused by the server. Reload the page to try again.");
        } else {
          self.setStatus("Cannot reach the assistant. Retrying…");
        }
      });
    });
  };

  ChatWidget.prototype.onBotMessage = function (message) {
    if (message.agent_message) {
      // Sent right after an agent's text: mark those bubbles as from a person.
      var texts = parts(message.agent_message.text);
      var bots = this.messages.filter(function (m) { return m.from === "bot" && !m.local; });
      var candidates = bots.slice(-texts.length);
      var self = this;
      candidates.forEach(function (m) { self.markAgent(m); });
      return;
    }
    this.showTyping(false);
    if (typeof message.text === "string" && message.text.length) {
      this.addMessage(message.agent ? "agent" : "bot", message.text);
    }
    if (message.attachment) this.addAttachment(message.attachment);
    var choices = choicesOf(message);
    if (choices.length) {
      this.clearChoices();
      this.addChoices(choices);
    }
  };

  ChatWidget.prototype.onSubmit = function (event) {
    event.preventDefault();
    var text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.send(text, text);
  };

  // Shows `shown` as the customer's message and sends `payload` to Rasa.
  ChatWidget.prototype.send = function (payload, shown) {
    this.clearChoices();
    var record = this.addMessage("customer", shown, { pending: !this.ready });
    this.outbox.push({ payload: payload, record: record });
    this.flush();
  };

  ChatWidget.prototype.flush = function () {
    if (!this.ready || !this.socket) return;
    while (this.outbox.length) {
      var item = this.outbox.shift();
      this.socket.emit("user_uttered", { message: item.payload, session_id: this.sessionId });
      if (item.record.pending) {
        item.record.pending = false;
        item.record.node.className = "rw-msg rw-msg--customer";
      }
      // Nobody types on the bot's side while a person has the conversation.
      if (!this.withPerson()) this.showTyping(true);
    }
  };

  ChatWidget.prototype.withPerson = function () {
    for (var i = this.messages.length - 1; i >= 0; i--) {
      if (this.messages[i].from !== "customer") return this.messages[i].from === "agent";
    }
    return false;
  };

  // ---- start ---------------------------------------------------------------

  function optionsFromScript(tag) {
    if (!tag) return {};
    var data = tag.dataset;
    var origin = new URL(tag.src, window.location.href).origin;
    return {
      rasaUrl: data.rasaUrl || "",
      consoleUrl: data.consoleUrl || origin,
      socketPath: data.socketPath || "",
      token: data.token || "",
      mode: data.mode || DEFAULTS.mode,
      target: data.target || "",
      title: data.title || DEFAULTS.title,
      storageKey: data.storageKey || DEFAULTS.storageKey,
      maxChars: parseInt(data.maxChars || DEFAULTS.maxChars, 10) || DEFAULTS.maxChars,
      autoStart: data.autoStart !== "false",
    };
  }

  var fromTag = optionsFromScript(script);
  window.RecallChat = {
    // For pages that fetch a JWT first: data-auto-start="false", then RecallChat.start({token}).
    start: function (options) {
      var widget = new ChatWidget(Object.assign({}, fromTag, options || {}));
      widget.start();
      return widget;
    },
  };
  if (script && fromTag.autoStart) {
    var go = function () { window.RecallChat.widget = window.RecallChat.start(); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }
})();

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
 *
 * Photos of the label: the attach button, drag-and-drop onto the conversation, a pasted
 * image, and on phones the camera. A photo is scaled down to at most MAX_PHOTO_SIDE px and
 * re-encoded as JPEG in the page (smaller uploads, no EXIF or GPS leaves the phone), then
 * sent as user_uttered {message: <caption>, session_id, metadata: {image: {content_type,
 * data: <base64>}}}. A bot message carrying {"show_label_example": true} (or a click on
 * "What should I photograph?") shows static/label-example.svg.
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
  var PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];
  var PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/heic";
  var MAX_PHOTO_BYTES = 10 * 1024 * 1024; // what the server takes (bot.photos.intake)
  var MAX_SOURCE_BYTES = 50 * 1024 * 1024; // larger files are not even decoded here
  var MAX_PHOTO_SIDE = 2000;
  var JPEG_QUALITY = 0.9;
  var TEXT_TOO_BIG = "That picture is larger than 10 MB, so I can't send it. Please take a photo of just the label, or type the model number.";
  var TEXT_NOT_PHOTO = "I can only take photos (JPEG, PNG, WebP or HEIC). Please send a photo of the label, or type the model number.";
  var TEXT_NOT_READ = "That picture could not be opened here. Please try another photo, or type the model number.";
  var TEXT_EXAMPLE = "Photograph the small print on the back or side of the power bank, like this: the model number (for example A1263) and the date it was made (MFD, or a date code). Hold the phone steady, close enough to read it, without glare.";
  var EXAMPLE_ALT = "Example: the label on the back of a power bank. The line 'Model: A1263' and the line 'MFD 2018.03' are circled.";
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

  function isPhoto(file) {
    var type = String(file.type || "").toLowerCase();
    if (PHOTO_TYPES.indexOf(type) >= 0) return true;
    // Chrome and Windows often give HEIC files no type
    return !type && /\.(heic|heif)$/i.test(file.name || "");
  }

  function readAsDataUrl(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { reject(reader.error || new Error("unreadable")); };
      reader.readAsDataURL(blob);
    });
  }

  // The photo to send: {contentType, data (base64), thumbnail (a data: URL or "")}.
  // Decoded by the browser (orientation from EXIF), scaled to MAX_PHOTO_SIDE and
  // re-encoded as JPEG; a file the browser cannot decode (HEIC outside Safari) goes as
  // it is, for the server to decode.
  function preparePhoto(file) {
    var decode = typeof window.createImageBitmap === "function"
      ? window.createImageBitmap(file, { imageOrientation: "from-image" })
      : Promise.reject(new Error("no createImageBitmap"));
    return decode.then(function (bitmap) {
      var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG becomes white, not black
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) resolve(blob);
          else reject(new Error("not encoded"));
        }, "image/jpeg", JPEG_QUALITY);
      });
    }).then(function (blob) {
      return readAsDataUrl(blob).then(function (url) {
        return { contentType: "image/jpeg", data: url.slice(url.indexOf(",") + 1), thumbnail: url, size: blob.size };
      });
    }, function () {
      return readAsDataUrl(file).then(function (url) {
        var type = String(file.type || "image/heic").toLowerCase();
        return { contentType: type === "image/heif" ? "image/heic" : type, data: url.slice(url.indexOf(",") + 1), thumbnail: "", size: file.size };
      });
    });
  }

  function svgIcon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    shape.setAttribute("fill", "none");
    shape.setAttribute("stroke", "currentColor");
    shape.setAttribute("stroke-width", "2");
    shape.setAttribute("stroke-linecap", "round");
    shape.setAttribute("stroke-linejoin", "round");
    svg.appendChild(shape);
    return svg;
  }
  var PAPERCLIP = "M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9";
  var CAMERA = "M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z";

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
    // The file choosers: any photo, and on phones the camera straight away.
    this.fileInput = el("input", { type: "file", className: "rw-file", accept: PHOTO_ACCEPT, hidden: true, tabindex: "-1", "aria-hidden": "true" });
    this.cameraInput = el("input", { type: "file", className: "rw-file", accept: PHOTO_ACCEPT, capture: "environment", hidden: true, tabindex: "-1", "aria-hidden": "true" });
    this.attachButton = el("button", {
      type: "button",
      className: "rw-attach",
      "aria-label": "Attach a photo of the label",
      title: "Attach a photo of the label",
    }, [svgIcon(PAPERCLIP)]);
    this.cameraButton = el("button", {
      type: "button",
      className: "rw-attach rw-camera",
      "aria-label": "Take a photo of the label",
      title: "Take a photo of the label",
      hidden: !this.hasCamera(),
    }, [svgIcon(CAMERA)]);
    this.form = el("form", { className: "rw-form" }, [
      this.attachButton,
      this.cameraButton,
      this.fileInput,
      this.cameraInput,
      el("label", { className: "rw-sr", for: "rw-input", text: "Your message" }),
      this.input,
      this.sendButton,
    ]);
    this.helpButton = el("button", { type: "button", className: "rw-link", text: "What should I photograph?" });
    this.tools = el("div", { className: "rw-tools" }, [
      this.helpButton,
      el("span", { className: "rw-hint", text: "You can drop a photo of the label here." }),
    ]);
    this.dropNote = el("div", { className: "rw-drop-note", hidden: true, "aria-hidden": "true", text: "Drop the photo to send it" });

    var headerChildren = [el("h2", { className: "rw-title", id: "rw-title", text: o.title }), this.status];
    if (o.mode !== "inline") {
      this.closeButton = el("button", { type: "button", className: "rw-close", "aria-label": "Close the chat", text: "×" });
      headerChildren.push(this.closeButton);
    }
    this.panel = el("section", { className: "rw-panel", id: "rw-panel", "aria-labelledby": "rw-title" }, [
      el("header", { className: "rw-header" }, headerChildren),
      this.log,
      this.dropNote,
      this.typing,
      this.form,
      this.tools,
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
    this.wirePhotos();
  };

  ChatWidget.prototype.hasCamera = function () {
    return !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  };

  ChatWidget.prototype.wirePhotos = function () {
    var self = this;
    this.attachButton.addEventListener("click", function () { self.fileInput.click(); });
    this.cameraButton.addEventListener("click", function () { self.cameraInput.click(); });
    [this.fileInput, this.cameraInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        input.value = ""; // the same photo may be chosen again
        if (file) self.sendPhoto(file);
      });
    });
    this.helpButton.addEventListener("click", function () { self.showLabelExample(); });
    // Drag-and-drop onto the conversation.
    var depth = 0;
    var hasFiles = function (event) {
      var types = event.dataTransfer && event.dataTransfer.types;
      return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
    };
    this.panel.addEventListener("dragenter", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth += 1;
      self.panel.classList.add("rw-panel--drop");
      self.dropNote.hidden = false;
    });
    this.panel.addEventListener("dragover", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    });
    var leave = function () {
      depth = 0;
      self.panel.classList.remove("rw-panel--drop");
      self.dropNote.hidden = true;
    };
    this.panel.addEventListener("dragleave", function () {
      depth = Math.max(0, depth - 1);
      if (!depth) leave();
    });
    this.panel.addEventListener("drop", function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      leave();
      var file = event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) self.sendPhoto(file);
    });
    // A screenshot or photo pasted into the message box.
    this.input.addEventListener("paste", function (event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (files && files.length && isPhoto(files[0])) {
        event.preventDefault();
        self.sendPhoto(files[0]);
      }
    });
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

  // A photo the customer sent: a thumbnail (or a note when the browser cannot show it)
  // and the caption. options: {pending, before}
  ChatWidget.prototype.addPhotoMessage = function (thumbnail, caption, options) {
    options = options || {};
    var picture = thumbnail
      ? el("img", { className: "rw-thumb", src: thumbnail, alt: "Your photo of the label" })
      : el("p", { className: "rw-text rw-photo-note", text: "Photo sent" });
    var children = [el("span", { className: "rw-sender", text: this.senderLabel("customer") }), picture];
    if (caption) children.push(el("p", { className: "rw-text", text: caption }));
    var node = el("div", { className: "rw-msg rw-msg--customer rw-msg--photo" + (options.pending ? " rw-msg--pending" : "") }, children);
    var record = { from: "customer", text: caption || "", node: node, pending: !!options.pending, local: false, photo: true };
    if (options.before) {
      this.log.insertBefore(node, options.before.node);
      this.messages.splice(this.messages.indexOf(options.before), 0, record);
    } else {
      this.log.appendChild(node);
      this.messages.push(record);
    }
    if (picture.tagName === "IMG") picture.addEventListener("load", this.scrollDown.bind(this));
    this.scrollDown();
    return record;
  };

  // What a good label photo looks like (a bot message, or the help link).
  ChatWidget.prototype.showLabelExample = function () {
    var node = el("figure", { className: "rw-msg rw-msg--bot rw-example" }, [
      el("span", { className: "rw-sender", text: this.senderLabel("bot") }),
      el("img", { className: "rw-example-image", src: this.consoleUrl + "/static/label-example.svg", alt: EXAMPLE_ALT, width: "320", height: "200" }),
      el("figcaption", { className: "rw-text", text: TEXT_EXAMPLE }),
    ]);
    var record = { from: "bot", text: TEXT_EXAMPLE, node: node, pending: false, local: true };
    this.log.appendChild(node);
    this.messages.push(record);
    this.scrollDown();
    return record;
  };

  ChatWidget.prototype.sendPhoto = function (file) {
    var self = this;
    if (!isPhoto(file)) {
      this.addMessage("bot", TEXT_NOT_PHOTO, { local: true });
      return Promise.resolve(null);
    }
    if (file.size > MAX_SOURCE_BYTES) {
      this.addMessage("bot", TEXT_TOO_BIG, { local: true });
      return Promise.resolve(null);
    }
    var caption = this.input.value.trim();
    this.setStatus("Preparing the photo…");
    return preparePhoto(file).then(function (photo) {
      self.setStatus(self.ready ? "Connected" : "Connecting…");
      if (photo.size > MAX_PHOTO_BYTES) {
        self.addMessage("bot", TEXT_TOO_BIG, { local: true });
        return null;
      }
      if (caption && self.input.value.trim() === caption) self.input.value = "";
      self.clearChoices();
      var record = self.addPhotoMessage(photo.thumbnail, caption, { pending: !self.ready });
      self.outbox.push({
        payload: caption,
        record: record,
        image: { content_type: photo.contentType, data: photo.data },
      });
      self.flush();
      return record;
    }).catch(function () {
      self.setStatus(self.ready ? "Connected" : "Connecting…");
      self.addMessage("bot", TEXT_NOT_READ, { local: true });
      return null;
    });
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
      flat.forEach(function (m) { self.addFromHistory(m); });
      var last = flat[flat.length - 1];
      if (last && last.from !== "customer") self.addChoices(choicesOf(last));
    }).catch(function () { /* no history yet, or the console is unreachable: start fresh */ });
  };

  // The widget never sends an empty text: an empty customer message was a photo.
  ChatWidget.prototype.addFromHistory = function (m, options) {
    if (m.from === "customer" && !m.text) return this.addPhotoMessage("", "", options);
    return this.addMessage(m.from, m.text, options);
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
        self.addFromHistory(m, { before: firstPending });
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
    if (wantsLabelExample(message)) this.showLabelExample();
    var choices = choicesOf(message);
    if (choices.length) {
      this.clearChoices();
      this.addChoices(choices);
    }
  };

  // {"show_label_example": true}: as Rasa emits a custom response's `data` over socket.io,
  // or nested under `custom` (a custom response sent whole).
  function wantsLabelExample(message) {
    return message.show_label_example === true ||
      !!(message.custom && message.custom.show_label_example === true) ||
      !!(message.data && message.data.show_label_example === true);
  }

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
      var outgoing = { message: item.payload, session_id: this.sessionId };
      if (item.image) outgoing.metadata = { image: item.image };
      this.socket.emit("user_uttered", outgoing);
      if (item.record.pending) {
        item.record.pending = false;
        item.record.node.classList.remove("rw-msg--pending");
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

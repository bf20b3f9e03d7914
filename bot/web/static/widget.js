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
 *
 * Languages: every text of its own (placeholder, buttons, statuses, errors, the label
 * example, aria-labels) in English, French, Spanish and German: the conversation's
 * language when the history says it (GET CONSOLE/chat/history returns `language`, read
 * again after each answer), else the browser's (navigator.language), else English. The
 * widget's frame gets the matching `lang`, and the page hears a `recallchat:language`
 * event ({detail: {language}}) to follow. The FIRST message of a session carries the
 * browser's language tag as metadata.locale ("fr-CA"): the bot's NLU uses it only when
 * the words cannot tell, so it is never sent again (it would undo a customer's own choice).
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
    title: "", // empty: "Recall assistant" in the widget's language
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
  var LANGUAGE_CHECK_MS = 1500; // after the last answer of a turn, ask the history for the language
  var UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  // ---- the widget's own texts, per language --------------------------------
  // The conversation's language (from the history) when known, else the browser's.

  var LANGUAGES = ["en", "fr", "es", "de"]; // bot.i18n.SUPPORTED
  var STRINGS = {
    en: {
      title: "Recall assistant",
      launcher: "Chat about the recall",
      close: "Close the chat",
      log: "Conversation",
      typing: "The assistant is typing",
      connecting: "Connecting…",
      connected: "Connected",
      lost: "Connection lost. Reconnecting…",
      refused: "The chat was refused by the server. Reload the page to try again.",
      unreachable: "Cannot reach the assistant. Retrying…",
      cannotStart: "The chat cannot start: ",
      preparing: "Preparing the photo…",
      placeholder: "Type your message…",
      yourMessage: "Your message",
      send: "Send",
      attach: "Attach a photo of the label",
      camera: "Take a photo of the label",
      help: "What should I photograph?",
      dropHint: "You can drop a photo of the label here.",
      dropNote: "Drop the photo to send it",
      greeting: "Hi! I'm the recall assistant. Tell me your power bank's model number and when it was made, and I'll check whether it's recalled. If it is burning, smoking or has hurt anyone, tell me right away.",
      you: "You",
      agent: "Support team (a person)",
      bot: "Assistant",
      yourPhoto: "Your photo of the label",
      photoSent: "Photo sent",
      choices: "Choices",
      botImage: "Image from the assistant",
      tooBig: "That picture is larger than 10 MB, so I can't send it. Please take a photo of just the label, or type the model number.",
      notPhoto: "I can only take photos (JPEG, PNG, WebP or HEIC). Please send a photo of the label, or type the model number.",
      notRead: "That picture could not be opened here. Please try another photo, or type the model number.",
      example: "Photograph the small print on the back or side of the power bank, like this: the model number (for example A1263) and the date it was made (MFD, or a date code). Hold the phone steady, close enough to read it, without glare.",
      exampleAlt: "Example: the label on the back of a power bank. The line 'Model: A1263' and the line 'MFD 2018.03' are circled.",
    },
    fr: {
      title: "Assistant du rappel",
      launcher: "Discuter du rappel",
      close: "Fermer la discussion",
      log: "Conversation",
      typing: "L'assistant écrit",
      connecting: "Connexion…",
      connected: "Connecté",
      lost: "Connexion perdue. Reconnexion…",
      refused: "Le serveur a refusé la discussion. Rechargez la page pour réessayer.",
      unreachable: "Impossible de joindre l'assistant. Nouvel essai…",
      cannotStart: "La discussion ne peut pas démarrer\u00a0: ",
      preparing: "Préparation de la photo…",
      placeholder: "Écrivez votre message…",
      yourMessage: "Votre message",
      send: "Envoyer",
      attach: "Joindre une photo de l'étiquette",
      camera: "Prendre une photo de l'étiquette",
      help: "Que dois-je photographier\u00a0?",
      dropHint: "Vous pouvez déposer ici une photo de l'étiquette.",
      dropNote: "Déposez la photo pour l'envoyer",
      greeting: "Bonjour\u00a0! Je suis l'assistant du rappel. Indiquez-moi le numéro de modèle de votre batterie externe et sa date de fabrication, et je vérifierai si elle est rappelée. Si elle brûle, fume ou a blessé quelqu'un, dites-le-moi tout de suite.",
      you: "Vous",
      agent: "Équipe d'assistance (une personne)",
      bot: "Assistant",
      yourPhoto: "Votre photo de l'étiquette",
      photoSent: "Photo envoyée",
      choices: "Choix",
      botImage: "Image de l'assistant",
      tooBig: "Cette image dépasse 10 Mo, je ne peux donc pas l'envoyer. Prenez une photo de l'étiquette seule, ou tapez le numéro de modèle.",
      notPhoto: "Je ne peux recevoir que des photos (JPEG, PNG, WebP ou HEIC). Envoyez une photo de l'étiquette, ou tapez le numéro de modèle.",
      notRead: "Cette image n'a pas pu être ouverte ici. Essayez une autre photo, ou tapez le numéro de modèle.",
      example: "Photographiez les petites inscriptions au dos ou sur le côté de la batterie externe, comme ceci\u00a0: le numéro de modèle (par exemple A1263) et la date de fabrication (MFD, ou un code de date). Tenez le téléphone immobile, assez près pour pouvoir lire, sans reflet.",
      exampleAlt: "Exemple\u00a0: l'étiquette au dos d'une batterie externe. La ligne «\u00a0Model: A1263\u00a0» et la ligne «\u00a0MFD 2018.03\u00a0» sont entourées.",
    },
    es: {
      title: "Asistente de la retirada",
      launcher: "Hablar sobre la retirada",
      close: "Cerrar el chat",
      log: "Conversación",
      typing: "El asistente está escribiendo",
      connecting: "Conectando…",
      connected: "Conectado",
      lost: "Se perdió la conexión. Reconectando…",
      refused: "El servidor rechazó el chat. Recargue la página para intentarlo de nuevo.",
      unreachable: "No se puede contactar con el asistente. Reintentando…",
      cannotStart: "El chat no puede iniciarse: ",
      preparing: "Preparando la foto…",
      placeholder: "Escriba su mensaje…",
      yourMessage: "Su mensaje",
      send: "Enviar",
      attach: "Adjuntar una foto de la etiqueta",
      camera: "Hacer una foto de la etiqueta",
      help: "¿Qué debo fotografiar?",
      dropHint: "Puede soltar aquí una foto de la etiqueta.",
      dropNote: "Suelte la foto para enviarla",
      greeting: "¡Hola! Soy el asistente de la retirada. Dígame el número de modelo de su batería externa y cuándo se fabricó, y comprobaré si está afectada. Si está ardiendo, echando humo o ha herido a alguien, dígamelo enseguida.",
      you: "Usted",
      agent: "Equipo de asistencia (una persona)",
      bot: "Asistente",
      yourPhoto: "Su foto de la etiqueta",
      photoSent: "Foto enviada",
      choices: "Opciones",
      botImage: "Imagen del asistente",
      tooBig: "Esa imagen supera los 10 MB, así que no puedo enviarla. Haga una foto solo de la etiqueta o escriba el número de modelo.",
      notPhoto: "Solo puedo recibir fotos (JPEG, PNG, WebP o HEIC). Envíe una foto de la etiqueta o escriba el número de modelo.",
      notRead: "No se pudo abrir esa imagen aquí. Pruebe con otra foto o escriba el número de modelo.",
      example: "Fotografíe la letra pequeña de la parte trasera o del lateral de la batería externa, así: el número de modelo (por ejemplo, A1263) y la fecha de fabricación (MFD, o un código de fecha). Sujete el teléfono firme, lo bastante cerca para leerlo y sin reflejos.",
      exampleAlt: "Ejemplo: la etiqueta de la parte trasera de una batería externa. La línea «Model: A1263» y la línea «MFD 2018.03» están rodeadas con un círculo.",
    },
    de: {
      title: "Rückruf-Assistent",
      launcher: "Zum Rückruf chatten",
      close: "Chat schließen",
      log: "Unterhaltung",
      typing: "Der Assistent schreibt",
      connecting: "Verbindung wird hergestellt…",
      connected: "Verbunden",
      lost: "Verbindung unterbrochen. Neuer Versuch…",
      refused: "Der Server hat den Chat abgelehnt. Laden Sie die Seite neu, um es erneut zu versuchen.",
      unreachable: "Der Assistent ist nicht erreichbar. Neuer Versuch…",
      cannotStart: "Der Chat kann nicht starten: ",
      preparing: "Das Foto wird vorbereitet…",
      placeholder: "Ihre Nachricht…",
      yourMessage: "Ihre Nachricht",
      send: "Senden",
      attach: "Foto des Etiketts anhängen",
      camera: "Foto des Etiketts aufnehmen",
      help: "Was soll ich fotografieren?",
      dropHint: "Sie können ein Foto des Etiketts hier ablegen.",
      dropNote: "Foto zum Senden ablegen",
      greeting: "Hallo! Ich bin der Rückruf-Assistent. Nennen Sie mir die Modellnummer Ihrer Powerbank und wann sie hergestellt wurde, dann prüfe ich, ob sie zurückgerufen wird. Wenn sie brennt, raucht oder jemanden verletzt hat, sagen Sie es mir sofort.",
      you: "Sie",
      agent: "Support-Team (ein Mensch)",
      bot: "Assistent",
      yourPhoto: "Ihr Foto des Etiketts",
      photoSent: "Foto gesendet",
      choices: "Auswahl",
      botImage: "Bild vom Assistenten",
      tooBig: "Dieses Bild ist größer als 10 MB, daher kann ich es nicht senden. Bitte fotografieren Sie nur das Etikett oder geben Sie die Modellnummer ein.",
      notPhoto: "Ich kann nur Fotos annehmen (JPEG, PNG, WebP oder HEIC). Bitte senden Sie ein Foto des Etiketts oder geben Sie die Modellnummer ein.",
      notRead: "Dieses Bild konnte hier nicht geöffnet werden. Bitte versuchen Sie ein anderes Foto oder geben Sie die Modellnummer ein.",
      example: "Fotografieren Sie die kleine Schrift auf der Rück- oder Seitenfläche der Powerbank, etwa so: die Modellnummer (zum Beispiel A1263) und das Herstellungsdatum (MFD oder ein Datumscode). Halten Sie das Telefon ruhig, nah genug zum Lesen und ohne Spiegelung.",
      exampleAlt: "Beispiel: das Etikett auf der Rückseite einer Powerbank. Die Zeile „Model: A1263“ und die Zeile „MFD 2018.03“ sind eingekreist.",
    },
  };

  // "fr-CA" -> "fr"; anything not configured -> null.
  function supportedLanguage(tag) {
    var base = String(tag || "").trim().toLowerCase().replace("_", "-").split("-")[0];
    return LANGUAGES.indexOf(base) >= 0 ? base : null;
  }

  // The browser's language tag as it is ("fr-CA"), for the bot's NLU (metadata.locale).
  function browserLocale() {
    var tag = (window.navigator && window.navigator.language) || "";
    return /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,4}$/.test(tag) ? tag.slice(0, 35) : "";
  }

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
    this.language = supportedLanguage(window.navigator && window.navigator.language) || "en";
    this.localised = []; // [node, {attribute or "text": key}] to put in another language
    this.statusKey = "connecting";
    this.statusDetail = "";
    this.languageTimer = null;
  }

  // Languages --------------------------------------------------------------------

  ChatWidget.prototype.say = function (key) {
    return (STRINGS[this.language] || STRINGS.en)[key] || STRINGS.en[key];
  };

  // Sets the node's text and attributes from keys, and keeps them to change language.
  ChatWidget.prototype.localise = function (node, keys) {
    this.localised.push([node, keys]);
    this.applyTexts(node, keys);
    return node;
  };

  ChatWidget.prototype.applyTexts = function (node, keys) {
    var self = this;
    Object.keys(keys).forEach(function (name) {
      var value = self.say(keys[name]);
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    });
  };

  // Shows every text of the widget in `language` (en, fr, es or de; others are ignored).
  ChatWidget.prototype.setLanguage = function (language) {
    language = supportedLanguage(language);
    if (!language) return;
    var changed = language !== this.language;
    this.language = language;
    if (this.frame) this.frame.setAttribute("lang", language);
    if (changed && this.frame) {
      var self = this;
      this.localised.forEach(function (item) { self.applyTexts(item[0], item[1]); });
      this.messages.forEach(function (m) {
        var sender = m.node.querySelector(".rw-sender");
        if (sender) sender.textContent = self.senderLabel(m.from);
      });
      this.showStatus();
    }
    if (this.announced === language) return;
    this.announced = language;
    try {
      document.dispatchEvent(new CustomEvent("recallchat:language", { detail: { language: language } }));
    } catch (e) {
      // very old browsers: the page keeps its language
    }
  };

  ChatWidget.prototype.start = function () {
    this.build();
    var self = this;
    this.loadHistory().then(function () { return self.connect(); }).catch(function (error) {
      self.setStatus("cannotStart", error.message);
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
    var L = this.localise.bind(this);
    root.appendChild(el("link", { rel: "stylesheet", href: this.consoleUrl + "/static/widget.css" }));

    this.log = L(el("div", {
      className: "rw-log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      tabindex: "0",
    }), { "aria-label": "log" });
    this.typing = el("div", { className: "rw-typing", hidden: true }, [
      L(el("span", { className: "rw-sr" }), { text: "typing" }),
      el("span", { className: "rw-dot", "aria-hidden": "true" }),
      el("span", { className: "rw-dot", "aria-hidden": "true" }),
      el("span", { className: "rw-dot", "aria-hidden": "true" }),
    ]);
    this.status = el("p", { className: "rw-status", role: "status", text: this.say("connecting") });
    this.input = L(el("input", {
      id: "rw-input",
      className: "rw-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(o.maxChars),
    }), { placeholder: "placeholder" });
    this.sendButton = L(el("button", { type: "submit", className: "rw-send" }), { text: "send" });
    // The file choosers: any photo, and on phones the camera straight away.
    this.fileInput = el("input", { type: "file", className: "rw-file", accept: PHOTO_ACCEPT, hidden: true, tabindex: "-1", "aria-hidden": "true" });
    this.cameraInput = el("input", { type: "file", className: "rw-file", accept: PHOTO_ACCEPT, capture: "environment", hidden: true, tabindex: "-1", "aria-hidden": "true" });
    this.attachButton = L(el("button", { type: "button", className: "rw-attach" }, [svgIcon(PAPERCLIP)]),
      { "aria-label": "attach", title: "attach" });
    this.cameraButton = L(el("button", {
      type: "button",
      className: "rw-attach rw-camera",
      hidden: !this.hasCamera(),
    }, [svgIcon(CAMERA)]), { "aria-label": "camera", title: "camera" });
    this.form = el("form", { className: "rw-form" }, [
      this.attachButton,
      this.cameraButton,
      this.fileInput,
      this.cameraInput,
      L(el("label", { className: "rw-sr", for: "rw-input" }), { text: "yourMessage" }),
      this.input,
      this.sendButton,
    ]);
    this.helpButton = L(el("button", { type: "button", className: "rw-link" }), { text: "help" });
    this.tools = el("div", { className: "rw-tools" }, [
      this.helpButton,
      L(el("span", { className: "rw-hint" }), { text: "dropHint" }),
    ]);
    this.dropNote = L(el("div", { className: "rw-drop-note", hidden: true, "aria-hidden": "true" }), { text: "dropNote" });

    var title = el("h2", { className: "rw-title", id: "rw-title", text: o.title });
    if (!o.title) L(title, { text: "title" }); // a page's own data-title stays as it is
    var headerChildren = [title, this.status];
    if (o.mode !== "inline") {
      this.closeButton = L(el("button", { type: "button", className: "rw-close", text: "×" }), { "aria-label": "close" });
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
    var frame = el("div", { className: "rw rw--" + (o.mode === "inline" ? "inline" : "launcher"), lang: this.language });
    this.frame = frame;
    if (o.mode !== "inline") {
      this.launcher = L(el("button", {
        type: "button",
        className: "rw-launcher",
        "aria-expanded": "false",
        "aria-controls": "rw-panel",
      }), { text: "launcher" });
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

    this.addMessage("bot", "greeting", { local: true });
    this.setLanguage(this.language); // tells the page the language chosen so far
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

  // The status line: a text's key, and what follows it (an error's own words).
  ChatWidget.prototype.setStatus = function (key, detail) {
    this.statusKey = key;
    this.statusDetail = detail || "";
    this.showStatus();
  };

  ChatWidget.prototype.showStatus = function () {
    var text = this.say(this.statusKey) + this.statusDetail;
    if (this.status.textContent !== text) this.status.textContent = text;
  };

  ChatWidget.prototype.senderLabel = function (from) {
    if (from === "customer") return this.say("you");
    if (from === "agent") return this.say("agent");
    return this.say("bot");
  };

  // Adds one bubble. options: {pending, before, local}; a local message's text is the
  // key of one of the widget's own texts (shown in the widget's language).
  ChatWidget.prototype.addMessage = function (from, text, options) {
    options = options || {};
    var sender = el("span", { className: "rw-sender", text: this.senderLabel(from) });
    var paragraph = el("p", { className: "rw-text", text: text });
    if (options.local) {
      this.localise(paragraph, { text: text });
      text = paragraph.textContent;
    }
    var node = el("div", { className: "rw-msg rw-msg--" + from + (options.pending ? " rw-msg--pending" : "") }, [
      sender,
      paragraph,
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
      ? this.localise(el("img", { className: "rw-thumb", src: thumbnail }), { alt: "yourPhoto" })
      : this.localise(el("p", { className: "rw-text rw-photo-note" }), { text: "photoSent" });
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
      this.localise(el("img", { className: "rw-example-image", src: this.consoleUrl + "/static/label-example.svg", width: "320", height: "200" }), { alt: "exampleAlt" }),
      this.localise(el("figcaption", { className: "rw-text" }), { text: "example" }),
    ]);
    var record = { from: "bot", text: this.say("example"), node: node, pending: false, local: true };
    this.log.appendChild(node);
    this.messages.push(record);
    this.scrollDown();
    return record;
  };

  ChatWidget.prototype.sendPhoto = function (file) {
    var self = this;
    if (!isPhoto(file)) {
      this.addMessage("bot", "notPhoto", { local: true });
      return Promise.resolve(null);
    }
    if (file.size > MAX_SOURCE_BYTES) {
      this.addMessage("bot", "tooBig", { local: true });
      return Promise.resolve(null);
    }
    var caption = this.input.value.trim();
    this.setStatus("preparing");
    return preparePhoto(file).then(function (photo) {
      self.setStatus(self.ready ? "connected" : "connecting");
      if (photo.size > MAX_PHOTO_BYTES) {
        self.addMessage("bot", "tooBig", { local: true });
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
      self.setStatus(self.ready ? "connected" : "connecting");
      self.addMessage("bot", "notRead", { local: true });
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
    var group = this.localise(el("div", { className: "rw-choices", role: "group" }), { "aria-label": "choices" });
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
        this.localise(el("span", { className: "rw-sender" }), { text: "bot" }),
        this.localise(el("img", { className: "rw-image", src: src }), { alt: "botImage" }),
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

  // The conversation so far: {messages: [{from, text, buttons}], language ("fr", or "" when unknown)}.
  ChatWidget.prototype.fetchHistory = function () {
    var secret = this.sessionSecret();
    if (!secret) return Promise.resolve({ messages: [], language: "" }); // never confirmed by the server: nothing to show
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
      return { messages: flat, language: typeof body.language === "string" ? body.language : "" };
    });
  };

  ChatWidget.prototype.loadHistory = function () {
    var self = this;
    return this.fetchHistory().then(function (history) {
      var flat = history.messages;
      if (flat.length) self.markLocaleSent(); // a session under way: the words decide now
      self.setLanguage(history.language);
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

  // Whether this session's first message (with the browser's locale) has gone.
  ChatWidget.prototype.localeSent = function () {
    try {
      return window.localStorage.getItem(this.options.storageKey + ":locale-sent") === this.sessionId;
    } catch (e) {
      return this.localeSentInMemory === this.sessionId;
    }
  };

  ChatWidget.prototype.markLocaleSent = function () {
    this.localeSentInMemory = this.sessionId;
    try {
      window.localStorage.setItem(this.options.storageKey + ":locale-sent", this.sessionId);
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
    return this.fetchHistory().then(function (history) {
      var flat = history.messages;
      self.setLanguage(history.language);
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
        self.setStatus("connecting");
        socket.emit("session_request", { session_id: self.sessionId, session_secret: self.sessionSecret() });
      });
      socket.on("session_confirm", function (confirmedId) {
        self.adoptSession(confirmedId);
        var again = self.confirmedOnce;
        self.confirmedOnce = true;
        self.ready = true;
        self.setStatus("connected");
        (again ? self.catchUp() : Promise.resolve()).then(function () { self.flush(); });
      });
      socket.on("session_secret", function (data) { self.keepSessionSecret(data || {}); });
      socket.on("bot_uttered", function (message) { self.onBotMessage(message || {}); });
      socket.on("disconnect", function () {
        self.ready = false;
        self.setStatus("lost");
      });
      socket.on("connect_error", function (error) {
        self.ready = false;
        if (!socket.active) {
          self.setStatus("refused");
        } else {
          self.setStatus("unreachable");
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
    this.checkLanguageSoon();
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

  // The customer may write another language than the browser's, or ask for one: once the
  // answers of a turn have come, the history says the conversation's language.
  ChatWidget.prototype.checkLanguageSoon = function () {
    var self = this;
    clearTimeout(this.languageTimer);
    this.languageTimer = setTimeout(function () {
      self.fetchHistory().then(function (history) { self.setLanguage(history.language); }).catch(function () {});
    }, LANGUAGE_CHECK_MS);
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
      var metadata = item.image ? { image: item.image } : {};
      var locale = browserLocale();
      if (locale && !this.localeSent()) metadata.locale = locale; // the session's first message only
      this.markLocaleSent();
      if (Object.keys(metadata).length) outgoing.metadata = metadata;
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
      title: data.title || "",
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

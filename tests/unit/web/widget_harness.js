/*
 * Runs bot/web/static/widget.js in Node with a small fake DOM and a fake socket.io, for
 * tests/unit/web/test_widget_languages.py. Usage: node widget_harness.js '<scenario JSON>'
 * Scenario: {language: navigator.language, history: {messages, language} | null,
 *            send: [texts typed, in order]}.
 * Prints JSON: {emitted: [user_uttered payloads], texts: {...}, lang, announced: [...]}.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const scenario = JSON.parse(process.argv[2] || "{}");

class FakeElement {
  constructor(tag) {
    this.tagName = String(tag).toUpperCase();
    this.attributes = {};
    this.children = [];
    this.parentNode = null;
    this.listeners = {};
    this.textContent = "";
    this.className = "";
    this.hidden = false;
    this.scrollTop = 0;
    this.scrollHeight = 0;
    this.value = "";
    const self = this;
    this.classList = {
      add: (c) => { if (!self.className.split(" ").includes(c)) self.className = (self.className + " " + c).trim(); },
      remove: (c) => { self.className = self.className.split(" ").filter((x) => x !== c).join(" "); },
    };
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  removeAttribute(name) { delete this.attributes[name]; }
  appendChild(child) { child.parentNode = this; this.children.push(child); return child; }
  insertBefore(child, before) {
    const at = this.children.indexOf(before);
    child.parentNode = this;
    if (at < 0) this.children.push(child); else this.children.splice(at, 0, child);
    return child;
  }
  remove() { if (this.parentNode) this.parentNode.children = this.parentNode.children.filter((c) => c !== this); }
  addEventListener(type, handler) { (this.listeners[type] = this.listeners[type] || []).push(handler); }
  attachShadow() { return this; }
  focus() {}
  click() {}
  descendants() { return this.children.flatMap((c) => [c, ...c.descendants()]); }
  querySelectorAll(selector) {
    const wanted = selector.replace(/^\./, "");
    return this.descendants().filter((n) => n.className.split(" ").includes(wanted));
  }
  querySelector(selector) { return this.querySelectorAll(selector)[0] || null; }
}

const host = new FakeElement("div");
const announced = [];
const storage = new Map();
const documentListeners = {};

global.window = global;
global.document = {
  currentScript: null,
  readyState: "complete",
  head: new FakeElement("head"),
  body: new FakeElement("body"),
  documentElement: new FakeElement("html"),
  createElement: (tag) => new FakeElement(tag),
  createElementNS: (_ns, tag) => new FakeElement(tag),
  querySelector: () => host,
  addEventListener: (type, handler) => { (documentListeners[type] = documentListeners[type] || []).push(handler); },
  dispatchEvent: (event) => {
    if (event.type === "recallchat:language") announced.push(event.detail.language);
    (documentListeners[event.type] || []).forEach((h) => h(event));
    return true;
  },
};
Object.defineProperty(global, "navigator", { value: { language: scenario.language || "" }, configurable: true });
global.location = { href: "http://console.test/" };
global.matchMedia = () => ({ matches: false });
global.localStorage = {
  getItem: (k) => (storage.has(k) ? storage.get(k) : null),
  setItem: (k, v) => storage.set(k, String(v)),
  removeItem: (k) => storage.delete(k),
};
if (scenario.history) {
  storage.set("recall-chat-session-id", "0b7f6a5e-8d1c-4f3a-9b2e-1c2d3e4f5a6b");
  storage.set("recall-chat-session-id:secret", "a-secret");
}
global.fetch = () => Promise.resolve({
  ok: true,
  json: () => Promise.resolve(scenario.history || { messages: [] }),
});

const emitted = [];
const handlers = {};
global.io = () => ({
  active: true,
  on: (name, handler) => { handlers[name] = handler; },
  emit: (name, data) => { if (name === "user_uttered") emitted.push(data); },
});

const source = fs.readFileSync(path.join(__dirname, "../../../bot/web/static/widget.js"), "utf8");
// eslint-disable-next-line no-eval
(0, eval)(source);

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

(async () => {
  const widget = window.RecallChat.start({ rasaUrl: "http://rasa.test", mode: "inline", target: "#chat" });
  for (let i = 0; i < 5; i++) await tick();
  handlers.connect();
  handlers.session_confirm(widget.sessionId);
  for (let i = 0; i < 5; i++) await tick();
  for (const text of scenario.send || []) {
    widget.input.value = text;
    widget.onSubmit({ preventDefault() {} });
    await tick();
  }
  const first = (cls) => { const n = host.querySelector(cls); return n ? n.textContent : null; };
  const result = {
    emitted,
    announced,
    lang: widget.frame.getAttribute("lang"),
    texts: {
      placeholder: widget.input.getAttribute("placeholder"),
      send: widget.sendButton.textContent,
      attach: widget.attachButton.getAttribute("aria-label"),
      status: widget.status.textContent,
      title: first(".rw-title"),
      greeting: first(".rw-text"),
      help: widget.helpButton.textContent,
      log: widget.log.getAttribute("aria-label"),
    },
  };
  clearTimeout(widget.languageTimer);
  clearTimeout(widget.typingTimer);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});

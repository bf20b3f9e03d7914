/*
 * The chat page's own texts in the chat's language. The widget chooses the language (the
 * conversation's, else the browser's, else English) and announces it with a
 * `recallchat:language` event; this puts the page's texts, its title and <html lang> in it.
 * Elements carry data-text="key"; English is what the template renders.
 */
(function () {
  "use strict";

  var TEXTS = {
    en: {
      title: "Power bank recall: check your unit",
      skip: "Skip to the chat",
      brand: "Power bank recall",
      heading: "Is your power bank part of the recall?",
      lede: "We are recalling some power banks because their cells can overheat and catch fire. Ask the assistant below: tell it your model number (for example A1263) and when the unit was made.",
      safetyLead: "If a power bank is burning, smoking or very hot right now:",
      safetyText: "move away from it and call your local emergency number. Then tell the assistant; a person from our safety team will join.",
    },
    fr: {
      title: "Rappel de batteries externes\u00a0: vérifiez votre appareil",
      skip: "Aller à la discussion",
      brand: "Rappel de batteries externes",
      heading: "Votre batterie externe fait-elle partie du rappel\u00a0?",
      lede: "Nous rappelons certaines batteries externes, car leurs cellules peuvent surchauffer et prendre feu. Demandez à l'assistant ci-dessous\u00a0: indiquez-lui votre numéro de modèle (par exemple A1263) et la date de fabrication de l'appareil.",
      safetyLead: "Si une batterie externe brûle, fume ou est très chaude en ce moment\u00a0:",
      safetyText: "éloignez-vous-en et appelez le numéro d'urgence local. Dites-le ensuite à l'assistant\u00a0; une personne de notre équipe de sécurité vous rejoindra.",
    },
    es: {
      title: "Retirada de baterías externas: compruebe su unidad",
      skip: "Ir al chat",
      brand: "Retirada de baterías externas",
      heading: "¿Está su batería externa afectada por la retirada?",
      lede: "Estamos retirando algunas baterías externas porque sus celdas pueden sobrecalentarse y provocar un incendio. Pregunte al asistente de abajo: indíquele el número de modelo (por ejemplo, A1263) y cuándo se fabricó la unidad.",
      safetyLead: "Si una batería externa está ardiendo, echando humo o muy caliente ahora mismo:",
      safetyText: "aléjese de ella y llame al número de emergencias local. Después, dígaselo al asistente; una persona de nuestro equipo de seguridad se unirá a la conversación.",
    },
    de: {
      title: "Powerbank-Rückruf: Prüfen Sie Ihr Gerät",
      skip: "Zum Chat springen",
      brand: "Powerbank-Rückruf",
      heading: "Ist Ihre Powerbank vom Rückruf betroffen?",
      lede: "Wir rufen einige Powerbanks zurück, weil ihre Zellen überhitzen und Feuer fangen können. Fragen Sie unten den Assistenten: Nennen Sie ihm Ihre Modellnummer (zum Beispiel A1263) und wann das Gerät hergestellt wurde.",
      safetyLead: "Wenn eine Powerbank gerade brennt, raucht oder sehr heiß ist:",
      safetyText: "Entfernen Sie sich davon und rufen Sie die örtliche Notrufnummer an. Sagen Sie es danach dem Assistenten; eine Person aus unserem Sicherheitsteam kommt dazu.",
    },
  };

  function show(language) {
    var texts = TEXTS[language];
    if (!texts) return;
    document.documentElement.setAttribute("lang", language);
    document.title = texts.title;
    Array.prototype.forEach.call(document.querySelectorAll("[data-text]"), function (node) {
      var text = texts[node.getAttribute("data-text")];
      if (text) node.textContent = text;
    });
  }

  document.addEventListener("recallchat:language", function (event) {
    show(event.detail && event.detail.language);
  });
})();

/*
 * Vastine comment form, progressive enhancement only: without this file the form posts normally
 * and the service answers with its own page. With it: a fresh form token, the fields checked
 * before sending (in Finnish: the form has novalidate, so the browser's own bubbles never show),
 * a live character count, submission without a page load, errors next to their fields, and
 * replies written right under the comment.
 * No inline scripts, no external requests: the site stays CSP-friendly.
 */
(function () {
  "use strict";

  var form = document.getElementById("kommenttilomake");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }

  var serviceUrl = form.getAttribute("data-service-url") || "";
  var alertBox = document.getElementById("lomake-virhe");
  var statusBox = document.getElementById("lomake-tila");
  var replyingTo = document.getElementById("vastaus-kohde");
  var submitButton = form.querySelector(".form-actions button[type=submit]");
  var home = document.createComment("kommenttilomake");
  var FIELDS = ["name", "email", "website", "body", "notify_replies"];
  var MESSAGES = {
    generic: "Kommentin lähettäminen ei onnistunut. Yritä hetken kuluttua uudelleen.",
    check: "Tarkista merkityt kentät.",
    sending: "Lähetetään…",
    sent: "Kiitos! Kommenttisi odottaa moderointia.",
    confirm:
      "Kiitos! Vahvista vielä sähköpostiosoitteesi: lähetimme sinulle linkin. " +
      "Kommenttisi odottaa sen jälkeen moderointia."
  };

  var TEXTS = readMessages();
  var counter = document.getElementById("laskuri-body");

  form.parentNode.insertBefore(home, form);

  /* The service's own Finnish field messages (comments/form_messages.py), on the form. */
  function readMessages() {
    try {
      return JSON.parse(form.getAttribute("data-messages") || "{}");
    } catch (error) {
      return {};
    }
  }

  function maxChars(name) {
    return Number(field(name).getAttribute("data-max-chars")) || Infinity;
  }

  /* Characters as the service counts them: code points, line breaks as one. */
  function charCount(text) {
    return Array.from(text.replace(/\r\n/g, "\n").trim()).length;
  }

  function websiteProblem(value) {
    var url = value.trim();
    if (!url) {
      return "";
    }
    if (/\s/.test(url)) {
      return TEXTS.website_space;
    }
    var bad = url.match(/[<>"'\\`{}|^\u0000-\u001f\u007f]/g);
    if (bad) {
      return TEXTS.website_char.replace("{chars}", unique(bad).join(" "));
    }
    if (url.indexOf("://") < 0) {
      if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(url)) {
        return TEXTS.website_scheme;
      }
      url = "https://" + url;
    }
    var scheme = url.slice(0, url.indexOf("://")).toLowerCase();
    if (scheme !== "http" && scheme !== "https") {
      return TEXTS.website_scheme;
    }
    var authority = url.slice(url.indexOf("://") + 3).split(/[/?#]/)[0];
    if (authority.indexOf("@") >= 0) {
      return TEXTS.website_userinfo;
    }
    var host = authority.replace(/:\d*$/, "").replace(/\.$/, "");
    if (!host) {
      return TEXTS.website_host_missing;
    }
    var badHost = host.match(/[^\p{L}\p{N}\p{M}.-]/gu);
    if (badHost) {
      return TEXTS.website_host_chars.replace("{chars}", unique(badHost).sort().join(" "));
    }
    if (host.indexOf(".") < 0) {
      return TEXTS.website_tld;
    }
    return ""; /* the rest (IDN, label rules) the service checks */
  }

  function unique(chars) {
    return chars.filter(function (c, i) {
      return chars.indexOf(c) === i;
    });
  }

  /* The checks the service makes first, in its words, before anything is sent. */
  function fieldProblems() {
    var problems = {};
    var name = field("name").value.trim();
    if (!name) {
      problems.name = TEXTS.name_missing;
    } else if (Array.from(name).length > maxChars("name")) {
      problems.name = TEXTS.name_long;
    }
    var email = field("email").value.trim();
    if (!email) {
      problems.email = TEXTS.email_missing;
    }
    var website = field("website").value.trim();
    if (Array.from(website).length > maxChars("website")) {
      problems.website = TEXTS.website_long;
    } else if (websiteProblem(website)) {
      problems.website = websiteProblem(website);
    }
    var length = charCount(field("body").value);
    if (!length) {
      problems.body = TEXTS.body_missing;
    } else if (length > maxChars("body")) {
      problems.body = TEXTS.body_long.replace("{length}", String(length));
    }
    Object.keys(problems).forEach(function (key) {
      if (!problems[key]) {
        delete problems[key]; /* a message the page did not carry: the service will tell */
      }
    });
    return problems;
  }

  /* The live count: shown while typing, announced politely. */
  function updateCount() {
    if (!counter) {
      return;
    }
    var length = charCount(field("body").value);
    var limit = maxChars("body");
    counter.hidden = false;
    counter.textContent =
      length > limit
        ? length + " / " + limit + " merkkiä – " + (length - limit) + " liikaa"
        : length + " / " + limit + " merkkiä";
    counter.classList.toggle("field-count--over", length > limit);
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  function fetchToken() {
    return fetch(serviceUrl + "/api/comments/form-token", {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && typeof data.token === "string") {
          field("form_token").value = data.token;
        }
      })
      .catch(function () {
        /* The server-rendered token (or the service's own form page) still works. */
      });
  }

  function clearErrors() {
    alertBox.textContent = "";
    ["lomake-tarkistus", "laheta-silti"].forEach(function (id) {
      var node = document.getElementById(id);
      if (node) {
        node.parentNode.removeChild(node);
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (node) {
      node.parentNode.removeChild(node);
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
      var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && id.indexOf("virhe-") !== 0;
      });
      if (ids.length) {
        input.setAttribute("aria-describedby", ids.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
    });
  }

  function showAlert(message) {
    var paragraph = document.createElement("p");
    paragraph.textContent = message;
    alertBox.textContent = "";
    alertBox.appendChild(paragraph);
  }

  function showErrors(errors) {
    var firstInvalid = null;
    var general = [];
    Object.keys(errors).forEach(function (name) {
      var message = String(errors[name]);
      var input = FIELDS.indexOf(name) >= 0 ? field(name) : null;
      if (!input) {
        general.push(message);
        return;
      }
      var error = document.createElement("p");
      error.className = "field-error";
      error.id = "virhe-" + name;
      error.textContent = message;
      input.parentNode.appendChild(error);
      input.setAttribute("aria-invalid", "true");
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + error.id);
      if (!firstInvalid) {
        firstInvalid = input;
      }
    });
    showAlert(general.length ? general.join(" ") : MESSAGES.check);
    (firstInvalid || alertBox).focus();
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  /* What the policy found before storing (the same markup as comment_form.html renders). */
  function showReview(review) {
    var box = element("div", "", "form-review");
    box.id = "lomake-tarkistus";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.appendChild(element("p", review.intro));
    var list = element("ul");
    (review.messages || []).forEach(function (message) {
      list.appendChild(element("li", message));
    });
    box.appendChild(list);
    (review.excerpts || []).forEach(function (excerpt) {
      var paragraph = element("p", "", "form-review__excerpt");
      paragraph.appendChild(element("span", excerpt.label + ":", "form-review__label"));
      paragraph.appendChild(document.createTextNode(" "));
      excerpt.parts.forEach(function (part) {
        paragraph.appendChild(
          part.mark ? element("mark", part.text) : document.createTextNode(part.text)
        );
      });
      box.appendChild(paragraph);
    });
    var choice = element("p", review.choice + " ");
    var link = element("a", "Lue kommentointiohjeet");
    link.href = review.guidelines;
    choice.appendChild(link);
    choice.appendChild(document.createTextNode("."));
    box.appendChild(choice);
    /* After the form's own button, so that Enter in a field never sends anyway. */
    var anyway = element("button", "Lähetä silti moderaattorille", "button button--secondary");
    anyway.id = "laheta-silti";
    anyway.type = "submit";
    anyway.name = "send_anyway";
    anyway.value = "1";
    submitButton.parentNode.insertBefore(anyway, submitButton.nextSibling);
    alertBox.parentNode.insertBefore(box, alertBox.nextSibling);
    box.focus();
  }

  function payload(submitter) {
    return {
      name: field("name").value,
      email: field("email").value,
      website: field("website").value,
      body: field("body").value,
      notify_replies: field("notify_replies").checked,
      homepage: field("homepage").value,
      article: field("article").value,
      parent: field("parent").value,
      form_token: field("form_token").value,
      send_anyway: Boolean(submitter && submitter.name === "send_anyway")
    };
  }

  function setBusy(busy) {
    submitButton.disabled = busy;
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function onSubmit(event) {
    event.preventDefault();
    clearErrors();
    var problems = fieldProblems();
    if (Object.keys(problems).length) {
      showErrors(problems);
      return;
    }
    statusBox.textContent = MESSAGES.sending;
    setBusy(true);
    fetch(serviceUrl + "/api/comments", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload(event.submitter))
    })
      .then(
        function (response) {
          return response
            .json()
            .catch(function () {
              return {};
            })
            .then(function (data) {
              handleResponse(response.status, data);
            });
        },
        function () {
          /* Network failure: the plain form post gives the service's own answer page. */
          setBusy(false);
          statusBox.textContent = "";
          form.submit();
        }
      )
      .catch(function () {
        setBusy(false);
        statusBox.textContent = "";
        showAlert(MESSAGES.generic);
      });
  }

  /* The page's own no-JS notices hold the wording; the service's message is the fallback. */
  function successMessage(data) {
    var notice = document.getElementById(
      data.confirmation === "waiting"
        ? "kiitos-odottaa"
        : data.confirm_email
          ? "kiitos-vahvista"
          : "kiitos"
    );
    if (notice) {
      return notice.textContent;
    }
    if (data.confirm_email && data.confirmation !== "waiting") {
      return MESSAGES.confirm;
    }
    return data.message || MESSAGES.sent;
  }

  /* A trusted commenter's comment is published at once: show the page with it. */
  function showPublished(data) {
    statusBox.textContent = data.message || "";
    var target = new URL(data.url, window.location.href);
    if (target.pathname === window.location.pathname) {
      /* A reload would restore the old scroll position; showTargetComment scrolls instead. */
      window.history.scrollRestoration = "manual";
      window.location.hash = target.hash;
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  function handleResponse(status, data) {
    setBusy(false);
    if (status === 201 && data && data.status === "approved" && data.url) {
      showPublished(data);
      return;
    }
    if (status === 201 || status === 202) {
      statusBox.textContent = successMessage(data || {});
      form.reset();
      counter.hidden = true;
      clearReply(); /* the form stays where it is, next to its thank-you message */
      fetchToken();
      return;
    }
    statusBox.textContent = "";
    if (data && data.review && typeof data.review === "object") {
      showReview(data.review);
    } else if (data && data.errors && typeof data.errors === "object") {
      showErrors(data.errors);
    } else {
      showAlert((data && data.message) || MESSAGES.generic);
      alertBox.focus();
    }
  }

  function firstEmpty(names) {
    for (var i = 0; i < names.length; i += 1) {
      if (!field(names[i]).value) {
        return field(names[i]);
      }
    }
    return field(names[names.length - 1]);
  }

  /* The reply link sits in the comment it answers: <article id="kommentti-N"> with its author. */
  function startReply(link) {
    var comment = link.closest("article.comment__body");
    if (!comment || !/^kommentti-\d+$/.test(comment.id)) {
      return false;
    }
    var author = comment.querySelector(".comment__author");
    comment.parentNode.insertBefore(form, comment.nextSibling);
    field("parent").value = comment.id.slice("kommentti-".length);
    replyingTo.textContent =
      "Vastaat kommenttiin: " + (author ? author.textContent.replace(/\s+/g, " ").trim() : "");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-button";
    cancel.textContent = "Peru vastaus";
    cancel.addEventListener("click", function () {
      cancelReply(true);
    });
    replyingTo.appendChild(document.createTextNode(" "));
    replyingTo.appendChild(cancel);
    replyingTo.hidden = false;
    firstEmpty(["name", "email", "body"]).focus();
    return true;
  }

  function clearReply() {
    field("parent").value = "";
    replyingTo.textContent = "";
    replyingTo.hidden = true;
  }

  function cancelReply(moveFocus) {
    clearReply();
    if (form.previousSibling !== home) {
      home.parentNode.insertBefore(form, home.nextSibling);
    }
    if (moveFocus) {
      field("body").focus();
    }
  }

  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; /* opening the link in a new tab or window is the reader's call */
    }
    var link = event.target.closest ? event.target.closest("a.reply-link") : null;
    if (link && startReply(link)) {
      event.preventDefault();
    }
    var cancelLink = event.target.closest ? event.target.closest("a.reply-cancel") : null;
    if (cancelLink) {
      event.preventDefault();
      cancelReply(true);
    }
  });

  /* Show the comment the address points to (after showPublished's reload, too). */
  function showTargetComment() {
    var target = /^#kommentti-\d+$/.test(window.location.hash)
      ? document.getElementById(window.location.hash.slice(1))
      : null;
    if (target) {
      target.scrollIntoView();
    }
  }

  alertBox.setAttribute("tabindex", "-1");
  form.addEventListener("submit", onSubmit);
  field("body").addEventListener("input", updateCount);
  if (field("body").value) {
    updateCount();
  }
  fetchToken();
  showTargetComment();
})();

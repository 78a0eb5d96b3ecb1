// The two scripts we serve (no CDN, no bundler): the page enhancer inside our form pages, and the one-tag embed
// loader for agency portals. Both are plain ES5-compatible strings so they run in any browser the portals support.

/** In our pages: conditional reveal, embed handshake + auto-height + events, optional proof-of-work. */
export const FORM_JS = `(function () {
  'use strict';
  var body = document.body;
  var form = document.querySelector('form[method="post"]');

  function read(values, ref) {
    var parts = ref.split('.');
    var v = values[parts[0]];
    if (parts.length === 1) return v;
    return v && typeof v === 'object' && !Array.isArray(v) ? v[parts[1]] : undefined;
  }
  function matches(actual, expected) {
    return Array.isArray(actual) ? actual.indexOf(expected) >= 0 : actual === expected;
  }
  function truthy(v) {
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== false && v !== '';
  }
  function evaluate(c, values) {
    switch (c.op) {
      case 'eq': return matches(read(values, c.field), c.value);
      case 'neq': return !matches(read(values, c.field), c.value);
      case 'in': return c.value.some(function (x) { return matches(read(values, c.field), x); });
      case 'notIn': return !c.value.some(function (x) { return matches(read(values, c.field), x); });
      case 'truthy': return truthy(read(values, c.field));
      case 'and': return c.args.every(function (a) { return evaluate(a, values); });
      case 'or': return c.args.some(function (a) { return evaluate(a, values); });
      case 'not': return !evaluate(c.args[0], values);
    }
    return true;
  }
  function currentValues() {
    var values = {};
    if (!form) return values;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'file' || el.type === 'submit') return;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      var parts = el.name.split('.');
      var value = el.value;
      if (parts.length === 2) {
        values[parts[0]] = values[parts[0]] || {};
        values[parts[0]][parts[1]] = value;
      } else if (values[el.name] !== undefined) {
        values[el.name] = [].concat(values[el.name], value);
      } else {
        values[el.name] = value;
      }
    });
    return values;
  }
  var conditionals = document.querySelectorAll('[data-visible-when]');
  function reveal() {
    var values = currentValues();
    Array.prototype.forEach.call(conditionals, function (el) {
      var show = evaluate(JSON.parse(el.getAttribute('data-visible-when')), values);
      el.hidden = !show;
      var note = el.querySelector('.conditional-note');
      if (note) note.hidden = true;
    });
  }
  if (form && conditionals.length) {
    form.addEventListener('change', reveal);
    reveal();
  }

  // Embedded in an agency portal: talk only to the origin the server validated, and only after its ack.
  var parentOrigin = body.getAttribute('data-parent-origin');
  if (parentOrigin && window.parent !== window) {
    var ready = false;
    var queue = [];
    var post = function (msg) {
      msg.source = 'govforms';
      if (ready) window.parent.postMessage(msg, parentOrigin); else queue.push(msg);
    };
    window.addEventListener('message', function (e) {
      if (e.origin !== parentOrigin || e.source !== window.parent || !e.data) return;
      if (e.data.type === 'govforms:ack' && !ready) {
        ready = true;
        queue.splice(0).forEach(function (m) { window.parent.postMessage(m, parentOrigin); });
      }
    });
    window.parent.postMessage({ source: 'govforms', type: 'govforms:hello' }, parentOrigin);
    var lastHeight = 0;
    var measure = function () {
      var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (h !== lastHeight) { lastHeight = h; post({ type: 'govforms:resize', height: h }); }
    };
    if (window.ResizeObserver) new ResizeObserver(measure).observe(document.documentElement);
    else window.addEventListener('resize', measure);
    measure();
    post({ type: 'govforms:loaded' });
    var ev = body.getAttribute('data-govforms-event');
    if (ev === 'page') post({ type: 'govforms:page', page: body.getAttribute('data-page') });
    if (ev === 'error') post({ type: 'govforms:error', page: body.getAttribute('data-page'), errors: Number(body.getAttribute('data-errors')) });
    if (ev === 'submitted') post({ type: 'govforms:submitted', reference: body.getAttribute('data-reference') });
  }

  // Optional proof-of-work (ALTCHA-compatible): find n with SHA-256(salt + n) = challenge before submitting.
  var pow = document.getElementById('f-pow');
  if (pow && form && window.crypto && crypto.subtle) {
    var challenge = JSON.parse(pow.getAttribute('data-challenge'));
    var solving = null;
    var hex = function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    };
    var solve = function () {
      var enc = new TextEncoder();
      var n = 0;
      var step = function () {
        var batch = [];
        for (var i = 0; i < 500 && n <= challenge.maxnumber; i++, n++) batch.push(n);
        return Promise.all(batch.map(function (k) {
          return crypto.subtle.digest('SHA-256', enc.encode(challenge.salt + k)).then(function (d) { return hex(d) === challenge.challenge ? k : -1; });
        })).then(function (found) {
          var hit = found.filter(function (k) { return k >= 0; })[0];
          if (hit !== undefined) return hit;
          if (n > challenge.maxnumber) throw new Error('unsolved');
          return step();
        });
      };
      return step();
    };
    form.addEventListener('submit', function (e) {
      var submitter = e.submitter;
      if (!submitter || submitter.value !== 'submit' || pow.value) return;
      e.preventDefault();
      if (solving) return;
      solving = solve().then(function (number) {
        pow.value = btoa(JSON.stringify({ algorithm: challenge.algorithm, challenge: challenge.challenge, number: number, salt: challenge.salt, signature: challenge.signature }));
        var hidden = document.createElement('input');
        hidden.type = 'hidden'; hidden.name = '_nav'; hidden.value = 'submit';
        form.appendChild(hidden);
        form.submit();
      });
    });
  }
})();
`

/**
 * On an agency portal: \`<script src="https://HOST/embed.js" data-agency="demo" data-form="disclosure"></script>\`.
 * Replaces itself (and an optional fallback link inside \`data-target\`) with an auto-height iframe and re-emits
 * the form's events as DOM CustomEvents (\`govforms:loaded|page|error|submitted\`) on the container.
 */
export const EMBED_JS = `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var src = new URL(script.src);
  var origin = src.origin;
  var agency = script.getAttribute('data-agency');
  var formSlug = script.getAttribute('data-form') || 'disclosure';
  if (!agency || !/^[a-z0-9-]{1,40}$/.test(agency) || !/^[a-z0-9-]{1,40}$/.test(formSlug)) return;
  var target = script.getAttribute('data-target') ? document.getElementById(script.getAttribute('data-target')) : null;
  var container = target || document.createElement('div');
  if (!target) script.parentNode.insertBefore(container, script);
  var params = new URLSearchParams({ embed: '1', parent: window.location.origin });
  ['brand', 'link', 'focus', 'text'].forEach(function (k) {
    var v = script.getAttribute('data-theme-' + k);
    if (v) params.set(k, v);
  });
  var url = origin + '/' + agency + '/forms/' + formSlug + '?' + params.toString();
  var frame = document.createElement('iframe');
  frame.src = url;
  frame.title = script.getAttribute('data-title') || '政府信息公开申请';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.minHeight = '480px';
  frame.setAttribute('loading', 'lazy');
  container.innerHTML = '';
  container.appendChild(frame);
  var fallback = document.createElement('p');
  var link = document.createElement('a');
  link.href = origin + '/' + agency + '/forms/' + formSlug;
  link.textContent = '无法显示表单时，请点击此处在新窗口中填写';
  link.target = '_blank';
  link.rel = 'noopener';
  fallback.appendChild(link);
  container.appendChild(fallback);
  window.addEventListener('message', function (e) {
    if (e.origin !== origin || e.source !== frame.contentWindow || !e.data || e.data.source !== 'govforms') return;
    var type = e.data.type;
    if (type === 'govforms:hello') {
      frame.contentWindow.postMessage({ type: 'govforms:ack' }, origin);
      return;
    }
    if (type === 'govforms:resize' && typeof e.data.height === 'number') {
      frame.style.height = Math.max(200, Math.min(e.data.height, 20000)) + 'px';
      return;
    }
    if (type === 'govforms:page' || type === 'govforms:error' || type === 'govforms:submitted') {
      frame.scrollIntoView({ block: 'start' });
    }
    var detail = {};
    Object.keys(e.data).forEach(function (k) { if (k !== 'source' && k !== 'type') detail[k] = e.data[k]; });
    container.dispatchEvent(new CustomEvent(type, { detail: detail, bubbles: true }));
  });
})();
`

// The browser form of crimeproof (SPEC §5.4). No framework, nothing fetched: the checklist and
// earlier answers come from the JSON block, the scoring from the embedded WebAssembly (the same
// Rust core as `crimeproof score`). Text from files or typed by people only ever reaches the page
// through textContent and input values, never as HTML.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('form-data').textContent);
  var T = D.t, C = D.checklist, M = D.matrix;
  var NA = 'ej-aktuellt', UNKNOWN = 'vet-ej';
  var KEY = 'crimeproof-form:' + C.id + ':' + D.digest + ':' + (D.unit || '');

  function fmt(s, v) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return k in v ? String(v[k]) : m; });
  }
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function num(x, d) { var s = x.toFixed(d); return D.lang === 'sv' ? s.replace('.', ',') : s; }

  // The questions in checklist order, with their elements.
  var Q = [];
  C.areas.forEach(function (a, ai) {
    a.questions.forEach(function (q) {
      var el = $('[data-question="' + q.id + '"]');
      Q.push({ q: q, area: a, ai: ai, el: el, comment: $('[data-comment]', el), error: $('[data-error]', el) });
    });
  });
  var byId = {};
  Q.forEach(function (x) { byId[x.q.id] = x; });

  function scaleIds(q) {
    var s = !q.scale || q.scale === 'ja-delvis-nej' ? ['ja', 'delvis', 'nej'] : (C.scales[q.scale] || []).map(function (o) { return o.id; });
    return s.concat([UNKNOWN, NA]);
  }

  // ---- state ---------------------------------------------------------------------------------
  var state = { unit: D.unit || '', assessor: '', created: null, completed: null, answers: {}, actions: {}, adjustments: null, indicators: {} };
  var lastScore = null;

  // An assessment (from --from, a stored state or an opened file) into the state. Returns how many
  // answers named no question of this checklist.
  function apply(a) {
    var ignored = 0;
    state.answers = {};
    state.actions = {};
    Object.keys(a.answers || {}).forEach(function (k) {
      var v = a.answers[k] || {};
      var target = byId[k] ? k : null;
      if (!target) {
        Q.forEach(function (x) { if ((x.q.replaces || []).indexOf(k) >= 0 && !a.answers[x.q.id]) target = x.q.id; });
      }
      if (!target || scaleIds(byId[target].q).indexOf(String(v.answer)) < 0) { ignored++; return; }
      state.answers[target] = { answer: String(v.answer), comment: v.comment == null ? '' : String(v.comment) };
    });
    (a.actions || []).forEach(function (x) {
      if (!x || !x.question) return;
      state.actions[x.question] = { owner: str(x.owner), partners: str(x.partners), due: str(x.due), status: x.status || 'planerad' };
    });
    if (a.unit) state.unit = String(a.unit);
    if (a.assessor) state.assessor = String(a.assessor);
    state.created = a.created ? String(a.created) : state.created;
    state.completed = a.completed ? String(a.completed) : null;
    state.indicators = {};
    Object.keys(a.indicators || {}).forEach(function (id) { state.indicators[id] = str(a.indicators[id]); });
    state.adjustments = null;
    // Adjustments are the coordinator's, not the form's: kept as they are, with numbers as numbers.
    Object.keys(a.adjustments || {}).forEach(function (id) {
      var j = a.adjustments[id] || {}, v = { justification: str(j.justification) };
      if (j.likelihood != null) v.likelihood = parseInt(j.likelihood, 10);
      if (j.consequence != null) v.consequence = parseInt(j.consequence, 10);
      (state.adjustments = state.adjustments || {})[id] = v;
    });
    return ignored;
  }
  function str(v) { return v == null ? '' : String(v); }

  function toDom() {
    $('input[name="unit"]').value = state.unit;
    $('input[name="assessor"]').value = state.assessor;
    Q.forEach(function (x) {
      var a = state.answers[x.q.id];
      $$('input[type="radio"]', x.el).forEach(function (r) { r.checked = !!a && r.value === a.answer; });
      x.comment.value = a ? a.comment : '';
    });
    $$('[data-indicator]').forEach(function (f) { f.value = state.indicators[f.getAttribute('data-indicator')] || ''; });
    $$('[data-measure]').forEach(function (m) {
      var act = state.actions[m.getAttribute('data-measure')] || {};
      $$('[data-action-field]', m).forEach(function (f) { f.value = act[f.getAttribute('data-action-field')] || ''; });
    });
  }

  var storageOk = true;
  function persist() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) {
      if (storageOk) { storageOk = false; say(T.no_storage); }
    }
  }
  function restore() {
    try {
      var s = localStorage.getItem(KEY);
      if (!s) return false;
      var v = JSON.parse(s);
      if (!v || typeof v !== 'object' || !v.answers) return false;
      state = { unit: str(v.unit), assessor: str(v.assessor), created: v.created || null, completed: v.completed || null,
        answers: v.answers, actions: v.actions || {}, adjustments: v.adjustments || null, indicators: v.indicators || {} };
      Object.keys(state.answers).forEach(function (k) { if (!byId[k]) delete state.answers[k]; });
      return true;
    } catch (e) { storageOk = false; return false; }
  }

  function say(text) { var s = $('#status'); s.textContent = ''; s.textContent = text; }

  // ---- the assessment as the tool writes it ----------------------------------------------------
  function pad(n, w) { return String(Math.floor(Math.abs(n))).padStart(w || 2, '0'); }
  function stamp(d) {
    var off = -d.getTimezoneOffset();
    return pad(d.getFullYear(), 4) + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' +
      pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + (off < 0 ? '-' : '+') + pad(off / 60) + ':' + pad(off % 60);
  }
  function answered() { return Q.filter(function (x) { return state.answers[x.q.id]; }).length; }

  function assessment(forFile) {
    var a = { format: 1, checklist: C.id, checklist_version: C.version, checklist_digest: D.digest, unit: state.unit.trim(), answers: {} };
    Q.forEach(function (x) {
      var v = state.answers[x.q.id];
      if (!v) return;
      var ans = { answer: v.answer };
      if (v.comment.trim()) ans.comment = v.comment;
      a.answers[x.q.id] = ans;
    });
    if (state.adjustments) a.adjustments = state.adjustments;
    if (!forFile) return a;
    if (D.indicators) {
      a.indicators = {};
      C.indicators.forEach(function (i) {
        var v = (state.indicators[i.id] || '').trim();
        if (/^\d+$/.test(v)) a.indicators[i.id] = String(parseInt(v, 10));
      });
    }
    var now = stamp(new Date());
    a.assessor = state.assessor.trim();
    a.created = state.created || now;
    a.updated = now;
    if (answered() === Q.length) a.completed = state.completed || now;
    a.actions = [];
    triggered().forEach(function (t) {
      var p = state.actions[t.question] || {};
      var act = { question: t.question, measure: t.measure };
      ['owner', 'partners', 'due'].forEach(function (k) { if (p[k] && p[k].trim()) act[k] = p[k].trim(); });
      act.status = p.status || 'planerad';
      a.actions.push(act);
    });
    return a;
  }

  // Every scalar double-quoted with full escaping: no typed text can become YAML structure.
  function yq(s) {
    var o = '"';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), ch = s.charAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
        o += ch + s.charAt(++i);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        o += '\\ufffd';
      } else if (ch === '"') o += '\\"';
      else if (ch === '\\') o += '\\\\';
      else if (c === 10) o += '\\n';
      else if (c === 9) o += '\\t';
      else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
        o += '\\u' + c.toString(16).padStart(4, '0');
      } else o += ch;
    }
    return o + '"';
  }
  function toYaml(a) {
    var out = ['# ' + T.file_head, 'format: 1'];
    ['checklist', 'checklist_version', 'checklist_digest', 'unit', 'assessor', 'created', 'updated', 'completed'].forEach(function (k) {
      if (a[k] != null) out.push(k + ': ' + yq(String(a[k])));
    });
    var ids = Object.keys(a.answers);
    out.push('answers:' + (ids.length ? '' : ' {}'));
    ids.forEach(function (id) {
      out.push('  ' + id + ':', '    answer: ' + yq(a.answers[id].answer));
      if (a.answers[id].comment != null) out.push('    comment: ' + yq(a.answers[id].comment));
    });
    if (a.adjustments) {
      out.push('adjustments:');
      Object.keys(a.adjustments).forEach(function (id) {
        var j = a.adjustments[id];
        out.push('  ' + id + ':');
        if (j.likelihood != null) out.push('    likelihood: ' + parseInt(j.likelihood, 10));
        if (j.consequence != null) out.push('    consequence: ' + parseInt(j.consequence, 10));
        out.push('    justification: ' + yq(String(j.justification || '')));
      });
    }
    var inds = Object.keys(a.indicators || {});
    if (inds.length) {
      out.push('indicators:');
      inds.forEach(function (id) { out.push('  ' + id + ': ' + a.indicators[id]); });
    }
    if (a.actions.length) {
      out.push('actions:');
      a.actions.forEach(function (x) {
        out.push('  - question: ' + yq(x.question), '    measure: ' + yq(x.measure));
        ['owner', 'partners', 'due'].forEach(function (k) { if (x[k] != null) out.push('    ' + k + ': ' + yq(x[k])); });
        out.push('    status: ' + (/^(planerad|pagar|klar)$/.test(x.status) ? x.status : 'planerad'));
      });
    }
    return out.join('\n') + '\n';
  }

  // The same file name rule as `assess`: <checklist>-<unit>-<date>.yaml.
  function slug(s) {
    var map = { 'å': 'a', 'ä': 'a', 'à': 'a', 'á': 'a', 'â': 'a', 'ö': 'o', 'ø': 'o', 'ó': 'o', 'ô': 'o', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ü': 'u', 'ú': 'u' };
    var out = '';
    Array.from(s.toLowerCase()).forEach(function (c) {
      c = map[c] || c;
      if (/^[a-z0-9]$/.test(c)) out += c; else if (out && out[out.length - 1] !== '-') out += '-';
    });
    out = out.replace(/-+$/, '');
    return out || 'mitt-id';
  }

  // ---- a small strict reader for assessment files ----------------------------------------------
  // Block maps and sequences, flow maps and lists on one line, plain, quoted and block scalars:
  // what `assess` and this form write, and what a person typically edits. Anything else is an error.
  function parseYaml(text) {
    var lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
    var i = 0;
    function fail(m) { throw new Error((D.lang === 'sv' ? 'rad ' : 'line ') + (i + 1) + ': ' + m); }
    function ind(l) { return l.match(/^ */)[0].length; }
    function skip() { while (i < lines.length && /^\s*(#.*)?$/.test(lines[i])) i++; }
    function isItem(s) { return s === '-' || s.slice(0, 2) === '- '; }
    function node(n) {
      skip();
      if (i >= lines.length) return null;
      var l = lines[i];
      if (/\t/.test(l.slice(0, ind(l) + 1))) fail('tab');
      return isItem(l.slice(ind(l))) ? seq(ind(l)) : map(ind(l));
    }
    function seq(n) {
      var out = [];
      for (;;) {
        skip();
        if (i >= lines.length) break;
        var l = lines[i], k = ind(l), rest = l.slice(k);
        if (k < n || !isItem(rest)) break;
        if (k > n) fail('indentation');
        var body = rest.slice(1).replace(/^ +/, '');
        var at = k + rest.length - body.length;
        if (!body || body[0] === '#') { i++; out.push(node(n + 1)); continue; }
        if (/^[A-Za-z0-9_-]+:( |$)|^"(?:[^"\\]|\\.)*":( |$)/.test(body)) {
          lines[i] = new Array(at + 1).join(' ') + body;
          out.push(map(at));
        } else { i++; out.push(inline(body, k)); }
      }
      return out;
    }
    function map(n) {
      var out = {};
      for (;;) {
        skip();
        if (i >= lines.length) break;
        var l = lines[i], k = ind(l);
        if (k < n) break;
        if (k > n) fail('indentation');
        if (isItem(l.slice(k))) break;
        var m = /^([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ ]*:(?:[ ]+(.*))?$/.exec(l.slice(k));
        if (!m) fail('expected "key: value"');
        var key = /^["']/.test(m[1]) ? scalar(m[1]) : m[1];
        if (Object.prototype.hasOwnProperty.call(out, key)) fail('duplicate key ' + key);
        i++;
        out[key] = value((m[2] || '').trim(), k);
      }
      return out;
    }
    function value(v, n) {
      if (v === '' || v[0] === '#') {
        skip();
        if (i >= lines.length) return null;
        var l = lines[i], k = ind(l);
        if (k > n || (k === n && isItem(l.slice(k)))) return node(k);
        return null;
      }
      if (/^[|>]/.test(v)) return block(v, n);
      return inline(v, n);
    }
    function block(head, n) {
      var h = /^([|>])([+-]?)([1-9]?)([+-]?)\s*(#.*)?$/.exec(head);
      if (!h) fail('block scalar');
      var chomp = h[2] || h[4], body = [], w = h[3] ? n + parseInt(h[3], 10) : -1;
      while (i < lines.length) {
        var l = lines[i];
        if (/^\s*$/.test(l)) { body.push(''); i++; continue; }
        if (w < 0) w = ind(l);
        if (ind(l) < w || w <= n) break;
        body.push(l.slice(w));
        i++;
      }
      var trail = 0;
      while (body.length && body[body.length - 1] === '') { body.pop(); trail++; }
      var s;
      if (h[1] === '|') s = body.join('\n');
      else {
        s = '';
        body.forEach(function (l, j) {
          if (j === 0) s = l;
          else if (l === '' || /^\s/.test(l) || /^\s/.test(body[j - 1]) || body[j - 1] === '') s += '\n' + l;
          else s += ' ' + l;
        });
        s = s.replace(/\n(?=\n)/g, '');
      }
      if (!body.length) return '';
      if (chomp === '-') return s;
      return s + (chomp === '+' ? new Array(trail + 2).join('\n') : '\n');
    }
    // A scalar or a flow collection on the rest of a line (quoted text may continue on the next).
    function inline(v, n) {
      if (v[0] === '"' || v[0] === "'") {
        var q = v[0], s = v;
        while (!closed(s, q)) {
          if (i >= lines.length) fail('unterminated string');
          var next = lines[i++].trim();
          s += next === '' ? '\n' : ' ' + next;
        }
        var end = closed(s, q);
        var rest = s.slice(end).trim();
        if (rest && rest[0] !== '#') fail('text after a quoted value');
        return scalar(s.slice(0, end));
      }
      if (v[0] === '{' || v[0] === '[') {
        var p = { s: v, k: 0 };
        var r = flow(p);
        var after = p.s.slice(p.k).trim();
        if (after && after[0] !== '#') fail('text after a flow collection');
        return r;
      }
      if (/^[&*!%@`]/.test(v)) fail('anchors, aliases and tags are not supported');
      return plain(v.replace(/\s+#.*$/, ''));
    }
    // Index just past the closing quote, or 0 while open.
    function closed(s, q) {
      for (var k = 1; k < s.length; k++) {
        if (q === '"' && s[k] === '\\') { k++; continue; }
        if (s[k] === q) {
          if (q === "'" && s[k + 1] === "'") { k++; continue; }
          return k + 1;
        }
      }
      return 0;
    }
    function scalar(s) {
      if (s[0] === "'") return s.slice(1, -1).replace(/''/g, "'").replace(/ *\n */g, '\n');
      var body = s.slice(1, -1), o = '';
      for (var k = 0; k < body.length; k++) {
        var c = body[k];
        if (c !== '\\') { o += c; continue; }
        var e = body[++k];
        var simple = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', ' ': ' ', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };
        if (e in simple) { o += simple[e]; continue; }
        var len = { x: 2, u: 4, U: 8 }[e];
        if (!len) fail('escape \\' + e);
        var hex = body.substr(k + 1, len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail('escape');
        o += String.fromCodePoint(parseInt(hex, 16));
        k += len;
      }
      return o;
    }
    function plain(s) {
      s = s.trim();
      return s === '~' || s === 'null' || s === '' ? null : s;
    }
    function flow(p) {
      var open = p.s[p.k++], isMap = open === '{', out = isMap ? {} : [];
      function ws() { while (p.s[p.k] === ' ') p.k++; }
      function atom() {
        ws();
        var c = p.s[p.k];
        if (c === '{' || c === '[') return flow(p);
        if (c === '"' || c === "'") {
          var e = closed(p.s.slice(p.k), c);
          if (!e) fail('unterminated string');
          var r = scalar(p.s.slice(p.k, p.k + e));
          p.k += e;
          return r;
        }
        var m = /^[^,{}\[\]]*/.exec(p.s.slice(p.k))[0];
        if (isMap) m = m.split(/:(?= |$)/)[0];
        p.k += m.length;
        return plain(m);
      }
      for (;;) {
        ws();
        if (p.k >= p.s.length) fail('unterminated flow collection');
        if (p.s[p.k] === (isMap ? '}' : ']')) { p.k++; return out; }
        var a = atom();
        if (isMap) {
          ws();
          if (p.s[p.k] !== ':') fail('expected ":"');
          p.k++;
          var key = String(a);
          if (Object.prototype.hasOwnProperty.call(out, key)) fail('duplicate key ' + key);
          out[key] = atom();
        } else out.push(a);
        ws();
        if (p.s[p.k] === ',') p.k++;
        else if (p.s[p.k] !== (isMap ? '}' : ']')) fail('expected ","');
      }
    }
    var root = node(0);
    skip();
    if (i < lines.length) fail('unexpected text');
    return root;
  }

  // ---- scoring through the WebAssembly core ----------------------------------------------------
  var wasm = null;
  function score(a) {
    var bytes = new TextEncoder().encode(JSON.stringify({ checklist: C, matrix: M, assessment: a }));
    var p = wasm.alloc(bytes.length);
    new Uint8Array(wasm.memory.buffer, p, bytes.length).set(bytes);
    var packed = wasm.score(p, bytes.length);
    wasm.dealloc(p, bytes.length);
    var rp = Number(packed >> BigInt(32)), rl = Number(packed & BigInt(0xffffffff));
    var out = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, rp, rl));
    wasm.dealloc(rp, rl);
    var v = JSON.parse(out);
    if (v.error) throw new Error(v.error);
    v.score.areas.forEach(function (a, k) { a.detail = v.detail[k]; });
    return v.score;
  }
  function triggered() {
    var out = [];
    if (!lastScore) return out;
    lastScore.areas.forEach(function (a) {
      a.detail.forEach(function (d) { if (d.measure) out.push({ question: d.id, measure: d.measure }); });
    });
    return out;
  }
  function levelColor(id) {
    var l = M.levels.filter(function (x) { return x.id === id; })[0];
    return l ? l.color : '';
  }
  function levelLabel(id) {
    var l = M.levels.filter(function (x) { return x.id === id; })[0];
    return l ? l.label : id;
  }

  function rescore() {
    if (!wasm) return;
    try { lastScore = score(assessment(false)); } catch (e) { lastScore = null; say(T.wasm_failed); return; }
    $$('[data-cell-areas]').forEach(function (c) { c.textContent = ''; });
    lastScore.areas.forEach(function (s, k) {
      var row = $('[data-area="' + s.id + '"]');
      row.setAttribute('data-level', s.level || '');
      var cell = function (n) { return $('[data-cell="' + n + '"]', row); };
      var scored = s.level != null;
      cell('gap').textContent = scored ? num(s.gap, 2) : '–';
      cell('likelihood').textContent = scored ? s.likelihood + '. ' + M.likelihood[s.likelihood - 1] : '–';
      cell('consequence').textContent = scored ? s.consequence + '. ' + M.consequence[s.consequence - 1] : '–';
      // Unanswered questions count as gaps (SPEC §3): say how many, so an early level reads as such.
      cell('level').textContent = (scored ? levelLabel(s.level) : T.not_scored) +
        (s.unanswered ? ' (' + fmt(T.unanswered, { n: s.unanswered }) + ')' : '');
      cell('level').style.borderLeftColor = scored ? levelColor(s.level) : '';
      cell('risk').textContent = scored ? String(s.risk) : '–';
      var line = $('[data-area-summary="' + s.id + '"]');
      line.textContent = fmt(T.area_result, { level: cell('level').textContent, l: scored ? s.likelihood : '–', c: scored ? s.consequence : '–' });
      if (scored) {
        var target = $('[data-cell-areas="' + s.likelihood + '-' + s.consequence + '"]');
        target.textContent = (target.textContent ? target.textContent + ', ' : '') + (k + 1);
      }
    });
    var shown = {};
    triggered().forEach(function (t) { shown[t.question] = t.measure; });
    var any = false;
    $$('[data-measure]').forEach(function (m) {
      var id = m.getAttribute('data-measure');
      m.hidden = !(id in shown);
      if (id in shown) { any = true; $('[data-measure-text]', m).textContent = shown[id]; }
    });
    $('#no-measures').textContent = any ? '' : T.no_measures;
  }

  // ---- paging, progress, validation ------------------------------------------------------------
  var cur = 0, showAll = false;
  function render() {
    $$('[data-area-section]').forEach(function (s) { s.hidden = !showAll && s.getAttribute('data-area-section') !== Q[cur].area.id; });
    Q.forEach(function (x, k) { x.el.hidden = !showAll && k !== cur; });
    $('[data-action="back"]').disabled = showAll || cur === 0;
    $('[data-action="skip"]').disabled = showAll;
    $('[data-action="next"]').disabled = showAll;
    progress();
  }
  function progress() {
    var v = { n: cur + 1, total: Q.length, a: Q[cur].ai + 1, areas: C.areas.length, answered: answered() };
    $('#progress').textContent = fmt(showAll ? T.all_shown : T.progress, v);
  }
  function missingJustification(x) {
    var a = state.answers[x.q.id];
    return !!a && a.answer === NA && !a.comment.trim();
  }
  function check(x) {
    var bad = missingJustification(x);
    var msg = bad ? T.need_justification : '';
    if (x.error.textContent !== msg) x.error.textContent = msg;
    if (bad) x.comment.setAttribute('aria-invalid', 'true'); else x.comment.removeAttribute('aria-invalid');
    return !bad;
  }
  // Browsers without a date picker take free text: only YYYY-MM-DD goes into the file.
  function checkDate(f) {
    var ok = !f.value || /^\d{4}-\d{2}-\d{2}$/.test(f.value.trim());
    var e = document.getElementById('due-error-' + f.closest('[data-measure]').getAttribute('data-measure'));
    e.textContent = ok ? '' : T.bad_date;
    if (ok) f.removeAttribute('aria-invalid'); else f.setAttribute('aria-invalid', 'true');
    return ok;
  }
  function checkIndicator(f) {
    var ok = /^\s*\d{0,15}\s*$/.test(f.value);
    document.getElementById('indicator-error-' + f.getAttribute('data-indicator')).textContent = ok ? '' : T.bad_indicator;
    if (ok) f.removeAttribute('aria-invalid'); else f.setAttribute('aria-invalid', 'true');
    return ok;
  }
  function go(k) {
    cur = Math.max(0, Math.min(Q.length - 1, k));
    render();
    Q[cur].el.focus();
  }

  function changed() {
    if (!state.created) state.created = stamp(new Date());
    if (answered() < Q.length) state.completed = null;
    persist();
    rescore();
    progress();
  }

  // ---- download --------------------------------------------------------------------------------
  function download() {
    var status = $('#save-status');
    state.unit = $('input[name="unit"]').value;
    state.assessor = $('input[name="assessor"]').value;
    var badDate = $$('[data-measure]:not([hidden]) input[data-action-field="due"]').filter(function (f) { return !checkDate(f); });
    if (badDate.length) {
      status.textContent = T.bad_date;
      badDate[0].focus();
      return;
    }
    var badNumber = $$('[data-indicator]').filter(function (f) { return !checkIndicator(f); });
    if (badNumber.length) {
      status.textContent = T.bad_indicator;
      badNumber[0].focus();
      return;
    }
    var bad = Q.filter(function (x) { return !check(x); });
    if (bad.length) {
      status.textContent = fmt(T.fix_first, { n: bad.length });
      if (!showAll) go(Q.indexOf(bad[0])); else bad[0].el.focus();
      return;
    }
    // The tool always names the unit and the assessor; so does the form.
    var missing = ['unit', 'assessor'].filter(function (k) { return !state[k].trim(); })[0];
    if (missing) {
      status.textContent = T['need_' + missing];
      $('input[name="' + missing + '"]').focus();
      return;
    }
    var a = assessment(true);
    if (a.completed) state.completed = a.completed;
    state.created = a.created;
    persist();
    var d = new Date();
    var name = C.id + '-' + slug(a.unit) + '-' + pad(d.getFullYear(), 4) + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + '.yaml';
    var url = URL.createObjectURL(new Blob([toYaml(a)], { type: 'application/x-yaml' }));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
    var left = Q.length - answered();
    status.textContent = fmt(T.saved, { file: name }) + (left ? fmt(T.incomplete, { n: left }) : '');
  }

  function openFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var a = parseYaml(String(reader.result));
        if (!a || typeof a !== 'object' || Array.isArray(a)) throw new Error('format');
        if (a.checklist !== C.id) throw new Error(fmt(T.wrong_checklist, { found: String(a.checklist), expected: C.id }));
        if (a.answers != null && (typeof a.answers !== 'object' || Array.isArray(a.answers))) throw new Error('answers');
        var ignored = apply(a);
        toDom();
        changed();
        Q.forEach(check);
        say(fmt(T.opened, { file: file.name }) + (ignored ? fmt(T.ignored, { n: ignored }) : ''));
      } catch (e) {
        say(fmt(T.open_failed, { file: file.name, why: e.message }));
      }
    };
    reader.readAsText(file);
  }

  // ---- wiring ----------------------------------------------------------------------------------
  Q.forEach(function (x) {
    x.el.addEventListener('change', function (ev) {
      if (ev.target.type !== 'radio') return;
      state.answers[x.q.id] = { answer: ev.target.value, comment: x.comment.value };
      if (ev.target.value !== NA) check(x);
      changed();
    });
    x.comment.addEventListener('input', function () {
      var a = state.answers[x.q.id];
      if (!a) return;
      a.comment = x.comment.value;
      if (x.error.textContent) check(x);
      persist();
    });
    x.comment.addEventListener('blur', function () { if (state.answers[x.q.id]) check(x); });
  });
  $$('[data-measure]').forEach(function (m) {
    var id = m.getAttribute('data-measure');
    $$('[data-action-field]', m).forEach(function (f) {
      f.addEventListener('input', function () {
        var act = state.actions[id] || (state.actions[id] = { owner: '', partners: '', due: '', status: 'planerad' });
        act[f.getAttribute('data-action-field')] = f.value;
        persist();
      });
      if (f.getAttribute('data-action-field') === 'due') f.addEventListener('change', function () { checkDate(f); });
    });
  });
  $$('[data-indicator]').forEach(function (f) {
    f.addEventListener('input', function () { state.indicators[f.getAttribute('data-indicator')] = f.value; persist(); });
    f.addEventListener('change', function () { checkIndicator(f); });
  });
  ['unit', 'assessor'].forEach(function (k) {
    $('input[name="' + k + '"]').addEventListener('input', function (ev) { state[k] = ev.target.value; persist(); });
  });
  $('[data-action="back"]').addEventListener('click', function () { go(cur - 1); });
  $('[data-action="skip"]').addEventListener('click', function () { next(); });
  $('[data-action="next"]').addEventListener('click', function () { if (check(Q[cur])) next(); else Q[cur].comment.focus(); });
  function next() {
    if (cur < Q.length - 1) go(cur + 1);
    else $('#results').focus();
  }
  $('#show-all').addEventListener('change', function (ev) { showAll = ev.target.checked; render(); });
  $('[data-action="download"]').addEventListener('click', download);
  $('[data-action="print"]').addEventListener('click', function () { window.print(); });
  $('#open-file').addEventListener('change', function (ev) { if (ev.target.files[0]) openFile(ev.target.files[0]); ev.target.value = ''; });
  window.addEventListener('beforeprint', function () { $$('details').forEach(function (d) { d.open = true; }); });

  // ---- start -----------------------------------------------------------------------------------
  if (D.from) apply(D.from);
  var restored = restore();
  toDom();
  Q.forEach(function (x) { if (missingJustification(x)) check(x); });
  var first = Q.findIndex(function (x) { return !state.answers[x.q.id]; });
  cur = first < 0 ? 0 : first;
  render();
  if (restored) say(T.restored);
  else if (D.from) say(T.prefilled);
  try { localStorage.getItem(KEY); } catch (e) { storageOk = false; say(T.no_storage); }
  document.documentElement.setAttribute('data-ready', 'false');
  var b64 = document.getElementById('form-wasm').textContent.trim();
  var bin = atob(b64), bytes = new Uint8Array(bin.length);
  for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
  WebAssembly.instantiate(bytes, {}).then(function (r) {
    wasm = r.instance.exports;
    rescore();
    document.documentElement.setAttribute('data-ready', 'true');
  }).catch(function () {
    say(T.wasm_failed);
    document.documentElement.setAttribute('data-ready', 'error');
  });
  // Exposed for tests and assistive tools: the reader of answer files, the writer, the state.
  window.crimeproofForm = { parseYaml: parseYaml, toYaml: toYaml, assessment: function () { return assessment(true); } };
})();

/**
 * The explorer page's script (plain JavaScript, inlined in the page): keeps the path in the
 * URL's hash (`#init=0&actions=3,1`), so the browser's back button and a reload keep it, fetches
 * its view from `/api/view` and fills the page. Model strings arrive either escaped in HTML the
 * server rendered (the diagram, the state, the changes) or as text set with `textContent`.
 */
export const clientScript = `
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const model = document.body.dataset.model;
  const variant = document.body.dataset.variant;
  // The server answers only requests that carry the token of the URL it printed.
  const token = new URLSearchParams(location.search).get('token') || '';
  let view = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function currentPath() {
    const q = new URLSearchParams(location.hash.slice(1));
    const actions = q.get('actions') || '';
    return { init: Number(q.get('init') || 0), actions: actions ? actions.split(',').map(Number) : [] };
  }

  function query(path) {
    return 'init=' + path.init + '&actions=' + path.actions.join(',');
  }

  function go(path) {
    const hash = '#' + query(path);
    if (location.hash === hash) load();
    else location.hash = hash;
  }

  async function api(url) {
    const res = await fetch(url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token));
    const data = await res.json();
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  function say(text, kind) {
    const m = $('message');
    m.hidden = !text;
    m.textContent = text || '';
    m.className = kind || '';
  }

  async function load() {
    const path = currentPath();
    document.body.setAttribute('aria-busy', 'true');
    try {
      view = await api('/api/view?' + query(path));
      render(view);
    } catch (error) {
      say('This path cannot be shown: ' + error.message, 'error');
    } finally {
      document.body.removeAttribute('aria-busy');
    }
  }

  function render(v) {
    const steps = v.path.actions.length;
    $('steps').textContent = '(' + steps + ' step' + (steps === 1 ? '' : 's') + ')';
    $('diagram').innerHTML = v.diagramHtml;
    enhanceDiagram(v.path);
    $('state').innerHTML = v.stateHtml;
    $('state-title').textContent = steps ? 'State after step ' + steps : 'Initial state';
    const verdict = $('verdict');
    verdict.className = 'verdict ' + v.verdict.kind;
    verdict.querySelector('.title').textContent = v.verdict.title;
    verdict.querySelector('.explanation').textContent = v.verdict.explanation;
    renderChoices(v.choices);
    renderProperties(v.properties);
    $('disabled-box').hidden = v.disabled.length === 0;
    $('disabled-box').querySelector('summary').textContent = v.disabled.length + ' action instance' + (v.disabled.length === 1 ? ' is' : 's are') + ' not enabled here';
    $('disabled').textContent = v.disabled.join(', ');
    $('back').disabled = steps === 0;
    const last = $('diagram').querySelector('tr.step:last-of-type, tr.ending:last-of-type');
    if (last && steps) last.scrollIntoView({ block: 'nearest' });
  }

  function renderChoices(choices) {
    const list = $('choices');
    list.replaceChildren();
    if (choices.length === 0) list.append(el('li', 'none', 'No action is enabled in this state.'));
    choices.forEach((c, i) => {
      const button = el('button', 'choice');
      button.type = 'button';
      button.dataset.index = c.index;
      button.style.setProperty('--a', c.color);
      const head = el('span', 'head');
      head.append(el('span', 'key', i < 9 ? String(i + 1) : '·'), el('span', 'actor', c.actor), el('code', 'label', c.label));
      if (c.leadsTo) head.append(el('span', 'badge ' + c.leadsTo.kind, c.leadsTo.text));
      if (c.revisits !== undefined) head.append(el('span', 'badge revisits', c.revisits === 0 ? 'back to the initial state' : 'back to the state after step ' + c.revisits));
      button.append(head);
      if (c.error) {
        button.disabled = true;
        button.append(el('span', 'sentence error', c.error));
      } else {
        button.append(el('span', 'sentence', c.description));
        const changes = el('ul', 'changes');
        changes.innerHTML = c.changesHtml;
        button.append(changes);
        button.addEventListener('click', () => take(c.index));
      }
      const li = el('li');
      li.append(button);
      list.append(li);
    });
  }

  function renderProperties(properties) {
    const list = $('properties');
    list.replaceChildren();
    for (const p of properties) {
      const li = el('li');
      li.dataset.status = p.status;
      li.dataset.name = p.name;
      li.append(el('span', 'badge ' + p.status.replace(' ', '-'), p.status), el('span', 'name', p.name), el('span', 'kind', p.kind));
      li.append(el('p', 'note', p.note));
      list.append(li);
    }
  }

  function enhanceDiagram(path) {
    for (const row of $('diagram').querySelectorAll('tr[data-step]')) {
      const step = Number(row.dataset.step);
      if (step === path.actions.length) continue;
      const button = el('button', 'backto', step === 0 ? 'restart from here' : 'back to here');
      button.type = 'button';
      button.title = step === 0 ? 'go back to the initial state' : 'go back to the state after step ' + step;
      button.addEventListener('click', () => go({ init: path.init, actions: path.actions.slice(0, step) }));
      (row.querySelector('.who') || row.querySelector('summary')).append(button);
    }
  }

  function take(index) {
    const path = currentPath();
    go({ init: path.init, actions: path.actions.concat([index]) });
  }

  function back() {
    const path = currentPath();
    if (path.actions.length) go({ init: path.init, actions: path.actions.slice(0, -1) });
  }

  function reportText() {
    return JSON.stringify(view.report, null, 2) + '\\n';
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(reportText());
      say('Copied the path as a JSON report; save it to a file and run: interleave replay FILE');
    } catch (error) {
      say('The browser did not allow copying (' + error.message + '); use Download JSON instead.', 'error');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([reportText()], { type: 'application/json' }));
    const a = el('a');
    a.href = url;
    a.download = model + '-' + variant + '-path.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function counterexample() {
    const button = $('counterexample');
    button.disabled = true;
    say('Running the checker...');
    try {
      const found = await api('/api/counterexample');
      say(found.headline);
      if (found.path) go(found.path);
    } catch (error) {
      say(error.message, 'error');
    } finally {
      button.disabled = false;
    }
  }

  const initials = Number(document.body.dataset.initialStates);
  if (initials > 1) {
    const select = $('init');
    for (let i = 0; i < initials; i++) select.append(new Option('initial state ' + (i + 1), String(i)));
    $('init-picker').hidden = false;
    select.addEventListener('change', () => go({ init: Number(select.value), actions: [] }));
    window.addEventListener('hashchange', () => { select.value = String(currentPath().init); });
    select.value = String(currentPath().init);
  }

  $('back').addEventListener('click', back);
  $('restart').addEventListener('click', () => go({ init: currentPath().init, actions: [] }));
  $('counterexample').addEventListener('click', counterexample);
  $('copy').addEventListener('click', copy);
  $('download').addEventListener('click', download);
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest('input, select, textarea')) return;
    if (e.key === 'Backspace') { e.preventDefault(); back(); return; }
    const n = Number(e.key);
    const buttons = $('choices').querySelectorAll('button.choice');
    if (n >= 1 && n <= 9 && buttons[n - 1] && !buttons[n - 1].disabled) buttons[n - 1].click();
  });
  window.addEventListener('hashchange', load);
  load();
})();
`;

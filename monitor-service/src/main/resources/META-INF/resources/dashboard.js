// Kaskade dashboard: a snapshot of recent runs from /api/runs, then live changes from /api/events (SSE).
// Every piece of run data is untrusted (repository names, messages, log lines come from users' repositories),
// so it is only ever written with textContent, never as HTML.
'use strict';

const runs = new Map();          // runId -> latest run view
const logs = new Map();          // runId -> build log lines received live
const STAGES = ['TRIGGER', 'BUILD', 'TEST', 'DEPLOY'];
const MAX_LOG_LINES = 200;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function seconds(ms) {
  return ms === null || ms === undefined ? '' : (ms / 1000).toFixed(1) + ' s';
}

function accept(view) {
  const current = runs.get(view.runId);
  if (current && current.version > view.version) return;
  runs.set(view.runId, view);
  if (!logs.has(view.runId) && view.logs) logs.set(view.runId, view.logs.slice());
}

function renderRun(view) {
  const card = el('section', 'run');
  card.id = 'run-' + view.runId;
  card.dataset.runId = view.runId;
  card.dataset.outcome = view.outcome || 'running';

  const head = el('div', 'run-head');
  head.append(el('span', 'run-id', view.runId));
  head.append(el('span', 'meta repository', view.repository));
  head.append(el('span', 'meta ref', view.ref));
  head.append(el('span', 'meta commit', (view.commit || '').substring(0, 12)));
  head.append(el('span', 'outcome', view.outcome || 'running'));
  if (view.durationMillis !== null && view.durationMillis !== undefined) {
    head.append(el('span', 'meta duration', 'total ' + seconds(view.durationMillis)));
  }
  card.append(head);

  const stages = el('div', 'stages');
  for (const stage of view.stages || []) {
    const chip = el('span', 'stage', stage.stage.toLowerCase()
        + (stage.tool ? ' · ' + stage.tool : '')
        + (stage.durationMillis !== null && stage.durationMillis !== undefined ? ' · ' + seconds(stage.durationMillis) : ''));
    chip.dataset.stage = stage.stage;
    chip.dataset.status = stage.status;
    chip.title = stage.status;
    stages.append(chip);
  }
  card.append(stages);

  if (view.supersededBy) card.append(el('div', 'meta', 'superseded by run ' + view.supersededBy));
  if (view.replacedRun) card.append(el('div', 'meta', 'replaced run ' + view.replacedRun));

  if (view.resources && view.resources.length) {
    const list = el('ul', 'resources');
    for (const r of view.resources) {
      list.append(el('li', null, r.kind + ' ' + (r.namespace ? r.namespace + '/' : '') + r.name + ': ' + r.phase
          + (r.reason ? ' (' + r.reason + ')' : '')));
    }
    card.append(list);
  }

  if (view.failure) {
    const f = view.failure;
    const box = el('div', 'failure');
    box.append(el('span', 'error-code', f.errorCode));
    box.append(document.createTextNode(' in ' + String(f.stage).toLowerCase() + (f.artifact ? ' of ' + f.artifact : '') + ': '));
    box.append(el('span', 'error-message', f.message));
    if (f.suggestion) box.append(el('div', 'suggestion', f.suggestion));
    if (f.logTail && f.logTail.length) box.append(el('pre', 'log-tail', f.logTail.join('\n')));
    card.append(box);
  }

  const lines = logs.get(view.runId) || [];
  if (lines.length) {
    const details = el('details', 'build-log');
    details.open = !view.outcome;
    details.append(el('summary', null, 'build log (' + lines.length + ' lines)'));
    details.append(el('pre', 'build-log-lines',
        lines.map(l => (l.artifact ? '[' + l.artifact + '] ' : '') + l.line).join('\n')));
    card.append(details);
  }
  return card;
}

function matches(view) {
  const repository = document.getElementById('filter-repository').value;
  const ref = document.getElementById('filter-ref').value;
  const outcome = document.getElementById('filter-outcome').value;
  return (!repository || view.repository === repository)
      && (!ref || view.ref === ref)
      && (!outcome || (view.outcome || 'running') === outcome);
}

function refreshFilterOptions(id, values) {
  const select = document.getElementById(id);
  const known = new Set(Array.from(select.options).map(o => o.value));
  for (const value of values) {
    if (!known.has(value)) {
      const option = el('option', null, value);
      option.value = value;
      select.append(option);
      known.add(value);
    }
  }
}

function render() {
  const all = Array.from(runs.values()).sort((a, b) =>
      (b.runCreated || '').localeCompare(a.runCreated || '') || b.runId.localeCompare(a.runId));
  refreshFilterOptions('filter-repository', new Set(all.map(r => r.repository)));
  refreshFilterOptions('filter-ref', new Set(all.map(r => r.ref)));
  const container = document.getElementById('runs');
  const shown = all.filter(matches);
  container.replaceChildren(...shown.map(renderRun));
  document.getElementById('empty').hidden = all.length > 0;
}

async function loadSnapshot() {
  const response = await fetch('api/runs?limit=200', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error('api/runs answered ' + response.status);
  for (const view of await response.json()) accept(view);
  render();
}

function connect() {
  const status = document.getElementById('connection');
  const source = new EventSource('api/events');
  source.onmessage = async (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'hello') {
      // Changes from now on reach us through this stream, so the snapshot cannot miss any.
      try {
        await loadSnapshot();
        status.textContent = 'live';
        document.body.dataset.live = 'true';
      } catch (e) {
        status.textContent = 'cannot load runs: ' + e.message;
      }
    } else if (data.type === 'run') {
      accept(data.run);
      render();
    } else if (data.type === 'log') {
      const lines = logs.get(data.runId) || [];
      lines.push({ artifact: data.artifact, line: data.line });
      if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
      logs.set(data.runId, lines);
      if (runs.has(data.runId)) render();
    }
  };
  source.onerror = () => {
    status.textContent = 'reconnecting…';
    document.body.dataset.live = 'false';
  };
}

document.getElementById('filters').addEventListener('change', render);
connect();

// Renders what the stream sends. Elements are kept by key and updated in place, so bars move.
'use strict';

const Views = (() => {
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => (k === 'class' ? (node.className = v) : node.setAttribute(k, v)));
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  }

  /** Keeps one element per item of {@code items} in {@code container}, in their order. */
  function keyed(container, items, key, create, update) {
    const old = new Map([...container.children].map(c => [c.dataset.key, c]));
    items.forEach((item, i) => {
      const k = key(item);
      let node = old.get(k);
      if (!node) {
        node = create(item);
        node.dataset.key = k;
      }
      old.delete(k);
      update(node, item);
      if (container.children[i] !== node) {
        container.insertBefore(node, container.children[i] || null);
      }
    });
    old.forEach(node => node.remove());
  }

  const rate = r => (r >= 100 ? Math.round(r) : r.toFixed(1)) + '/s';
  function eta(seconds) {
    if (seconds === null || seconds === undefined) return 'ETA –';
    if (seconds === 0) return '';
    if (seconds < 90) return `ETA ${seconds} s`;
    if (seconds < 5400) return `ETA ${Math.round(seconds / 60)} min`;
    return `ETA ${(seconds / 3600).toFixed(1)} h`;
  }
  const time = ms => (ms ? new Date(ms).toLocaleString() : '');

  /** A lane's progress: succeeded, failed (and timed out), cancelled, running; the rest is queued. */
  function laneBar(lane, c) {
    const bar = el('div', { class: 'lanebar', 'data-lane': lane },
      el('span', {}, lane), el('div', { class: 'bar' },
        el('span', { class: 'succeeded' }), el('span', { class: 'failed' }),
        el('span', { class: 'cancelled' }), el('span', { class: 'running' })),
      el('span', { class: 'figures' }));
    updateLaneBar(bar, c);
    return bar;
  }

  function updateLaneBar(bar, c) {
    const total = Math.max(c.total, 1);
    const width = n => `${(100 * n / total).toFixed(2)}%`;
    const parts = bar.querySelector('.bar').children;
    parts[0].style.width = width(c.succeeded);
    parts[1].style.width = width(c.failed + c.timed_out);
    parts[2].style.width = width(c.cancelled);
    parts[3].style.width = width(c.running);
    const done = c.succeeded + c.failed + c.timed_out + c.cancelled;
    const pct = c.total ? Math.floor(100 * done / c.total) : 100;
    bar.dataset.pct = pct;
    bar.title = `${c.succeeded} succeeded, ${c.failed} failed, ${c.timed_out} timed out, `
      + `${c.cancelled} cancelled, ${c.running} running, ${c.queued} queued`;
    bar.querySelector('.figures').textContent = `${done}/${c.total} ${pct}%`;
  }

  function laneBars(container, lanes) {
    const shown = Object.entries(lanes || {}).filter(([, c]) => c.total > 0);
    keyed(container, shown, ([lane]) => lane, ([lane, c]) => laneBar(lane, c), (bar, [, c]) => updateLaneBar(bar, c));
  }

  // ---- the cluster ----
  const LANES = ['io', 'cpu'];
  const seen = new Map();
  let maxRate = 1;

  function cluster(data) {
    document.getElementById('queues').textContent =
      `queued: ${Object.entries(data.queued).map(([l, n]) => `${l} ${n}`).join(' · ')}`;
    const now = Date.now();
    data.nodes.forEach(n => seen.set(n.address, { node: n, at: now }));
    const present = new Set(data.nodes.map(n => n.address));
    const nodes = [...seen.values()].filter(s => present.has(s.node.address) || now - s.at < 120000)
      .map(s => (present.has(s.node.address) ? s.node : { ...s.node, status: 'removed', reachable: false }));
    nodes.sort((a, b) => a.address.localeCompare(b.address));
    data.lanes.forEach(l => (maxRate = Math.max(maxRate, l.rate)));
    keyed(document.getElementById('nodes'), nodes, n => n.address, n => el('div', { class: 'node card',
      'data-address': n.address }, el('h4', {}, el('span', {}, n.address), el('span', { class: 'badge state' })),
    el('div', { class: 'roles' }, n.roles.join(', ')), el('div', { class: 'lanes' })), (card, n) => {
      const state = n.status === 'removed' ? 'removed' : (n.reachable ? n.status : 'unreachable');
      const badge = card.querySelector('.state');
      badge.textContent = state;
      badge.className = `badge state ${state}`;
      card.className = `node card ${state}`;
      card.dataset.state = state;
      const lanes = data.lanes.filter(l => l.worker === n.address)
        .sort((a, b) => LANES.indexOf(a.lane) - LANES.indexOf(b.lane));
      keyed(card.querySelector('.lanes'), lanes, l => l.lane, l => el('div', { class: 'lane', 'data-lane': l.lane },
        el('div', { class: 'row' }, el('b', {}, l.lane), el('span', { class: 'figures' })),
        el('div', { class: 'meter busy', title: 'in flight / capacity' }, el('span')),
        el('div', { class: 'meter rate', title: 'tasks per second' }, el('span'))), (row, l) => {
        row.querySelector('.figures').textContent =
          `${l.busy} in flight / ${l.capacity} · ${l.credit} free · ${rate(l.rate)}`;
        row.querySelector('.busy span').style.width = `${100 * l.busy / Math.max(l.capacity, 1)}%`;
        row.querySelector('.rate span').style.width = `${100 * l.rate / maxRate}%`;
      });
    });
  }

  // ---- the jobs ----
  function jobs(data, go) {
    keyed(document.getElementById('jobs'), data.jobs, j => j.id, j => el('div', { class: 'job-row card',
      'data-id': j.id }, el('div', { class: 'title' }, el('a', { href: `#/jobs/${encodeURIComponent(j.id)}` },
      j.name || j.id), ' ', el('span', { class: 'badge state' }), el('div', { class: 'meta' })),
    el('div', { class: 'lanes' })), (row, j) => {
      const badge = row.querySelector('.state');
      badge.textContent = j.state;
      badge.className = `badge state ${j.state}`;
      row.dataset.state = j.state;
      const speed = j.state === 'running' ? rate(j.rate) : `avg ${rate(j.rate)}`;
      row.querySelector('.meta').textContent = `${j.id} · ${time(j.submittedAt)} · ${j.total} tasks · ${speed} `
        + eta(j.state === 'running' ? j.eta : 0);
      laneBars(row.querySelector('.lanes'), j.lanes);
    });
    const pager = document.getElementById('pager');
    pager.replaceChildren();
    const first = data.matching ? data.offset + 1 : 0;
    const last = data.offset + data.jobs.length;
    pager.append(el('span', { id: 'page-info' }, `${first}–${last} of ${data.matching} ${data.state || ''} jobs`));
    if (data.offset > 0) pager.append(el('button', { id: 'prev' }, 'newer'));
    if (last < data.matching) pager.append(el('button', { id: 'next' }, 'older'));
    if (data.forgotten > 0) {
      pager.append(el('span', { class: 'meta' }, `${data.forgotten} older ended jobs are no longer listed `
        + '(tasklane.coordinator.jobs.max-listed-ended); their journal stays'));
    }
    pager.querySelector('#prev')?.addEventListener('click', () => go(Math.max(0, data.offset - data.limit)));
    pager.querySelector('#next')?.addEventListener('click', () => go(data.offset + data.limit));
    if (!data.jobs.length) document.getElementById('jobs').replaceChildren(el('p', { class: 'meta' }, 'no jobs'));
  }

  // ---- one job ----
  const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'total'];

  function job(now) {
    const s = now.status;
    if (!s) {
      document.getElementById('job-title').textContent = `no job '${now.id}'`;
      return;
    }
    document.getElementById('job-title').textContent = s.name || s.id;
    const badge = document.getElementById('job-state');
    badge.textContent = s.state;
    badge.className = `badge ${s.state}`;
    document.getElementById('job').dataset.state = s.state;
    document.getElementById('cancel').hidden = s.state !== 'running';
    document.getElementById('job-meta').textContent = `${s.id} · submitted ${time(s.submittedAt)}`
      + (s.endedAt ? ` · ended ${time(s.endedAt)}` : '') + ` · ${s.total} tasks · `
      + (s.state === 'running' ? `${rate(now.rate)} ${eta(now.eta)}` : `avg ${rate(now.rate)}`);
    laneBars(document.getElementById('job-bars'), s.lanes);
    const table = document.getElementById('job-counts');
    table.replaceChildren(el('tr', {}, el('th', {}, 'lane'), STATUSES.map(k => el('th', {}, k.replace('_', ' ')))),
      ...Object.entries(s.lanes).map(([lane, c]) => el('tr', { 'data-lane': lane }, el('td', {}, lane),
        STATUSES.map(k => el('td', { 'data-status': k }, c[k])))));
  }

  function share(history) {
    const box = document.getElementById('job-share');
    const total = history.workers.reduce((n, w) => n + Object.values(w.ended).reduce((a, b) => a + b, 0), 0);
    box.replaceChildren(...history.workers.map(w => {
      const n = Object.values(w.ended).reduce((a, b) => a + b, 0);
      const bar = el('div', { class: 'bar' });
      Object.entries(w.ended).forEach(([status, k]) => {
        const part = el('span');
        part.style.width = `${100 * k / Math.max(total, 1)}%`;
        part.style.background = Charts.COLORS[status] || '#3b7dd8';
        bar.append(part);
      });
      return el('div', { class: 'share', 'data-worker': w.worker, 'data-lane': w.lane },
        el('span', {}, `${w.worker || '(none)'} ${w.lane}`), bar,
        el('span', { class: 'count' }, `${n} · ${Math.round(100 * n / Math.max(total, 1))}%`));
    }));
    if (!history.workers.length) box.replaceChildren(el('p', { class: 'meta' }, 'no task has finished yet'));
  }

  function failed(lines, offset, count, go) {
    const table = document.getElementById('job-failed');
    table.replaceChildren(el('tr', {}, ['task', 'type', 'lane', 'status', 'attempts', 'worker', 'error']
      .map(h => el('th', {}, h))), ...lines.map(r => el('tr', { 'data-task': r.id }, el('td', {}, r.id),
      el('td', {}, r.type), el('td', {}, r.lane), el('td', {}, r.status), el('td', {}, r.attempts),
      el('td', {}, r.worker || ''), el('td', { class: 'error' }, r.error || ''))));
    document.getElementById('failed-note').textContent = count
      ? `${offset + 1}–${offset + lines.length} of ${count} not succeeded` : 'none';
    const pager = document.getElementById('failed-pager');
    pager.replaceChildren();
    if (offset > 0) pager.append(el('button', { id: 'failed-prev' }, 'previous'));
    if (offset + lines.length < count) pager.append(el('button', { id: 'failed-next' }, 'next'));
    pager.querySelector('#failed-prev')?.addEventListener('click', () => go(-1));
    pager.querySelector('#failed-next')?.addEventListener('click', () => go(1));
  }

  return { cluster, jobs, job, share, failed };
})();

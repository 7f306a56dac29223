// The dashboard's controller: login, the one live stream per page, routing, the job page's loads.
'use strict';

(() => {
  const PAGE = 20;
  const FAILED_PAGE = 20;
  /** Without any event (heartbeats included) for this long, the stream is taken for dead. */
  const SILENCE_MS = 35000;
  const $ = id => document.getElementById(id);
  const st = { source: null, filter: '', offset: 0, jobId: null, live: [], history: null, status: null,
    failedPage: 0, failedCount: -1, lastEvent: 0, historyTimer: null, retryTimer: null };

  function show(section) {
    ['login', 'overview', 'job'].forEach(s => ($(s).hidden = s !== section));
    $('logout').hidden = section === 'login';
  }

  function setConn(kind, text) {
    $('conn').className = `conn ${kind}`;
    $('conn').textContent = text;
  }

  /** A request with the session cookie; the header marks it as the page's own (the API wants it to change things). */
  async function api(path, options = {}) {
    const response = await fetch(path, { credentials: 'same-origin', ...options,
      headers: { 'X-Tasklane-Dashboard': '1', ...(options.headers || {}) } });
    if (response.status === 401) {
      loggedOut();
      throw new Error('not logged in');
    }
    return response;
  }

  function close() {
    if (st.source) st.source.close();
    st.source = null;
    clearTimeout(st.retryTimer);
  }

  function loggedOut() {
    close();
    clearInterval(st.historyTimer);
    show('login');
    setConn('', 'logged out');
    $('token').focus();
  }

  async function login(event) {
    event.preventDefault();
    $('login-error').textContent = '';
    const response = await fetch('/api/session', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: $('token').value }) });
    if (response.status === 204) {
      $('token').value = '';
      route();
    } else {
      const body = await response.json().catch(() => ({}));
      $('login-error').textContent = body.error || `login refused (${response.status})`;
    }
  }

  /** Opens the page's stream for what it shows now; a stream the server refused is retried after a check. */
  function connect() {
    close();
    const query = new URLSearchParams({ limit: st.jobId ? 1 : PAGE, offset: st.jobId ? 0 : st.offset });
    if (st.filter && !st.jobId) query.set('state', st.filter);
    if (st.jobId) query.set('job', st.jobId);
    const source = new EventSource(`/api/dashboard/events?${query}`);
    st.source = source;
    st.lastEvent = Date.now();
    const on = (name, handle) => source.addEventListener(name, e => {
      st.lastEvent = Date.now();
      setConn('live', 'live');
      handle(JSON.parse(e.data));
    });
    on('cluster', Views.cluster);
    on('jobs', data => Views.jobs(data, offset => go({ offset })));
    on('job', onJob);
    source.onmessage = () => (st.lastEvent = Date.now());
    source.onopen = () => setConn('live', 'live');
    source.onerror = () => {
      setConn('down', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        st.retryTimer = setTimeout(() => check(source), 2000);
      }
    };
  }

  /** After a refused stream: logged out (401 shows the login), else connect again. */
  async function check(source) {
    if (st.source !== source) return;
    try {
      await api('/api/cluster');
      connect();
    } catch (e) {
      if (st.source === source) st.retryTimer = setTimeout(() => check(source), 2000);
    }
  }

  setInterval(() => {
    if (st.source && Date.now() - st.lastEvent > SILENCE_MS) connect();
  }, 5000);

  function go({ state = st.filter, offset = 0 }) {
    const query = new URLSearchParams();
    if (state) query.set('state', state);
    if (offset) query.set('offset', offset);
    location.hash = `#/?${query}`;
  }

  function route() {
    clearInterval(st.historyTimer);
    const hash = location.hash || '#/';
    const job = hash.match(/^#\/jobs\/([^?]+)/);
    if (job) {
      openJob(decodeURIComponent(job[1]));
      return;
    }
    const query = new URLSearchParams(hash.split('?')[1] || '');
    st.jobId = null;
    st.filter = query.get('state') || '';
    st.offset = Number(query.get('offset')) || 0;
    document.querySelectorAll('#filters a').forEach(a => a.classList.toggle('on', a.dataset.state === st.filter));
    show('overview');
    connect();
  }

  // ---- a job's page ----
  function openJob(id) {
    Object.assign(st, { jobId: id, live: [], history: null, status: null, failedPage: 0, failedCount: -1 });
    ['job-bars', 'job-share', 'job-failed', 'job-counts'].forEach(b => $(b).replaceChildren());
    $('job-title').textContent = id;
    show('job');
    connect();
    loadHistory();
    st.historyTimer = setInterval(() => {
      if (st.status && st.status.state === 'running' && (!st.history || st.history.timeline)) loadHistory();
    }, 5000);
  }

  function onJob(now) {
    if (now.id !== st.jobId) return;
    Views.job(now);
    const s = now.status;
    if (!s) return;
    const wasRunning = st.status && st.status.state === 'running';
    st.status = s;
    if (s.state === 'running') {
      st.live.push({ t: Date.now() - s.submittedAt, v: now.rate });
      if (st.live.length > 600) st.live.shift();
    } else if (wasRunning) {
      loadHistory();
    }
    Charts.rate($('job-rate'), st.history, st.live);
    const notSucceeded = Object.values(s.lanes).reduce((n, c) => n + c.failed + c.timed_out + c.cancelled, 0);
    if (notSucceeded !== st.failedCount) {
      st.failedCount = notSucceeded;
      loadFailed();
    }
  }

  async function loadHistory() {
    const id = st.jobId;
    const response = await api(`/api/jobs/${encodeURIComponent(id)}/history`);
    if (id !== st.jobId) return;
    if (!response.ok) {
      $('timeline-note').textContent = (await response.json().catch(() => ({}))).error || '';
      return;
    }
    st.history = await response.json();
    $('timeline-note').textContent = 'each task at the time its result was recorded';
    Charts.rate($('job-rate'), st.history, st.live);
    Charts.timeline($('job-timeline'), st.history);
    Views.share(st.history);
  }

  async function loadFailed() {
    const id = st.jobId;
    const offset = st.failedPage * FAILED_PAGE;
    const response = await api(`/api/jobs/${encodeURIComponent(id)}/results?failed=true&limit=${offset + FAILED_PAGE}`);
    if (id !== st.jobId || !response.ok) return;
    const lines = (await response.text()).split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
    Views.failed(lines.slice(offset), offset, Math.max(st.failedCount, lines.length), delta => {
      st.failedPage = Math.max(0, st.failedPage + delta);
      loadFailed();
    });
  }

  function cancel() {
    const dialog = $('confirm');
    $('confirm-text').textContent = `Cancel job ${st.jobId}? Its queued tasks are dropped and running ones stopped.`;
    dialog.returnValue = '';
    dialog.showModal();
  }

  async function confirmed() {
    if ($('confirm').returnValue !== 'yes') return;
    const response = await api(`/api/jobs/${encodeURIComponent(st.jobId)}`, { method: 'DELETE' });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      $('job-meta').textContent = `cancel refused: ${body.error || response.status}`;
    }
  }

  // ---- start ----
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', async () => {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' });
    loggedOut();
  });
  $('filters').addEventListener('click', e => {
    if (e.target.dataset.state !== undefined) go({ state: e.target.dataset.state, offset: 0 });
  });
  $('cancel').addEventListener('click', cancel);
  $('confirm').addEventListener('close', confirmed);
  window.addEventListener('hashchange', route);
  window.addEventListener('resize', () => {
    if (st.jobId) {
      Charts.rate($('job-rate'), st.history, st.live);
      Charts.timeline($('job-timeline'), st.history);
    }
  });
  fetch('/api/cluster', { credentials: 'same-origin' })
    .then(r => (r.status === 401 ? loggedOut() : route()))
    .catch(() => route());
})();

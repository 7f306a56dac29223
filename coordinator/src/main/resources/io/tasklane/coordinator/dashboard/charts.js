// Charts drawn on <canvas>: the page loads nothing from outside the coordinator.
'use strict';

const Charts = (() => {
  const COLORS = { succeeded: '#2e9d57', failed: '#d64541', timed_out: '#e08a2c', cancelled: '#9aa3ad' };

  /** A canvas sized for the screen's pixel ratio; returns its 2D context and CSS size. */
  function prepare(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 600;
    const height = Number(canvas.dataset.height) || 150;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    return { g, width, height };
  }

  function seconds(ms) {
    const s = ms / 1000;
    return s < 120 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${(s / 60).toFixed(1)} min`;
  }

  function message(canvas, text) {
    const { g, height } = prepare(canvas);
    g.fillStyle = '#66707a';
    g.fillText(text, 10, height / 2);
  }

  /**
   * Finished tasks per second: bars of the journal's buckets ({ended, bucketMs}), then the live
   * points (seconds since submit, rate) the stream adds while the page is open.
   */
  function rate(canvas, history, live) {
    const points = [];
    if (history) {
      history.ended.forEach((n, i) => points.push({ t: (i + 0.5) * history.bucketMs, v: n * 1000 / history.bucketMs }));
    }
    const lastT = points.length ? points[points.length - 1].t : 0;
    live.filter(p => p.t > lastT).forEach(p => points.push(p));
    if (!points.length) {
      message(canvas, 'no task has finished yet');
      return;
    }
    const { g, width, height } = prepare(canvas);
    const left = 44, bottom = 18, top = 8;
    const maxT = Math.max(...points.map(p => p.t), 1000);
    const maxV = Math.max(...points.map(p => p.v), 1);
    const x = t => left + (width - left - 8) * t / maxT;
    const y = v => height - bottom - (height - bottom - top) * v / maxV;
    g.strokeStyle = '#d8dde4';
    g.fillStyle = '#66707a';
    [0, 0.5, 1].forEach(f => {
      g.beginPath(); g.moveTo(left, y(maxV * f)); g.lineTo(width - 8, y(maxV * f)); g.stroke();
      g.fillText(`${Math.round(maxV * f)}/s`, 2, y(maxV * f) + 4);
    });
    g.fillText('0', left, height - 4);
    g.fillText(seconds(maxT), width - 60, height - 4);
    g.strokeStyle = '#3b7dd8';
    g.lineWidth = 2;
    g.beginPath();
    points.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p.v)) : g.moveTo(x(p.t), y(p.v))));
    g.stroke();
  }

  /** Every task's end, one row per worker and lane, coloured by how it ended. */
  function timeline(canvas, history) {
    if (!history || !history.timeline) {
      message(canvas, history ? `the job has more than ${history.timelineMaxTasks} tasks: not drawn one by one` : '');
      return;
    }
    if (!history.timeline.length) {
      message(canvas, 'no task has finished yet');
      return;
    }
    const rows = [...new Set(history.timeline.map(m => `${m.worker} ${m.lane}`))].sort();
    canvas.dataset.height = Math.max(60, rows.length * 26 + 24);
    const { g, width, height } = prepare(canvas);
    const left = 150, bottom = 18;
    const span = Math.max(history.lastAt - history.submittedAt, 1);
    const rowH = (height - bottom) / rows.length;
    rows.forEach((row, r) => {
      g.fillStyle = '#1d2329';
      g.fillText(row, 4, r * rowH + rowH / 2 + 4);
      g.strokeStyle = '#e4e8ee';
      g.beginPath(); g.moveTo(left, (r + 1) * rowH); g.lineTo(width, (r + 1) * rowH); g.stroke();
    });
    history.timeline.forEach(m => {
      const r = rows.indexOf(`${m.worker} ${m.lane}`);
      const x = left + (width - left - 6) * (m.at - history.submittedAt) / span;
      const jitter = ((m.task * 7919) % 100) / 100 - 0.5;
      g.fillStyle = COLORS[m.status] || '#3b7dd8';
      g.fillRect(x - 1, r * rowH + rowH / 2 + jitter * rowH * 0.6 - 2, 3, 4);
    });
    g.fillStyle = '#66707a';
    g.fillText('submit', left, height - 4);
    g.fillText(`+${seconds(span)}`, width - 60, height - 4);
  }

  return { rate, timeline, COLORS };
})();

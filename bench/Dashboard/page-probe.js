// Installed by the dashboard benchmark in every page before the page's own scripts run
// (Playwright's AddInitScript). It records, on the page's own clock, when the DOM shows what the
// harness waits for, so no figure includes Playwright's polling or its round trips:
//   - firstRow: performance.now() (ms since navigation start) when a grid row (tr[data-name]) is
//     first in the DOM, firstRowFrame: the start of the next animation frame after it,
//     interactive: when the search box is enabled (the circuit is up);
//   - counts: every change of the row count text (.berth-count) with its time and next frame;
//   - keys: the timeStamp of every keydown (the time the browser created the event);
//   - watched: one row name whose appearing or going is stamped with Date.now() (the wall clock
//     the harness also reads, to time a change made through the API until the page shows it).
(() => {
  const b = window.__berthBench = {
    firstRow: null, firstRowFrame: null, interactive: null,
    counts: [], lastCount: null, keys: [],
    watched: null, watchedPresent: false, watchEvents: [],
  };
  const frameAfter = set => requestAnimationFrame(() => set(performance.now()));
  const check = () => {
    const now = performance.now();
    if (b.firstRow === null && document.querySelector('tr[data-name]')) {
      b.firstRow = now;
      frameAfter(t => b.firstRowFrame = t);
    }
    if (b.interactive === null) {
      const search = document.querySelector('input.berth-search');
      if (search && !search.disabled) b.interactive = now;
    }
    const count = document.querySelector('.berth-count');
    const text = count ? count.textContent.trim() : null;
    if (text !== b.lastCount) {
      b.lastCount = text;
      const entry = { text, t: now, frame: null };
      b.counts.push(entry);
      frameAfter(t => entry.frame = t);
    }
    if (b.watched !== null) {
      const present = document.querySelector(`tr[data-name="${b.watched}"]`) !== null;
      if (present !== b.watchedPresent) {
        b.watchedPresent = present;
        b.watchEvents.push({ present, at: Date.now() });
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
  document.addEventListener('keydown', e => b.keys.push(e.timeStamp), true);

  // The first screen, once its next frame has started: times since navigation start.
  // With the navigation's own milestones, to see where the time goes.
  b.firstScreen = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    return b.firstRowFrame === null || b.interactive === null || !nav || nav.loadEventEnd === 0 ? null : {
      firstRow: b.firstRow, firstRowFrame: b.firstRowFrame, interactive: b.interactive,
      responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
    };
  };

  // After a keystroke: once the count text reads `expected` (set after the last keydown) and a frame
  // has started since, the ms from the keydown to the DOM change and to that frame.
  b.filtered = expected => {
    const key = b.keys[b.keys.length - 1];
    const entry = b.counts.find(c => c.t >= key && c.text === expected);
    return entry && entry.frame !== null ? { dom: entry.t - key, frame: entry.frame - key } : null;
  };

  b.watch = name => {
    b.watched = name;
    b.watchedPresent = document.querySelector(`tr[data-name="${name}"]`) !== null;
    b.watchEvents = [];
  };
  // The wall-clock time (ms since the epoch) the watched row came (present) or went.
  b.watchedAt = present => {
    const e = b.watchEvents.find(w => w.present === present);
    return e ? e.at : null;
  };

  // Main-thread responsiveness over `seconds`: every 100 ms, the delay until a posted task runs
  // (MessageChannel, which no timer clamp delays) and until the next animation frame starts, and
  // every long task (over 50 ms) the browser reports meanwhile.
  b.probe = seconds => new Promise(resolve => {
    const tasks = [], frames = [], longTasks = [];
    let observer = null;
    try {
      observer = new PerformanceObserver(list => list.getEntries().forEach(e => longTasks.push(e.duration)));
      observer.observe({ type: 'longtask' });
    } catch { /* no long task timing in this browser */ }
    const channel = new MessageChannel();
    let posted = 0;
    channel.port1.onmessage = () => tasks.push(performance.now() - posted);
    const end = performance.now() + seconds * 1000;
    const tick = () => {
      const t0 = performance.now();
      posted = t0;
      channel.port2.postMessage(0);
      requestAnimationFrame(() => frames.push(performance.now() - t0));
      if (t0 < end) {
        setTimeout(tick, 100);
      } else {
        setTimeout(() => { if (observer) observer.disconnect(); channel.port1.close(); resolve({ tasks, frames, longTasks }); }, 300);
      }
    };
    tick();
  });
})();

#!/usr/bin/env node
// etcd put-rate driver for bench/run.sh: N concurrent put loops (each awaits its put before the
// next, like the store's writers) for a fixed duration, then one JSON line on stdout.
//
//   node put.js --endpoint http://127.0.0.1:2379 --concurrency 8 --seconds 6 \
//               [--procs 2] [--warmup 1] [--payload ../payload-1k.json] [--server-pid PID]
//               [--max-other 0.3 --retries 3]
//
// --procs P forks P node processes that split the concurrency and start on the same clock
// tick, so one can see whether a single node process (one core) is what limits the rate.
// Reported: puts/s over the measured window, put latency p50/p99, CPU used by the client
// processes and (with --server-pid) by etcd, both in cores, and the machine's busy cores.
// With --max-other, a run during which other processes used more cores than that is repeated
// (up to --retries times) and the quietest attempt is kept: the machine may be shared.
'use strict';

const fs = require('fs');
const path = require('path');
const { fork } = require('child_process');

function parseArgs(argv) {
  const a = {
    endpoint: 'http://127.0.0.1:2379', concurrency: 1, seconds: 6, warmup: 1, procs: 1,
    payload: path.join(__dirname, '..', 'payload-1k.json'), serverPid: 0, startAt: 0, child: false,
    prefix: `/bench/${process.pid}`, maxOther: Infinity, retries: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = argv[i + 1];
    switch (k) {
      case '--endpoint': a.endpoint = v; i++; break;
      case '--concurrency': a.concurrency = +v; i++; break;
      case '--seconds': a.seconds = +v; i++; break;
      case '--warmup': a.warmup = +v; i++; break;
      case '--procs': a.procs = +v; i++; break;
      case '--payload': a.payload = v; i++; break;
      case '--server-pid': a.serverPid = +v; i++; break;
      case '--start-at': a.startAt = +v; i++; break;
      case '--prefix': a.prefix = v; i++; break;
      case '--max-other': a.maxOther = +v; i++; break;
      case '--retries': a.retries = +v; i++; break;
      case '--child': a.child = true; break;
      default: throw new Error(`unknown argument ${k}`);
    }
  }
  return a;
}

// CPU seconds (user+system) a process has used, from /proc (clock ticks of 1/100 s on Linux).
function procCpuSeconds(pid) {
  if (!pid) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime
}

// Busy and total jiffies of the whole machine, from /proc/stat.
function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + line[4];
  const total = line.slice(0, 8).reduce((x, y) => x + y, 0);
  return { busy: total - idle, total };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One process: `concurrency` loops on one client; returns counts and raw latencies (ms).
async function runLoops(a) {
  const { Etcd3 } = require('etcd3');
  const payload = fs.readFileSync(a.payload);
  const client = new Etcd3({ hosts: a.endpoint });
  await client.put(`${a.prefix}/ping`).value(payload); // connect before the clock starts
  if (a.startAt) await sleep(Math.max(0, a.startAt - Date.now()));

  const warmEnd = performance.now() + a.warmup * 1000;
  const end = warmEnd + a.seconds * 1000;
  let measuredStart = 0;
  let cpuStart = null;
  const latencies = [];
  let puts = 0;

  const loop = async (w) => {
    let seq = 0;
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      // 100 keys per loop, rewritten round-robin: every put is a new revision, as in the store.
      await client.put(`${a.prefix}/${w}/${seq++ % 100}`).value(payload);
      const t1 = performance.now();
      if (t0 >= warmEnd && t1 <= end) { puts++; latencies.push(t1 - t0); }
    }
  };

  const timer = (async () => {
    await sleep(Math.max(0, warmEnd - performance.now()));
    measuredStart = performance.now();
    cpuStart = process.cpuUsage();
  })();
  await Promise.all([timer, ...Array.from({ length: a.concurrency }, (_, w) => loop(w))]);
  const cpu = process.cpuUsage(cpuStart);
  const seconds = (end - measuredStart) / 1000;
  client.close();
  return { puts, seconds, latencies, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function measure(a, attempt) {
  const startAt = Date.now() + 1500; // every process starts its warm-up on the same tick
  const shares = Array.from({ length: a.procs }, (_, i) =>
    Math.floor(a.concurrency / a.procs) + (i < a.concurrency % a.procs ? 1 : 0)).filter((n) => n > 0);

  let machine0 = null;
  let serverCpuAtStart = 0;
  setTimeout(() => { machine0 = machineCpu(); serverCpuAtStart = procCpuSeconds(a.serverPid); },
    startAt - Date.now() + a.warmup * 1000);

  const results = await Promise.all(shares.map((n, i) => new Promise((resolve, reject) => {
    const child = fork(__filename, [
      '--child', '--endpoint', a.endpoint, '--concurrency', String(n), '--seconds', String(a.seconds),
      '--warmup', String(a.warmup), '--payload', a.payload, '--start-at', String(startAt),
      '--prefix', `${a.prefix}/a${attempt}/p${i}`,
    ]);
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`child exited ${code}`)); });
  })));
  const machine1 = machineCpu();
  const serverCpu1 = procCpuSeconds(a.serverPid);

  const seconds = Math.max(...results.map((r) => r.seconds));
  const puts = results.reduce((s, r) => s + r.puts, 0);
  const lat = results.flatMap((r) => r.latencies).sort((x, y) => x - y);
  const out = {
    concurrency: a.concurrency,
    procs: shares.length,
    seconds: +seconds.toFixed(3),
    puts,
    putsPerSec: +(puts / seconds).toFixed(1),
    p50Ms: +percentile(lat, 0.5).toFixed(3),
    p99Ms: +percentile(lat, 0.99).toFixed(3),
    clientCores: +(results.reduce((s, r) => s + r.clientCpuSeconds, 0) / seconds).toFixed(2),
    serverCores: a.serverPid ? +((serverCpu1 - serverCpuAtStart) / seconds).toFixed(2) : null,
    machineBusyCores: machine0
      ? +(((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * require('os').cpus().length).toFixed(2)
      : null,
  };
  out.otherCores = out.machineBusyCores === null ? 0
    : +Math.max(0, out.machineBusyCores - out.clientCores - (out.serverCores || 0)).toFixed(2);
  return out;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  if (a.child) {
    const r = await runLoops(a);
    process.send(r, () => process.exit(0));
    return;
  }

  let best = null;
  let attempts = 0;
  while (attempts <= a.retries) {
    const out = await measure(a, attempts++);
    if (!best || out.otherCores < best.otherCores) best = out;
    if (out.otherCores <= a.maxOther) break;
    console.error(`put.js: other processes used ${out.otherCores} cores during the run${attempts <= a.retries ? ', repeating' : ''}`);
  }
  best.attempts = attempts;
  console.log(JSON.stringify(best));
}

main().catch((e) => { console.error(e); process.exit(1); });

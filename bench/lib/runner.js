'use strict';
// What both runners (run.js for producers, consumers.js for consumers) share: starting a contender and reading its
// report, medians, the machine, and an idle Node process's memory.
const { execFileSync, spawn } = require('child_process');
const os = require('os');

/** Runs one contender to completion; resolves its report (the JSON line it printed last). */
function runContender(contender, workload) {
  const [command, args] = contender.command(workload);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: contender.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop();
      if (code !== 0) return reject(new Error(`${contender.id} exited with ${signal ?? code}:\n${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${contender.id} printed no report:\n${stdout.slice(-500)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** An idle Node process's peak RSS: the memory targets allow for it. */
function idleNodeRss() {
  const out = execFileSync(process.execPath, ['-e', 'setTimeout(() => console.log(process.resourceUsage().maxRSS * 1024), 200)']);
  return Number(out.toString().trim());
}

function machine() {
  return { cpus: os.cpus().length, cpu: os.cpus()[0].model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.versions.node, platform: `${process.platform}-${process.arch}` };
}

/** The value after `--name` on the command line, or `fallback`. */
function argument(argv, name, fallback) {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
}

/** A comma-separated list of numbers: `100,1024`. */
const numbers = (text) => text.split(',').map(Number);

const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;
const pad = (text, width) => String(text).padEnd(width);
const padLeft = (text, width) => String(text).padStart(width);

module.exports = { argument, numbers, runContender, median, idleNodeRss, machine, mib, pad, padLeft };

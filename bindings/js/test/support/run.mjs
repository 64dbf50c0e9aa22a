// Runs an example file as its own Node.js process against the test platform.
import { spawn } from 'node:child_process';

/** Runs `node file`; resolves with {code, stdout, stderr} (kills it after `timeout` ms). */
export function runNode(file, { timeout = 90_000, env = {}, cwd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed (${signal}) after ${timeout} ms` : code, stdout, stderr });
    });
  });
}

/** Spawns `node file` and resolves once its stdout matched `ready`; returns {child, output()}. */
export function startNode(file, ready, { timeout = 30_000, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${file} not ready in ${timeout} ms:\n${out}`)), timeout);
    const on = (d) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({
          child,
          output: () => out,
          stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
        });
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}:\n${out}`)));
  });
}

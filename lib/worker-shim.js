'use strict';
// Main script of every job process started by the native pool (src/pool). It makes the process
// look like a worker_threads Worker to the job script: `require('worker_threads')` and
// `import ... from 'node:worker_threads'` see a truthy `parentPort`, the decoded `workerData`,
// `isMainThread === false`, `threadId === process.pid` and `resourceLimits`.
//
// The pool starts `node [execArgv] [--max-old-space-size=N] worker-shim.js [argv...]` with a Node
// IPC channel on fd 3 in JSON mode and sends one JSON object per line:
//   {"t":"run","name":..,"path":..|"source":..,"data":<b64>,"limits":<JSON text>|null}
//   {"t":"msg","v":<b64>}   a parent message for the job's parentPort
//   {"t":"cancel"}          delivers the string 'cancel' to the job's parentPort
// and reads these lines back:
//   {"t":"online"}                                   right before the job script loads
//   {"t":"msg","v":<b64>,"k":"done"|"cancelled"}    parentPort.postMessage, k set for those strings
//   {"t":"error","v":<b64>}                          uncaught exception or unhandled rejection
// Every <b64> is `v8.serialize(value).toString('base64')`, so structured-cloneable values such
// as Date, Map, BigInt and typed arrays keep their type.
//
// The shim runs as the main script rather than as a `--require` preload, so `process.execArgv`
// holds only the job's own node flags and processes forked by the job do not load the shim.

const EventEmitter = require('node:events');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { inspect, types } = require('node:util');

if (typeof process.send !== 'function' || !process.channel) {
  process.stderr.write('worker-shim.js must be started by the job pool with an IPC channel\n');
  process.exit(1);
}

const channelFd = process.channel.fd;
const argvTail = process.argv.slice(2);
// A worker thread has no `process.send`; jobs that test for it must take the worker branch.
delete process.send;

// Loading worker_threads costs about 3 ms and the first ESM export sync about 1 ms, so a warm
// process pays both while it waits for its run instead of when the job is due.
const workerThreads = require('node:worker_threads');
Module.syncBuiltinESMExports();

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

// Writes one line synchronously to the IPC socket. Node's own `process.send` queues the write,
// so a large message followed by `process.exit()` arrived cut off. A blocking write has nothing
// pending when the process exits. Returns false when the pool has closed the channel.
function writeLine(message) {
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(channelFd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (error.code === 'EAGAIN') {
        // The socket is non-blocking (libuv owns it) and full: wait 1 ms for the pool to read.
        Atomics.wait(sleepCell, 0, 0, 1);
        continue;
      }
      return false;
    }
  }
  return true;
}

function encode(value) {
  return v8.serialize(value).toString('base64');
}

function decode(text) {
  return v8.deserialize(Buffer.from(text, 'base64'));
}

// The first serialize, deserialize and socket write each pay for lazy setup; doing them once at
// boot keeps that out of the job's start.
decode(encode({ warm: true }));
fs.writeSync(channelFd, Buffer.alloc(0));

// Returns `value` if v8 can serialize it, else a readable string in its place.
function cloneableOrInspected(value) {
  try {
    v8.serialize(value);
    return value;
  } catch {
    return inspect(value);
  }
}

function isError(value) {
  // isNativeError also recognises errors made in another vm context.
  return value instanceof Error || types.isNativeError(value);
}

// Converts a thrown value into the plain object sent in an `error` line: name, message and stack
// plus every own enumerable property (and `cause`) that v8 can serialize, the others as inspected
// strings. A thrown non-Error value becomes `{name: 'Error', message: <inspected value>, value}`.
function serializeThrown(thrown, seen = new Set()) {
  if (!isError(thrown)) {
    return { name: 'Error', message: inspect(thrown), value: cloneableOrInspected(thrown) };
  }
  seen.add(thrown);
  const plain = { name: thrown.name, message: thrown.message, stack: thrown.stack };
  for (const key of Object.keys(thrown)) {
    plain[key] = cloneableOrInspected(thrown[key]);
  }
  if ('cause' in thrown && !Object.hasOwn(plain, 'cause')) {
    const { cause } = thrown;
    if (isError(cause) && !seen.has(cause)) {
      plain.cause = serializeThrown(cause, seen);
    } else {
      plain.cause = cloneableOrInspected(cause);
    }
  }
  return plain;
}

// Sends the `error` line for an uncaught value. Getters on the error may throw, so a failure
// here falls back to its inspected text rather than losing the report.
function reportUncaught(thrown) {
  let payload;
  try {
    payload = encode(serializeThrown(thrown));
  } catch {
    payload = encode({ name: 'Error', message: inspect(thrown) });
  }
  writeLine({ t: 'error', v: payload });
}

// The channel keeps this process alive only while the job listens on parentPort (or while the
// process waits for its `run` line), like a Worker whose parentPort has a 'message' listener.
// Explicit ref()/unref() overrides Node's own listener counting on the channel.
let running = false;
let portUnrefd = false;
function updateChannelRef() {
  const listening = port.listenerCount('message') > 0 && !portUnrefd;
  if (!running || listening) {
    process.channel.ref();
  } else {
    process.channel.unref();
  }
}

// Messages that arrive before the job listens wait here, as on a MessagePort that is not started.
const pendingMessages = [];

function flushPendingMessages() {
  while (pendingMessages.length > 0 && port.listenerCount('message') > 0) {
    port.emit('message', pendingMessages.shift());
  }
}

function deliver(value) {
  if (port.listenerCount('message') === 0 || pendingMessages.length > 0) {
    pendingMessages.push(value);
    return;
  }
  port.emit('message', value);
}

// Called after any change to the port's listeners. Overriding the listener methods, rather than
// hooking 'newListener', keeps this working after the job calls removeAllListeners().
function messageListenersChanged(event) {
  if (event !== undefined && event !== 'message') {
    return;
  }
  updateChannelRef();
  if (pendingMessages.length > 0 && port.listenerCount('message') > 0) {
    setImmediate(flushPendingMessages);
  }
}

class ParentPort extends EventEmitter {
  on(event, listener) {
    super.on(event, listener);
    messageListenersChanged(event);
    return this;
  }

  addListener(event, listener) {
    return this.on(event, listener);
  }

  prependListener(event, listener) {
    super.prependListener(event, listener);
    messageListenersChanged(event);
    return this;
  }

  removeListener(event, listener) {
    super.removeListener(event, listener);
    messageListenersChanged(event);
    return this;
  }

  off(event, listener) {
    return this.removeListener(event, listener);
  }

  removeAllListeners(event) {
    super.removeAllListeners(event);
    messageListenersChanged(event);
    return this;
  }

  postMessage(value) {
    // v8.serialize throws a DataCloneError for functions and similar values, as a Worker's
    // postMessage does.
    const line = { t: 'msg', v: encode(value) };
    if (value === 'done' || value === 'cancelled') {
      line.k = value;
    }
    writeLine(line);
  }

  start() {}

  close() {
    this.removeAllListeners('message');
  }

  ref() {
    portUnrefd = false;
    updateChannelRef();
  }

  unref() {
    portUnrefd = true;
    updateChannelRef();
  }
}

const port = new ParentPort();

// An uncaught exception ends a Worker with exit code 1 after its 'error' event. With Node's
// default `--unhandled-rejections=throw`, unhandled rejections arrive here too. A job that
// installs its own 'uncaughtException' listener keeps running, as it would in a Worker.
process.on('uncaughtException', (error) => {
  if (process.listenerCount('uncaughtException') > 1) {
    return;
  }
  reportUncaught(error);
  process.exit(1);
});

// The pool closes its end when it drops the run or the host goes away.
process.on('disconnect', () => {
  process.exit(1);
});

process.on('message', (message) => {
  if (message === null || typeof message !== 'object') {
    return;
  }
  if (message.t === 'run') {
    if (!running) {
      running = true;
      runJob(message);
    }
    return;
  }
  if (message.t === 'msg') {
    let value;
    try {
      value = decode(message.v);
    } catch (error) {
      port.emit('messageerror', error);
      return;
    }
    deliver(value);
    return;
  }
  if (message.t === 'cancel') {
    deliver('cancel');
  }
});

function installWorkerThreadsApi(run) {
  workerThreads.parentPort = port;
  workerThreads.workerData = decode(run.data);
  workerThreads.isMainThread = false;
  workerThreads.threadId = process.pid;
  workerThreads.resourceLimits = run.limits ? JSON.parse(run.limits) : {};
  // ESM `import {workerData} from 'node:worker_threads'` reads a snapshot of the CJS exports,
  // taken when the builtin was first imported; this copies the new values into it.
  Module.syncBuiltinESMExports();
}

// Evaluates script text as a Worker with `eval: true` does: in the main context, with `require`,
// `module`, `exports`, `__filename` and `__dirname` as globals resolved against the working
// directory. bree passes a function job as `(${fn.toString()})()`.
function runSource(source) {
  const filename = '[worker eval]';
  const cwd = process.cwd();
  const evalModule = new Module(filename);
  evalModule.filename = path.join(cwd, filename);
  evalModule.paths = Module._nodeModulePaths(cwd);
  globalThis.module = evalModule;
  globalThis.exports = evalModule.exports;
  globalThis.require = Module.createRequire(evalModule.filename);
  globalThis.__filename = filename;
  globalThis.__dirname = cwd;
  const options = { filename };
  if (vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER) {
    options.importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  }
  vm.runInThisContext(source, options);
}

// Blocks until `at` (ms since the epoch). A timed run arrives a few ms early so the job can start
// on time; nothing else runs in this process meanwhile, so a blocking wait costs nothing.
function waitUntil(at) {
  const remaining = at - (performance.timeOrigin + performance.now());
  if (remaining > 0) {
    Atomics.wait(sleepCell, 0, 0, remaining);
  }
}

function runJob(run) {
  installWorkerThreadsApi(run);
  if (typeof run.at === 'number') {
    waitUntil(run.at);
  }
  const entry = typeof run.source === 'string' ? '[worker eval]' : path.resolve(run.path);
  process.argv = [process.argv[0], entry, ...argvTail];
  updateChannelRef();
  writeLine({ t: 'online' });
  if (typeof run.source === 'string') {
    runSource(run.source);
    return;
  }
  // runMain loads the file as `node <file>` would: CommonJS through require with
  // `require.main === module`, ES modules (.mjs or "type": "module") through the ESM loader.
  Module.runMain(entry);
}

'use strict';

const path = require('node:path');

const LEVELS = ['info', 'warn', 'error'];

/**
 * Finds the host app's `@tryghost/logging` singleton, so Ghost sees our lines in its own log and
 * stubs that tests put on that object take effect. Resolution starts from the app's entry point
 * and the working directory, never from this package, because our own copy would be a second
 * singleton.
 */
function findHostLogging() {
    const searchPaths = [];
    if (require.main && require.main.filename) {
        searchPaths.push(path.dirname(require.main.filename));
    }
    searchPaths.push(process.cwd());

    let resolved;
    try {
        resolved = require.resolve('@tryghost/logging', {paths: searchPaths});
    } catch (err) {
        return null;
    }
    const ownRoot = path.join(__dirname, '..') + path.sep;
    const insideThisPackage = resolved.startsWith(ownRoot) && !process.cwd().startsWith(ownRoot.slice(0, -1));
    if (insideThisPackage) {
        return null;
    }
    return require(resolved);
}

function createConsoleLogger() {
    const write = (level, args) => {
        const stream = level === 'info' ? console.log : console.error;
        stream(`[job-manager] ${level.toUpperCase()}`, ...args);
    };
    return {
        info: (...args) => write('info', args),
        warn: (...args) => write('warn', args),
        error: (...args) => write('error', args)
    };
}

/**
 * Returns the logger the manager writes to: the `logger` option when given, else the host app's
 * `@tryghost/logging`, else a console logger. Methods are looked up on the target at call time,
 * as Ghost swaps `logging.info` around some calls.
 *
 * @param {object} [logger] object with `info`, `warn` and `error` methods
 */
function resolveLogger(logger) {
    if (logger !== undefined && logger !== null) {
        if (logger === false) {
            return {info() {}, warn() {}, error() {}};
        }
        const missing = LEVELS.filter(level => typeof logger[level] !== 'function');
        if (missing.length > 0) {
            throw new TypeError(`Invalid "logger" option: expected an object with info, warn and error methods, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
        }
    }
    // Loading @tryghost/logging takes about 50 ms, so the host's logger is looked up at the first
    // line rather than when the manager is created.
    let target = logger || null;
    const getTarget = () => {
        if (target === null) {
            target = findHostLogging() || createConsoleLogger();
        }
        return target;
    };
    // A logger that throws must not take the host down from inside the manager's event
    // handlers, so its errors are written to stderr instead.
    const call = (level, args) => {
        try {
            getTarget()[level](...args);
        } catch (err) {
            process.stderr.write(`[job-manager] the ${level} logger threw: ${err && err.stack ? err.stack : err}\n`);
        }
    };
    return {
        get target() {
            return getTarget();
        },
        info: (...args) => call('info', args),
        warn: (...args) => call('warn', args),
        error: (...args) => call('error', args)
    };
}

module.exports = {resolveLogger, findHostLogging};

'use strict';

// setInterval's largest delay; the timer only exists to hold a ref on the event loop.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Holds Node's event loop open while the manager has work queued, running or scheduled, and lets
 * it go once nothing is left, so a host process exits by itself as it did with the original.
 * The native side uses weak threadsafe functions and never holds the loop itself.
 */
class KeepAlive {
    constructor() {
        this.holders = new Set();
        this.timer = null;
    }

    hold(key) {
        this.holders.add(key);
        if (this.timer === null) {
            this.timer = setInterval(() => {}, MAX_TIMER_MS);
        }
    }

    release(key) {
        this.holders.delete(key);
        if (this.holders.size === 0 && this.timer !== null) {
            clearInterval(this.timer);
            this.timer = null;
        }
    }
}

module.exports = KeepAlive;
